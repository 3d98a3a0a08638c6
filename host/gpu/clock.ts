/**
 * Clock: a uniform buffer of per-step slots ({ step }, 256 bytes apart) that kernels needing the
 * absolute step (Poisson draws, delayed propagation) bind with a dynamic offset. A run writes the
 * slots of a chunk before encoding it, so up to CLOCK_SLOTS steps fit in one command buffer without
 * any per-step upload.
 */
import type { GpuContext } from './context.js';
import { defineStruct } from './layout.js';

export const CLOCK = defineStruct('Clock', [['step', 'u32']]);
/** Bytes between slots: WebGPU's guaranteed minUniformBufferOffsetAlignment. */
export const CLOCK_STRIDE = 256;
/** Steps per chunk (and per command buffer). */
export const CLOCK_SLOTS = 512;

export class Clock {
  readonly buffer: GPUBuffer;
  constructor(private readonly ctx: GpuContext, label: string) {
    this.buffer = ctx.pool.acquire({ label, size: CLOCK_SLOTS * CLOCK_STRIDE, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST, storage: false });
  }

  /** Writes steps firstStep .. firstStep+count-1 into slots 0 .. count-1 (queue-ordered before the next submit). */
  write(firstStep: number, count: number): void {
    if (count > CLOCK_SLOTS) throw new Error(`Clock.write: ${count} steps > ${CLOCK_SLOTS} slots`);
    const words = new Uint32Array((count * CLOCK_STRIDE) / 4);
    for (let s = 0; s < count; s++) words[(s * CLOCK_STRIDE) / 4] = (firstStep + s) >>> 0;
    this.ctx.device.queue.writeBuffer(this.buffer, 0, words);
  }

  /** Dynamic offset of slot s. */
  static offset(slot: number): number {
    return slot * CLOCK_STRIDE;
  }

  release(): void {
    this.ctx.pool.release(this.buffer);
  }
}
