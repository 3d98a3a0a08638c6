/**
 * The Potjans & Diesmann (2014) cortical microcircuit ("The cell-type specific cortical
 * microcircuit", Cerebral Cortex 24:785) as a NetworkModel builder, with the parameters of NEST's
 * PyNEST microcircuit example (network_params.py): 8 populations (L2/3, L4, L5, L6 x E/I) of 77 169
 * current-based LIF neurons with exponential PSCs, ~3e8 synapses at full scale.
 *
 * - Neurons: C 250 pF, tau_m 10 ms (R = 40 MOhm), E_L = V_reset = -65 mV, V_th -50 mV, t_ref 2 ms,
 *   tau_syn 0.5 ms; V0 per population N(mean, sd) ('optimized', NEST's default) or N(-58, 10) ('original').
 * - Connectivity: fixed total number with multapses and no autapses between each pair of populations:
 *   K = ln(1 - C) / ln(1 - 1 / (N_pre N_post)) at full scale (C the connection probability), times
 *   `scale`, so the mean in-degree is the full-scale one at every scale (in-degree preserving
 *   down-scaling: correlations grow as the populations shrink, docs/reference-networks.md).
 * - Weights: PSC amplitudes giving 0.15 mV PSPs (87.8 pA), doubled for L4E -> L2/3E, g = -4 for
 *   inhibitory sources; normal with sd 10 % of the mean, kept on their sign.
 * - Delays: normal, 1.5 ms (excitatory) and 0.75 ms (inhibitory), sd 50 % of the mean, clipped to
 *   [dt, 4 x mean] and rounded to steps (NEST redraws values below dt instead of clipping them), then
 *   one step added: NEST (and Brian2) add an arriving PSC to the current after the step's membrane
 *   update, so it acts from the next step, while the lif kernel integrates an input in the step it
 *   arrives in (delay dt = the next step). With the extra step each PSC starts when it does in NEST.
 * - Background: K_ext independent 8 Hz Poisson inputs per neuron (Poisson input drawn in the lif
 *   kernel, no spikes stored), or the equivalent DC current (`background: 'dc'`).
 *
 * The lif kernel holds the synaptic current fixed over a step, so a PSC of amplitude J delivers
 * J dt / (1 - exp(-dt / tau_syn)) of charge instead of the exact J tau_syn (10 % more at dt = 0.1 ms).
 * The builder scales every weight by tau_syn (1 - exp(-dt / tau_syn)) / dt so that each PSC carries
 * the paper's charge (the membrane then moves per step as under NEST's exact propagators, to 1e-4).
 * Run the model with the builder's dt.
 */
import { randomWords, uniform01 } from '../random/philox.js';
import type { NetworkModel, ProjectionModel } from './network.js';
import { InvalidParameterError } from '../errors.js';
import { builderOptions, choiceOption, numberOption, SEED_RANGE } from './builder-options.js';

export const MICROCIRCUIT_POPULATIONS = ['L23E', 'L23I', 'L4E', 'L4I', 'L5E', 'L5I', 'L6E', 'L6I'] as const;
export type MicrocircuitPopulation = (typeof MICROCIRCUIT_POPULATIONS)[number];

/** Full-scale population sizes (NEST's PyNEST microcircuit, network_params.py). */
export const MICROCIRCUIT_SIZES = [20683, 5834, 21915, 5479, 4850, 1065, 14395, 2948] as const;

/** Connection probabilities, [target][source] in MICROCIRCUIT_POPULATIONS order (NEST's network_params.py). */
export const MICROCIRCUIT_CONN_PROBS: readonly (readonly number[])[] = [
  [0.1009, 0.1689, 0.0437, 0.0818, 0.0323, 0, 0.0076, 0],
  [0.1346, 0.1371, 0.0316, 0.0515, 0.0755, 0, 0.0042, 0],
  [0.0077, 0.0059, 0.0497, 0.135, 0.0067, 0.0003, 0.0453, 0],
  [0.0691, 0.0029, 0.0794, 0.1597, 0.0033, 0, 0.1057, 0],
  [0.1004, 0.0622, 0.0505, 0.0057, 0.0831, 0.3726, 0.0204, 0],
  [0.0548, 0.0269, 0.0257, 0.0022, 0.06, 0.3158, 0.0086, 0],
  [0.0156, 0.0066, 0.0211, 0.0166, 0.0572, 0.0197, 0.0396, 0.2252],
  [0.0364, 0.001, 0.0034, 0.0005, 0.0277, 0.008, 0.0658, 0.1443],
];

