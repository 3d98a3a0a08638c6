/**
 * structural kernel binding: the five dispatches of a rewiring (rewire, clear, count, scan, fill) on a
 * plastic projection's rows, synapses and columns, encoded at the rewiring steps inside the step loop
 * (no readback). WGSL: shaders/structural.wgsl.ts; oracle: kernels-tests/oracle/structural.ts.
 */
import type { GpuContext } from '../gpu/context.js';
import { CLOCK, Clock } from '../gpu/clock.js';
import { defineStruct, packOne, uniformBufferSize } from '../gpu/layout.js';
import type { CompiledKernel } from '../gpu/pipelines.js';
import { seedWords } from '../random/philox.js';
import { structuralShader, type StructuralPass } from '../../shaders/structural.wgsl.js';
import { grid1d } from './prepared.js';

export const STRUCTURAL_FRAME = defineStruct('Frame', [
  ['nPre', 'u32'], ['nPost', 'u32'], ['maxRow', 'u32'], ['synStride', 'u32'], ['batch', 'u32'], ['slots', 'u32'], ['capacity', 'u32'],
  ['every', 'u32'], ['seedLo', 'u32'], ['seedHi', 'u32'], ['stream', 'u32'], ['noSelf', 'u32'], ['rowsPerY', 'u32'], ['colsPerY', 'u32'],
  ['pruneBelow', 'f32'], ['regrowWeight', 'f32'],
]);

/** Streams of the rewiring draws: this base plus the projection's index (connectivity uses 0x10000 + index). */
export const STRUCTURAL_STREAM_BASE = 0x20000;

const WG = 64;
const PASSES: StructuralPass[] = ['rewire', 'clear', 'count', 'scan', 'fill'];

export interface StructuralParams {
  nPre: number;
  nPost: number;
  maxRow: number;
  batch: number;
  /** Rule variables besides w, with their initial values. */
  varInit: readonly number[];
  capacity: number;
  every: number;
  seed: number;
  stream: number;
  /** Pre and post are one population: never i -> i. */
  noSelf: boolean;
  pruneBelow: number;
  regrowWeight: number;
}

export class StructuralOp {
  private constructor(
    private readonly ctx: GpuContext,
    private readonly kernels: CompiledKernel[],
    private readonly bindGroups: GPUBindGroup[],
    private readonly groups: [number, number, number][],
    private readonly owned: GPUBuffer[],
    readonly every: number,
  ) {}

  static async create(ctx: GpuContext, label: string, p: StructuralParams, clock: Clock, buffers: { rows: GPUBuffer; syn: GPUBuffer; cols: GPUBuffer }): Promise<StructuralOp> {
    const S = p.nPre * p.maxRow;
    const rowsGrid = grid1d(ctx, p.nPre, WG);
    const colsGrid = grid1d(ctx, p.nPost, WG);
    const [seedLo, seedHi] = seedWords(p.seed);
    const frame = ctx.pool.createWithData(`${label}.frame`, GPUBufferUsage.UNIFORM, packOne(STRUCTURAL_FRAME, {
      nPre: p.nPre, nPost: p.nPost, maxRow: p.maxRow, synStride: S, batch: p.batch, slots: 1 + p.varInit.length, capacity: p.capacity,
      every: p.every, seedLo, seedHi, stream: p.stream, noSelf: p.noSelf ? 1 : 0, rowsPerY: rowsGrid.rowsPerY, colsPerY: colsGrid.rowsPerY,
      pruneBelow: Math.fround(p.pruneBelow), regrowWeight: Math.fround(p.regrowWeight),
    }));
    const work = ctx.pool.acquire({ label: `${label}.work`, size: 8 * Math.max(1, p.nPost), usage: GPUBufferUsage.STORAGE });
    const varInit = ctx.pool.createWithData(`${label}.varInit`, GPUBufferUsage.STORAGE, Float32Array.from(p.varInit.length ? p.varInit : [0]));
    const bindings = [
      { name: 'frame', kind: 'uniform' as const }, { name: 'clock', kind: 'uniform' as const, dynamicOffset: true },
      { name: 'rows', kind: 'storage' as const }, { name: 'syn', kind: 'storage' as const }, { name: 'cols', kind: 'storage' as const },
      { name: 'work', kind: 'storage' as const }, { name: 'varInit', kind: 'read-only-storage' as const },
    ];
    const kernels = await Promise.all(PASSES.map((pass) => ctx.pipelines.get({
      name: 'structural', options: { workgroupSize: WG, pass }, bindings,
      source: () => structuralShader({ workgroupSize: WG, pass, frameStruct: STRUCTURAL_FRAME.wgsl }),
    })));
    const resources: [GPUBuffer, number][] = [[frame, uniformBufferSize(STRUCTURAL_FRAME)], [clock.buffer, uniformBufferSize(CLOCK)],
      [buffers.rows, 4 * (p.nPre + S)], [buffers.syn, 4 * p.batch * S * (1 + p.varInit.length)], [buffers.cols, 4 * (p.nPost + 1 + S)],
      [work, 8 * Math.max(1, p.nPost)], [varInit, 4 * Math.max(1, p.varInit.length)]];
    const bindGroups = kernels.map((kernel, k) => ctx.device.createBindGroup({
      label: `${label}.${PASSES[k]}`, layout: kernel.layout,
      entries: resources.map(([buffer, size], i) => ({ binding: i, resource: { buffer, size } })),
    }));
    const groups: [number, number, number][] = PASSES.map((pass) => (pass === 'scan' ? [1, 1, 1] : pass === 'clear' ? colsGrid.groups : rowsGrid.groups));
    return new StructuralOp(ctx, kernels, bindGroups, groups, [frame, work, varInit], p.every);
  }

  /** Whether step `step` ends with a rewiring. */
  due(step: number): boolean {
    return (step + 1) % this.every === 0;
  }

  /** The rewiring's five dispatches, into an open pass (after the step's plastic passes). */
  encode(pass: GPUComputePassEncoder, clockSlot: number): void {
    this.kernels.forEach((kernel, k) => {
      pass.setPipeline(kernel.pipeline);
      pass.setBindGroup(0, this.bindGroups[k]!, [Clock.offset(clockSlot)]);
      pass.dispatchWorkgroups(...this.groups[k]!);
    });
  }

  release(): void {
    for (const b of this.owned) this.ctx.pool.release(b);
  }
}
