/** The classic example networks on the GPU: spike statistics per population, for comparison with Brian2. */
import { trainStats, type TrainStats } from '../../host/analysis/stats';
import type { GpuContext } from '../../host/gpu/context';
import { brunel, coba, cuba, izhikevich2003 } from '../../host/model/examples';
import type { NetworkModel } from '../../host/model/network';
import { SpikeRecording } from '../../host/sim/recording';
import { Simulator } from '../../host/sim/simulator';

export interface ClassicArgs {
  network: 'cuba' | 'coba' | 'brunel' | 'izhikevich';
  size: number;
  durationMs: number;
  dt: number;
  seed: number;
  g?: number;
  eta?: number;
  connectivity?: 'fixedInDegree' | 'fixedProbability';
  /** CUBA only: the connection probability (default 0.02, Brian2's example). */
  p?: number;
  /** Leading model time left out of the statistics (ms). Default 0. */
  dropMs?: number;
}

export interface ClassicResult {
  /** Per population, and 'all' (every neuron population side by side). */
  stats: Record<string, TrainStats>;
  synapses: number;
  wallMs: number;
  steps: number;
}

export function classicModel(args: ClassicArgs): NetworkModel {
  const nExc = Math.round(0.8 * args.size);
  switch (args.network) {
    case 'brunel': return brunel({ nExc, g: args.g ?? 5, eta: args.eta ?? 2, dt: args.dt, ...(args.connectivity ? { connectivity: args.connectivity } : {}) });
    case 'coba': return coba({ size: args.size, seed: args.seed });
    case 'izhikevich': return izhikevich2003({ nExc, nInh: args.size - nExc, seed: args.seed });
    case 'cuba': return cuba({ size: args.size, seed: args.seed, ...(args.p !== undefined ? { p: args.p } : {}) });
  }
}

/** Statistics of each population and of all of them together, after leaving out the first `dropSteps`. */
export function populationStats(recordings: Record<string, SpikeRecording>, dropSteps: number): Record<string, TrainStats> {
  const kept = Object.fromEntries(Object.entries(recordings).map(([name, r]) => [name, r.slice(Math.min(dropSteps, r.steps))]));
  const out = Object.fromEntries(Object.entries(kept).map(([name, r]) => [name, trainStats(r, 0)]));
  out.all = trainStats(SpikeRecording.concat(Object.values(kept)), 0);
  return out;
}

export async function classicNetwork(ctx: GpuContext, args: ClassicArgs): Promise<ClassicResult> {
  const model = classicModel(args);
  const sim = await Simulator.build(ctx, model, { dt: args.dt, seed: args.seed });
  const t0 = performance.now();
  const run = await sim.run({ durationMs: args.durationMs, record: model.populations.filter((p) => p.model !== 'poisson' && p.model !== 'spikeArray').map((p) => p.name) });
  const wallMs = performance.now() - t0;
  const stats = populationStats(run.spikes, Math.round((args.dropMs ?? 0) / args.dt));
  const synapses = Object.values(sim.synapseCounts).reduce((a, c) => a + c, 0);
  sim.destroy();
  return { stats, synapses, wallMs, steps: run.steps };
}
