/**
 * poisson vs oracle: every draw bit-identical to the oracle (per step, per instance, per neuron),
 * and the total count within 3 sigma of its expectation sum_i p_i over >= 1e6 Bernoulli draws.
 */
import type { GpuContext } from '../../host/gpu/context';
import { createPopulation } from '../../host/sim/population';
import { PoissonOracle } from '../oracle/poisson';
import { bitsOf, testRandom, uniformIn } from './common';

export interface PoissonResult {
  draws: number;
  spikes: number;
  expected: number;
  sigma: number;
  zScore: number;
  /** Steps x instances whose spike set differs from the oracle's (must be 0). */
  mismatchedSteps: number;
}

export async function poissonVsOracle(ctx: GpuContext, args: { size: number; batch: number; steps: number; dt: number; seed: number; maxRate: number }): Promise<PoissonResult> {
  const r = testRandom(args.seed);
  const rates = new Float32Array(args.size).map(() => uniformIn(r, 0, args.maxRate));
  const pop = await createPopulation(ctx, { model: 'poisson', size: args.size, batch: args.batch, dt: args.dt, seed: args.seed, stream: 3, params: { rates }, name: 'poisson' });
  const rec = await pop.record(args.steps, { chunkSteps: 250 });
  const oracle = new PoissonOracle(rates, args.size, args.batch, args.dt, args.seed, 3);
  let mismatchedSteps = 0;
  let spikes = 0;
  for (let s = 0; s < args.steps; s++) {
    const exp = oracle.next();
    for (let b = 0; b < args.batch; b++) {
      const want = bitsOf(exp[b] as number[], pop.words);
      const base = (s * args.batch + b) * pop.words;
      for (let w = 0; w < pop.words; w++) {
        if (rec.bits[base + w] !== want[w]) {
          mismatchedSteps++;
          break;
        }
      }
      spikes += rec.spikesAt(s, b).length;
    }
  }
  // The count expected from the model itself, in float64: rate x dt per step and neuron (not the f32 probability the oracle forms).
  let expected = 0;
  let variance = 0;
  for (let i = 0; i < args.size; i++) {
    const p = ((rates[i] as number) * args.dt) / 1000;
    expected += p * args.steps * args.batch;
    variance += p * (1 - p) * args.steps * args.batch;
  }
  pop.destroy();
  const sigma = Math.sqrt(variance);
  return { draws: args.size * args.batch * args.steps, spikes, expected, sigma, zScore: (spikes - expected) / sigma, mismatchedSteps };
}
