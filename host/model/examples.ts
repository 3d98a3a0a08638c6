/**
 * Classic benchmark networks as NetworkModel builders (plain data, JSON-serialisable). Initial
 * membrane potentials are drawn from Philox with the given seed, so a builder call is reproducible.
 */
import { randomWords, uniform01 } from '../random/philox.js';
import type { Connectivity, NetworkModel } from './network.js';
import { builderOptions, choiceOption, numberOption, SEED_RANGE, SIZE_MAX } from './builder-options.js';

const EXAMPLE_STREAM = 0xe8a3;

function uniformArray(n: number, lo: number, hi: number, seed: number, which: number): number[] {
  return Array.from({ length: n }, (_, i) => lo + (hi - lo) * uniform01(randomWords(seed, EXAMPLE_STREAM, which, i)[0]));
}

export interface CubaOptions {
  /** Neurons in all (80% excitatory). Default 4000. */
  size?: number;
  /** Connection probability (Brette et al.: 0.02). Ignored when inDegree is given. */
  p?: number;
  /** Fixed in-degree per source population instead of a probability (e.g. 80 for N = 40000 in the benchmark). */
  inDegree?: number;
  /** Seed of the initial potentials. Default 1. */
  seed?: number;
}

/**
 * CUBA: Brette et al. 2007 benchmark 2 with the parameters of Brian2's CUBA example: τm 20 ms,
 * τe 5 ms, τi 10 ms, Vt −50 mV, Vr −60 mV, El −49 mV, we 1.62 mV, wi −9 mV, refractory 5 ms,
 * p = 0.02; v0 uniform in [Vr, Vt]. Run with dt = 0.1 ms. Currents are in mV (rMem = 1).
 */
export function cuba(options: CubaOptions = {}): NetworkModel {
  const o = builderOptions('cuba', options, ['size', 'p', 'inDegree', 'seed']);
  const n = numberOption('cuba', 'size', o.size, 4000, { integer: true, min: 3, max: SIZE_MAX });
  const nExc = Math.round(0.8 * n);
  const nInh = n - nExc;
  const seed = numberOption('cuba', 'seed', o.seed, 1, SEED_RANGE);
  const p = numberOption('cuba', 'p', o.p, 0.02, { above: 0, max: 1 });
  const inDegree = o.inDegree === undefined ? undefined : numberOption('cuba', 'inDegree', o.inDegree, undefined, { integer: true, min: 1, max: nExc });
  const neuron = (v0: number[]) => ({
    tauMem: 20, vRest: -49, vThreshold: -50, vReset: -60, rMem: 1, refractoryMs: 5, tauSynExc: 5, tauSynInh: 10, v0,
  });
  const conn = (pre: 'exc' | 'inh', post: 'exc' | 'inh'): Connectivity => inDegree !== undefined
    ? { rule: 'fixedInDegree', k: Math.round(inDegree * (pre === 'exc' ? 0.8 : 0.2)), autapses: true }
    : { rule: 'fixedProbability', p, autapses: pre === post };
  return {
    populations: [
      { name: 'exc', model: 'lif', size: nExc, params: neuron(uniformArray(nExc, -60, -50, seed, 0)) },
      { name: 'inh', model: 'lif', size: nInh, params: neuron(uniformArray(nInh, -60, -50, seed, 1)) },
    ],
    projections: [
      { name: 'exc->exc', pre: 'exc', post: 'exc', target: 'exc', connectivity: conn('exc', 'exc'), weight: 1.62 },
      { name: 'exc->inh', pre: 'exc', post: 'inh', target: 'exc', connectivity: conn('exc', 'inh'), weight: 1.62 },
      { name: 'inh->exc', pre: 'inh', post: 'exc', target: 'inh', connectivity: conn('inh', 'exc'), weight: -9 },
      { name: 'inh->inh', pre: 'inh', post: 'inh', target: 'inh', connectivity: conn('inh', 'inh'), weight: -9 },
    ],
  };
}

