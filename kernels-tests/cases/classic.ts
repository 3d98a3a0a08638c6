/** The classic example networks on the GPU: spike statistics per population, for comparison with Brian2. */
import { trainStats, type TrainStats } from '../../host/analysis/stats';
import type { GpuContext } from '../../host/gpu/context';
import { brunel, coba, cuba, izhikevich2003 } from '../../host/model/examples';
import { Simulator } from '../../host/sim/simulator';

export interface ClassicResult {
  stats: Record<string, TrainStats>;
  synapses: number;
  wallMs: number;
  steps: number;
}

export async function classicNetwork(ctx: GpuContext, args: { network: 'cuba' | 'coba' | 'brunel' | 'izhikevich'; size: number; durationMs: number; dt: number; seed: number; g?: number; eta?: number; connectivity?: 'fixedInDegree' | 'fixedProbability' }): Promise<ClassicResult> {
  const model = args.network === 'brunel'
    ? brunel({ nExc: Math.round(0.8 * args.size), g: args.g ?? 5, eta: args.eta ?? 2, dt: args.dt, ...(args.connectivity ? { connectivity: args.connectivity } : {}) })
    : args.network === 'coba' ? coba({ size: args.size, seed: args.seed })
      : args.network === 'izhikevich' ? izhikevich2003({ nExc: Math.round(0.8 * args.size), nInh: args.size - Math.round(0.8 * args.size), seed: args.seed })
        : cuba({ size: args.size, seed: args.seed });
  const sim = await Simulator.build(ctx, model, { dt: args.dt, seed: args.seed });
  const t0 = performance.now();
  const run = await sim.run({ durationMs: args.durationMs, record: model.populations.filter((p) => p.model !== 'poisson' && p.model !== 'spikeArray').map((p) => p.name) });
  const wallMs = performance.now() - t0;
  const stats = Object.fromEntries(Object.entries(run.spikes).map(([name, rec]) => [name, trainStats(rec, 0)]));
  const synapses = Object.values(sim.synapseCounts).reduce((a, c) => a + c, 0);
  sim.destroy();
  return { stats, synapses, wallMs, steps: run.steps };
}