/** External (background) in-degrees, 8 Hz each. */
export const MICROCIRCUIT_K_EXT = [1600, 1500, 2100, 1900, 2000, 1900, 2900, 2100] as const;
export const MICROCIRCUIT_BG_RATE_HZ = 8;

/** V0 'optimized' (NEST's default): per-population mean and sd (mV). */
const V0_MEAN = [-68.28, -63.16, -63.33, -63.45, -63.11, -61.66, -66.72, -61.43];
const V0_SD = [5.36, 4.57, 4.74, 4.94, 4.94, 4.55, 5.46, 4.48];

export const MICROCIRCUIT_NEURON = { cMemPf: 250, tauMem: 10, vRest: -65, vThreshold: -50, vReset: -65, refractoryMs: 2, tauSyn: 0.5 } as const;

/**
 * Reference per-population rates (Hz) of the full-scale model: NEST's PyNEST microcircuit with
 * N_scaling = K_scaling = 1 and Poisson background (network_params.py, 'full_mean_rates').
 */
export const MICROCIRCUIT_REFERENCE_RATES = [0.943, 3.026, 4.368, 5.882, 7.733, 8.664, 1.096, 7.851] as const;

/**
 * The same model simulated with NEST by Bos et al. 2016 (PLoS Comput Biol 12:e1005132), as quoted by
 * the NNMT toolbox's microcircuit firing-rate example: a second NEST reference, showing how much the
 * low-rate populations vary between full-scale simulations of this model (L2/3E 0.745 vs 0.943 Hz).
 */
export const MICROCIRCUIT_BOS2016_RATES = [0.745, 2.696, 4.112, 5.628, 6.637, 8.290, 1.100, 7.663] as const;

/**
 * Reference ISI coefficients of variation of the full-scale model with Poisson background: Romaro et
 * al. 2021 (Neural Computation 33:1993, NetPyNE), Table A.3, the 100 % row.
 */
export const MICROCIRCUIT_REFERENCE_CV = [0.938, 0.916, 0.891, 0.873, 0.847, 0.809, 0.924, 0.819] as const;

/** PSC amplitude (pA) of an exponential current giving a PSP of peak `pspMv` (NEST's postsynaptic_potential_to_current). */
export function pscForPsp(pspMv: number, cMemPf: number, tauMem: number, tauSyn: number): number {
  const sub = 1 / (tauSyn - tauMem);
  const pre = ((tauMem * tauSyn) / cMemPf) * sub;
  const frac = (tauMem / tauSyn) ** sub;
  return pspMv / (pre * (frac ** tauMem - frac ** tauSyn));
}

/**
 * The factor tau_syn (1 - exp(-dt / tau_syn)) / dt by which the builder scales a PSC amplitude: the
 * lif kernel holds a current over a step, and with this factor each PSC carries the charge J tau_syn.
 */
export function pscPerStep(dt: number, tauSyn: number = MICROCIRCUIT_NEURON.tauSyn): number {
  return (tauSyn * (1 - Math.exp(-dt / tauSyn))) / dt;
}

/** Steps the builder adds to every NEST delay: NEST applies an arriving PSC one step later than the lif kernel. */
export const MICROCIRCUIT_DELAY_EXTRA_STEPS = 1;

/** Synapses of a fixed-total-number projection at full scale for connection probability c (NEST's num_synapses_from_conn_probs). */
export function fullScaleSynapses(c: number, nPre: number, nPost: number): number {
  if (c <= 0) return 0;
  const prod = nPre * nPost;
  return Math.log(1 - c) / Math.log((prod - 1) / prod);
}

