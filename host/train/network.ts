/**
 * A trainable spiking network: layers of LIF or ALIF neurons (plain or current-based CubaLIF, per
 * tauSyn), feed-forward or recurrent (dense or sparse recurrent weights), optionally with per-neuron
 * trainable membrane decay and threshold, and a readout: a leaky integrator (membrane losses) or a
 * spiking LIF layer (spike-count loss). Dense input weights and biases. Spikes reach the next layer
 * (and, through the recurrent weights, their own layer) one step later, the event-driven simulator's
 * minimum delay, so a trained network runs unchanged in the Simulator (toSimulatorModel).
 */
import { InvalidParameterError } from '../errors.js';
import { resolveTrainLif, type ResolvedTrainLif, type TrainLifParams } from '../kernels/lifTrain.js';
import { sparseRecurrence, type SparseRecurrence } from '../kernels/recTrain.js';
import { randomWords, uniform01 } from '../random/philox.js';
import { requireInteger, rejectUnknownKeys, requireOneOf } from '../validate.js';

/** Recurrent weights: true (dense N x N), a connection probability (seeded, self-connections excluded), or explicit pairs. */
export type RecurrenceSpec = boolean | { density: number; seed?: number } | { pre: ArrayLike<number>; post: ArrayLike<number> };

export interface TrainLayerSpec {
  /** Neurons, >= 1. */
  size: number;
  /** 'lif' (default) or 'alif' (adaptive threshold, Bellec et al. 2018; params.beta required). */
  model?: 'lif' | 'alif';
  params?: TrainLifParams;
  /** Recurrent weights from the layer's own spikes (one-step delay). Default none. */
  recurrent?: RecurrenceSpec;
  /**
   * Per-neuron trainable parameters: tauMem trains each neuron's membrane decay alpha = exp(-dt/tauMem),
   * tauSyn its synaptic decay alphaSyn = exp(-dt/tauSyn) (both clamped to [0, 1]), threshold each threshold.
   */
  train?: { tauMem?: boolean; tauSyn?: boolean; threshold?: boolean };
}

export interface TrainReadoutSpec {
  /** One neuron per class (or target trace). */
  size: number;
  /** A spiking LIF readout, for the 'spikeCount' loss. Default false: a leaky integrator. */
  spiking?: boolean;
  params?: TrainLifParams;
  train?: { tauMem?: boolean; tauSyn?: boolean; threshold?: boolean };
}

export interface TrainNetworkSpec {
  /** Input features (currents) per step. */
  inputs: number;
  /** Hidden layers, in order (at least one). */
  hidden: TrainLayerSpec[];
  readout: TrainReadoutSpec;
}

export interface ResolvedLayer {
  name: string;
  inputs: number;
  size: number;
  spiking: boolean;
  lif: ResolvedTrainLif;
  params: TrainLifParams;
  /** Recurrent weights: none, dense, or sparse (sorted, indexed). */
  recurrent?: { kind: 'dense' } | { kind: 'sparse'; sparse: SparseRecurrence };
  trainAlpha: boolean;
  trainThreshold: boolean;
  trainAlphaSyn: boolean;
}

const READOUT_KEYS = ['tauMem', 'tauSyn', 'rMem'] as const;
const DENSITY_STREAM = 0x7200;

function resolveTrainFlags(where: string, train: unknown, spiking: boolean): { trainAlpha: boolean; trainThreshold: boolean; trainAlphaSyn: boolean } {
  if (train === undefined) return { trainAlpha: false, trainThreshold: false, trainAlphaSyn: false };
  if (typeof train !== 'object' || train === null) throw new InvalidParameterError(where, 'train', train, '{ tauMem?: boolean, tauSyn?: boolean, threshold?: boolean }');
  const t = train as { tauMem?: unknown; tauSyn?: unknown; threshold?: unknown };
  rejectUnknownKeys(`${where}.train`, t, spiking ? ['tauMem', 'tauSyn', 'threshold'] : ['tauMem', 'tauSyn']);
  for (const k of ['tauMem', 'tauSyn', 'threshold'] as const) {
    if (t[k] !== undefined && typeof t[k] !== 'boolean') throw new InvalidParameterError(`${where}.train`, k, t[k], 'true or false');
  }
  return { trainAlpha: t.tauMem === true, trainThreshold: t.threshold === true, trainAlphaSyn: t.tauSyn === true };
}

