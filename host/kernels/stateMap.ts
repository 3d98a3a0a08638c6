/**
 * stateMap kernel binding: the render pipeline that draws a state variable of a population as a grid
 * of cells straight from its state buffer (host/gpu/render.ts), and the frame uniform's packing.
 * WGSL: shaders/stateMap.wgsl.ts; oracle: kernels-tests/oracle/stateMap.ts; user API:
 * host/sim/state-map.ts (StateMap).
 */
import type { GpuContext } from '../gpu/context.js';
import { picturePipeline, type PicturePipeline } from '../gpu/render.js';
import { STATE_MAP_FRAME_BYTES, stateMapShader } from '../../shaders/stateMap.wgsl.js';

export { STATE_MAP_FRAME_BYTES };

type Rgb = readonly [number, number, number];

export interface StateMapFrame {
  width: number;
  height: number;
  columns: number;
  rows: number;
  neurons: number;
  /** The state struct's stride and the variable's offset, in 32-bit words. */
  strideWords: number;
  offsetWords: number;
  lo: number;
  hi: number;
  /** The colour stops at t = 0, 0.5 and 1. */
  stops: readonly [Rgb, Rgb, Rgb];
  background: Rgb;
}

/** The frame uniform's bytes (layout: shaders/stateMap.wgsl.ts Frame). */
export function packStateMapFrame(f: StateMapFrame): ArrayBuffer {
  const bytes = new ArrayBuffer(STATE_MAP_FRAME_BYTES);
  const u = new Uint32Array(bytes);
  const v = new Float32Array(bytes);
  u.set([f.width, f.height, f.columns, f.rows, f.neurons, f.strideWords, f.offsetWords, 0], 0);
  v.set([f.lo, f.hi, 0, 0], 8);
  [...f.stops, f.background].forEach((c, i) => v.set([...c, 1], 12 + 4 * i));
  return bytes;
}

/** The state-map render pipeline for `format` (compiled once per device and format). */
export function stateMapPipeline(ctx: GpuContext, format: GPUTextureFormat): Promise<PicturePipeline> {
  return picturePipeline(ctx, 'stateMap', stateMapShader, format);
}
