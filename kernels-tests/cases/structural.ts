/** GPU cases of the structural kernel (structural plasticity of plastic projections): equality with the oracle, index consistency, bad input. */
import type { GpuContext } from '../../host/gpu/context';
import type { NetworkModel } from '../../host/model/network';
import { PlasticProjection } from '../../host/sim/plastic-projection';
import { Simulator } from '../../host/sim/simulator';
import { NetworkOracle } from '../oracle/network';
import { compareStepSpikes, errorRecorder, testRandom, uniformIn } from './common';

const DT = 0.5;

export interface StructuralArgs {
  seed: number;
  batch: number;
  /** Rewirings: each `everyMs` of model time. */
  rewirings: number;
  everyMs: number;
  capacityExtra: number;
}

/** Poisson -> LIF (plastic, structural) and LIF -> LIF (plastic, structural, no autapses), static E/I loops. */
export function structuralNetwork(a: StructuralArgs): NetworkModel {
  const r = testRandom(a.seed);
  const stdp = (wMax: number) => ({ rule: 'stdp', wMin: 0, wMax, tauPlus: 16.8, tauMinus: 33.7, aPlus: 0.05 * wMax, aMinus: 0.06 * wMax });
  return {
    populations: [
      { name: 'input', model: 'poisson', size: 37, params: { rates: Array.from({ length: 37 }, () => uniformIn(r, 10, 60)) } },
      { name: 'exc', model: 'lif', size: 45, params: { tauMem: 20, vRest: -65, vThreshold: -50, vReset: -65, refractoryMs: 2, tauSynExc: 5, tauSynInh: 10, biasCurrent: Array.from({ length: 45 }, () => uniformIn(r, 10, 16)) } },
      { name: 'inh', model: 'lif', size: 13, params: { tauMem: 10, vRest: -65, vThreshold: -52, vReset: -65, biasCurrent: 12 } },
    ],
    projections: [
      { name: 'in->exc', pre: 'input', post: 'exc', target: 'exc', connectivity: { rule: 'fixedOutDegree', k: 9 }, weight: { dist: 'uniform', low: 0.5, high: 3 }, delayMs: 1,
        synapse: { ...stdp(4), structural: { everyMs: a.everyMs, pruneBelow: 1.2, regrowWeight: 1.5, capacity: 9 + a.capacityExtra } } },
      { name: 'exc->exc', pre: 'exc', post: 'exc', target: 'exc', connectivity: { rule: 'fixedOutDegree', k: 6 }, weight: { dist: 'uniform', low: 0, high: 0.6 }, delayMs: 1.5,
        synapse: { ...stdp(1), structural: { everyMs: a.everyMs * 2, pruneBelow: 0.25, regrowWeight: 0.3, capacity: 6 + a.capacityExtra } } },
      { name: 'exc->inh', pre: 'exc', post: 'inh', target: 'exc', connectivity: { rule: 'fixedProbability', p: 0.4 }, weight: 2, delayMs: 1 },
      { name: 'inh->exc', pre: 'inh', post: 'exc', target: 'inh', connectivity: { rule: 'fixedProbability', p: 0.5 }, weight: -2, delayMs: 1 },
    ],
  };
}

/**
 * Runs `rewirings` intervals; after each (a rewiring of in->exc; every second one also of exc->exc) checks
 * the GPU's transposed index against its rows; at the end compares every step's spikes, the synapse
 * lists and the weights with the network oracle.
 */
