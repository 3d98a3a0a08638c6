/**
 * hebbian kernel binding: batched Oja / Sanger updates of a k x n weight matrix on fixed buffers,
 * encoded many per command buffer. Each update's start row, row count and scale (eta / rows) sit in
 * a uniform slot (dynamic offset, HEBBIAN_SLOTS per submit), so a whole epoch runs without a readback.
 * WGSL: shaders/hebbian.wgsl.ts; oracle: kernels-tests/oracle/hebbian.ts.
 */
import type { GpuContext } from '../gpu/context.js';
import { defineStruct, packOne, uniformBufferSize } from '../gpu/layout.js';
import type { CompiledKernel } from '../gpu/pipelines.js';
import { hebbianShader, type HebbianRule } from '../../shaders/hebbian.wgsl.js';
import { grid1d } from './prepared.js';

export type { HebbianRule } from '../../shaders/hebbian.wgsl.js';

export const HEBBIAN_FRAME = defineStruct('Frame', [
  ['n', 'u32'], ['k', 'u32'], ['rows', 'u32'], ['start', 'u32'], ['noContract', 'u32'],
  ['rowsPerY0', 'u32'], ['rowsPerY1', 'u32'], ['rowsPerY2', 'u32'], ['scale', 'f32'],
]);

/** Updates encoded per command buffer (uniform slots of 256 bytes). */
export const HEBBIAN_SLOTS = 512;
const SLOT_BYTES = 256;
const WG = 64;
const PASSES = ['project', 'gram', 'update'] as const;

/** One update: rows order[start .. start + rows) of the sample buffer, and scale = f32(eta / rows). */
export interface HebbianUpdate {
  start: number;
  rows: number;
  scale: number;
}

export interface HebbianBuffers {
  /** Samples [samples][n] (f32). */
  X: GPUBuffer;
  /** Sample indices in the epoch's order (u32). */
  order: GPUBuffer;
  /** The two weight buffers [k][n], used in turn. */
  W: [GPUBuffer, GPUBuffer];
  /** Outputs of a batch [maxRows][k] and their Gram matrix [k][k]. */
  Y: GPUBuffer;
  C: GPUBuffer;
}

export class HebbianOp {
  private constructor(
    private readonly ctx: GpuContext,
    private readonly kernels: CompiledKernel[],
    /** Bind groups [parity][pass]: parity p reads W[p] and writes W[1 - p]. */
    private readonly bindGroups: GPUBindGroup[][],
    private readonly slots: GPUBuffer,
    private readonly groups: [number, number, number][],
    private readonly frame: { n: number; k: number; rowsPerY0: number; rowsPerY1: number; rowsPerY2: number },
  ) {}

  static async create(ctx: GpuContext, label: string, o: { n: number; k: number; rule: HebbianRule; maxRows: number }, b: HebbianBuffers): Promise<HebbianOp> {
    const { n, k } = o;
    const grids = [grid1d(ctx, o.maxRows * k, WG), grid1d(ctx, k * k, WG), grid1d(ctx, k * n, WG)];
    const bindings = [
      { name: 'frame', kind: 'uniform' as const, dynamicOffset: true },
      { name: 'X', kind: 'read-only-storage' as const }, { name: 'order', kind: 'read-only-storage' as const },
      { name: 'Win', kind: 'read-only-storage' as const }, { name: 'Wout', kind: 'storage' as const },
      { name: 'Y', kind: 'storage' as const }, { name: 'C', kind: 'storage' as const },
    ];
    const kernels = await Promise.all(PASSES.map((pass) => {
      const options = { workgroupSize: WG, pass, rule: o.rule };
      return ctx.pipelines.get({ name: 'hebbian', options, bindings, source: () => hebbianShader({ ...options, frameStruct: HEBBIAN_FRAME.wgsl }) });
    }));
    const slots = ctx.pool.acquire({ label: `${label}.slots`, size: HEBBIAN_SLOTS * SLOT_BYTES, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST, storage: false });
    const bindGroups = [0, 1].map((p) => kernels.map((kernel, i) => ctx.device.createBindGroup({
      label: `${label}.${PASSES[i]}.${p}`, layout: kernel.layout,
      entries: [
        { binding: 0, resource: { buffer: slots, size: uniformBufferSize(HEBBIAN_FRAME) } },
        ...[b.X, b.order, b.W[p]!, b.W[1 - p]!, b.Y, b.C].map((buffer, j) => ({ binding: j + 1, resource: { buffer } })),
      ],
    })));
    const frame = { n, k, rowsPerY0: grids[0]!.rowsPerY, rowsPerY1: grids[1]!.rowsPerY, rowsPerY2: grids[2]!.rowsPerY };
    return new HebbianOp(ctx, kernels, bindGroups, slots, grids.map((g) => g.groups), frame);
  }

  /**
   * Encodes `updates` (at most HEBBIAN_SLOTS) into `encoder`, the first reading W[parity]; writes their
   * slots (queue-ordered before the submit of `encoder`, after earlier submits). Submit `encoder` before
   * the next call: the slots are shared.
   */
  encode(encoder: GPUCommandEncoder, updates: readonly HebbianUpdate[], parity: number): void {
    if (updates.length > HEBBIAN_SLOTS) throw new Error(`HebbianOp.encode: ${updates.length} updates > ${HEBBIAN_SLOTS} slots`);
    const data = new Uint8Array(updates.length * SLOT_BYTES);
    updates.forEach((u, s) => data.set(new Uint8Array(packOne(HEBBIAN_FRAME, { ...this.frame, rows: u.rows, start: u.start, scale: u.scale, noContract: 0 })), s * SLOT_BYTES));
    this.ctx.device.queue.writeBuffer(this.slots, 0, data);
    const pass = encoder.beginComputePass({ label: 'hebbian' });
    updates.forEach((_, s) => {
      const groups = this.bindGroups[(parity + s) % 2]!;
      this.kernels.forEach((kernel, i) => {
        pass.setPipeline(kernel.pipeline);
        pass.setBindGroup(0, groups[i]!, [s * SLOT_BYTES]);
        pass.dispatchWorkgroups(...this.groups[i]!);
      });
    });
    pass.end();
  }

  release(): void {
    this.ctx.pool.release(this.slots);
  }
}
