/**
 * Plastic synapses against static ones (Node, on demand): `npm run bench -- plasticity`.
 * One network, 2000 Poisson inputs at 20 Hz onto 1000 LIF neurons, stored sparse (p = 0.1, 200 000
 * synapses) or dense (all-to-all from the first 500 inputs, 500 000 synapses); each with static
 * synapses, pair STDP, and R-STDP (whose eligibility is updated every step: the step pass over every
 * synapse). Per variant: wall time of 2000 steps (dt 0.5 ms, per-step path, after a warm-up),
 * synaptic events per second (presynaptic deliveries counted on the GPU), and the memory estimate per
 * synapse. The post-spike pass's cost: the same networks with the post neurons silenced (threshold out of
 * reach), stdp's extra time over static's, firing minus silent, per postsynaptic update (post spikes x
 * fan-in). rstdp's step pass: its extra time over stdp with the post neurons silent, per synapse and step.
 */
import type { GpuContext } from '../host/gpu/context';
import type { PlasticSynapse } from '../host/learn/plasticity';
import type { NetworkModel } from '../host/model/network';
import { Simulator } from '../host/sim/simulator';
import { markdownTable, si } from './format';

const DT = 0.5;
const STEPS = 2000;

type Variant = 'static' | 'stdp' | 'rstdp';

const SYNAPSES: Record<Variant, PlasticSynapse | undefined> = {
  static: undefined,
  stdp: { rule: 'stdp', wMax: 0.5, aPlus: 0.001, aMinus: 0.00105 },
  rstdp: { rule: 'rstdp', wMax: 0.5, modulator: { tauMs: 200, initial: 0.1 } },
};

function network(storage: 'sparse' | 'dense', variant: Variant, silent: boolean): NetworkModel {
  const synapse = SYNAPSES[variant];
  return {
    populations: [
      { name: 'input', model: 'poisson', size: storage === 'sparse' ? 2000 : 500, params: { rates: 20 } },
      { name: 'post', model: 'lif', size: 1000, params: { tauMem: 20, vRest: -65, vThreshold: silent ? 1e6 : -50, vReset: -65, tauSynExc: 5, biasCurrent: 10 } },
    ],
    projections: [{
      name: 'in->post', pre: 'input', post: 'post', target: 'exc', storage,
      connectivity: storage === 'sparse' ? { rule: 'fixedProbability', p: 0.1 } : { rule: 'allToAll' },
      weight: { dist: 'uniform', low: 0, high: storage === 'sparse' ? 0.5 : 0.2 }, delayMs: 1, ...(synapse ? { synapse } : {}),
    }],
  };
}

interface Measure { wallS: number; synops: number; postSpikes: number; synapses: number; bytes: number }

async function measure(ctx: GpuContext, model: NetworkModel): Promise<Measure> {
  const sim = await Simulator.build(ctx, model, { dt: DT, seed: 1, fused: 'off' });
  await sim.run({ steps: 50 });
  sim.reset();
  await ctx.finish();
  const t0 = performance.now();
  await sim.run({ steps: STEPS });
  await ctx.finish();
  const wallS = (performance.now() - t0) / 1000;
  const c = await sim.readCounters();
  const synapses = sim.synapseCounts['in->post']!;
  const bytes = sim.memory.filter((m) => m.buffer.startsWith('in->post.')).reduce((a, m) => a + m.bytes, 0);
  sim.destroy();
  return { wallS, synops: c.projections['in->post']!.synops, postSpikes: c.populations.post!.spikes, synapses, bytes };
}

export async function benchPlasticity(ctx: GpuContext, log = console.log): Promise<string> {
  const rows: (string | number)[][] = [];
  const post: (string | number)[][] = [];
  const stepPass: (string | number)[][] = [];
  for (const storage of ['sparse', 'dense'] as const) {
    const m: Partial<Record<Variant, { firing: Measure; silent: Measure }>> = {};
    for (const variant of ['static', 'stdp', 'rstdp'] as const) {
      const firing = await measure(ctx, network(storage, variant, false));
      const silent = await measure(ctx, network(storage, variant, true));
      m[variant] = { firing, silent };
      log(`${storage} ${variant}: ${firing.wallS.toFixed(2)} s firing, ${silent.wallS.toFixed(2)} s silent`);
      const s = m.static!.firing;
      rows.push([storage, variant, si(firing.synapses), (firing.bytes / firing.synapses).toFixed(1), firing.wallS.toFixed(2),
        si(firing.synops / firing.wallS), (firing.wallS / s.wallS).toFixed(2), si(firing.postSpikes)]);
    }
    // stdp's post pass: its extra time over static when the post neurons fire, per postsynaptic update.
    const p = m.stdp!;
    const s = m.static!;
    const updates = p.firing.postSpikes * (p.firing.synapses / 1000);
    const extra = (p.firing.wallS - p.silent.wallS) - (s.firing.wallS - s.silent.wallS);
    post.push([storage, 'stdp', si(updates), (extra * 1000).toFixed(0), updates > 0 ? ((extra * 1e9) / updates).toFixed(1) : '-']);
    // rstdp's step pass (every synapse, every step): its extra time over stdp with the post neurons silent, per synapse and step.
    const r = m.rstdp!;
    stepPass.push([storage, si(r.silent.synapses * STEPS), ((r.silent.wallS - p.silent.wallS) * 1000).toFixed(0), (((r.silent.wallS - p.silent.wallS) * 1e9) / (r.silent.synapses * STEPS)).toFixed(2)]);
  }
  const table = markdownTable(['storage', 'synapse', 'synapses', 'bytes per synapse (memory estimate, build peak)', 'wall, 2000 steps (s)', 'synaptic events/s', 'time vs static', 'post spikes'], rows);
  const postTable = markdownTable(['storage', 'rule', 'postsynaptic updates', 'extra time, firing minus silent, over static (ms)', 'ns per postsynaptic update'], post);
  const stepTable = markdownTable(['storage', 'synapse updates (synapses x steps)', 'extra time over stdp, post silent (ms)', 'ns per synapse and step'], stepPass);
  return `${table}\n\nThe post-spike pass through the transposed index (stdp):\n\n${postTable}\n\nrstdp's step pass (clock-driven: every synapse, every step):\n\n${stepTable}`;
}
