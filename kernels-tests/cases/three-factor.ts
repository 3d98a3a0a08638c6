/**
 * Three-factor rules (rstdp, mstdpet, mstdp) on the GPU against the oracle, with every source of the
 * neuromodulator: a decaying modulator driven by a "dopamine" Poisson population and by events in the
 * model, then, half way, host writes (setModulator, one value per instance) and scheduled events
 * (scheduleModulator, one for every instance and one 'set' for instance 1). Every step's spikes, the
 * final weights, the eligibility traces and M must be identical.
 */
import type { GpuContext } from '../../host/gpu/context';
import { resolveEvents, type ModulatorEvent, type ModulatorSpec } from '../../host/learn/modulator';
import type { PlasticSynapse } from '../../host/learn/plasticity';
import type { NetworkModel } from '../../host/model/network';
import { Simulator } from '../../host/sim/simulator';
import { NetworkOracle } from '../oracle/network';
import { compareStepSpikes } from './common';
import { plasticNetwork } from './plastic';

export interface ThreeFactorArgs {
  seed: number;
  steps: number;
  batch: number;
  /** The rule and its parameters, without wMin / wMax (set per projection here). */
  synapse: PlasticSynapse;
  /** The synapse variable to compare besides w ('c', 'z'; none for mstdp). */
  variable?: string;
  storage: 'sparse' | 'dense';
}

const DT = 0.5;

/** plastic.ts's network (Poisson -> exc <-> inh, plastic input and recurrent projections) with modulated rules and a dopamine population. */
export function threeFactorNetwork(a: ThreeFactorArgs): NetworkModel {
  const n = plasticNetwork({ seed: a.seed, steps: a.steps, batch: a.batch, sizes: [37, 45, 13], storage: a.storage, dependence: 'additive', pairing: 'allToAll', delayMs: 1, dendriticDelayMs: 0 });
  const modulated = (wMax: number, modulator: ModulatorSpec): PlasticSynapse => ({ ...a.synapse, wMin: 0, wMax, modulator });
  n.populations.push({ name: 'dopa', model: 'poisson', size: 5, params: { rates: 20 } });
  n.projections[0] = { ...n.projections[0]!, synapse: modulated(4, { tauMs: 50, population: 'dopa', perSpike: 0.2, baseline: 0.05, events: [{ timeMs: 100, amount: 1 }, { timeMs: 300.5, amount: -0.5, instance: 0 }] }) };
  n.projections[1] = { ...n.projections[1]!, synapse: modulated(1, { initial: 0.5 }) };
  return n;
}

export interface ThreeFactorResult {
  spikes: Record<string, number>;
  mismatchedSteps: number;
  firstMismatch: string;
  /** Per plastic projection: largest |GPU - oracle| of w and of the variable, the weights that moved, M on both. */
  projections: Record<string, { synapses: number; maxW: number; maxVar: number; changed: number; gpuM: number[]; oracleM: number[] }>;
}

export async function threeFactorVsOracle(ctx: GpuContext, a: ThreeFactorArgs): Promise<ThreeFactorResult> {
  const network = threeFactorNetwork(a);
  const record = ['input', 'exc', 'inh'];
  const sim = await Simulator.build(ctx, network, { dt: DT, batch: a.batch, seed: a.seed });
  const oracle = new NetworkOracle(network, { dt: DT, batch: a.batch, seed: a.seed });
  const plastic = ['in->exc', 'exc->exc'];
  const initial = Object.fromEntries(await Promise.all(plastic.map(async (n) => [n, (await sim.weights(n)).weights] as const)));
  const half = Math.floor(a.steps / 2);
  const res: ThreeFactorResult = { spikes: {}, mismatchedSteps: 0, firstMismatch: '', projections: {} };
  const compare = (run: Awaited<ReturnType<Simulator['run']>>, from: number, to: number) => {
    for (let t = from; t < to; t++) {
      const expected = oracle.advance();
      compareStepSpikes(run, t - from, t, expected, record, a.batch, res);
      for (const name of record) res.spikes[name] = (res.spikes[name] ?? 0) + expected[name]!.reduce((x, list) => x + list.length, 0);
    }
  };
  compare(await sim.run({ steps: half, record }), 0, half);
  // Half way: host writes and scheduled events, on the GPU and in the oracle at the same step.
  const values = Array.from({ length: a.batch }, (_, b) => 0.3 - 0.5 * b);
  sim.setModulator('in->exc', values);
  oracle.plastic[0]!.modulator!.set(values.map(Math.fround));
  const now = sim.stepCount * DT;
  const events: ModulatorEvent[] = [{ timeMs: now + 5, amount: 0.5 }, { timeMs: now + 7, amount: 1, instance: a.batch - 1, mode: 'set' }, { timeMs: now + 5, amount: 0.25, mode: 'add' }];
  sim.scheduleModulator('exc->exc', events);
  oracle.plastic[1]!.modulator!.schedule(resolveEvents('oracle', 'events', events, DT, a.batch, sim.stepCount));
  compare(await sim.run({ steps: a.steps - half, record }), half, a.steps);
  for (const [k, name] of plastic.entries()) {
    const o = oracle.plastic[k]!;
    const got = await sim.weights(name);
    const want = o.weights();
    const init = initial[name]!;
    let maxW = 0;
    let changed = 0;
    for (let s = 0; s < want.length; s++) {
      maxW = Math.max(maxW, Math.abs(got.weights[s]! - want[s]!));
      if (got.weights[s] !== init[s]) changed++;
    }
    if (got.weights.length !== want.length) maxW = Infinity;
    let maxVar = 0;
    if (a.variable) {
      const v = await sim.synapseVariable(name, a.variable);
      const ov = o.weights(a.variable);
      for (let s = 0; s < ov.length; s++) maxVar = Math.max(maxVar, Math.abs(v[s]! - ov[s]!));
    }
    res.projections[name] = { synapses: got.pre.length, maxW, maxVar, changed, gpuM: Array.from(await sim.modulator(name)), oracleM: Array.from(o.modulator!.M) };
  }
  sim.destroy();
  return res;
}