/** Normal draws (Box-Muller in float64 from Philox words), clipped below at `min`. */
function normalArray(n: number, mean: number, sd: number, seed: number, which: number, min = -Infinity): number[] {
  return Array.from({ length: n }, (_, i) => {
    const [w0, w1] = randomWords(seed, EXAMPLE_STREAM, which, i);
    const u1 = ((w0 >>> 8) + 1) * 2 ** -24;
    const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * uniform01(w1));
    return Math.max(min, mean + sd * z);
  });
}

export interface CobaOptions {
  /** Neurons in all (80% excitatory). Default 4000. */
  size?: number;
  /** Connection probability. Default 0.02. */
  p?: number;
  /** Rate (Hz) of the 1000 Poisson sources of the initial 50 ms stimulation. Default 10. */
  kickRate?: number;
  /** Seed of the initial state and of the stimulation's spike times. Default 1. */
  seed?: number;
}

/**
 * COBA: Brette et al. 2007 benchmark 1, conductance-based LIF (lifCond): Cm 200 pF, gl 10 nS
 * (τm 20 ms), El = Vr = −60 mV, Vt −50 mV, Ee 0 mV, Ei −80 mV, τe 5 ms, τi 10 ms, refractory 5 ms,
 * p = 0.02, conductance jumps we = 6 nS and wi = 67 nS. Run with dt = 0.1 ms. Initial state as in
 * the benchmark's Brian script: v ~ N(−55, 5) mV, ge ~ N(40, 15) nS, gi ~ N(200, 120) nS (clipped at
 * 0). The activity is self-sustained after an initial stimulation: 1000 Poisson sources at
 * `kickRate` for the first 50 ms (a spike array), each neuron receiving on average 100 of them at
 * 6 nS. Without it the network falls silent within 50 ms (in Brian2 as here).
 */
export function coba(options: CobaOptions = {}): NetworkModel {
  const o = builderOptions('coba', options, ['size', 'p', 'kickRate', 'seed']);
  const n = numberOption('coba', 'size', o.size, 4000, { integer: true, min: 3, max: SIZE_MAX });
  const nExc = Math.round(0.8 * n);
  const nInh = n - nExc;
  const seed = numberOption('coba', 'seed', o.seed, 1, SEED_RANGE);
  const p = numberOption('coba', 'p', o.p, 0.02, { above: 0, max: 1 });
  const kickRate = numberOption('coba', 'kickRate', o.kickRate, 10, { min: 0, max: 1e4, unit: 'Hz' });
  const neuron = (size: number, which: number) => ({
    tauMem: 20, cMem: 0.2, vRest: -60, vThreshold: -50, vReset: -60, eExc: 0, eInh: -80, tauSynExc: 5, tauSynInh: 10, refractoryMs: 5,
    v0: normalArray(size, -55, 5, seed, 10 + which),
    gExc0: normalArray(size, 0.04, 0.015, seed, 20 + which, 0),
    gInh0: normalArray(size, 0.2, 0.12, seed, 30 + which, 0),
  });
  // Poisson spike times of the stimulation: per source, exponential intervals from Philox words.
  const times: number[] = [];
  const indices: number[] = [];
  for (let i = 0; i < 1000 && kickRate > 0; i++) {
    let t = 0;
    for (let k = 0; ; k++) {
      const u = ((randomWords(seed, EXAMPLE_STREAM + 1, i, k)[0] >>> 8) + 1) * 2 ** -24;
      t += (-Math.log(u) / kickRate) * 1000;
      if (t >= 50) break;
      times.push(Math.round(t * 1000) / 1000);
      indices.push(i);
    }
  }
  const conn = (pre: string, post: string): Connectivity => ({ rule: 'fixedProbability', p, autapses: pre === post });
  return {
    populations: [
      { name: 'kick', model: 'spikeArray', size: 1000, params: { times, indices } },
      { name: 'exc', model: 'lifCond', size: nExc, params: neuron(nExc, 0) },
      { name: 'inh', model: 'lifCond', size: nInh, params: neuron(nInh, 1) },
    ],
    projections: [
      { name: 'kick->exc', pre: 'kick', post: 'exc', target: 'exc', connectivity: { rule: 'fixedProbability', p: 0.1 }, weight: 0.006 },
      { name: 'kick->inh', pre: 'kick', post: 'inh', target: 'exc', connectivity: { rule: 'fixedProbability', p: 0.1 }, weight: 0.006 },
      { name: 'exc->exc', pre: 'exc', post: 'exc', target: 'exc', connectivity: conn('exc', 'exc'), weight: 0.006 },
      { name: 'exc->inh', pre: 'exc', post: 'inh', target: 'exc', connectivity: conn('exc', 'inh'), weight: 0.006 },
      { name: 'inh->exc', pre: 'inh', post: 'exc', target: 'inh', connectivity: conn('inh', 'exc'), weight: 0.067 },
      { name: 'inh->inh', pre: 'inh', post: 'inh', target: 'inh', connectivity: conn('inh', 'inh'), weight: 0.067 },
    ],
  };
}

