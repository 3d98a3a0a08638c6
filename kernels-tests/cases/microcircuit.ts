/**
 * The Potjans-Diesmann microcircuit (host/model/microcircuit.ts) at reduced scale: build, run, and
 * per-population rate and ISI CV after the initial transient, with the build and run times.
 */
import type { GpuContext } from '../../host/gpu/context';
import { potjansDiesmann, type MicrocircuitOptions } from '../../host/model/microcircuit';
import { Simulator } from '../../host/sim/simulator';
import { isiCv } from '../../host/analysis/stats';

export interface MicrocircuitArgs extends MicrocircuitOptions {
  durationMs: number;
  /** Left out of the statistics (the start-up transient). */
  dropMs: number;
  simSeed?: number;
}

export interface MicrocircuitResult {
  sizes: Record<string, number>;
  synapses: number;
  rateHz: Record<string, number>;
  cv: Record<string, number>;
  buildMs: number;
  runMs: number;
  steps: number;
}

export async function microcircuitRates(ctx: GpuContext, args: MicrocircuitArgs): Promise<MicrocircuitResult> {
  const dt = args.dt ?? 0.1;
  const { durationMs, dropMs, simSeed, ...modelOptions } = args;
  const model = potjansDiesmann(modelOptions);
  const t0 = performance.now();
  const sim = await Simulator.build(ctx, model, { dt, seed: simSeed ?? 1 });
  const buildMs = performance.now() - t0;
  const t1 = performance.now();
  const run = await sim.run({ durationMs, record: model.populations.map((p) => p.name) });
  const runMs = performance.now() - t1;
  const drop = Math.round(dropMs / dt);
  const rateHz: Record<string, number> = {};
  const cv: Record<string, number> = {};
  for (const p of model.populations) {
    const kept = run.spikes[p.name]!.slice(drop);
    rateHz[p.name] = kept.meanRateHz(0);
    cv[p.name] = isiCv(kept, 0);
  }
  const synapses = Object.values(sim.synapseCounts).reduce((a, c) => a + c, 0);
  sim.destroy();
  return { sizes: Object.fromEntries(model.populations.map((p) => [p.name, p.size])), synapses, rateHz, cv, buildMs, runMs, steps: run.steps };
}

/**
 * One PSC with the microcircuit builder's conversions: a spike at 1 ms through one synapse with the
 * builder's L2/3E -> L2/3E mean weight (per-step charge correction included) and its delay for a
 * nominal `delayMs` (one step added), onto a lif neuron with the model's parameters. Returns v after
 * every step (compare with bench/peers/brian2_psp.py).
 */
export async function microcircuitPsp(ctx: GpuContext, args: { delayMs: number; steps: number }): Promise<{ v: number[]; weight: number }> {
  const dt = 0.1;
  const mc = potjansDiesmann({ scale: 0.001, dt });
  const proj = mc.projections.find((p) => p.name === 'L23E->L23E')!;
  const weight = (proj.weight as { mean: number }).mean;
  const offset = (proj.delayMs as { mean: number }).mean - 1.5; // the builder's extra step
  const neuron = { ...(mc.populations[0]!.params as Record<string, unknown>), v0: -65, poissonRateHz: 0, poissonWeight: 0, vThreshold: 0 };
  const sim = await Simulator.build(ctx, {
    populations: [
      { name: 'src', model: 'spikeArray', size: 1, params: { times: [1.0], indices: [0] } },
      { name: 'dst', model: 'lif', size: 1, params: neuron },
    ],
    projections: [{ name: 'syn', pre: 'src', post: 'dst', target: 'exc', connectivity: { rule: 'allToAll' }, weight, delayMs: Math.round((args.delayMs + offset) / dt) * dt }],
  }, { dt, seed: 1 });
  const run = await sim.run({ steps: args.steps, probes: [{ population: 'dst', variable: 'v', neurons: [0] }] });
  const v = Array.from(Object.values(run.probes)[0]!.values);
  sim.destroy();
  return { v, weight };
}