function resolveRecurrence(where: string, spec: RecurrenceSpec | undefined, N: number, layer: number): ResolvedLayer['recurrent'] {
  if (spec === undefined || spec === false) return undefined;
  if (spec === true) return { kind: 'dense' };
  if (typeof spec !== 'object' || spec === null) throw new InvalidParameterError(where, 'recurrent', spec, 'true, { density, seed? } or { pre, post }');
  if ('density' in spec) {
    rejectUnknownKeys(`${where}.recurrent`, spec, ['density', 'seed']);
    const p = spec.density;
    if (typeof p !== 'number' || !(p > 0 && p <= 1)) throw new InvalidParameterError(`${where}.recurrent`, 'density', p, 'a connection probability in (0, 1]');
    const seed = requireInteger(`${where}.recurrent`, 'seed', spec.seed ?? 1, 0, Number.MAX_SAFE_INTEGER);
    const pre: number[] = [];
    const post: number[] = [];
    for (let j = 0; j < N; j++) for (let n = 0; n < N; n++) {
      if (j !== n && uniform01(randomWords(seed, DENSITY_STREAM + layer, j, n)[0]) < p) {
        pre.push(j);
        post.push(n);
      }
    }
    return { kind: 'sparse', sparse: sparseRecurrence(`${where}.recurrent`, N, pre, post) };
  }
  rejectUnknownKeys(`${where}.recurrent`, spec, ['pre', 'post']);
  if (!spec.pre || !spec.post || typeof spec.pre.length !== 'number') throw new InvalidParameterError(`${where}.recurrent`, 'pre', spec.pre, 'arrays pre and post of neuron indices');
  return { kind: 'sparse', sparse: sparseRecurrence(`${where}.recurrent`, N, spec.pre, spec.post) };
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
    if (typeof h !== 'object' || h === null) throw new InvalidParameterError(object, `hidden[${l}]`, h, '{ size, model?, params?, recurrent?, train? }');
    rejectUnknownKeys(where, h, ['size', 'model', 'params', 'recurrent', 'train']);
    const size = requireInteger(where, 'size', h.size, 1, 1 << 24);
    const model = requireOneOf(where, 'model', h.model ?? 'lif', ['lif', 'alif'] as const);
    const recurrent = resolveRecurrence(where, h.recurrent, size, l);
    layers.push({
      name: `hidden${l}`, inputs: fanIn, size, spiking: true, lif: resolveTrainLif(where, h.params, dt, model), params: h.params ?? {},
      ...(recurrent ? { recurrent } : {}), ...resolveTrainFlags(where, h.train, true),
    });
    fanIn = size;
  });
  const where = `${object}.readout`;
  if (typeof spec.readout !== 'object' || spec.readout === null) throw new InvalidParameterError(object, 'readout', spec.readout, '{ size, spiking?, params?, train? }');
  rejectUnknownKeys(where, spec.readout, ['size', 'spiking', 'params', 'train']);
  const size = requireInteger(where, 'size', spec.readout.size, 1, 1 << 24);
  const spiking = spec.readout.spiking ?? false;
  if (typeof spiking !== 'boolean') throw new InvalidParameterError(where, 'spiking', spiking, 'true (a spiking LIF readout) or false (a leaky integrator)');
  const rp = spec.readout.params ?? {};
  if (!spiking) rejectUnknownKeys(`${where}.params`, rp, READOUT_KEYS);
  layers.push({ name: 'readout', inputs: fanIn, size, spiking, lif: resolveTrainLif(where, rp, dt), params: rp, ...resolveTrainFlags(where, spec.readout.train, spiking) });
  return layers;
}
