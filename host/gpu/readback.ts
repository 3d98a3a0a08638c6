/** Readback through a staging buffer (MAP_READ | COPY_DST), taken from and returned to the pool. */
import type { BufferPool } from './buffers.js';

export async function readBuffer(
  device: GPUDevice,
  pool: BufferPool,
  source: GPUBuffer,
  offset = 0,
  size = source.size - offset,
): Promise<ArrayBuffer> {
  if (size === 0) return new ArrayBuffer(0);
  const padded = Math.ceil(size / 4) * 4;
  const staging = pool.acquire({ label: `readback(${source.label})`, size: padded, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST, storage: false });
  try {
    const encoder = device.createCommandEncoder({ label: `readback(${source.label})` });
    encoder.copyBufferToBuffer(source, offset, staging, 0, padded);
    device.queue.submit([encoder.finish()]);
    await staging.mapAsync(GPUMapMode.READ, 0, padded);
    const copy = staging.getMappedRange(0, padded).slice(0, size);
    staging.unmap();
    return copy;
  } finally {
    pool.release(staging);
  }
}
