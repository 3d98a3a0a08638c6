/**
 * Plastic synapses on the GPU against the oracle (kernels-tests/oracle/plastic.ts) and against the
 * STDP window's closed form:
 *  - plasticVsOracle: a random network with plastic projections (sparse and dense storage, axonal and
 *    dendritic delays, batch), every recorded step's spikes and the final weights compared;
 *  - stdpWindow: isolated pre/post pairs over a range of spike-time differences, the weight change
 *    of each against A+ exp(-dt/tau+) and -A- exp(dt/tau-).
 */
import type { GpuContext } from '../../host/gpu/context';
import type { PlasticSynapse } from '../../host/learn/plasticity';
import type { NetworkModel } from '../../host/model/network';
import { Simulator } from '../../host/sim/simulator';
import { NetworkOracle } from '../oracle/network';
import { compareStepSpikes, testRandom, uniformIn } from './common';

export interface PlasticCaseArgs {
  seed: number;
  steps: number;
  batch: number;
  /** Sizes of the Poisson input, the excitatory and the inhibitory population. */
  sizes: [number, number, number];
  /** Storage of the plastic exc -> exc projection (all-to-all). */
  storage: 'sparse' | 'dense';
  dependence: 'additive' | 'multiplicative' | 'gutig' | 'vanRossum';
  pairing: 'allToAll' | 'nearest';
  /** Axonal delay of the plastic input projection (ms, a multiple of dt = 0.5) and the dendritic delay of both plastic projections. */
  delayMs: number;
  dendriticDelayMs: number;
  fused?: 'auto' | 'off';
  /** Input fixed-point fraction bits (0 with weights < 0.5: plastic weights deliver 0, so learning cannot feed back into spiking). */
  inputFractionBits?: number;
  /** Another rule for both plastic projections (its parameters; wMin / wMax are set here unless the rule has no bounds). */
  synapse?: PlasticSynapse;
}

const DT = 0.5;

/** Poisson -> exc (plastic, sparse rows), exc -> exc (plastic, all-to-all), exc <-> inh (static). */
export function plasticNetwork(a: PlasticCaseArgs): NetworkModel {
  const r = testRandom(a.seed);
  const [nIn, nExc, nInh] = a.sizes;
  const small = a.inputFractionBits === 0;
  const other = a.synapse;
  const stdp = (wMax: number): PlasticSynapse => other ? { ...other, ...(other.rule === 'tsodyksMarkram' ? {} : { wMin: 0, wMax }), dendriticDelayMs: a.dendriticDelayMs } : ({
    rule: 'stdp', wMax, wMin: 0, pairing: a.pairing, dependence: a.dependence, tauPlus: 16.8, tauMinus: 33.7,
    aPlus: 0.02 * wMax, aMinus: a.dependence === 'vanRossum' ? 0.03 : 0.021 * wMax, dendriticDelayMs: a.dendriticDelayMs,
    ...(a.dependence === 'gutig' ? { mu: 0.4 } : {}),
  });
  return {
    populations: [
      { name: 'input', model: 'poisson', size: nIn, params: { rates: Array.from({ length: nIn }, () => uniformIn(r, 10, 60)) } },
      // Without plastic input (small), a stronger bias keeps the exc neurons firing.
      { name: 'exc', model: 'lif', size: nExc, params: { tauMem: 20, vRest: -65, vThreshold: -50, vReset: -65, refractoryMs: 2, tauSynExc: 5, tauSynInh: 10, biasCurrent: Array.from({ length: nExc }, () => uniformIn(r, small ? 14 : 10, small ? 20 : 16)) } },
      { name: 'inh', model: 'lif', size: nInh, params: { tauMem: 10, vRest: -65, vThreshold: -52, vReset: -65, biasCurrent: 12 } },
    ],
    projections: [
      { name: 'in->exc', pre: 'input', post: 'exc', target: 'exc', connectivity: { rule: 'fixedProbability', p: 0.3 },
        weight: small ? { dist: 'uniform', low: 0, high: 0.45 } : { dist: 'uniform', low: 0.5, high: 3 }, delayMs: a.delayMs, synapse: stdp(small ? 0.49 : 4) },
      { name: 'exc->exc', pre: 'exc', post: 'exc', target: 'exc', connectivity: { rule: 'allToAll' }, storage: a.storage,
        weight: { dist: 'uniform', low: 0, high: small ? 0.45 : 0.6 }, synapse: stdp(small ? 0.49 : 1) },
      { name: 'exc->inh', pre: 'exc', post: 'inh', target: 'exc', connectivity: { rule: 'fixedProbability', p: 0.4 }, weight: 2, delayMs: 1 },
      { name: 'inh->exc', pre: 'inh', post: 'exc', target: 'inh', connectivity: { rule: 'fixedProbability', p: 0.5 }, weight: -2, delayMs: 1 },
    ],
  };
}

export interface PlasticCaseResult {
  spikes: Record<string, number>;
  mismatchedSteps: number;
  firstMismatch: string;
  /** Per plastic projection: synapses, the largest |GPU - oracle| weight difference (absolute and relative to wMax), how many weights (of synapses x batch) moved. */
  weights: Record<string, { synapses: number; maxAbs: number; maxRel: number; changed: number; meanInitial: number; meanFinal: number }>;
  isFused: boolean;
  /** reset() then the same run again: identical spikes and weights. */
  rerunIdentical: boolean;
}

