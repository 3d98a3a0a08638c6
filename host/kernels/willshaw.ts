/**
 * willshaw kernel binding: storing pattern pairs into, and recalling from, a bit-packed clipped
 * Hebbian weight matrix (WGSL: shaders/willshaw.wgsl.ts; oracle: kernels-tests/oracle/willshaw.ts).
 * Patterns travel as CSR lists of active indices, uploaded once per call.
 */
import type { GpuContext } from '../gpu/context.js';
import { defineStruct, packOne, uniformBufferSize } from '../gpu/layout.js';
import { willshawShader } from '../../shaders/willshaw.wgsl.js';
import { grid1d } from './prepared.js';

export const WILLSHAW_FRAME = defineStruct('Frame', [
  ['entries', 'u32'], ['words', 'u32'], ['rowsPerY', 'u32'], ['cues', 'u32'], ['outputs', 'u32'], ['theta', 'u32'],
]);

const WG = 64;

/** Lists of active indices in CSR form: indices of list p are idx[start[p] .. start[p + 1]). */
export interface IndexLists {
  idx: Uint32Array;
  start: Uint32Array;
}

/** CSR form of `lists`. */
export function toIndexLists(lists: readonly ArrayLike<number>[]): IndexLists {
  const start = new Uint32Array(lists.length + 1);
  lists.forEach((l, p) => { start[p + 1] = start[p]! + l.length; });
  const idx = new Uint32Array(start[lists.length]!);
  lists.forEach((l, p) => idx.set(Array.from(l), start[p]!));
  return { idx, start };
}

const STORAGE = () => GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;

/** Words per row of a matrix with `outputs` columns. */
export const willshawWords = (outputs: number): number => Math.ceil(outputs / 32);

type Binding = [name: string, kind: 'storage' | 'read-only-storage', buffer: GPUBuffer];

/** Compiles (or reuses) `pass`, binds the frame and `storage` in order, dispatches `threads` threads and submits. */
async function dispatchOnce(ctx: GpuContext, pass: 'store' | 'recall', values: { entries: number; cues: number; outputs: number; theta: number }, threads: number, storage: Binding[]): Promise<void> {
  const { groups, rowsPerY } = grid1d(ctx, threads, WG);
  const frame = ctx.pool.createWithData(`willshaw.${pass}.frame`, GPUBufferUsage.UNIFORM, packOne(WILLSHAW_FRAME, { ...values, words: willshawWords(values.outputs), rowsPerY }));
  try {
    const kernel = await ctx.pipelines.get({
      name: 'willshaw', options: { workgroupSize: WG, pass },
      bindings: [{ name: 'frame', kind: 'uniform' }, ...storage.map(([name, kind]) => ({ name, kind }))],
      source: () => willshawShader({ workgroupSize: WG, pass, frameStruct: WILLSHAW_FRAME.wgsl }),
    });
    const bindGroup = ctx.device.createBindGroup({
      label: `willshaw.${pass}`, layout: kernel.layout,
      entries: [{ binding: 0, resource: { buffer: frame, size: uniformBufferSize(WILLSHAW_FRAME) } }, ...storage.map(([, , buffer], i) => ({ binding: i + 1, resource: { buffer } }))],
    });
    const encoder = ctx.device.createCommandEncoder({ label: `willshaw.${pass}` });
    const p = encoder.beginComputePass({ label: `willshaw.${pass}` });
    p.setPipeline(kernel.pipeline);
    p.setBindGroup(0, bindGroup);
    p.dispatchWorkgroups(...groups);
    p.end();
    await ctx.submit(`willshaw.${pass}`, [encoder.finish()]);
  } finally {
    ctx.pool.release(frame);
  }
}

/** Encodes and submits the store pass for pairs (x[p], y[p]) into W ([inputs][words] u32). No readback. */
export async function willshawStore(ctx: GpuContext, W: GPUBuffer, outputs: number, x: IndexLists, y: IndexLists): Promise<void> {
  const entries = x.idx.length;
  if (entries === 0) return;
  const pairOf = new Uint32Array(entries);
  for (let p = 0; p + 1 < x.start.length; p++) pairOf.fill(p, x.start[p]!, x.start[p + 1]!);
  const pool = ctx.pool;
  const made = [x.idx, pairOf, y.idx.length ? y.idx : new Uint32Array(1), y.start].map((data, i) => pool.createWithData(`willshaw.store.${['xIdx', 'xPair', 'yIdx', 'yStart'][i]}`, STORAGE(), data as Uint32Array<ArrayBuffer>));
  try {
    await dispatchOnce(ctx, 'store', { entries, cues: 0, outputs, theta: 0 }, entries,
      [['W', 'storage', W], ...(['xIdx', 'xPair', 'yIdx', 'yStart'] as const).map((name, i) => [name, 'read-only-storage', made[i]!] as Binding)]);
  } finally {
    for (const b of made) pool.release(b);
  }
}

/**
 * Recalls every cue: the dendritic sums [cues][outputs] and the thresholded outputs (1 where
 * sum >= theta; theta 0: each cue's own size). One readback.
 */
export async function willshawRecall(ctx: GpuContext, W: GPUBuffer, outputs: number, cues: IndexLists, theta: number): Promise<{ sums: Uint32Array; active: Uint32Array }> {
  const count = cues.start.length - 1;
  const pool = ctx.pool;
  const made = [cues.idx.length ? cues.idx : new Uint32Array(1), cues.start].map((data, i) => pool.createWithData(`willshaw.recall.${['cIdx', 'cStart'][i]}`, STORAGE(), data as Uint32Array<ArrayBuffer>));
  const n = count * outputs;
  const out = [pool.acquire({ label: 'willshaw.recall.sums', size: 4 * n, usage: STORAGE() }), pool.acquire({ label: 'willshaw.recall.active', size: 4 * n, usage: STORAGE() })];
  try {
    await dispatchOnce(ctx, 'recall', { entries: 0, cues: count, outputs, theta }, n, [['W', 'read-only-storage', W], ['cIdx', 'read-only-storage', made[0]!],
      ['cStart', 'read-only-storage', made[1]!], ['sums', 'storage', out[0]!], ['fired', 'storage', out[1]!]]);
    const [sums, active] = await Promise.all(out.map(async (b) => new Uint32Array(await ctx.read(b!, 0, 4 * n))));
    return { sums: sums!, active: active! };
  } finally {
    for (const b of [...made, ...out]) pool.release(b!);
  }
}
