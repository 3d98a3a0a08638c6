/** rng vs oracle: GPU Philox words bit-identical to the TypeScript generator, for several sizes, seeds, streams and steps. */
import type { GpuContext } from '../../host/gpu/context';
import { generateRandomWords } from '../../host/kernels/rng';
import { SENTINEL, sentinelBuffer } from './common';
import { rngOracle } from '../oracle/rng';
import { randomWordsScratch } from '../../host/random/philox';
import { normalF32 } from '../../host/random/normal-f32';
import { NO_CONTRACT_WGSL } from '../../shaders/common/no-contract.wgsl';
import { NORMAL_F32_WGSL } from '../../shaders/common/normal-f32.wgsl';

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

/**
 * normalF32 (shaders/common/normal-f32.wgsl.ts) on the GPU against host/random/normal-f32.ts, bit for
 * bit: `count` word pairs from Philox (their mean and variance returned), plus the edge words (0, all ones, every quarter-turn boundary
 * of the cosine and its neighbours, u1 = 1 and the smallest u1).
 */
export async function normalF32VsOracle(ctx: GpuContext, args: { count: number; seed: number }): Promise<{ draws: number; mismatches: number; first: string; mean: number; variance: number }> {
  const pairs: number[] = [];
  for (const w0 of [0, 0xff, 0x100, 0xffffffff, 0xfffffeff, 0x80000000]) {
    // v = k 2^-24 at each quarter turn and at each rounding boundary between quarters (and beside it).
    for (let q = 0; q <= 4; q++) {
      for (const k of [q * 0x400000 - 0x200000 - 1, q * 0x400000 - 0x200000, q * 0x400000 - 0x200000 + 1, q * 0x400000]) {
        pairs.push(w0, (Math.min(0xffffff, Math.max(0, k)) * 256) >>> 0);
      }
    }
  }
  const edges = pairs.length / 2;
  for (let k = 0; k < args.count; k++) {
    const w = randomWordsScratch(args.seed, 3, k, 0, 0);
    pairs.push(w[0]!, w[1]!);
  }
  const n = pairs.length / 2;
  const words = ctx.pool.createWithData('test.normalWords', GPUBufferUsage.STORAGE, Uint32Array.from(pairs));
  const out = ctx.pool.acquire({ label: 'test.normalOut', size: 4 * n, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const frame = ctx.pool.createWithData('test.normalFrame', GPUBufferUsage.UNIFORM, new Uint32Array([n, 0, 0, 0]));
  const kernel = await ctx.pipelines.get({
    name: 'test.normalF32', options: {},
    bindings: [{ name: 'frame', kind: 'uniform' }, { name: 'words', kind: 'read-only-storage' }, { name: 'out', kind: 'storage' }],
    source: () => `struct Frame { n: u32, noContract: u32, a: u32, b: u32 }
@group(0) @binding(0) var<uniform> frame: Frame;
@group(0) @binding(1) var<storage, read> words: array<u32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
${NO_CONTRACT_WGSL}
${NORMAL_F32_WGSL}
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let k = gid.x;
  if (k < frame.n) {
    out[k] = normalF32(words[2u * k], words[2u * k + 1u]);
  }
}`,
  });
  const bindGroup = ctx.device.createBindGroup({
    layout: kernel.layout,
    entries: [frame, words, out].map((buffer, i) => ({ binding: i, resource: { buffer } })),
  });
  const enc = ctx.device.createCommandEncoder();
  const pass = enc.beginComputePass();
  pass.setPipeline(kernel.pipeline);
  pass.setBindGroup(0, bindGroup);
  pass.dispatchWorkgroups(Math.ceil(n / 64));
  pass.end();
  ctx.device.queue.submit([enc.finish()]);
  const got = new Float32Array(await ctx.read(out, 0, 4 * n));
  let mismatches = 0;
  let first = '';
  let sum = 0;
  let sum2 = 0;
  for (let k = 0; k < n; k++) {
    const want = normalF32(pairs[2 * k]!, pairs[2 * k + 1]!);
    if (!Object.is(got[k], want)) {
      if (!first) first = `draw ${k} (words ${pairs[2 * k]!.toString(16)}, ${pairs[2 * k + 1]!.toString(16)}): gpu ${got[k]} oracle ${want}`;
      mismatches++;
    }
    if (k < edges) continue;
    sum += want;
    sum2 += want * want;
  }
  for (const b of [words, out, frame]) ctx.pool.release(b);
  const m = n - edges;
  return { draws: n, mismatches, first, mean: sum / m, variance: sum2 / m - (sum / m) ** 2 };
}
