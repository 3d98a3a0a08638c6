/**
 * SpikeRaster: a spike raster drawn on the GPU from the simulator's own spike buffers. Passed to
 * Simulator.run({ rasters }), it copies each step's spike bitmask of its populations (instance 0)
 * into a GPU ring of the last `windowMs` of model time, inside the run's command buffers: nothing is
 * read back. draw() renders the ring into a canvas (GPUCanvasContext) or a texture with one render
 * pass (the raster kernel: shaders/raster.wgsl.ts). A step the raster did not see (a run without
 * it, a reset) starts it afresh.
 */
import { DestroyedError, InvalidParameterError, LimitExceededError } from '../errors.js';
import type { GpuContext } from '../gpu/context.js';
import { drawPicture, OffscreenPicture, pictureTarget } from '../gpu/render.js';
import { MAX_RASTER_POPULATIONS, packRasterFrame, rasterPipeline, RASTER_FRAME_BYTES, type RasterPopulationFrame } from '../kernels/raster.js';
import { rejectUnknownKeys, requirePositive } from '../validate.js';
import type { FusedEngine } from './fused-engine.js';
import type { Population } from './population.js';

/** A colour: '#rrggbb' or [r, g, b] in [0, 1]. */
export type RasterColor = string | readonly [number, number, number];

export interface SpikeRasterOptions {
  /** Populations drawn, stacked from the bottom up: names, or { name, color }. */
  populations: (string | { name: string; color?: RasterColor })[];
  /** Model time kept on the GPU and drawn across the width (ms). Default 200. */
  windowMs?: number;
  /** Default '#000000'. */
  background?: RasterColor;
}

/** The simulator as the raster sees it (Simulator implements it). */
export interface RasterSource {
  readonly gpu: GpuContext;
  readonly dt: number;
  readonly stepCount: number;
  population(name: string): Population;
}

const PALETTE = ['#66ccff', '#ff7777', '#ffcc66', '#99ee66', '#cc99ff', '#ff99cc', '#66ffcc', '#cccccc'];
const OBJECT = 'SpikeRaster options';

