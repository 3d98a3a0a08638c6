/**
 * raster kernel binding: the render pipeline that draws a spike raster from a GPU ring of per-step
 * spike bitmasks (one per colour-target format, cached per device), the frame uniform's packing and
 * the render pass. WGSL: shaders/raster.wgsl.ts; oracle: kernels-tests/oracle/raster.ts; user API:
 * host/sim/spike-raster.ts (SpikeRaster).
 */
import type { GpuContext } from '../gpu/context.js';
import { compileShader, withErrorScopes } from '../gpu/scopes.js';
import { MAX_RASTER_POPULATIONS, RASTER_FRAME_BYTES, rasterShader } from '../../shaders/raster.wgsl.js';

export { MAX_RASTER_POPULATIONS, RASTER_FRAME_BYTES };

/** Largest target height or width: keeps the shader's u32 block arithmetic exact. */
export const MAX_RASTER_PIXELS = 8192;

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

interface RasterPipeline {
  pipeline: GPURenderPipeline;
  layout: GPUBindGroupLayout;
}

const pipelines = new WeakMap<GPUDevice, Map<GPUTextureFormat, Promise<RasterPipeline>>>();

/** The raster render pipeline for `format` (compiled once per device and format). */
export function rasterPipeline(ctx: GpuContext, format: GPUTextureFormat): Promise<RasterPipeline> {
  let byFormat = pipelines.get(ctx.device);
  if (!byFormat) pipelines.set(ctx.device, (byFormat = new Map()));
  let entry = byFormat.get(format);
  if (!entry) {
    entry = (async () => {
      const device = ctx.device;
      const module = await compileShader(device, 'raster', rasterShader());
      return withErrorScopes(device, `raster (render pipeline, ${format})`, () => {
        const layout = device.createBindGroupLayout({
          label: 'raster.layout',
          entries: [
            { binding: 0, visibility: GPUShaderStage.FRAGMENT, buffer: { type: 'uniform' } },
            { binding: 1, visibility: GPUShaderStage.FRAGMENT, buffer: { type: 'read-only-storage' } },
          ],
        });
        const pipeline = device.createRenderPipeline({
          label: `raster.${format}`,
          layout: device.createPipelineLayout({ bindGroupLayouts: [layout] }),
          vertex: { module, entryPoint: 'vs' },
          fragment: { module, entryPoint: 'fs', targets: [{ format }] },
          primitive: { topology: 'triangle-list' },
        });
        return { pipeline, layout };
      });
    })();
    byFormat.set(format, entry);
    entry.catch(() => byFormat.delete(format));
  }
  return entry;
}

/** Encodes one render pass drawing the raster over the whole of `view`. */
export function encodeRaster(encoder: GPUCommandEncoder, p: RasterPipeline, view: GPUTextureView, bindGroup: GPUBindGroup): void {
  const pass = encoder.beginRenderPass({
    label: 'raster',
    colorAttachments: [{ view, loadOp: 'clear', storeOp: 'store', clearValue: { r: 0, g: 0, b: 0, a: 1 } }],
  });
  pass.setPipeline(p.pipeline);
  pass.setBindGroup(0, bindGroup);
  pass.draw(3);
  pass.end();
}
