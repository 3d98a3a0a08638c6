/**
 * Energy estimate from the GPU event counters (Simulator.readCounters):
 *   E = SynOps * E_syn + neuron updates * E_neuron (+ spikes * E_spike),
 * the event-driven power law P = N r k E_syn in numbers. The per-operation energies are the
 * caller's: spikegpu ships no defaults until published per-operation figures for a neuromorphic chip
 * and a GPU have been checked against their primary sources (see docs/simulator.md).
 */
import { InvalidParameterError } from '../errors';
import type { SimulatorCounters } from '../sim/simulator';
import { requireNonNegative } from '../validate';

export interface EnergyPerOperation {
  /** Joules per synaptic event (SynOp). */
  synOpJ: number;
  /** Joules per neuron update (one neuron, one step). */
  neuronUpdateJ: number;
  /** Joules per emitted spike (routing), default 0. */
  spikeJ?: number;
  /** Where the figures come from (kept in the result). */
  source?: string;
}

export interface EnergyEstimate {
  joules: number;
  /** Mean power over the simulated time (W). */
  watts: number;
  synOps: number;
  updates: number;
  spikes: number;
  parts: { synOps: number; updates: number; spikes: number };
  source: string;
}

export function estimateEnergy(counters: SimulatorCounters, dtMs: number, e: EnergyPerOperation): EnergyEstimate {
  const object = 'estimateEnergy';
  if (typeof e !== 'object' || e === null) throw new InvalidParameterError(object, 'energies', e, '{ synOpJ, neuronUpdateJ, spikeJ? } in joules');
  const synOpJ = requireNonNegative(object, 'synOpJ', e.synOpJ, 'J');
  const neuronUpdateJ = requireNonNegative(object, 'neuronUpdateJ', e.neuronUpdateJ, 'J');
  const spikeJ = requireNonNegative(object, 'spikeJ', e.spikeJ ?? 0, 'J');
  const seconds = (counters.steps * requireNonNegative(object, 'dtMs', dtMs, 'ms')) / 1000;
  const synOps = Object.values(counters.projections).reduce((a, p) => a + p.synops, 0);
  const updates = Object.values(counters.populations).reduce((a, p) => a + p.updates, 0);
  const spikes = Object.values(counters.populations).reduce((a, p) => a + p.spikes, 0);
  const parts = { synOps: synOps * synOpJ, updates: updates * neuronUpdateJ, spikes: spikes * spikeJ };
  const joules = parts.synOps + parts.updates + parts.spikes;
  return { joules, watts: seconds > 0 ? joules / seconds : 0, synOps, updates, spikes, parts, source: e.source ?? 'user-supplied' };
}