export interface Izhikevich2003Options {
  /** Excitatory (regular-spiking family) neurons. Default 800. */
  nExc?: number;
  /** Inhibitory (fast-spiking family) neurons. Default 200. */
  nInh?: number;
  /** Seed of the per-neuron parameters (the paper's r). Default 1. */
  seed?: number;
}

/**
 * Izhikevich 2003's 1000-neuron network (the paper's net.m), run with dt = 1 ms: 800 excitatory
 * cells a = 0.02, b = 0.2, c = −65 + 15r², d = 8 − 6r² and 200 inhibitory cells a = 0.02 + 0.08r,
 * b = 0.25 − 0.05r, c = −65, d = 2 (r uniform in [0, 1) per neuron); v0 = −65, u0 = b v0; all-to-all
 * (self-connections included) with weights uniform in [0, 0.5] from excitatory and [−1, 0] from
 * inhibitory cells; thalamic noise of sd 5 (excitatory) and 2 (inhibitory) every step (noiseSd).
 * Differences from net.m: a spike reaches its targets one step (1 ms) later, not in the same step
 * (the minimum delay here is one step), and the noise is the four-uniform approximation of a
 * Gaussian (shaders/izhikevich.wgsl.ts).
 */
export function izhikevich2003(options: Izhikevich2003Options = {}): NetworkModel {
  const o = builderOptions('izhikevich2003', options, ['nExc', 'nInh', 'seed']);
  const nExc = numberOption('izhikevich2003', 'nExc', o.nExc, 800, { integer: true, min: 1, max: SIZE_MAX });
  const nInh = numberOption('izhikevich2003', 'nInh', o.nInh, 200, { integer: true, min: 1, max: SIZE_MAX });
  const seed = numberOption('izhikevich2003', 'seed', o.seed, 1, SEED_RANGE);
  const re = uniformArray(nExc, 0, 1, seed, 40);
  const ri = uniformArray(nInh, 0, 1, seed, 41);
  const all = (pre: string, post: string): Connectivity => (pre === post ? { rule: 'allToAll', autapses: true } : { rule: 'allToAll' });
  const fromExc = { dist: 'uniform' as const, low: 0, high: 0.5 };
  const fromInh = { dist: 'uniform' as const, low: -1, high: 0 };
  return {
    populations: [
      { name: 'exc', model: 'izhikevich', size: nExc, params: { a: 0.02, b: 0.2, c: re.map((r) => -65 + 15 * r * r), d: re.map((r) => 8 - 6 * r * r), v0: -65, noiseSd: 5 } },
      { name: 'inh', model: 'izhikevich', size: nInh, params: { a: ri.map((r) => 0.02 + 0.08 * r), b: ri.map((r) => 0.25 - 0.05 * r), c: -65, d: 2, v0: -65, noiseSd: 2 } },
    ],
    projections: [
      { name: 'exc->exc', pre: 'exc', post: 'exc', target: 'exc', connectivity: all('exc', 'exc'), weight: fromExc, delayMs: 1 },
      { name: 'exc->inh', pre: 'exc', post: 'inh', target: 'exc', connectivity: all('exc', 'inh'), weight: fromExc, delayMs: 1 },
      { name: 'inh->exc', pre: 'inh', post: 'exc', target: 'inh', connectivity: all('inh', 'exc'), weight: fromInh, delayMs: 1 },
      { name: 'inh->inh', pre: 'inh', post: 'inh', target: 'inh', connectivity: all('inh', 'inh'), weight: fromInh, delayMs: 1 },
    ],
  };
}

