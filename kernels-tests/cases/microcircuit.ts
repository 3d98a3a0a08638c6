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
  const model = potjansDiesmann(args);
  const t0 = performance.now();
  const sim = await Simulator.build(ctx, model, { dt, seed: args.simSeed ?? 1 });
  const buildMs = performance.now() - t0;
  const t1 = performance.now();
  const run = await sim.run({ durationMs: args.durationMs, record: model.populations.map((p) => p.name) });
  const runMs = performance.now() - t1;
  const drop = Math.round(args.dropMs / dt);
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
