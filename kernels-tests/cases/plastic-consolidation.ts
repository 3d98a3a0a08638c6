/** Importance-gated consolidation of plastic synapses (synapse.consolidation): equality with the oracle, and retention of a first pattern. */
import type { GpuContext } from '../../host/gpu/context';
import type { NetworkModel } from '../../host/model/network';
import { Simulator } from '../../host/sim/simulator';
import { randomWords, uniform01 } from '../../host/random/philox';
import { NetworkOracle } from '../oracle/network';
import { compareStepSpikes, errorRecorder, sortedSpikes } from './common';
import { structuralNetwork } from './structural';

const DT = 0.5;

/**
 * The structural test network with consolidation on both plastic projections (in->exc also rewires):
 * runs, consolidates (GPU and oracle), runs again; every step's spikes, the weights and the three
 * consolidation variables equal the oracle's.
 */
export async function plasticConsolidationVsOracle(ctx: GpuContext, a: { seed: number; batch: number; strength: number; steps: number }): Promise<unknown> {
  const base = structuralNetwork({ seed: a.seed, batch: a.batch, rewirings: 1, everyMs: 50, capacityExtra: 1 });
  const network: NetworkModel = { ...base, projections: base.projections.map((p) => (p.synapse && p.synapse !== 'static' ? { ...p, synapse: { ...p.synapse, consolidation: { strength: a.strength } } } : p)) };
  const record = network.populations.map((p) => p.name);
  const sim = await Simulator.build(ctx, network, { dt: DT, batch: a.batch, seed: a.seed });
  const oracle = new NetworkOracle(network, { dt: DT, batch: a.batch, seed: a.seed });
  const res = { mismatchedSteps: 0, firstMismatch: '', maxAbs: {} as Record<string, number>, gated: 0, importance: 0 };
  const plastic = network.projections.map((p, i) => ({ name: p.name, i })).filter(({ i }) => oracle.plastic[i]);
  let t = 0;
  for (let phase = 0; phase < 3; phase++) {
    const run = await sim.run({ steps: a.steps, record });
    for (let s = 0; s < a.steps; s++, t++) compareStepSpikes(run, s, t, oracle.advance(), record, a.batch, res);
    if (phase < 2) {
      for (const { name, i } of plastic) {
        await sim.consolidate(name);
        oracle.plastic[i]!.consolidate(a.strength);
      }
    }
  }
  for (const { name, i } of plastic) {
    const o = oracle.plastic[i]!;
    for (const v of ['w', 'change', 'importance', 'gate']) {
      const got = v === 'w' ? (await sim.weights(name)).weights : await sim.synapseVariable(name, v);
      const want = o.weights(v);
      let m = got.length === want.length ? 0 : Infinity;
      for (let k = 0; k < want.length && m !== Infinity; k++) m = Math.max(m, Math.abs(got[k]! - want[k]!));
      res.maxAbs[`${name}.${v}`] = m;
      if (v === 'gate') res.gated += got.filter((g) => g < 1).length;
      if (v === 'importance') res.importance += got.filter((x) => x > 0).length;
    }
  }
  sim.destroy();
  return res;
}

/**
 * Retention: 40 inputs onto 10 neurons driven by a teacher at events; inputs 0-19 (pattern A) fire with
 * the events for `phaseMs`, then inputs 20-39 (pattern B) do while A fires at random. STDP potentiates
 * the pattern of the phase and depresses the rest. With consolidation after phase A, A's potentiated
 * synapses are protected during B. Returns the mean weights of A's and B's synapses after each phase.
 */
export async function plasticRetention(ctx: GpuContext, a: { strength: number | null; phaseMs: number; seed: number }): Promise<{ afterA: number[]; afterB: number[] }> {
  const input = { times: [] as number[], indices: [] as number[] };
  const teacher = { times: [] as number[], indices: [] as number[] };
  let draw = 0;
  const u = () => uniform01(randomWords(a.seed, 0x5400, 0, draw++)[0]);
  for (let phase = 0; phase < 2; phase++) {
    for (let t = phase * a.phaseMs + 5; t < (phase + 1) * a.phaseMs - 10; t += -Math.log(u()) * 100) {
      for (let k = 0; k < 20; k++) if (u() < 0.6) { input.times.push(t + 2 * u()); input.indices.push(phase * 20 + k); }
      for (let k = 0; k < 10; k++) { teacher.times.push(t + 4); teacher.indices.push(k); }
    }
  }
  for (let i = 0; i < 40; i++) for (let t = -Math.log(u()) * 200; t < 2 * a.phaseMs; t += -Math.log(u()) * 200) { input.times.push(t); input.indices.push(i); }
  const network: NetworkModel = {
    populations: [
      { name: 'input', model: 'spikeArray', size: 40, params: sortedSpikes(input) },
      { name: 'teacher', model: 'spikeArray', size: 10, params: sortedSpikes(teacher) },
      { name: 'out', model: 'lif', size: 10, params: { tauMem: 20, vRest: -65, vThreshold: -50, vReset: -65, refractoryMs: 2, tauSynExc: 5 } },
    ],
    projections: [
      { name: 'teacher->out', pre: 'teacher', post: 'out', target: 'exc', connectivity: { rule: 'oneToOne' }, weight: 120, delayMs: 0.5 },
      { name: 'input->out', pre: 'input', post: 'out', target: 'exc', connectivity: { rule: 'allToAll' }, storage: 'sparse', weight: 0.5, delayMs: 0.5,
        synapse: { rule: 'stdp', wMin: 0, wMax: 1, tauPlus: 20, tauMinus: 20, aPlus: 0.02, aMinus: 0.025, ...(a.strength !== null ? { consolidation: { strength: a.strength } } : {}) } },
    ],
  };
  const sim = await Simulator.build(ctx, network, { dt: DT, seed: a.seed });
  const means = async () => {
    const w = await sim.weights('input->out');
    const sum = [0, 0];
    w.pre.forEach((i, k) => { sum[i < 20 ? 0 : 1] = sum[i < 20 ? 0 : 1]! + w.weights[k]!; });
    return sum.map((x) => x / (w.pre.length / 2));
  };
  await sim.run({ durationMs: a.phaseMs });
  const afterA = await means();
  if (a.strength !== null) await sim.consolidate('input->out');
  await sim.run({ durationMs: a.phaseMs });
  const afterB = await means();
  sim.destroy();
  return { afterA, afterB };
}

/** Bad input: each error's name and message. */
export async function plasticConsolidationBadInput(ctx: GpuContext): Promise<unknown> {
  const { out, attempt } = errorRecorder();
  const base = structuralNetwork({ seed: 1, batch: 1, rewirings: 1, everyMs: 50, capacityExtra: 0 });
  const withConsolidation = (c: unknown): NetworkModel => ({ ...base, projections: base.projections.map((p, i) => (i === 1 ? { ...p, synapse: { rule: 'stdp', wMin: 0, wMax: 1, consolidation: c as never } } : p)) });
  await attempt('negative strength', async () => (await Simulator.build(ctx, withConsolidation({ strength: -1 }), { dt: DT })).destroy());
  await attempt('unknown field', async () => (await Simulator.build(ctx, withConsolidation({ strength: 1, rate: 2 }), { dt: DT })).destroy());
  const sim = await Simulator.build(ctx, base, { dt: DT });
  try {
    await attempt('consolidate without the option', () => sim.consolidate('exc->exc'));
    await attempt('consolidate a static projection', () => sim.consolidate('exc->inh'));
  } finally {
    sim.destroy();
  }
  return out;
}