export async function structuralVsOracle(ctx: GpuContext, a: StructuralArgs): Promise<unknown> {
  const network = structuralNetwork(a);
  const record = network.populations.map((p) => p.name);
  const sim = await Simulator.build(ctx, network, { dt: DT, batch: a.batch, seed: a.seed });
  const oracle = new NetworkOracle(network, { dt: DT, batch: a.batch, seed: a.seed });
  const res = { mismatchedSteps: 0, firstMismatch: '', indexErrors: [] as string[], synapseListsEqual: true, maxAbs: 0, pruned: 0, grown: 0, rowsFull: 0, rows: 0, synapses: {} as Record<string, number[]> };
  const plastic = sim.projections.filter((p): p is PlasticProjection => p instanceof PlasticProjection);
  const before = Object.fromEntries(await Promise.all(plastic.map(async (p) => [p.name, await sim.weights(p.name)] as const)));
  const steps = Math.round(a.everyMs / DT);
  let t = 0;
  for (let k = 0; k < a.rewirings; k++) {
    const run = await sim.run({ steps, record });
    for (let s = 0; s < steps; s++, t++) compareStepSpikes(run, s, t, oracle.advance(), record, a.batch, res);
    for (const p of plastic) {
      const st = await p.readStructure();
      const { nPre, nPost, maxRow } = p.rows;
      // Every synapse of the rows appears once in its column, and nothing else does.
      const want = Array.from({ length: nPost }, () => [] as number[]);
      for (let i = 0; i < nPre; i++) for (let s = 0; s < st.rowLength[i]!; s++) want[st.ind[i * maxRow + s]!]!.push(i * maxRow + s);
      for (let j = 0; j < nPost; j++) {
        const got = Array.from(st.colPos.subarray(st.colPtr[j]!, st.colPtr[j + 1]!)).sort((x, y) => x - y);
        if (got.join() !== want[j]!.join()) res.indexErrors.push(`${p.name} after interval ${k}: column ${j} holds [${got}], its synapses are [${want[j]}]`);
      }
      (res.synapses[p.name] ??= []).push(st.rowLength.reduce((x, y) => x + y, 0));
    }
  }
  for (const p of plastic) {
    const o = oracle.plastic[sim.projections.indexOf(p)]!;
    const got = await sim.weights(p.name);
    const list = o.synapseList();
    if (Array.from(got.pre).join() !== list.pre.join() || Array.from(got.post).join() !== list.post.join()) res.synapseListsEqual = false;
    const want = o.weights();
    if (want.length !== got.weights.length) res.maxAbs = Infinity;
    else for (let k = 0; k < want.length; k++) res.maxAbs = Math.max(res.maxAbs, Math.abs(want[k]! - got.weights[k]!));
    // Turnover: initial synapses gone, new ones present.
    const key = (pre: ArrayLike<number>, post: ArrayLike<number>) => new Set(Array.from(pre, (i, n) => `${i}>${post[n]}`));
    const start = key(before[p.name]!.pre, before[p.name]!.post);
    const end = key(got.pre, got.post);
    res.pruned += [...start].filter((x) => !end.has(x)).length;
    res.grown += [...end].filter((x) => !start.has(x)).length;
    const rows = await p.readStructure();
    res.rows += rows.rowLength.length;
    res.rowsFull += rows.rowLength.filter((n) => n === p.rows.maxRow).length;
  }
  // reset(): the initial rows, columns and weights; the same run again gives the same spikes.
  sim.reset();
  const first = Object.fromEntries(await Promise.all(plastic.map(async (p) => [p.name, await sim.weights(p.name)] as const)));
  (res as Record<string, unknown>).resetRestores = plastic.every((p) => Array.from(first[p.name]!.pre).join() === Array.from(before[p.name]!.pre).join()
    && Array.from(first[p.name]!.weights).join() === Array.from(before[p.name]!.weights).join());
  sim.destroy();
  return res;
}

/** Bad input around structural plasticity: each error's name and message. */
export async function structuralBadInput(ctx: GpuContext): Promise<unknown> {
  const { out, attempt } = errorRecorder();
  const base = structuralNetwork({ seed: 1, batch: 1, rewirings: 1, everyMs: 10, capacityExtra: 0 });
  const withSynapse = (structural: Record<string, unknown>, extra: Record<string, unknown> = {}): NetworkModel => ({ // structural: bad on purpose
    ...base, projections: base.projections.map((p, i) => (i === 0 ? { ...p, ...extra, synapse: { rule: 'stdp', wMin: 0, wMax: 4, structural: structural as never } } : p)),
  });
  const build = (n: NetworkModel) => async () => (await Simulator.build(ctx, n, { dt: DT })).destroy();
  await attempt('capacity below the longest row', build(withSynapse({ everyMs: 10, pruneBelow: 1, capacity: 1 })));
  await attempt('capacity above the targets', build(withSynapse({ everyMs: 10, pruneBelow: 1, capacity: 46 })));
  await attempt('pruneBelow outside the bounds', build(withSynapse({ everyMs: 10, pruneBelow: 5 })));
  await attempt('everyMs below a step', build(withSynapse({ everyMs: 0.1, pruneBelow: 1 })));
  await attempt('unknown field', build(withSynapse({ everyMs: 10, pruneBelow: 1, growth: 2 })));
  await attempt('dense storage', build(withSynapse({ everyMs: 10, pruneBelow: 1 }, { connectivity: { rule: 'allToAll' }, storage: 'dense' })));
  const sim = await Simulator.build(ctx, base, { dt: DT });
  try {
    await attempt('setWeights', async () => sim.setWeights('in->exc', [1]));
  } finally {
    sim.destroy();
  }
  return out;
}
