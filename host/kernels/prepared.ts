/**
 * A prepared dispatch: a compiled kernel, its frame uniform and bind group on fixed buffers, encoded
 * as often as needed. The training kernels (lifTrain, readoutLoss, optimizer) are built from these.
 */
import type { GpuContext } from '../gpu/context.js';
import { packOne, uniformBufferSize, type StructLayout, type StructValues } from '../gpu/layout.js';
import type { BindingSpec, CompiledKernel } from '../gpu/pipelines.js';

/** A buffer binding: the buffer, the bytes bound, and an optional byte offset (aligned). */
export type Bound = [buffer: GPUBuffer, size: number, offset?: number];

export interface PreparedSpec {
  name: string;
  label: string;
  options: Readonly<Record<string, string | number | boolean>>;
  source: () => string;
  frame: { layout: StructLayout; values: StructValues };
  /** Storage bindings after the frame (binding 1...). */
  storage: { name: string; readOnly: boolean; bound: Bound }[];
  groups: [number, number, number];
}

/** Workgroups covering `threads` along x (and y beyond the per-dimension limit). */
export function grid1d(ctx: GpuContext, threads: number, workgroupSize: number): { groups: [number, number, number]; rowsPerY: number } {
  const blocks = Math.max(1, Math.ceil(threads / workgroupSize));
  const x = Math.min(blocks, ctx.limits.maxComputeWorkgroupsPerDimension);
  return { groups: [x, Math.ceil(blocks / x), 1], rowsPerY: x * workgroupSize };
}

export class PreparedDispatch {
  private constructor(
    private readonly ctx: GpuContext,
    private readonly kernel: CompiledKernel,
    private readonly bindGroup: GPUBindGroup,
    private readonly frame: GPUBuffer,
    private readonly layout: StructLayout,
    readonly groups: [number, number, number],
  ) {}

  static async create(ctx: GpuContext, spec: PreparedSpec): Promise<PreparedDispatch> {
    const bindings: BindingSpec[] = [{ name: 'frame', kind: 'uniform' }, ...spec.storage.map((s) => ({ name: s.name, kind: s.readOnly ? 'read-only-storage' as const : 'storage' as const }))];
    const kernel = await ctx.pipelines.get({ name: spec.name, options: spec.options, bindings, source: spec.source });
    const frame = ctx.pool.createWithData(`${spec.label}.frame`, GPUBufferUsage.UNIFORM, packOne(spec.frame.layout, spec.frame.values));
    const bindGroup = ctx.device.createBindGroup({
      label: `${spec.label}.bindGroup`, layout: kernel.layout,
      entries: [
        { binding: 0, resource: { buffer: frame, size: uniformBufferSize(spec.frame.layout) } },
        ...spec.storage.map((s, i) => ({ binding: i + 1, resource: { buffer: s.bound[0], size: s.bound[1], offset: s.bound[2] ?? 0 } })),
      ],
    });
    return new PreparedDispatch(ctx, kernel, bindGroup, frame, spec.frame.layout, spec.groups);
  }

  /** Rewrites the frame (queue-ordered before the next submit). */
  setFrame(values: StructValues): void {
    this.ctx.device.queue.writeBuffer(this.frame, 0, packOne(this.layout, values));
  }

  encode(pass: GPUComputePassEncoder): void {
    pass.setPipeline(this.kernel.pipeline);
    pass.setBindGroup(0, this.bindGroup);
    pass.dispatchWorkgroups(...this.groups);
  }

  release(): void {
    this.ctx.pool.release(this.frame);
  }
}
