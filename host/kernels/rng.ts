/**
 * rng kernel binding: generate Philox4x32-10 words on the GPU, bit-identical to host/random/philox.ts.
 * WGSL: shaders/rng.wgsl.ts; oracle: kernels-tests/oracle/rng.ts.
 */
import { defineStruct, packOne } from '../gpu/layout.js';
import type { GpuContext } from '../gpu/context.js';
import type { BindingSpec } from '../gpu/pipelines.js';
import { seedWords } from '../random/philox.js';
import { requireInteger } from '../validate.js';
import { rngShader } from '../../shaders/rng.wgsl.js';
import { dispatchShape } from './dispatch.js';

export const RNG_FRAME = defineStruct('Frame', [
  ['n', 'u32'],
  ['batch', 'u32'],
  ['wgX', 'u32'],
  ['seedLo', 'u32'],
  ['seedHi', 'u32'],
  ['stream', 'u32'],
  ['step', 'u32'],
]);

export const RNG_BINDINGS: BindingSpec[] = [
  { name: 'frame', kind: 'uniform' },
  { name: 'out', kind: 'storage' },
];

export interface RandomWordsRequest {
  /** Number of indices per instance. */
  count: number;
  /** Batch instances. Default 1. */
  instances?: number;
  /** Integer seed in [0, 2^53). */
  seed: number;
  /** Stream id (u32): separates independent uses of one seed. Default 0. */
  stream?: number;
  /** Step (u32). Default 0. */
  step?: number;
  workgroupSize?: number;
}

/**
 * Generates 4 u32 words per (instance, index) on the GPU into `target` (or a new buffer),
 * laid out as [instance][index][4]. Returns the buffer; read it with ctx.read().
 */
export async function generateRandomWords(ctx: GpuContext, req: RandomWordsRequest, target?: GPUBuffer): Promise<GPUBuffer> {
  ctx.check();
  const object = 'generateRandomWords';
  const wg = req.workgroupSize ?? 256;
  requireInteger(object, 'workgroupSize', wg, 32, ctx.limits.maxComputeInvocationsPerWorkgroup);
  const instances = requireInteger(object, 'instances', req.instances ?? 1, 1, ctx.limits.maxComputeWorkgroupsPerDimension);
  const maxCount = Math.floor(ctx.limits.maxStorageBufferBindingSize / (16 * instances));
  const count = requireInteger(object, 'count', req.count, 1, maxCount);
  const seed = requireInteger(object, 'seed', req.seed, 0, Number.MAX_SAFE_INTEGER);
  const stream = requireInteger(object, 'stream', req.stream ?? 0, 0, 0xffffffff);
  const step = requireInteger(object, 'step', req.step ?? 0, 0, 0xffffffff);
  const shape = dispatchShape(object, count, instances, wg, ctx.limits);
  const kernel = await ctx.pipelines.get({
    name: 'rng',
    options: { workgroupSize: wg },
    bindings: RNG_BINDINGS,
    source: () => rngShader({ workgroupSize: wg, frameStruct: RNG_FRAME.wgsl }),
  });
  const [seedLo, seedHi] = seedWords(seed);
  const frame = ctx.pool.createWithData('rng.frame', GPUBufferUsage.UNIFORM,
    packOne(RNG_FRAME, { n: count, batch: instances, wgX: shape.x, seedLo, seedHi, stream, step }));
  const out = target ?? ctx.pool.acquire({ label: 'rng.out', size: 16 * count * instances, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
  const bindGroup = ctx.device.createBindGroup({
    label: 'rng.bindGroup',
    layout: kernel.layout,
    entries: [
      { binding: 0, resource: { buffer: frame } },
      { binding: 1, resource: { buffer: out, size: 16 * count * instances } },
    ],
  });
  const encoder = ctx.device.createCommandEncoder({ label: 'rng' });
  const pass = encoder.beginComputePass({ label: 'rng' });
  pass.setPipeline(kernel.pipeline);
  pass.setBindGroup(0, bindGroup);
  pass.dispatchWorkgroups(shape.x, shape.y, shape.z);
  pass.end();
  await ctx.submit('rng', [encoder.finish()]);
  ctx.pool.release(frame);
  return out;
}