export async function plasticVsOracle(ctx: GpuContext, a: PlasticCaseArgs): Promise<PlasticCaseResult> {
  const network = plasticNetwork(a);
  const record = network.populations.map((p) => p.name);
  const bits = a.inputFractionBits ?? 16;
  const sim = await Simulator.build(ctx, network, { dt: DT, batch: a.batch, seed: a.seed, fused: a.fused ?? 'auto', inputFractionBits: bits });
  const plastic = network.projections.filter((p) => p.synapse !== undefined).map((p) => p.name);
  const initial = Object.fromEntries(await Promise.all(plastic.map(async (n) => [n, (await sim.weights(n)).weights] as const)));
  const run = await sim.run({ steps: a.steps, record });
  const final = Object.fromEntries(await Promise.all(plastic.map(async (n) => [n, await sim.weights(n)] as const)));
  const oracle = new NetworkOracle(network, { dt: DT, batch: a.batch, seed: a.seed, inputFractionBits: bits });
  const res: PlasticCaseResult = { spikes: {}, mismatchedSteps: 0, firstMismatch: '', weights: {}, isFused: sim.isFused, rerunIdentical: true };
  for (let t = 0; t < a.steps; t++) {
    compareStepSpikes(run, t, t, oracle.advance(), record, a.batch, res);
  }
  for (const name of record) res.spikes[name] = Array.from({ length: a.batch }, (_, b) => run.spikes[name]!.totalSpikes(b)).reduce((x, y) => x + y, 0);
  network.projections.forEach((p, i) => {
    const o = oracle.plastic[i];
    if (!o) return;
    const want = o.weights();
    const got = final[p.name]!.weights;
    const wMax = o.rule.wMax;
    let maxAbs = 0;
    let changed = 0;
    const init = initial[p.name]!;
    for (let k = 0; k < want.length; k++) {
      maxAbs = Math.max(maxAbs, Math.abs(got[k]! - want[k]!));
      if (got[k] !== init[k]) changed++;
    }
    const mean = (x: Float32Array) => x.reduce((s, v) => s + v, 0) / x.length;
    res.weights[p.name] = { synapses: final[p.name]!.pre.length, maxAbs, maxRel: maxAbs / wMax, changed, meanInitial: mean(init), meanFinal: mean(got) };
    if (got.length !== want.length) res.weights[p.name]!.maxAbs = Infinity;
  });
  // reset(): initial weights, empty traces and rings: the same run again gives the same spikes and weights.
  sim.reset();
  const again = await sim.run({ steps: a.steps, record });
  for (const name of record) if (!again.spikes[name]!.bits.every((w, k) => w === run.spikes[name]!.bits[k])) res.rerunIdentical = false;
  for (const n of plastic) if (!(await sim.weights(n)).weights.every((w, k) => Object.is(w, final[n]!.weights[k]))) res.rerunIdentical = false;
  sim.destroy();
  return res;
}

export interface WindowArgs {
  dt: number;
  pairing: 'allToAll' | 'nearest';
  tauPlus: number;
  tauMinus: number;
  aPlus: number;
  aMinus: number;
  /** Axonal delay (ms, >= dt) and dendritic delay (ms, >= 0) of the plastic projection. */
  delayMs: number;
  dendriticDelayMs: number;
}

/**
 * One postsynaptic spike at step T (forced by a strong input), and presynaptic neuron k spiking once
 * at T - offset_k, offset from -100 to 100 ms in 1 ms steps: each synapse sees one pair. Returns, per
 * synapse, the pair's time difference as the synapse sees it (post arrival minus pre arrival) and its
 * weight change (from w = 0, bounds +-1).
 */
export async function stdpWindow(ctx: GpuContext, a: WindowArgs): Promise<{ dtMs: number[]; dw: number[]; postSpikes: number }> {
  const offsets = Array.from({ length: 201 }, (_, k) => k - 100);
  const stepOf = (ms: number) => Math.round(ms / a.dt);
  const tPost = 150; // ms: the post neuron's only spike
  const network: NetworkModel = {
    populations: [
      { name: 'pre', model: 'spikeArray', size: offsets.length, params: { times: offsets.map((o) => tPost - o), indices: offsets.map((_, k) => k) } },
      { name: 'drive', model: 'spikeArray', size: 1, params: { times: [tPost - a.dt], indices: [0] } },
      // Direct input (tauSyn 0), a threshold 10 mV above rest: only the drive's 5000 nA crosses it; long refractoriness: one spike.
      { name: 'post', model: 'lif', size: 1, params: { tauMem: 10, vRest: 0, vReset: 0, vThreshold: 10, tauSynExc: 0, tauSynInh: 0, refractoryMs: 1000 } },
    ],
    projections: [
      { name: 'drive', pre: 'drive', post: 'post', target: 'exc', connectivity: { rule: 'allToAll' }, weight: 5000 },
      { name: 'learn', pre: 'pre', post: 'post', target: 'exc', connectivity: { rule: 'allToAll' }, weight: 0, delayMs: a.delayMs,
        synapse: { rule: 'stdp', wMin: -1, wMax: 1, pairing: a.pairing, tauPlus: a.tauPlus, tauMinus: a.tauMinus, aPlus: a.aPlus, aMinus: a.aMinus, dendriticDelayMs: a.dendriticDelayMs } },
    ],
  };
  const sim = await Simulator.build(ctx, network, { dt: a.dt });
  const r = await sim.run({ durationMs: 300, record: ['post'] });
  const w = await sim.weights('learn');
  sim.destroy();
  // The synapse sees the pre spike D - 1 steps after emission and the post spike D' steps after it.
  const D = stepOf(a.delayMs);
  const Dd = stepOf(a.dendriticDelayMs);
  const postStep = stepOf(tPost);
  const dtMs = Array.from(w.pre, (k) => ((postStep + Dd) - (stepOf(tPost - offsets[k]!) + D - 1)) * a.dt);
  return { dtMs, dw: Array.from(w.weights), postSpikes: r.spikes.post!.totalSpikes() };
}