export interface BrunelOptions {
  /** Excitatory neurons (N_I = N_E / 4). Default 10 000 (the paper's). */
  nExc?: number;
  /** Relative inhibition g (J_I = -g J). The paper's regimes: 3 (synchronous regular), 5 (asynchronous irregular). */
  g: number;
  /** External drive relative to threshold: nu_ext = eta * nu_thr. */
  eta: number;
  /** Connection probability epsilon (in-degrees C_E = eps N_E, C_I = eps N_I, C_ext = C_E). Default 0.1. */
  epsilon?: number;
  /** Time step the weights are set up for (ms). Default 0.1. */
  dt?: number;
  /** EPSP amplitude J (mV). Default 0.1 * (10 000 / nExc), keeping J C_E = 100 mV as in the paper. */
  j?: number;
  /** 'fixedInDegree' (default, as in the paper) or 'fixedProbability' with p = epsilon (as Brian2's connect(p=...)). */
  connectivity?: 'fixedInDegree' | 'fixedProbability';
}

/**
 * Brunel 2000 (J Comput Neurosci 8:183), model A: LIF with delta synapses, τ 20 ms, θ 20 mV,
 * Vr 10 mV, refractory 2 ms, delay D = 1.5 ms, C_E = εN_E excitatory and C_I = εN_I inhibitory
 * inputs per neuron (fixed in-degree), J_I = −gJ. External drive: a pool of N_E Poisson sources at
 * ν_ext = η ν_thr, ν_thr = θ / (J C_E τ), with C_ext = C_E inputs per neuron (fixed in-degree; the
 * paper gives each neuron independent sources, here they share a pool). Potentials are relative to
 * rest (0 mV). A delta synapse of J mV is a one-step current J / (1 − exp(−dt/τ)) (tauSyn = 0).
 */
