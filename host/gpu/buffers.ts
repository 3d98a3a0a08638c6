/**
 * Labelled GPU buffers with a pool. Every buffer carries a label that names its owner, so Dawn and
 * Chrome validation messages say which kernel's buffer was involved. Released buffers are kept by
 * (usage, size class) and handed out again instead of allocating. Sizes are checked against the
 * device limits before allocation, with an error that says how much was asked for.
 */
import { LimitExceededError } from '../errors.js';

export interface BufferRequest {
  label: string;
  /** Size in bytes; rounded up to a multiple of 4. */
  size: number;
  usage: GPUBufferUsageFlags;
  /** Whether the buffer will be bound as a storage buffer (checked against maxStorageBufferBindingSize). */
  storage?: boolean;
}

/**
 * A byte range of a buffer: what a kernel binds or a copy reads when several owners share one
 * buffer (the Simulator's input and synapse arenas: host/sim/arenas.ts). `offset` is a multiple of
 * minStorageBufferOffsetAlignment, so the range can be bound on its own.
 */
export interface BufferRange {
  buffer: GPUBuffer;
  offset: number;
  size: number;
}

const sizeClass = (size: number): number => {
  // Sizes below 4 KiB round to a multiple of 256; larger ones to the next power of two, at most 1/8 waste
  // beyond that: round up to a multiple of 1/8 of the next lower power of two.
  if (size <= 4096) return Math.max(256, Math.ceil(size / 256) * 256);
  const p = 2 ** Math.floor(Math.log2(size));
  const step = p / 8;
  return Math.ceil(size / step) * step;
};

export class BufferPool {
  private readonly free = new Map<string, GPUBuffer[]>();
  private readonly live = new Set<GPUBuffer>();
  private bytes = 0;

  constructor(private readonly device: GPUDevice) {}

  /** Bytes currently allocated by this pool (live and free). */
  get allocatedBytes(): number {
    return this.bytes;
  }

  /** Checks a size against the device limits and throws LimitExceededError naming the buffer. */
  checkSize(label: string, size: number, storage: boolean): void {
    const limits = this.device.limits;
    if (size > limits.maxBufferSize) {
      throw new LimitExceededError(label, 'buffer size (bytes)', size, limits.maxBufferSize,
        'Reduce the population size or batch, or split the model.');
    }
    if (storage && size > limits.maxStorageBufferBindingSize) {
      throw new LimitExceededError(label, 'storage binding size (bytes)', size, limits.maxStorageBufferBindingSize,
        'Reduce the population size or batch, or split the population in several.');
    }
  }

  /** Gets a buffer of at least `size` bytes (a pooled one when available). Its contents are undefined. */
  acquire(req: BufferRequest): GPUBuffer {
    const size = Math.max(4, Math.ceil(req.size / 4) * 4);
    this.checkSize(req.label, size, req.storage ?? (req.usage & GPUBufferUsage.STORAGE) !== 0);
    const cls = sizeClass(size);
    const key = `${req.usage}:${cls}`;
    const list = this.free.get(key);
    const reused = list?.pop();
    if (reused) {
      reused.label = req.label;
      this.live.add(reused);
      return reused;
    }
    const buffer = this.device.createBuffer({ label: req.label, size: cls, usage: req.usage });
    this.bytes += cls;
    this.live.add(buffer);
    return buffer;
  }

  /** Creates a buffer holding `data` (copied, zero-padded to a multiple of 4 bytes). */
  createWithData(label: string, usage: GPUBufferUsageFlags, data: ArrayBufferView | ArrayBuffer): GPUBuffer {
    const src = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const padded = new Uint8Array(Math.max(4, Math.ceil(src.byteLength / 4) * 4));
    padded.set(src);
    const buffer = this.acquire({ label, size: padded.byteLength, usage: usage | GPUBufferUsage.COPY_DST });
    this.device.queue.writeBuffer(buffer, 0, padded);
    return buffer;
  }

  /** Returns a buffer to the pool for reuse. */
  release(buffer: GPUBuffer): void {
    if (!this.live.delete(buffer)) return;
    const key = `${buffer.usage}:${buffer.size}`;
    let list = this.free.get(key);
    if (!list) this.free.set(key, (list = []));
    list.push(buffer);
  }

  /**
   * Destroys a live buffer now (its memory is not kept for reuse): for large buffers whose contents
   * moved elsewhere, e.g. rows generated on the GPU once copied into a synapse page.
   */
  destroy(buffer: GPUBuffer): void {
    if (!this.live.delete(buffer)) return;
    this.bytes -= buffer.size;
    buffer.destroy();
  }

  /** Destroys free buffers (live ones stay). */
  trim(): void {
    for (const list of this.free.values()) for (const b of list) {
      this.bytes -= b.size;
      b.destroy();
    }
    this.free.clear();
  }

  /** Destroys everything the pool ever allocated. */
  destroyAll(): void {
    this.trim();
    for (const b of this.live) b.destroy();
    this.live.clear();
    this.bytes = 0;
  }
}
