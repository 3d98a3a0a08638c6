/**
 * matmul kernel binding: a prepared product C = op(A) op(B) (+ bias) on fixed buffers, encoded as
 * often as needed without new allocations. Sums longer than MATMUL_MAX_K are split over several
 * dispatches that accumulate in order (same result, bit for bit). WGSL: shaders/matmul.wgsl.ts;
 * oracle: kernels-tests/oracle/matmul.ts.
 */
import { InvalidParameterError } from '../errors.js';
import type { GpuContext } from '../gpu/context.js';
import { defineStruct, packOne, uniformBufferSize } from '../gpu/layout.js';
import type { BindingSpec, CompiledKernel } from '../gpu/pipelines.js';
import { MATMUL_EVENTS_WG, MATMUL_TILE, matmulShader } from '../../shaders/matmul.wgsl.js';

export const MATMUL_FRAME = defineStruct('Frame', [
  ['m', 'u32'], ['n', 'u32'], ['k', 'u32'], ['kBegin', 'u32'], ['kEnd', 'u32'], ['groupsY', 'u32'], ['noContract', 'u32'],
]);

/**
 * Terms summed per dispatch. An invocation loops about K + K/16 times; Mesa's llvmpipe ends every
 * loop of an invocation after 65 535 iterations in total, so longer sums are split.
 */
export const MATMUL_MAX_K = 32768;

const FRAME_STRIDE = 256;

export interface MatmulSpec {
  /** Rows of C. */
  m: number;
  /** Columns of C. */
  n: number;
  /** Summed dimension. */
  k: number;
  /** A is stored [K, M] (use its transpose). */
  transA?: boolean;
  /** B is stored [N, K] (use its transpose). */
  transB?: boolean;
  a: GPUBuffer;
  b: GPUBuffer;
  c: GPUBuffer;
  /** Added to every row of C (length N). */
  bias?: GPUBuffer;
  /** Add the product to C instead of overwriting it. */
  accumulate?: boolean;
  /**
   * 'tiled' (16 x 16 tiles through workgroup memory), 'direct' (one thread per element, no barriers) or
   * 'auto' (default): tiled when all of M, N and K are at least 64 on a hardware adapter, else direct
   * (on the CPU adapters measured here, llvmpipe and SwiftShader, direct was faster at every size:
   * 1.4 vs 0.8 GFLOP/s at 512^3 on llvmpipe). Both sum in the same order, so they give the same bits.
   * 'events': for a sparse op(A) (spikes): one workgroup per row of C sums only the terms whose op(A)
   * value is not zero, in the same order, so it also gives the same bits (see matmulShader).
   */
  strategy?: 'auto' | 'tiled' | 'direct' | 'events';
  /** Byte offsets into the buffers (multiples of minStorageBufferOffsetAlignment). */
  aOffset?: number;
  bOffset?: number;
  cOffset?: number;
  biasOffset?: number;
  label?: string;
}

function bindings(bias: boolean): BindingSpec[] {
  return [
    { name: 'frame', kind: 'uniform', dynamicOffset: true },
    { name: 'A', kind: 'read-only-storage' },
    { name: 'B', kind: 'read-only-storage' },
    { name: 'C', kind: 'storage' },
    ...(bias ? [{ name: 'bias', kind: 'read-only-storage' } as BindingSpec] : []),
  ];
}

interface Part {
  kernel: CompiledKernel;
  bindGroup: GPUBindGroup;
  offset: number;
}

/** A product on fixed buffers and shapes, ready to encode. */
export class MatmulOp {
  private constructor(
    private readonly parts: Part[],
    private readonly groups: [number, number, number],
    private readonly frame: GPUBuffer,
    private readonly ctx: GpuContext,
    readonly spec: Readonly<MatmulSpec>,
  ) {}

