/**
 * StateMap: a state variable of every neuron of a population (instance 0; v by default) drawn on the
 * GPU as a grid of coloured cells, straight from the population's state buffer: nothing is read back.
 * draw() renders the state as it is after the last run into a canvas (GPUCanvasContext) or a texture
 * (the stateMap kernel: shaders/stateMap.wgsl.ts); renderPixels() for adapters whose canvases cannot
 * present (see SpikeRaster).
 */
import { DestroyedError, InvalidParameterError } from '../errors.js';
import { drawPicture, OffscreenPicture, pictureTarget } from '../gpu/render.js';
import { packStateMapFrame, STATE_MAP_FRAME_BYTES, stateMapPipeline } from '../kernels/stateMap.js';
import { rejectUnknownKeys, requireFinite, requireInteger } from '../validate.js';
import { parseColor, type RasterColor, type RasterSource } from './spike-raster.js';
import type { Population } from './population.js';

export interface StateMapOptions {
  population: string;
  /** An f32 state variable of the population's model. Default 'v'. */
  variable?: string;
  /** Values mapped to the first and last colour (clamped outside). */
  range: [number, number];
  /** Cells per row. Default ceil(sqrt(size)). */
  columns?: number;
  /** Colours at the low end, the middle and the high end. Default '#440154', '#21918c', '#fde725' (viridis' ends and middle). */
  colors?: [RasterColor, RasterColor, RasterColor];
  /** Default '#000000'. */
  background?: RasterColor;
}

const OBJECT = 'StateMap options';

export class StateMap {
  readonly population: string;
  readonly variable: string;
  readonly columns: number;
  readonly rows: number;
  readonly range: readonly [number, number];
  private readonly pop: Population;
  private readonly strideWords: number;
  private readonly offsetWords: number;
  private readonly stops: [[number, number, number], [number, number, number], [number, number, number]];
  private readonly background: [number, number, number];
  private readonly frame: GPUBuffer;
  private readonly offscreen: OffscreenPicture;
  private destroyed = false;

  private constructor(private readonly source: RasterSource, o: StateMapOptions) {
    if (typeof o !== 'object' || o === null) throw new InvalidParameterError(OBJECT, 'options', o, 'an object { population, range, variable?, columns?, colors?, background? }');
    rejectUnknownKeys(OBJECT, o, ['population', 'variable', 'range', 'columns', 'colors', 'background']);
    this.pop = source.population(o.population);
    this.population = this.pop.name;
    const fields = this.pop.stateFields;
    if (fields.length === 0) throw new InvalidParameterError(OBJECT, 'population', o.population, `a population with state variables ('${this.pop.model}' sources have none)`);
    this.variable = o.variable ?? 'v';
    const layout = this.pop.stateLayoutOrThrow();
    const field = layout.fields.find((f) => f.name === this.variable);
    if (!field || field.type !== 'f32') {
      throw new InvalidParameterError(OBJECT, 'variable', this.variable, `an f32 state variable of '${this.pop.model}': ${layout.fields.filter((f) => f.type === 'f32').map((f) => `'${f.name}'`).join(', ')}`);
    }
    if (!Array.isArray(o.range) || o.range.length !== 2) throw new InvalidParameterError(OBJECT, 'range', o.range, '[lo, hi] with lo < hi');
    const lo = requireFinite(OBJECT, 'range[0]', o.range[0]);
    const hi = requireFinite(OBJECT, 'range[1]', o.range[1]);
    if (!(hi > lo)) throw new InvalidParameterError(OBJECT, 'range', o.range, '[lo, hi] with lo < hi');
    this.range = [lo, hi];
    const n = this.pop.size;
    this.columns = o.columns === undefined ? Math.ceil(Math.sqrt(n)) : requireInteger(OBJECT, 'columns', o.columns, 1, n);
    this.rows = Math.ceil(n / this.columns);
    const colors = o.colors ?? ['#440154', '#21918c', '#fde725'];
    if (!Array.isArray(colors) || colors.length !== 3) throw new InvalidParameterError(OBJECT, 'colors', colors, 'three colours: low, middle, high');
    this.stops = [parseColor('colors[0]', colors[0], OBJECT), parseColor('colors[1]', colors[1], OBJECT), parseColor('colors[2]', colors[2], OBJECT)];
    this.background = parseColor('background', o.background ?? '#000000', OBJECT);
    this.strideWords = layout.stride / 4;
    this.offsetWords = field.offset / 4;
    this.frame = source.gpu.pool.acquire({ label: 'stateMap.frame', size: STATE_MAP_FRAME_BYTES, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    this.offscreen = new OffscreenPicture(source.gpu, 'stateMap');
  }

  /** A map of `options.variable` of `options.population` of `simulator` (a Simulator). */
  static create(simulator: RasterSource, options: StateMapOptions): StateMap {
    return new StateMap(simulator, options);
  }

  checkAlive(): void {
    if (this.destroyed) throw new DestroyedError('StateMap');
  }

  /** Draws the population's current state into a canvas or a texture with RENDER_ATTACHMENT usage; nothing is read back. */
  async draw(target: GPUCanvasContext | GPUTexture): Promise<void> {
    this.checkAlive();
    const texture = pictureTarget('StateMap.draw', target);
    const ctx = this.source.gpu;
    const pipeline = await stateMapPipeline(ctx, texture.format);
    ctx.device.queue.writeBuffer(this.frame, 0, packStateMapFrame({
      width: texture.width, height: texture.height, columns: this.columns, rows: this.rows, neurons: this.pop.size,
      strideWords: this.strideWords, offsetWords: this.offsetWords, lo: this.range[0], hi: this.range[1], stops: this.stops, background: this.background,
    }));
    drawPicture(ctx, 'stateMap.draw', pipeline, texture, this.frame, { buffer: this.pop.buffers.state!.buffer, offset: this.pop.buffers.state!.offset, size: 4 * this.strideWords * this.pop.size });
  }

  /** Draws offscreen and reads the picture back (RGBA8, rows from the top): one readback of the image. */
  renderPixels(width: number, height: number): Promise<Uint8Array> {
    this.checkAlive();
    return this.offscreen.pixels('StateMap.renderPixels', width, height, (t) => this.draw(t));
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.offscreen.destroy();
    this.source.gpu.pool.release(this.frame);
  }
}