export function brunel(options: BrunelOptions): NetworkModel {
  const o = builderOptions('brunel', options, ['nExc', 'g', 'eta', 'epsilon', 'dt', 'j', 'connectivity']);
  const nExc = numberOption('brunel', 'nExc', o.nExc, 10000, { integer: true, min: 4, max: SIZE_MAX });
  const nInh = Math.round(nExc / 4);
  const g = numberOption('brunel', 'g', o.g, undefined, { min: 0, max: 1e3 });
  const eta = numberOption('brunel', 'eta', o.eta, undefined, { min: 0, max: 1e3 });
  const eps = numberOption('brunel', 'epsilon', o.epsilon, 0.1, { above: 0, max: 1 });
  const dt = numberOption('brunel', 'dt', o.dt, 0.1, { above: 0, max: 1, unit: 'ms' });
  const connectivity = choiceOption('brunel', 'connectivity', o.connectivity, 'fixedInDegree', ['fixedInDegree', 'fixedProbability'] as const);
  const tau = 20;
  const theta = 20;
  const j = numberOption('brunel', 'j', o.j, 0.1 * (10000 / nExc), { above: 0, max: 20, unit: 'mV' });
  const cE = Math.round(eps * nExc);
  const cI = Math.round(eps * nInh);
  const nuThr = (theta / (j * cE * tau)) * 1000; // Hz
  const toCurrent = (jump: number) => jump / (1 - Math.exp(-dt / tau));
  const neuron = { tauMem: tau, vRest: 0, vThreshold: theta, vReset: 10, rMem: 1, refractoryMs: 2, tauSynExc: 0, tauSynInh: 0 };
  const wE = toCurrent(j);
  const wI = toCurrent(-g * j);
  const inDeg = (k: number): Connectivity => (connectivity === 'fixedProbability'
    ? { rule: 'fixedProbability', p: eps, autapses: false }
    : { rule: 'fixedInDegree', k, autapses: false });
  return {
    populations: [
      { name: 'ext', model: 'poisson', size: nExc, params: { rates: eta * nuThr } },
      { name: 'exc', model: 'lif', size: nExc, params: neuron },
      { name: 'inh', model: 'lif', size: nInh, params: neuron },
    ],
    projections: [
      { name: 'ext->exc', pre: 'ext', post: 'exc', target: 'exc', connectivity: inDeg(cE), weight: wE, delayMs: 1.5 },
      { name: 'ext->inh', pre: 'ext', post: 'inh', target: 'exc', connectivity: inDeg(cE), weight: wE, delayMs: 1.5 },
      { name: 'exc->exc', pre: 'exc', post: 'exc', target: 'exc', connectivity: inDeg(cE), weight: wE, delayMs: 1.5 },
      { name: 'exc->inh', pre: 'exc', post: 'inh', target: 'exc', connectivity: inDeg(cE), weight: wE, delayMs: 1.5 },
      { name: 'inh->exc', pre: 'inh', post: 'exc', target: 'inh', connectivity: inDeg(cI), weight: wI, delayMs: 1.5 },
      { name: 'inh->inh', pre: 'inh', post: 'inh', target: 'inh', connectivity: inDeg(cI), weight: wI, delayMs: 1.5 },
    ],
  };
}

export interface Song2000Options {
  /** Poisson inputs. Default 1000. */
  inputs?: number;
  /** Input rate (Hz). Default 15. */
  rateHz?: number;
  /** Largest conductance (uS, relative to the leak conductance of 1 uS). Default 0.01. */
  gMax?: number;
}

/**
 * Song, Miller & Abbott 2000 with the parameters of Brian2's STDP example: `inputs` Poisson sources at
 * `rateHz`, all-to-all onto one conductance-based LIF neuron (lifCond, forward Euler as Brian2's
 * `method='euler'`): τm 10 ms, El −74 mV, Vt −54 mV, Vr −60 mV, Ee 0 mV, τe 5 ms, no refractory
 * period, v0 = 0 mV (Brian2's default); the leak conductance is 1 uS (cMem = 10 nF, τm = 10 ms), so a
 * weight in uS is Brian2's dimensionless ge. Additive all-to-all STDP: A+ = 0.01 gmax,
 * A− = 1.05 A+, τ± = 20 ms, weights in [0, gmax], initially uniform in [0, gmax]. Run 100 s at
 * dt = 0.1 ms: the weights part into a bimodal distribution at the bounds.
 */
export function song2000(options: Song2000Options = {}): NetworkModel {
  const o = builderOptions('song2000', options, ['inputs', 'rateHz', 'gMax']);
  const n = numberOption('song2000', 'inputs', o.inputs, 1000, { integer: true, min: 1, max: SIZE_MAX });
  const gMax = numberOption('song2000', 'gMax', o.gMax, 0.01, { above: 0, max: 1e3, unit: 'uS' });
  const rateHz = numberOption('song2000', 'rateHz', o.rateHz, 15, { min: 0, max: 1e4, unit: 'Hz' });
  const aPlus = 0.01 * gMax;
  return {
    populations: [
      { name: 'input', model: 'poisson', size: n, params: { rates: rateHz } },
      { name: 'neuron', model: 'lifCond', size: 1, params: { tauMem: 10, cMem: 10, vRest: -74, vThreshold: -54, vReset: -60, eExc: 0, tauSynExc: 5, refractoryMs: 0, v0: 0 } },
    ],
    projections: [{
      name: 'input->neuron', pre: 'input', post: 'neuron', target: 'exc', connectivity: { rule: 'allToAll' }, storage: 'sparse',
      weight: { dist: 'uniform', low: 0, high: gMax },
      synapse: { rule: 'stdp', pairing: 'allToAll', dependence: 'additive', tauPlus: 20, tauMinus: 20, aPlus, aMinus: 1.05 * aPlus, wMin: 0, wMax: gMax },
    }],
  };
}