  static async create(ctx: GpuContext, spec: MatmulSpec, maxK = MATMUL_MAX_K): Promise<MatmulOp> {
    const object = `matmul${spec.label ? ` '${spec.label}'` : ''}`;
    for (const d of ['m', 'n', 'k'] as const) {
      if (!Number.isInteger(spec[d]) || spec[d] < 1) throw new InvalidParameterError(object, d, spec[d], 'an integer >= 1');
    }
    const { m, n, k } = spec;
    const align = ctx.limits.minStorageBufferOffsetAlignment;
    const need = (buf: GPUBuffer, name: string, elems: number, offset = 0) => {
      if (offset % align !== 0) throw new InvalidParameterError(object, `${name}Offset`, offset, `a multiple of ${align} bytes`);
      if (buf.size < offset + 4 * elems) throw new InvalidParameterError(object, name, `${buf.size} bytes`, `at least ${offset + 4 * elems} bytes (${elems} f32 from byte ${offset})`);
    };
    need(spec.a, 'a', m * k, spec.aOffset);
    need(spec.b, 'b', k * n, spec.bOffset);
    need(spec.c, 'c', m * n, spec.cOffset);
    if (spec.bias) need(spec.bias, 'bias', n, spec.biasOffset);
    const limits = ctx.limits;
    const strategy = spec.strategy ?? 'auto';
    const events = strategy === 'events' ? { columnsPerThread: Math.ceil(n / MATMUL_EVENTS_WG) } : undefined;
    const direct = !events && (strategy === 'direct' || (strategy === 'auto' && (Math.min(m, n, k) < 64 || ctx.adapter.software)));
    let gx: number;
    let gy: number;
    let gz: number;
    if (events) {
      // One workgroup per row of C; a row loops about K (1 + columnsPerThread) times, so the sum is split to stay in the loop budget.
      maxK = Math.min(maxK, Math.max(MATMUL_EVENTS_WG, Math.floor(60000 / (events.columnsPerThread + 1) / MATMUL_EVENTS_WG) * MATMUL_EVENTS_WG));
      gx = Math.min(m, limits.maxComputeWorkgroupsPerDimension);
      gy = Math.ceil(m / gx);
      gz = 1;
    } else if (direct) {
      // 64 elements per workgroup over x (then y rows of x-groups); frame.groupsY carries the x extent.
      const groups = Math.ceil((m * n) / 64);
      gx = Math.min(groups, limits.maxComputeWorkgroupsPerDimension);
      gy = Math.ceil(groups / gx);
      gz = 1;
      if (gy > limits.maxComputeWorkgroupsPerDimension) throw new InvalidParameterError(object, 'm x n', m * n, `at most ${64 * gx * limits.maxComputeWorkgroupsPerDimension}`);
    } else {
      gx = Math.ceil(n / MATMUL_TILE);
      const rowsGroups = Math.ceil(m / MATMUL_TILE);
      if (gx > limits.maxComputeWorkgroupsPerDimension) throw new InvalidParameterError(object, 'n', n, `at most ${limits.maxComputeWorkgroupsPerDimension * MATMUL_TILE}`);
      gy = Math.min(rowsGroups, limits.maxComputeWorkgroupsPerDimension);
      gz = Math.ceil(rowsGroups / gy);
    }
    const chunks = Math.ceil(k / maxK);
    const data = new Uint8Array(chunks * FRAME_STRIDE);
    const parts: Part[] = [];
    const frame = ctx.pool.acquire({ label: `${object}.frame`, size: chunks * FRAME_STRIDE, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST, storage: false });
    for (let c = 0; c < chunks; c++) {
      const kBegin = c * maxK;
      const kEnd = Math.min(k, kBegin + maxK);
      data.set(new Uint8Array(packOne(MATMUL_FRAME, { m, n, k, kBegin, kEnd, groupsY: direct || events ? gx : gy, noContract: 0 })), c * FRAME_STRIDE);
      const bias = !!spec.bias && c === chunks - 1;
      const options = { direct, transA: !!spec.transA, transB: !!spec.transB, bias, accumulate: !!spec.accumulate || c > 0, eventsColumns: events ? events.columnsPerThread : 0 };
      const kernel = await ctx.pipelines.get({ name: 'matmul', options, bindings: bindings(bias), source: () => matmulShader({ ...options, frameStruct: MATMUL_FRAME.wgsl }) });
      const buffers: [GPUBuffer, number, number][] = [[frame, uniformBufferSize(MATMUL_FRAME), 0], [spec.a, 4 * m * k, spec.aOffset ?? 0],
        [spec.b, 4 * k * n, spec.bOffset ?? 0], [spec.c, 4 * m * n, spec.cOffset ?? 0]];
      if (bias) buffers.push([spec.bias!, 4 * n, spec.biasOffset ?? 0]);
      const bindGroup = ctx.device.createBindGroup({
        label: `${object}.bindGroup`, layout: kernel.layout,
        entries: buffers.map(([buffer, size, offset], binding) => ({ binding, resource: { buffer, size, offset } })),
      });
      parts.push({ kernel, bindGroup, offset: c * FRAME_STRIDE });
    }
    ctx.device.queue.writeBuffer(frame, 0, data);
    return new MatmulOp(parts, [gx, gy, gz], frame, ctx, spec);
  }

  /** Adds the product's dispatches to an open compute pass. */
  encode(pass: GPUComputePassEncoder): void {
    for (const p of this.parts) {
      pass.setPipeline(p.kernel.pipeline);
      pass.setBindGroup(0, p.bindGroup, [p.offset]);
      pass.dispatchWorkgroups(...this.groups);
    }
  }

  release(): void {
    this.ctx.pool.release(this.frame);
  }
}
