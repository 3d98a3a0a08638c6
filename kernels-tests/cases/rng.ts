/** rng vs oracle: GPU Philox words bit-identical to the TypeScript generator, for several sizes, seeds, streams and steps. */
import type { GpuContext } from '../../host/gpu/context';
import { generateRandomWords } from '../../host/kernels/rng';
import { SENTINEL, sentinelBuffer } from './common';
import { rngOracle } from '../oracle/rng';

export async function rngVsOracle(ctx: GpuContext, args: { count: number; instances: number; seed: number; stream: number; step: number }): Promise<{ words: number; mismatches: number; first: string }> {
  const total = args.count * args.instances * 4;
  // Pre-fill with a sentinel, then one extra word after the range that must stay untouched.
  const target = sentinelBuffer(ctx, 'test.rng', total + 4, GPUBufferUsage.STORAGE);
  await generateRandomWords(ctx, { count: args.count, instances: args.instances, seed: args.seed, stream: args.stream, step: args.step }, target);
  const got = new Uint32Array(await ctx.read(target, 0, (total + 4) * 4));
  const want = rngOracle(args.count, args.instances, args.seed, args.stream, args.step);
  let mismatches = 0;
  let first = '';
  for (let k = 0; k < total; k++) {
    if (got[k] !== want[k]) {
      if (!first) first = `word ${k}: gpu ${got[k]?.toString(16)} oracle ${want[k]?.toString(16)}`;
      mismatches++;
    }
  }
  for (let k = total; k < total + 4; k++) if (got[k] !== SENTINEL) mismatches++;
  ctx.pool.release(target);
  return { words: total, mismatches, first };
}