export interface MicrocircuitOptions {
  /** Fraction of the full-scale population sizes, in (0, 1]; in-degrees stay those of the full model. Default 1. */
  scale?: number;
  /** 'poisson' (default): K_ext independent 8 Hz inputs per neuron; 'dc': their mean current. */
  background?: 'poisson' | 'dc';
  /** Initial potentials: 'optimized' (default, per population) or 'original' (N(-58, 10) mV). */
  v0?: 'optimized' | 'original';
  /** The time step the weights are converted for (ms). Default 0.1 (the paper's). */
  dt?: number;
  /** Seed of the initial potentials. Default 1. */
  seed?: number;
  /** Storage of the projections (ProjectionModel.storage). Default 'auto'. */
  storage?: ProjectionModel['storage'];
  /**
   * Split a population pair's synapses over several projections of at most this many synapses
   * (named 'L23E->L23E', 'L23E->L23E.2', ...), so that each fits a storage binding (e.g. 128 MiB in
   * compatibility mode: full-scale L2/3E -> L2/3E has 4.3e7). With multapses the union of
   * independent fixed-total-number draws is the same connectivity law. Default: no split.
   */
  maxSynapsesPerProjection?: number;
  /**
   * Fraction of the full-scale in-degrees, in (0, 1] (NEST's K_scaling; default 1). Below 1 the
   * synapse counts (recurrent and Poisson background) shrink by it, weights grow by 1/sqrt of it,
   * and each population gets the DC current that restores its mean input at the full-scale rates
   * (MICROCIRCUIT_REFERENCE_RATES), as NEST's microcircuit example does (van Albada et al. 2015):
   * mean and variance of the input stay those of the full model, but not its correlations, so the
   * rates move: at scale 0.1 with inDegreeScale 0.1 they come out 10-55 % below NEST's full-scale rates, as in
   * Brian2 with the same scaling (docs/reference-networks.md). For the full model's rates keep the
   * in-degrees and use scale >= 0.25.
   */
  inDegreeScale?: number;
}

const STREAM = 0xe8a4;

