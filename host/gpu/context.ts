/**
 * GpuContext: a device plus what every kernel needs from it (buffer pool, pipeline cache, readback,
 * debug switch) and the error plumbing: `device.lost` and uncaptured errors become typed errors
 * that user code receives through `onError` and that every later call rethrows.
 */
import { DestroyedError, DeviceLostError, GpuOutOfMemoryError, GpuValidationError, SpikeGpuError } from '../errors.js';
import { BufferPool } from './buffers.js';
import { PipelineCache } from './pipelines.js';
import { readBuffer } from './readback.js';
import { withErrorScopes } from './scopes.js';

export interface AdapterDescription {
  /** 'browser' (navigator.gpu) or 'node' (the webgpu package, Dawn). */
  runtime: 'browser' | 'node';
  /** In Node: 'default' | 'opengles' | 'vulkan-swiftshader'; in a browser: 'browser'. */
  backend: string;
  /** 'compatibility' for WebGPU compatibility mode (OpenGL ES), else 'core'. */
  featureLevel: 'core' | 'compatibility';
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** adapter.info.isFallbackAdapter as reported by the implementation. */
  isFallback: boolean;
  /** True for CPU implementations (SwiftShader, llvmpipe, lavapipe, WARP), whatever isFallback says. */
  software: boolean;
  /** How the adapter was chosen (fallbacks tried, caveats). */
  notes: string[];
  /** One line for logs and benchmark tables. */
  summary: string;
}

export type ErrorListener = (error: SpikeGpuError) => void;

export class GpuContext {
  readonly pool: BufferPool;
  readonly pipelines: PipelineCache;
  private listeners = new Set<ErrorListener>();
  private failure: SpikeGpuError | undefined;
  private destroyed = false;
  /** Readbacks (host waits for GPU data) since creation: what benchmarks and tests count as host syncs. */
  readbacks = 0;

  constructor(readonly device: GPUDevice, readonly adapter: AdapterDescription, debug = false) {
    this.pool = new BufferPool(device);
    this.pipelines = new PipelineCache(device);
    this.pipelines.debug = debug;
    void device.lost.then((info) => {
      if (this.destroyed && info.reason === 'destroyed') return;
      this.fail(new DeviceLostError(info.reason, info.message));
    });
    device.onuncapturederror = (event: GPUUncapturedErrorEvent) => {
      const e = event.error;
      const isOom = typeof GPUOutOfMemoryError !== 'undefined' && e instanceof GPUOutOfMemoryError;
      this.fail(isOom ? new GpuOutOfMemoryError('uncaptured', e.message) : new GpuValidationError('uncaptured', e.message));
    };
  }

  get limits(): GPUSupportedLimits {
    return this.device.limits;
  }

  /** Debug mode: print generated WGSL and wrap every dispatch in error scopes. */
  get debug(): boolean {
    return this.pipelines.debug;
  }
  set debug(on: boolean) {
    this.pipelines.debug = on;
  }

  /** Registers a listener for device loss and uncaptured GPU errors. Returns an unsubscribe function. */
  onError(listener: ErrorListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The first asynchronous failure (device lost, uncaptured error), if any. */
  get error(): SpikeGpuError | undefined {
    return this.failure;
  }

  /** Throws the recorded failure, or DestroyedError after destroy(). Called by every public GPU operation. */
  check(): void {
    if (this.destroyed) throw new DestroyedError('GpuContext');
    if (this.failure) throw this.failure;
  }

  private fail(error: SpikeGpuError): void {
    this.failure ??= error;
    for (const l of this.listeners) l(error);
  }

  /** Submits command buffers; in debug mode inside error scopes attributed to `what`. */
  async submit(what: string, commands: GPUCommandBuffer[]): Promise<void> {
    this.check();
    if (this.debug) {
      await withErrorScopes(this.device, what, () => this.device.queue.submit(commands));
    } else {
      this.device.queue.submit(commands);
    }
  }

  /** Copies `size` bytes of `buffer` from `offset` back to the CPU through a staging buffer. */
  async read(buffer: GPUBuffer, offset = 0, size = buffer.size - offset): Promise<ArrayBuffer> {
    this.check();
    this.readbacks++;
    let data: ArrayBuffer;
    try {
      data = await readBuffer(this.device, this.pool, buffer, offset, size);
    } catch (e) {
      throw await this.explain(e, `readback of ${buffer.label || 'a buffer'}`);
    }
    this.check();
    return data;
  }

  /** Waits until the GPU has finished all submitted work. */
  async finish(): Promise<void> {
    this.check();
    try {
      await this.device.queue.onSubmittedWorkDone();
    } catch (e) {
      throw await this.explain(e, 'waiting for the GPU');
    }
    this.check();
  }

  /**
   * A GPU promise rejected (a mapAsync aborted...). When the device is lost (or is reported lost
   * within half a second: the readback can fail before device.lost resolves), that loss is the error
   * (DeviceLostError); otherwise a GpuValidationError naming the operation and the browser's error.
   */
  private async explain(e: unknown, what: string): Promise<SpikeGpuError> {
    if (e instanceof SpikeGpuError) return e;
    if (!this.failure && !this.destroyed) {
      const lost = await Promise.race([this.device.lost, new Promise<null>((r) => setTimeout(() => r(null), 500))]);
      if (lost && !this.destroyed) this.fail(new DeviceLostError(lost.reason, lost.message));
    }
    if (this.destroyed) return new DestroyedError('GpuContext');
    if (this.failure) return this.failure;
    const err = e as { name?: string; message?: string };
    return new GpuValidationError(what, `${err.name ?? 'Error'}: ${err.message || String(e)}`);
  }

  /** Frees every buffer and the device. The context cannot be used afterwards. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.pool.destroyAll();
    this.device.destroy();
  }
}
