/**
 * `npm run bench -- structural`: structural plasticity (shaders/structural.wgsl.ts).
 *  1. Where rewiring helps: 4 groups of 25 inputs, each group firing in shared events (5 Hz), and 40
 *     neurons of which 10 per group are driven by a teacher 4 ms after their group's events. Each input
 *     starts with 4 random targets; STDP strengthens the synapses onto neurons of its own group and
 *     weakens the others. Without rewiring a synapse stays where it started (a quarter within the
 *     group); with pruning and regrowth the weakened ones keep moving until they land in the group.
 *  2. The cost: wall time of the same network with a rewiring every step, every 10 ms, and never.
 */
import type { GpuContext } from '../host/gpu/context';
import type { NetworkModel } from '../host/model/network';
import { Simulator } from '../host/sim/simulator';
import { randomWords, uniform01 } from '../host/random/philox';
import { sortedSpikes } from '../kernels-tests/cases/common';

const DT = 0.5;
const GROUPS = 4;
const PER_GROUP_IN = 25;
const PER_GROUP_OUT = 10;

/** Input and teacher spike lists for `ms` of model time (seeded). */
function drive(ms: number, seed: number): { input: { times: number[]; indices: number[] }; teacher: { times: number[]; indices: number[] } } {
  const input = { times: [] as number[], indices: [] as number[] };
  const teacher = { times: [] as number[], indices: [] as number[] };
  let draw = 0;
  const u = () => uniform01(randomWords(seed, 0x5300, 0, draw++)[0]);
  for (let g = 0; g < GROUPS; g++) {
    for (let t = -Math.log(u()) * 200; t < ms - 10; t += -Math.log(u()) * 200) { // group events at 5 Hz
      for (let k = 0; k < PER_GROUP_IN; k++) if (u() < 0.6) { input.times.push(t + 2 * u()); input.indices.push(g * PER_GROUP_IN + k); }
      for (let k = 0; k < PER_GROUP_OUT; k++) { teacher.times.push(t + 4); teacher.indices.push(g * PER_GROUP_OUT + k); }
    }
  }
  for (let i = 0; i < GROUPS * PER_GROUP_IN; i++) {
    for (let t = -Math.log(u()) * 500; t < ms; t += -Math.log(u()) * 500) { input.times.push(t); input.indices.push(i); } // 2 Hz background
  }
  return { input: sortedSpikes(input), teacher: sortedSpikes(teacher) };
}

export function groupsNetwork(ms: number, structural: { everyMs: number } | null, seed = 1): NetworkModel {
  const d = drive(ms, seed);
  return {
    populations: [
      { name: 'input', model: 'spikeArray', size: GROUPS * PER_GROUP_IN, params: d.input },
      { name: 'teacher', model: 'spikeArray', size: GROUPS * PER_GROUP_OUT, params: d.teacher },
      { name: 'out', model: 'lif', size: GROUPS * PER_GROUP_OUT, params: { tauMem: 20, vRest: -65, vThreshold: -50, vReset: -65, refractoryMs: 2, tauSynExc: 5 } },
    ],
    projections: [
      { name: 'teacher->out', pre: 'teacher', post: 'out', target: 'exc', connectivity: { rule: 'oneToOne' }, weight: 120, delayMs: 0.5 },
      { name: 'input->out', pre: 'input', post: 'out', target: 'exc', connectivity: { rule: 'fixedOutDegree', k: 4 }, weight: { dist: 'uniform', low: 0.3, high: 0.6 }, delayMs: 0.5,
        synapse: { rule: 'stdp', wMin: 0, wMax: 2, tauPlus: 20, tauMinus: 20, aPlus: 0.05, aMinus: 0.075, ...(structural ? { structural: { everyMs: structural.everyMs, pruneBelow: 0.2, regrowWeight: 0.3 } } : {}) } },
    ],
  };
}

/** Within-group share of the synapses and of the weight, every `everyS` seconds, with and without rewiring. */
export async function benchStructural(ctx: GpuContext, seconds = 60): Promise<string> {
  const everyS = seconds / 6;
  const rows: string[] = [
    '| model time (s) | no rewiring: within-group synapses | no rewiring: within-group weight (sum, share) | rewiring: within-group synapses | rewiring: within-group weight (sum, share) |',
    '|---|---|---|---|---|',
  ];
  const share = (w: { pre: Uint32Array; post: Uint32Array; weights: Float32Array }) => {
    let n = 0;
    let wIn = 0;
    let wAll = 0;
    w.pre.forEach((i, k) => {
      const inside = Math.floor(i / PER_GROUP_IN) === Math.floor(w.post[k]! / PER_GROUP_OUT);
      if (inside) { n++; wIn += w.weights[k]!; }
      wAll += w.weights[k]!;
    });
    return { n, of: w.pre.length, wIn, share: wIn / wAll };
  };
  const cell = (x: ReturnType<typeof share>) => [`${x.n} of ${x.of} (${(100 * x.n / x.of).toFixed(1)} %)`, `${x.wIn.toFixed(1)} nA (${(100 * x.share).toFixed(1)} %)`];
  const sims = await Promise.all([null, { everyMs: 100 }].map((s) => Simulator.build(ctx, groupsNetwork(seconds * 1000, s), { dt: DT, seed: 1 })));
  const line = async (t: number) => {
    const [a, b] = await Promise.all(sims.map(async (sim) => share(await sim.weights('input->out'))));
    rows.push(`| ${t} | ${[...cell(a!), ...cell(b!)].join(' | ')} |`);
    console.log(rows[rows.length - 1]);
  };
  await line(0);
  for (let t = everyS; t <= seconds + 1e-9; t += everyS) {
    for (const sim of sims) await sim.run({ durationMs: everyS * 1000 });
    await line(Math.round(t));
  }
  for (const sim of sims) sim.destroy();
  return `${rows.join('\n')}\n\n${await benchRewiringCost(ctx)}`;
}

/** The cost: 10 s of model time of the grouped network with no rewiring, a rewiring every 10 ms and every step (best of 3 rounds, in turn). */
export async function benchRewiringCost(ctx: GpuContext): Promise<string> {
  const configs = [0, 10, DT];
  const sims = await Promise.all(configs.map((everyMs) => Simulator.build(ctx, groupsNetwork(31_000, everyMs ? { everyMs } : null), { dt: DT, seed: 2 })));
  try {
    for (const sim of sims) await sim.run({ durationMs: 100 }); // warm-up: compile
    const best = configs.map(() => Infinity);
    for (let round = 0; round < 3; round++) {
      for (const [k, sim] of sims.entries()) {
        const t0 = performance.now();
        await sim.run({ durationMs: 10_000 });
        best[k] = Math.min(best[k]!, (performance.now() - t0) / 1000);
      }
    }
    const cost: string[] = ['| rewiring | wall time for 10 s of model time (s, best of 3) | per rewiring per synapse (ns, over none) |', '|---|---|---|'];
    for (const [k, everyMs] of configs.entries()) {
      const synapses = (await sims[k]!.weights('input->out')).pre.length;
      const events = everyMs ? Math.floor(10_000 / everyMs) : 0;
      const perSynapse = events ? ((best[k]! - best[0]!) * 1e9) / (events * synapses) : NaN;
      cost.push(`| ${everyMs ? `every ${everyMs} ms` : 'none'} | ${best[k]!.toFixed(2)} | ${!events ? '' : perSynapse > 0 ? perSynapse.toFixed(1) : 'below the run-to-run noise'} |`);
      console.log(cost[cost.length - 1]);
    }
    return cost.join('\n');
  } finally {
    for (const sim of sims) sim.destroy();
  }
}