/** The microcircuit at `scale`, as plain data (populations named as MICROCIRCUIT_POPULATIONS). */
export function potjansDiesmann(options: MicrocircuitOptions = {}): NetworkModel {
  const object = 'potjansDiesmann';
  const o = builderOptions(object, options, ['scale', 'background', 'v0', 'dt', 'seed', 'storage', 'maxSynapsesPerProjection', 'inDegreeScale']);
  const scale = numberOption(object, 'scale', o.scale, 1, { above: 0, max: 1, unit: 'the fraction of the full-scale population sizes' });
  const dt = numberOption(object, 'dt', o.dt, 0.1, { above: 0, max: 1, unit: 'ms' });
  const background = choiceOption(object, 'background', o.background, 'poisson', ['poisson', 'dc'] as const);
  const v0Type = choiceOption(object, 'v0', o.v0, 'optimized', ['optimized', 'original'] as const);
  const seed = numberOption(object, 'seed', o.seed, 1, SEED_RANGE);
  const split = o.maxSynapsesPerProjection ?? Infinity;
  if (typeof split !== 'number' || !(split >= 1)) throw new InvalidParameterError(object, 'maxSynapsesPerProjection', split, 'a number >= 1 (synapses)');
  const kScale = numberOption(object, 'inDegreeScale', o.inDegreeScale, 1, { above: 0, max: 1, unit: 'the fraction of the full-scale in-degrees' });
  const nrn = MICROCIRCUIT_NEURON;
  const rMem = nrn.tauMem / nrn.cMemPf * 1000; // MOhm (ms / pF = GOhm)
  // pA -> nA, and the per-step charge correction (see the module comment).
  const perStep = pscPerStep(dt, nrn.tauSyn);
  const pscExc = pscForPsp(0.15, nrn.cMemPf, nrn.tauMem, nrn.tauSyn) / 1000; // nA
  const wExc = (pscExc * perStep) / Math.sqrt(kScale);
  const g = -4;
  const meanPsc = (t: number, s: number) => pscExc * (s % 2 === 0 ? (t === 0 && s === 2 ? 2 : 1) : g);
  // Mean input current (nA) the removed synapses carried at the full-scale rates, replaced by a DC current.
  const compensation = (t: number) => {
    let rec = 0;
    for (let s = 0; s < 8; s++) rec += meanPsc(t, s) * (fullScaleSynapses(MICROCIRCUIT_CONN_PROBS[t]![s]!, MICROCIRCUIT_SIZES[s]!, MICROCIRCUIT_SIZES[t]!) / MICROCIRCUIT_SIZES[t]!) * MICROCIRCUIT_REFERENCE_RATES[s]!;
    const ext = background === 'poisson' ? pscExc * MICROCIRCUIT_K_EXT[t]! * MICROCIRCUIT_BG_RATE_HZ : 0;
    return 1e-3 * nrn.tauSyn * (1 - Math.sqrt(kScale)) * (rec + ext);
  };
  const sizes = MICROCIRCUIT_SIZES.map((n) => Math.max(1, Math.round(n * scale)));
  const populations = MICROCIRCUIT_POPULATIONS.map((name, k) => {
    const n = sizes[k]!;
    const [mean, sd] = v0Type === 'optimized' ? [V0_MEAN[k]!, V0_SD[k]!] : [-58, 10];
    const v0 = Array.from({ length: n }, (_, i) => {
      const [w0, w1] = randomWords(seed, STREAM, k, i);
      const u1 = ((w0 >>> 8) + 1) * 2 ** -24;
      return Math.round((mean + sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * uniform01(w1))) * 1000) / 1000;
    });
    const bgRate = MICROCIRCUIT_K_EXT[k]! * MICROCIRCUIT_BG_RATE_HZ;
    const dc = kScale < 1 ? { biasCurrent: compensation(k) } : {};
    const drive = background === 'poisson'
      ? { poissonRateHz: bgRate * kScale, poissonWeight: wExc, ...dc }
      // Mean of the Poisson input: rate x charge per PSC (J tau_syn), whatever inDegreeScale.
      : { biasCurrent: bgRate * 1e-3 * pscExc * nrn.tauSyn + compensation(k) };
    return {
      name, model: 'lif' as const, size: n,
      params: {
        tauMem: nrn.tauMem, rMem, vRest: nrn.vRest, vThreshold: nrn.vThreshold, vReset: nrn.vReset, refractoryMs: nrn.refractoryMs,
        tauSynExc: nrn.tauSyn, tauSynInh: nrn.tauSyn, v0, ...drive,
      },
    };
  });
  const projections: ProjectionModel[] = [];
  MICROCIRCUIT_POPULATIONS.forEach((post, t) => {
    MICROCIRCUIT_POPULATIONS.forEach((pre, s) => {
      const c = MICROCIRCUIT_CONN_PROBS[t]![s]!;
      const n = Math.round(fullScaleSynapses(c, MICROCIRCUIT_SIZES[s]!, MICROCIRCUIT_SIZES[t]!) * scale * kScale);
      if (n === 0) return;
      const exc = s % 2 === 0;
      const mean = exc ? wExc * (t === 0 && s === 2 ? 2 : 1) : g * wExc;
      const delay = exc ? 1.5 : 0.75;
      // NEST's delay d acts like d + dt here (see the module comment); clipped at mean + 6 sd (a 1e-9 tail).
      const onGrid = (ms: number) => Math.round(Math.round(ms / dt) * dt * 1e9) / 1e9;
      const extra = MICROCIRCUIT_DELAY_EXTRA_STEPS * dt;
      const high = onGrid(4 * delay + extra);
      const weight = { dist: 'normal' as const, mean, sd: 0.1 * Math.abs(mean), ...(exc ? { low: 0 } : { high: 0 }) };
      const parts = Math.max(1, Math.ceil(n / split));
      for (let k = 0; k < parts; k++) {
        projections.push({
          name: `${pre}->${post}${k > 0 ? `.${k + 1}` : ''}`, pre, post, target: exc ? 'exc' : 'inh',
          // Parts as equal as whole numbers allow, summing to n.
          connectivity: { rule: 'fixedTotalNumber', n: Math.floor((n * (k + 1)) / parts) - Math.floor((n * k) / parts), multapses: true, autapses: false },
          weight,
          delayMs: { dist: 'normal', mean: onGrid(delay + extra), sd: 0.5 * delay, low: onGrid(dt + extra), high },
          ...(o.storage ? { storage: o.storage } : {}),
        });
      }
    });
  });
  return { populations, projections };
}
