/** spikeArray sources vs their oracle, standalone and driving a network. */
import type { GpuContext } from '../../host/gpu/context';
import type { NetworkModel } from '../../host/model/network';
import { createPopulation } from '../../host/sim/population';
import { Simulator } from '../../host/sim/simulator';
import { NetworkOracle } from '../oracle/network';
import { SpikeArrayOracle } from '../oracle/spikeArray';
import { testRandom } from './common';

export function randomSpikeArray(seed: number, size: number, count: number, maxMs: number): { times: number[]; indices: number[] } {
  const r = testRandom(seed);
  const times = Array.from({ length: count }, () => r() * maxMs);
  const indices = Array.from({ length: count }, () => Math.floor(r() * size));
  // Duplicates on purpose: the same (step, neuron) twice must spike once.
  if (count > 2) {
    times[1] = times[0]!;
    indices[1] = indices[0]!;
  }
  return { times, indices };
}

export async function spikeArrayVsOracle(ctx: GpuContext, a: { size: number; batch: number; count: number; steps: number; dt: number; seed: number }): Promise<{ spikes: number; mismatchedSteps: number; first: string; afterReset: boolean }> {
  const params = randomSpikeArray(a.seed, a.size, a.count, a.steps * a.dt * 0.8);
  const pop = await createPopulation(ctx, { model: 'spikeArray', size: a.size, batch: a.batch, dt: a.dt, params, name: 'replay' });
  const rec = await pop.record(a.steps, { chunkSteps: 97 });
  const oracle = new SpikeArrayOracle(params.times, params.indices, a.dt, a.batch);
  let mismatchedSteps = 0;
  let first = '';
  let spikes = 0;
  for (let t = 0; t < a.steps; t++) {
    const want = oracle.next();
    for (let b = 0; b < a.batch; b++) {
      const got = rec.spikesAt(t, b);
      spikes += got.length;
      if (got.join() !== want[b]!.join()) {
        mismatchedSteps++;
        if (!first) first = `step ${t} b ${b}: gpu [${got}] oracle [${want[b]}]`;
      }
    }
  }
  pop.reset();
  const again = await pop.record(a.steps);
  const afterReset = again.bits.every((w, k) => w === rec.bits[k]);
  pop.destroy();
  return { spikes, mismatchedSteps, first, afterReset };
}

export async function spikeArrayNetwork(ctx: GpuContext, args: { fused?: 'on' | 'off' } = {}): Promise<{ mismatchedSteps: number; targetSpikes: number; first: string }> {
  const dt = 0.5;
  const steps = 600;
  const network: NetworkModel = {
    populations: [
      { name: 'replay', model: 'spikeArray', size: 50, params: randomSpikeArray(4, 50, 3000, steps * dt) },
      { name: 'target', model: 'lif', size: 70, params: { vRest: -65, vThreshold: -55, vReset: -65, tauSynExc: 3 } },
    ],
    projections: [{ name: 'replay->target', pre: 'replay', post: 'target', target: 'exc', connectivity: { rule: 'fixedProbability', p: 0.3 }, weight: { dist: 'uniform', low: 0.5, high: 2.5 }, delayMs: { dist: 'uniform', low: 0.5, high: 2 } }],
  };
  const sim = await Simulator.build(ctx, network, { dt, batch: 2, seed: 9, fused: args.fused ?? 'off' });
  const run = await sim.run({ steps, record: ['replay', 'target'] });
  sim.destroy();
  const oracle = new NetworkOracle(network, { dt, batch: 2, seed: 9 });
  let mismatchedSteps = 0;
  let targetSpikes = 0;
  let first = '';
  for (let t = 0; t < steps; t++) {
    const want = oracle.advance();
    for (const name of ['replay', 'target']) for (let b = 0; b < 2; b++) {
      const got = run.spikes[name]!.spikesAt(t, b);
      if (name === 'target') targetSpikes += got.length;
      if (got.join() !== want[name]![b]!.join()) {
        mismatchedSteps++;
        if (!first) first = `step ${t} ${name} b ${b}: gpu [${got}] oracle [${want[name]![b]}]`;
      }
    }
  }
  return { mismatchedSteps, targetSpikes, first };
}