export interface Izhikevich2007Options {
  /** Excitatory (regular spiking) and inhibitory (fast spiking) neurons. Defaults 800 and 200. */
  excitatory?: number;
  inhibitory?: number;
  /** Synapses per neuron. Default 100. */
  fanOut?: number;
}

/**
 * Izhikevich 2007 (Cerebral Cortex 17:2443, "Solving the distal reward problem"), first experiment, as
 * his published dopamine.m: 800 regular-spiking and 200 fast-spiking Izhikevich neurons, 100 synapses
 * each, 1 ms delays; excitatory neurons project to any neuron (here 80 to excitatory and 20 to
 * inhibitory ones, the expected split), inhibitory ones to excitatory neurons only. Excitatory
 * synapses start at 1 and learn by R-STDP in [0, 4]: nearest-spike traces decaying 0.95 per ms, A+ =
 * 0.1, A- = 0.15, eligibility decaying 0.99 per 10 ms, w += (0.002 + DA) c every 10 ms; dopamine DA
 * decays 0.995 per ms and rises by 0.5 per reward (scheduled by the experiment: bench/izhikevich2007.ts).
 * Inhibitory synapses are fixed at -1. Thalamic input: a noise current of sd 3.75 every ms (his
 * 13 (rand - 0.5), the same variance, drawn near-normal). dt = 1 ms.
 */
export function izhikevich2007(options: Izhikevich2007Options = {}): NetworkModel {
  const o = builderOptions('izhikevich2007', options, ['excitatory', 'inhibitory', 'fanOut']);
  const ne = numberOption('izhikevich2007', 'excitatory', o.excitatory, 800, { integer: true, min: 1, max: SIZE_MAX });
  const ni = numberOption('izhikevich2007', 'inhibitory', o.inhibitory, 200, { integer: true, min: 1, max: SIZE_MAX });
  const m = numberOption('izhikevich2007', 'fanOut', o.fanOut, 100, { integer: true, min: 1, max: ne });
  const toExc = Math.round((m * ne) / (ne + ni));
  const perMs = (factor: number, everyMs = 1) => -everyMs / Math.log(factor);
  const noiseSd = 13 / Math.sqrt(12);
  const rstdp = {
    rule: 'rstdp', pairing: 'nearest', tauPlus: perMs(0.95), tauMinus: perMs(0.95), aPlus: 0.1, aMinus: 0.15,
    tauC: perMs(0.99, 10), eta: 0.1, updateEveryMs: 10, wMin: 0, wMax: 4,
    modulator: { tauMs: perMs(0.995), baseline: 0.002 },
  };
  return {
    populations: [
      { name: 'exc', model: 'izhikevich', size: ne, params: { a: 0.02, b: 0.2, c: -65, d: 8, noiseSd } },
      { name: 'inh', model: 'izhikevich', size: ni, params: { a: 0.1, b: 0.2, c: -65, d: 2, noiseSd } },
    ],
    projections: [
      { name: 'exc->exc', pre: 'exc', post: 'exc', target: 'exc', connectivity: { rule: 'fixedOutDegree', k: toExc }, weight: 1, delayMs: 1, storage: 'sparse', synapse: rstdp },
      { name: 'exc->inh', pre: 'exc', post: 'inh', target: 'exc', connectivity: { rule: 'fixedOutDegree', k: m - toExc }, weight: 1, delayMs: 1, storage: 'sparse', synapse: rstdp },
      { name: 'inh->exc', pre: 'inh', post: 'exc', target: 'inh', connectivity: { rule: 'fixedOutDegree', k: m }, weight: -1, delayMs: 1 },
    ],
  };
}
