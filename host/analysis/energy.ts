/**
 * Energy estimate from the GPU event counters (Simulator.readCounters):
 *   E = SynOps * E_syn + neuron updates * E_neuron (+ spikes * E_spike),
 * the event-driven power law P = N r k E_syn in numbers. Per-operation energies are given by the
 * caller or taken from a preset (ENERGY_PRESETS; sources and caveats in docs/simulator.md).
 */
import { InvalidParameterError } from '../errors.js';
import type { SimulatorCounters } from '../sim/simulator.js';
import { requireNonNegative } from '../validate.js';

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

export interface EnergyPreset extends Required<EnergyPerOperation> {
  /** What the figures are and how far they can be trusted. */
  notes: string;
}

/**
 * Per-operation energies of published hardware figures. Read the notes before comparing: none is a
 * measurement of spikegpu, and each counts a different thing as "one operation".
 */
export const ENERGY_PRESETS = {
  /**
   * Intel Loihi (14 nm), Davies et al. 2018, IEEE Micro 38(1):82-99, Table 1: energy per synaptic
   * spike op (min) 23.6 pJ; per neuron update, active / inactive 81 / 52 pJ (81 used: every update
   * counted as active); within-tile spike energy 1.7 pJ.
   */
  loihi2018: {
    synOpJ: 23.6e-12, neuronUpdateJ: 81e-12, spikeJ: 1.7e-12,
    source: 'Intel Loihi, Davies et al. 2018, IEEE Micro 38(1):82-99, Table 1',
    notes: 'The synaptic figure is the table\'s minimum (a lower bound on that term); neuron updates counted as active (81 pJ; inactive 52 pJ); spikes as within-tile (1.7 pJ; longer routes cost more).',
  },
  /**
   * A von Neumann accelerator streaming synapses from DRAM (a GPU running the propagate kernel),
   * built from Horowitz's 45 nm per-operation energies (ISSCC 2014, "Computing's energy problem"),
   * as tabulated by Han et al. 2015 (NeurIPS, "Learning both weights and connections"): 32-bit DRAM
   * access 640 pJ, 32-bit SRAM access 5 pJ, 32-bit integer add 0.1 pJ, 32-bit float add 0.9 pJ and
   * multiply 3.7 pJ. SynOp = index + weight read from DRAM + accumulator add in SRAM (cache/atomics)
   * = 2 x 640 + 5 + 0.1 pJ. Neuron update (lif) = 12 DRAM words (4 state words read and 4 written,
   * 2 input words read and 2 cleared) x 640 pJ + 3 float adds + 3 multiplies. Spike = 3 DRAM words
   * (list entry, bitmask word, counter).
   */
  dram45nm: {
    synOpJ: (2 * 640 + 5 + 0.1) * 1e-12,
    neuronUpdateJ: (12 * 640 + 3 * 0.9 + 3 * 3.7) * 1e-12,
    spikeJ: (3 * 640) * 1e-12,
    source: 'derived from Horowitz, ISSCC 2014 (45 nm), as tabulated by Han et al. 2015',
    notes: 'Not a measurement of any GPU: per-access energies of 45 nm DRAM/SRAM/ALU summed over what spikegpu\'s kernels move per operation (DRAM-resident data, no cache reuse; an upper-end estimate). Newer processes and cache hits cost less; static power is not included.',
  },
} as const satisfies Record<string, EnergyPreset>;

export type EnergyPresetName = keyof typeof ENERGY_PRESETS;

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

/** `energies`: per-operation energies, or the name of a preset (ENERGY_PRESETS). */
export function estimateEnergy(counters: SimulatorCounters, dtMs: number, energies: EnergyPerOperation | EnergyPresetName): EnergyEstimate {
  const object = 'estimateEnergy';
  if (typeof energies === 'string' && !Object.hasOwn(ENERGY_PRESETS, energies)) {
    throw new InvalidParameterError(object, 'energies', energies, `{ synOpJ, neuronUpdateJ, spikeJ? } in joules, or a preset: ${Object.keys(ENERGY_PRESETS).join(', ')}`);
  }
  const e: EnergyPerOperation = typeof energies === 'string' ? ENERGY_PRESETS[energies] : energies;
  if (typeof e !== 'object' || e === null) throw new InvalidParameterError(object, 'energies', e, '{ synOpJ, neuronUpdateJ, spikeJ? } in joules, or a preset name');
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