/** '#rrggbb' or [r, g, b] in [0, 1] as [r, g, b]; anything else an InvalidParameterError naming `field` of `object`. */
export function parseColor(field: string, c: RasterColor, object = OBJECT): [number, number, number] {
  if (typeof c === 'string' && /^#[0-9a-fA-F]{6}$/.test(c)) return [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16) / 255) as [number, number, number];
  if (Array.isArray(c) && c.length === 3 && c.every((x) => typeof x === 'number' && x >= 0 && x <= 1)) return [c[0], c[1], c[2]];
  throw new InvalidParameterError(object, field, c, "'#rrggbb' or [r, g, b] with each in [0, 1]");
}

export class SpikeRaster {
  /** The populations, bottom to top, with their first row and colour. */
  readonly populations: readonly (RasterPopulationFrame & { name: string })[];
  /** Rows (neurons of every population). */
  readonly neurons: number;
  /** Steps kept (the ring's slots). */
  readonly windowSteps: number;
  readonly dt: number;
  private readonly wordsPerStep: number;
  private readonly ring: GPUBuffer;
  private readonly frame: GPUBuffer;
  private readonly pops: Population[];
  private readonly background: [number, number, number];
  /** Contiguous steps recorded, ending at `nextStep` (exclusive). */
  private recorded = 0;
  private nextStep = 0;
  private destroyed = false;

  private constructor(private readonly source: RasterSource, options: SpikeRasterOptions) {
    if (typeof options !== 'object' || options === null) throw new InvalidParameterError(OBJECT, 'options', options, 'an object { populations, windowMs?, background? }');
    rejectUnknownKeys(OBJECT, options, ['populations', 'windowMs', 'background']);
    const list = options.populations;
    if (!Array.isArray(list) || list.length === 0 || list.length > MAX_RASTER_POPULATIONS) {
      throw new InvalidParameterError(OBJECT, 'populations', list, `an array of 1 to ${MAX_RASTER_POPULATIONS} population names or { name, color }`);
    }
    this.dt = source.dt;
    const windowMs = requirePositive(OBJECT, 'windowMs', options.windowMs ?? 200, 'ms');
    this.windowSteps = Math.max(1, Math.round(windowMs / this.dt));
    this.background = parseColor('background', options.background ?? '#000000');
    let first = 0;
    let words = 0;
    this.pops = [];
    this.populations = list.map((entry, i) => {
      const name = typeof entry === 'string' ? entry : entry?.name;
      if (typeof entry === 'object' && entry !== null) rejectUnknownKeys(`${OBJECT} populations[${i}]`, entry, ['name', 'color']);
      const pop = source.population(name as string);
      this.pops.push(pop);
      const color = parseColor(`populations[${i}].color`, (typeof entry === 'object' && entry.color) || PALETTE[i]!);
      const p = { name: pop.name, first, size: pop.size, wordOffset: words, color };
      first += pop.size;
      words += pop.words;
      return p;
    });
    this.neurons = first;
    this.wordsPerStep = words;
    const device = source.gpu.device;
    const bytes = 4 * words * this.windowSteps;
    const limit = device.limits.maxStorageBufferBindingSize;
    if (bytes > limit) {
      throw new LimitExceededError(OBJECT, 'windowMs', bytes, limit, `A window of ${this.windowSteps} steps of ${this.neurons} neurons takes ${bytes} bytes; shorten windowMs or draw fewer populations.`, 'one storage binding holds');
    }
    const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST;
    this.ring = source.gpu.pool.acquire({ label: 'spikeRaster.ring', size: bytes, usage });
    this.frame = source.gpu.pool.acquire({ label: 'spikeRaster.frame', size: RASTER_FRAME_BYTES, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    this.offscreen = new OffscreenPicture(source.gpu, 'spikeRaster');
  }

  /** A raster of `options.populations` of `simulator` (a Simulator); pass it to run({ rasters }). */
  static create(simulator: RasterSource, options: SpikeRasterOptions): SpikeRaster {
    return new SpikeRaster(simulator, options);
  }

  /** Whether it records for this simulator. */
  belongsTo(source: RasterSource): boolean {
    return source === this.source;
  }

  /** The model time drawn across the width (ms): [endMs - windowSteps dt, endMs), endMs = the last recorded step's end. */
  timeWindow(): { startMs: number; endMs: number } {
    const endMs = this.nextStep * this.dt;
    return { startMs: endMs - this.windowSteps * this.dt, endMs };
  }

  /** Steps recorded and still in the window. */
  get stepsShown(): number {
    return Math.min(this.recorded, this.windowSteps);
  }

  /** Forgets what was recorded (the next step starts the raster afresh). */
  clear(): void {
    this.recorded = 0;
  }

  /** Throws DestroyedError after destroy(). */
  checkAlive(): void {
    if (this.destroyed) throw new DestroyedError('SpikeRaster');
  }

  private advance(step: number): number {
    if (step !== this.nextStep) this.recorded = 0;
    this.nextStep = step + 1;
    this.recorded++;
    return step % this.windowSteps;
  }

  /** Used by Simulator.run: after absolute step `step` on the per-step path, copy its bitmasks. */
  encodeStep(encoder: GPUCommandEncoder, step: number): void {
    const slot = this.advance(step);
    this.pops.forEach((pop, i) => {
      encoder.copyBufferToBuffer(pop.buffers.spikeBits.buffer, pop.bitsSlotOffset(step), this.ring, 4 * (slot * this.wordsPerStep + this.populations[i]!.wordOffset), 4 * pop.words);
    });
  }

  /** Used by Simulator.run: after a fused chunk of `steps` steps starting at `firstStep`. */
  encodeFused(encoder: GPUCommandEncoder, engine: FusedEngine, firstStep: number, steps: number): void {
    for (let s = 0; s < steps; s++) {
      const slot = this.advance(firstStep + s);
      this.pops.forEach((pop, i) => {
        engine.encodeStepBitsCopy(encoder, pop, s, this.ring, 4 * (slot * this.wordsPerStep + this.populations[i]!.wordOffset), 4 * pop.words);
      });
    }
  }

  /**
   * Draws the window into a canvas (its current texture) or a texture with RENDER_ATTACHMENT usage,
   * one render pass, submitted at once; nothing is read back.
   */
  async draw(target: GPUCanvasContext | GPUTexture): Promise<void> {
    this.checkAlive();
    const texture = pictureTarget('SpikeRaster.draw', target);
    const ctx = this.source.gpu;
    const pipeline = await rasterPipeline(ctx, texture.format);
    const shown = this.windowSteps;
    const oldest = this.nextStep - shown;
    ctx.device.queue.writeBuffer(this.frame, 0, packRasterFrame({
      width: texture.width, height: texture.height, columns: this.windowSteps, shown, base: ((oldest % shown) + shown) % shown, wordsPerStep: this.wordsPerStep,
      neurons: this.neurons, firstValid: shown - this.stepsShown, populations: this.populations, background: this.background,
    }));
    drawPicture(ctx, 'spikeRaster.draw', pipeline, texture, this.frame, { buffer: this.ring, size: 4 * this.wordsPerStep * this.windowSteps });
  }

  private readonly offscreen: OffscreenPicture;

  /**
   * Draws into an offscreen RGBA8 texture and reads the picture back: `width` x `height` pixels, rows
   * from the top, 4 bytes each. For adapters whose canvases cannot present WebGPU frames (SwiftShader in
   * headless Chromium loses the whole WebGPU instance when a canvas texture is taken): put the pixels
   * in a 2-D canvas. One readback of the image (not of spikes) per call.
   */
  renderPixels(width: number, height: number): Promise<Uint8Array> {
    this.checkAlive();
    return this.offscreen.pixels('SpikeRaster.renderPixels', width, height, (t) => this.draw(t));
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.offscreen.destroy();
    this.source.gpu.pool.release(this.ring);
    this.source.gpu.pool.release(this.frame);
  }
}
