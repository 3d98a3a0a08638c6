/**
 * The neuron group (one dispatch for many neuron populations, host/sim/neuron-group.ts) against one
 * dispatch per population (BuildInternals.groupNeurons false): the same network, seed and sequence
 * of calls must give bit-identical spikes, probes, states and event counters. The network mixes
 * every built-in neuron model, reset and input variants, scalar and per-neuron parameters, a model
 * written as equations with noise, and a Poisson source (a member of the group too).
 */
import type { GpuContext } from '../../host/gpu/context';
import type { NetworkModel, ProjectionModel } from '../../host/model/network';
import { EQUATION_LIBRARY } from '../../host/equations/library/index';
import { Simulator } from '../../host/sim/simulator';
import { testRandom, uniformIn } from './common';

export interface GroupVsSoloArgs {
  seed: number;
  batch: number;
  steps: number;
  /** Caps each input arena (BuildInternals.arenaBytes): populations in different arenas make several groups. */
  arenaBytes?: number;
}

export interface GroupVsSoloResult {
  /** Simulator.neuronDispatches of the grouped and the per-population build, each dispatch's populations comma-separated. */
  grouped: string[];
  solo: string[];
  /** Commands per step of a plain run, grouped and per population (RunProfile.commandsPerStep). */
  commandsGrouped: number;
  commandsSolo: number;
  /** Everything that differs (must be empty). */
  differences: string[];
  spikes: Record<string, number>;
}

/** Eight populations: a Poisson source and seven neuron populations of six models and variants. */
export function groupNetwork(seed: number): NetworkModel {
  const r = testRandom(seed);
  const per = (n: number, lo: number, hi: number) => Array.from({ length: n }, () => uniformIn(r, lo, hi));
  const populations: NetworkModel['populations'] = [
    { name: 'input', model: 'poisson', size: 40, params: { rates: per(40, 5, 60) } },
    { name: 'exc', model: 'lif', size: 101, params: { refractoryMs: 2, biasCurrent: per(101, 14, 22), poissonRateHz: 800, poissonWeight: 0.6 } },
    { name: 'soft', model: 'lif', size: 33, params: { reset: 'soft', biasCurrent: 18 } },
    { name: 'izh', model: 'izhikevich', size: 37, params: { a: 0.1, b: 0.2, c: -65, d: 2, biasCurrent: 4, noiseSd: 2 } },
    { name: 'cond', model: 'lifCond', size: 50, params: { biasCurrent: per(50, 0.08, 0.14) } },
    { name: 'adapt', model: 'alif', size: 20, params: { beta: 1.5, tauAdapt: 200, biasCurrent: 22 } },
    { name: 'iaf', model: 'iaf', size: 10, params: { biasCurrent: per(10, 0.5, 1.5) } },
    { name: 'eq', model: EQUATION_LIBRARY.izhikevichNoise, size: 24, params: { a: 0.1, b: 0.2, c: -65, d: 2, biasCurrent: per(24, 3, 6), noiseSd: 2 } },
  ];
  const to = (pre: string, post: string, target: 'exc' | 'inh', weight: number, p = 0.15): ProjectionModel => ({
    name: `${pre}->${post}`, pre, post, target, connectivity: { rule: 'fixedProbability', p }, weight: { dist: 'uniform', low: Math.min(0.5 * weight, weight), high: Math.max(0.5 * weight, weight) },
    delayMs: { dist: 'uniform', low: 0.5, high: 3 },
  });
  return {
    populations,
    projections: [
      to('input', 'exc', 'exc', 3), to('input', 'izh', 'exc', 4), to('input', 'adapt', 'exc', 3), to('input', 'iaf', 'exc', 0.5),
      to('exc', 'soft', 'exc', 2), to('exc', 'cond', 'exc', 0.01), to('exc', 'eq', 'exc', 3), to('izh', 'exc', 'inh', -0.5),
      to('soft', 'exc', 'exc', 1), to('eq', 'izh', 'exc', 2), to('adapt', 'iaf', 'inh', -0.3), to('cond', 'exc', 'inh', -0.2),
    ],
  };
}

const bitsOf = (a: Float32Array | Int32Array): number[] => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

export async function groupVsSolo(ctx: GpuContext, args: GroupVsSoloArgs): Promise<GroupVsSoloResult> {
  const network = groupNetwork(args.seed);
  const dt = 0.5;
  const names = network.populations.map((p) => p.name);
  const neurons = names.filter((n) => n !== 'input');
  const seen: Record<string, unknown>[] = [];
  const out: GroupVsSoloResult = { grouped: [], solo: [], commandsGrouped: 0, commandsSolo: 0, differences: [], spikes: {} };
  for (const groupNeurons of [true, false]) {
    const sim = await Simulator.build(ctx, network, { dt, batch: args.batch, seed: args.seed, fused: 'off' },
      { groupNeurons, ...(args.arenaBytes !== undefined ? { arenaBytes: args.arenaBytes } : {}) });
    const dispatches = sim.neuronDispatches.map((d) => d.join(', '));
    // Commands of a plain run (nothing recorded), then the runs compared.
    const r0 = await sim.run({ steps: 20, countCommands: true });
    const r1 = await sim.run({ steps: args.steps, record: names });
    // Probes (one pass per step), a parameter change, state written by the host, then a reset.
    const r2 = await sim.run({ steps: 41, probes: [{ population: 'adapt', variable: 'v', neurons: [0, 5, 19], every: 3 }, { population: 'eq', variable: 'u', neurons: [0, 23] }], record: ['exc', 'eq'] });
    sim.population('soft').setParams({ reset: 'soft', biasCurrent: 25 });
    sim.population('input').setParams({ rates: 30 });
    const cond = await sim.population('cond').readState();
    await sim.population('cond').writeState({ v: Array.from(cond.v!, (v, i) => (i % 3 === 0 ? -52 : v)) });
    const r3 = await sim.run({ steps: 300, record: names });
    const counters = await sim.readCounters();
    const state: Record<string, number[]> = {};
    for (const n of neurons) for (const [k, v] of Object.entries(await sim.population(n).readState())) state[`${n}.${k}`] = bitsOf(v);
    sim.reset();
    const r4 = await sim.run({ steps: 200, record: names });
    seen.push({
      spikes1: Object.fromEntries(names.map((n) => [n, Array.from(r1.spikes[n]!.bits)])),
      probes2: Object.fromEntries(Object.entries(r2.probes).map(([k, p]) => [k, Array.from(p.values)])),
      spikes2: Object.fromEntries(['exc', 'eq'].map((n) => [n, Array.from(r2.spikes[n]!.bits)])),
      spikes3: Object.fromEntries(names.map((n) => [n, Array.from(r3.spikes[n]!.bits)])),
      counters, state,
      spikes4: Object.fromEntries(names.map((n) => [n, Array.from(r4.spikes[n]!.bits)])),
    });
    if (groupNeurons) {
      out.grouped = dispatches;
      out.commandsGrouped = r0.profile.commandsPerStep ?? -1;
      out.spikes = Object.fromEntries(Object.entries(counters.populations).map(([n, p]) => [n, p.spikes]));
    } else {
      out.solo = dispatches;
      out.commandsSolo = r0.profile.commandsPerStep ?? -1;
    }
    sim.destroy();
  }
  const [a, b] = seen as [Record<string, unknown>, Record<string, unknown>];
  for (const k of Object.keys(a)) if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) out.differences.push(k);
  return out;
}
