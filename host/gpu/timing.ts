/**
 * GPU timestamps (the WebGPU `timestamp-query` feature, as webgpu-samples time passes): a query set
 * of 2 x `passes` timestamps written at the beginning and end of compute passes, resolved into a
 * buffer and read back once. Where the adapter lacks the feature (most software adapters),
 * GpuTimer.create returns null and callers report wall time instead, saying which they used.
 * Timestamps are in nanoseconds on the GPU's clock; implementations may quantise them.
 */
import type { GpuContext } from './context.js';

export class GpuTimer {
  private readonly resolveBuffer: GPUBuffer;
  private readonly readBuffer: GPUBuffer;
  private used = 0;

  private constructor(private readonly ctx: GpuContext, private readonly querySet: GPUQuerySet, readonly passes: number) {
    const bytes = 16 * passes;
    this.resolveBuffer = ctx.device.createBuffer({ label: 'timer.resolve', size: bytes, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
    this.readBuffer = ctx.device.createBuffer({ label: 'timer.read', size: bytes, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ });
  }

  /** Whether this device can time passes (the feature was granted). */
  static available(ctx: GpuContext): boolean {
    return ctx.device.features.has('timestamp-query');
  }

  /** A timer for up to `passes` compute passes, or null without the feature. */
  static create(ctx: GpuContext, passes: number): GpuTimer | null {
    if (!GpuTimer.available(ctx)) return null;
    const querySet = ctx.device.createQuerySet({ label: 'timer', type: 'timestamp', count: 2 * passes });
    return new GpuTimer(ctx, querySet, passes);
  }

  /** The timestampWrites of the next pass (at most `passes` per round). */
  nextPass(): GPUComputePassTimestampWrites {
    if (this.used >= this.passes) throw new Error(`GpuTimer: more than ${this.passes} passes in one round`);
    const k = this.used++;
    return { querySet: this.querySet, beginningOfPassWriteIndex: 2 * k, endOfPassWriteIndex: 2 * k + 1 };
  }

  /** Encodes the resolve and the copy for reading; call after the timed passes, before finish(). */
  encodeResolve(encoder: GPUCommandEncoder): void {
    if (this.used === 0) return;
    encoder.resolveQuerySet(this.querySet, 0, 2 * this.used, this.resolveBuffer, 0);
    encoder.copyBufferToBuffer(this.resolveBuffer, 0, this.readBuffer, 0, 16 * this.used);
  }

  /** After the submit: each timed pass's duration (ms), in order; starts a new round. */
  async read(): Promise<number[]> {
    const n = this.used;
    this.used = 0;
    if (n === 0) return [];
    await this.readBuffer.mapAsync(GPUMapMode.READ, 0, 16 * n);
    const t = new BigUint64Array(this.readBuffer.getMappedRange(0, 16 * n).slice(0));
    this.readBuffer.unmap();
    const out: number[] = [];
    for (let k = 0; k < n; k++) {
      const d = t[2 * k + 1]! - t[2 * k]!;
      // A pass whose end reads before its beginning (clock wrap, or an implementation's zeros): no measure.
      out.push(d >= 0n ? Number(d) / 1e6 : NaN);
    }
    return out;
  }

  destroy(): void {
    this.querySet.destroy();
    this.resolveBuffer.destroy();
    this.readBuffer.destroy();
  }
}
