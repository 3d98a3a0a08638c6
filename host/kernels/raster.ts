/**
 * raster kernel binding: the render pipeline that draws a spike raster from a GPU ring of per-step
 * spike bitmasks (host/gpu/render.ts: one per colour-target format, cached per device) and the frame
 * uniform's packing. WGSL: shaders/raster.wgsl.ts; oracle: kernels-tests/oracle/raster.ts; user API:
 * host/sim/spike-raster.ts (SpikeRaster).
 */
import type { GpuContext } from '../gpu/context.js';
import { picturePipeline, type PicturePipeline } from '../gpu/render.js';
import { MAX_RASTER_POPULATIONS, RASTER_FRAME_BYTES, rasterShader } from '../../shaders/raster.wgsl.js';

export { MAX_RASTER_POPULATIONS, RASTER_FRAME_BYTES };

export interface RasterPopulationFrame {
  /** First row (neuron) of the population in the stacked raster. */
  first: number;
  size: number;
  /** Offset (u32 words) of its bitmask within one step's words. */
  wordOffset: number;
  /** Linear RGB in [0, 1]. */
  color: readonly [number, number, number];
}

export interface RasterFrame {
  width: number;
  height: number;
  /** Ring slots. */
  columns: number;
  /** Steps across the width (<= columns). */
  shown: number;
  /** Ring slot of the oldest shown step. */
  base: number;
  wordsPerStep: number;
  neurons: number;
  /** First relative step that was recorded (earlier ones are drawn as background). */
  firstValid: number;
  populations: readonly RasterPopulationFrame[];
  background: readonly [number, number, number];
}

/** The frame uniform's bytes (layout: shaders/raster.wgsl.ts Frame). */
export function packRasterFrame(f: RasterFrame): ArrayBuffer {
  const bytes = new ArrayBuffer(RASTER_FRAME_BYTES);
  const u = new Uint32Array(bytes);
  const v = new Float32Array(bytes);
  u.set([f.width, f.height, f.columns, f.shown, f.base, f.wordsPerStep, f.neurons, f.populations.length, f.firstValid], 0);
  f.populations.forEach((p, i) => {
    u.set([p.first, p.size, p.wordOffset, 0], 12 + 4 * i);
    v.set([...p.color, 1], 12 + 4 * MAX_RASTER_POPULATIONS + 4 * i);
  });
  v.set([...f.background, 1], 12 + 8 * MAX_RASTER_POPULATIONS);
  return bytes;
}

/** The raster render pipeline for `format` (compiled once per device and format). */
export function rasterPipeline(ctx: GpuContext, format: GPUTextureFormat): Promise<PicturePipeline> {
  return picturePipeline(ctx, 'raster', rasterShader, format);
}
