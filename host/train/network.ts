/**
 * A trainable spiking network: feed-forward layers of LIF neurons (plain or current-based CubaLIF,
 * per tauSyn) and a leaky-integrator readout, dense weights and biases. Spikes reach the next layer
 * one step later (the event-driven simulator's minimum delay), so a trained network runs unchanged in
 * the Simulator (toSimulatorModel).
 */
import { InvalidParameterError } from '../errors';
import { resolveTrainLif, type ResolvedTrainLif, type TrainLifParams } from '../kernels/lifTrain';
import { requireInteger, rejectUnknownKeys } from '../validate';

export interface TrainLayerSpec {
  /** Neurons, >= 1. */
  size: number;
  params?: TrainLifParams;
}

export interface TrainNetworkSpec {
  /** Input features (currents) per step. */
  inputs: number;
  /** Hidden LIF layers, in order (at least one). */
  hidden: TrainLayerSpec[];
  /** Leaky-integrator readout (no spikes): one neuron per class or target. */
  readout: { size: number; params?: Pick<TrainLifParams, 'tauMem' | 'tauSyn' | 'rMem'> };
}

export interface ResolvedLayer {
  name: string;
  inputs: number;
  size: number;
  spiking: boolean;
  lif: ResolvedTrainLif;
  params: TrainLifParams;
}

/** Validates a network spec; returns its layers (hidden..., readout) with their input sizes. */
export function resolveTrainNetwork(spec: TrainNetworkSpec, dt: number): ResolvedLayer[] {
  const object = 'TrainNetworkSpec';
  if (typeof spec !== 'object' || spec === null) throw new InvalidParameterError(object, 'spec', spec, '{ inputs, hidden: [{ size }], readout: { size } }');
  rejectUnknownKeys(object, spec, ['inputs', 'hidden', 'readout']);
  const inputs = requireInteger(object, 'inputs', spec.inputs, 1, 1 << 24);
  if (!Array.isArray(spec.hidden) || spec.hidden.length === 0) throw new InvalidParameterError(object, 'hidden', spec.hidden, 'an array of at least one { size, params? }');
  const layers: ResolvedLayer[] = [];
  let fanIn = inputs;
  spec.hidden.forEach((h, l) => {
    const where = `${object}.hidden[${l}]`;
    rejectUnknownKeys(where, h, ['size', 'params']);
    const size = requireInteger(where, 'size', h.size, 1, 1 << 24);
    layers.push({ name: `hidden${l}`, inputs: fanIn, size, spiking: true, lif: resolveTrainLif(where, h.params, dt), params: h.params ?? {} });
    fanIn = size;
  });
  if (typeof spec.readout !== 'object' || spec.readout === null) throw new InvalidParameterError(object, 'readout', spec.readout, '{ size, params? }');
  rejectUnknownKeys(`${object}.readout`, spec.readout, ['size', 'params']);
  const size = requireInteger(`${object}.readout`, 'size', spec.readout.size, 1, 1 << 24);
  const rp = spec.readout.params ?? {};
  rejectUnknownKeys(`${object}.readout.params`, rp, ['tauMem', 'tauSyn', 'rMem']);
  layers.push({ name: 'readout', inputs: fanIn, size, spiking: false, lif: resolveTrainLif(`${object}.readout`, rp, dt), params: rp });
  return layers;
}
