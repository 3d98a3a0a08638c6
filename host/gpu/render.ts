/**
 * Full-screen render passes for the picture kernels (raster, stateMap): a render pipeline of one
 * full-screen triangle whose fragment shader reads a uniform frame (binding 0) and one read-only
 * storage buffer (binding 1), compiled once per device, kernel and colour-target format; and an
 * offscreen RGBA8 target read back as pixels (for adapters whose canvases cannot present frames).
 */
import { InvalidParameterError } from '../errors.js';
import type { GpuContext } from './context.js';
import { compileShader, withErrorScopes } from './scopes.js';

/** Largest target height or width the picture kernels draw (keeps their u32 block arithmetic exact). */
export const MAX_PICTURE_PIXELS = 8192;

export interface PicturePipeline {
  pipeline: GPURenderPipeline;
  layout: GPUBindGroupLayout;
}

const cache = new WeakMap<GPUDevice, Map<string, Promise<PicturePipeline>>>();

/** The pipeline of kernel `name` (its WGSL from `source`, entry points vs and fs) for `format`. */
export function picturePipeline(ctx: GpuContext, name: string, source: () => string, format: GPUTextureFormat): Promise<PicturePipeline> {
  let byKey = cache.get(ctx.device);
  if (!byKey) cache.set(ctx.device, (byKey = new Map()));
  const key = `${name}:${format}`;
  let entry = byKey.get(key);
  if (!entry) {
    entry = (async () => {
      const device = ctx.device;
      const module = await compileShader(device, name, source());
      return withErrorScopes(device, `${name} (render pipeline, ${format})`, () => {
        const layout = device.createBindGroupLayout({
          label: `${name}.layout`,
          entries: [
            { binding: 0, visibility: GPUShaderStage.FRAGMENT, buffer: { type: 'uniform' } },
            { binding: 1, visibility: GPUShaderStage.FRAGMENT, buffer: { type: 'read-only-storage' } },
          ],
        });
        const pipeline = device.createRenderPipeline({
          label: `${name}.${format}`,
          layout: device.createPipelineLayout({ bindGroupLayouts: [layout] }),
          vertex: { module, entryPoint: 'vs' },
          fragment: { module, entryPoint: 'fs', targets: [{ format }] },
          primitive: { topology: 'triangle-list' },
        });
        return { pipeline, layout };
      });
    })();
    byKey.set(key, entry);
    entry.catch(() => byKey.delete(key));
  }
  return entry;
}

/** Encodes and submits one render pass of `p` over the whole of `texture`, with the frame and storage buffers bound. */
export function drawPicture(ctx: GpuContext, label: string, p: PicturePipeline, texture: GPUTexture, frame: GPUBuffer, storage: { buffer: GPUBuffer; offset?: number; size: number }): void {
  const bindGroup = ctx.device.createBindGroup({
    label, layout: p.layout,
    entries: [{ binding: 0, resource: { buffer: frame } }, { binding: 1, resource: { buffer: storage.buffer, offset: storage.offset ?? 0, size: storage.size } }],
  });
  const encoder = ctx.device.createCommandEncoder({ label });
  const pass = encoder.beginRenderPass({
    label,
    colorAttachments: [{ view: texture.createView(), loadOp: 'clear', storeOp: 'store', clearValue: { r: 0, g: 0, b: 0, a: 1 } }],
  });
  pass.setPipeline(p.pipeline);
  pass.setBindGroup(0, bindGroup);
  pass.draw(3);
  pass.end();
  ctx.device.queue.submit([encoder.finish()]);
}

/** The canvas's current texture, or the texture itself; refuses targets larger than MAX_PICTURE_PIXELS. */
export function pictureTarget(object: string, target: GPUCanvasContext | GPUTexture): GPUTexture {
  const texture = 'getCurrentTexture' in target ? target.getCurrentTexture() : target;
  for (const [field, n] of [['width', texture.width], ['height', texture.height]] as const) {
    if (n > MAX_PICTURE_PIXELS) throw new InvalidParameterError(object, `target ${field}`, n, `at most ${MAX_PICTURE_PIXELS} pixels (draw into a smaller canvas)`);
  }
  return texture;
}

/** An offscreen RGBA8 target, kept between calls of the same size, and its readback. */
export class OffscreenPicture {
  private texture?: GPUTexture;
  private buffer?: GPUBuffer;
  private bytesPerRow = 0;

  constructor(private readonly ctx: GpuContext, private readonly label: string) {}

  /** Draws with `draw` into a `width` x `height` RGBA8 texture and returns its pixels, rows from the top. */
  async pixels(object: string, width: number, height: number, draw: (t: GPUTexture) => Promise<void>): Promise<Uint8Array> {
    for (const [field, n] of [['width', width], ['height', height]] as const) {
      if (!Number.isInteger(n) || n < 1 || n > MAX_PICTURE_PIXELS) throw new InvalidParameterError(object, field, n, `an integer in [1, ${MAX_PICTURE_PIXELS}]`);
    }
    const device = this.ctx.device;
    if (!this.texture || this.texture.width !== width || this.texture.height !== height) {
      this.destroy();
      this.bytesPerRow = Math.ceil((4 * width) / 256) * 256;
      this.texture = device.createTexture({ label: `${this.label}.offscreen`, size: [width, height], format: 'rgba8unorm', usage: GPUTextureUsage.RENDER_ATTACHMENT | GPUTextureUsage.COPY_SRC });
      this.buffer = device.createBuffer({ label: `${this.label}.pixels`, size: this.bytesPerRow * height, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ });
    }
    const texture = this.texture;
    const buffer = this.buffer!;
    await draw(texture);
    const encoder = device.createCommandEncoder({ label: `${this.label}.readPixels` });
    encoder.copyTextureToBuffer({ texture }, { buffer, bytesPerRow: this.bytesPerRow }, [width, height]);
    device.queue.submit([encoder.finish()]);
    await buffer.mapAsync(GPUMapMode.READ);
    const padded = new Uint8Array(buffer.getMappedRange());
    const out = new Uint8Array(4 * width * height);
    for (let y = 0; y < height; y++) out.set(padded.subarray(y * this.bytesPerRow, y * this.bytesPerRow + 4 * width), 4 * width * y);
    buffer.unmap();
    return out;
  }

  destroy(): void {
    this.texture?.destroy();
    this.buffer?.destroy();
    this.texture = undefined;
    this.buffer = undefined;
  }
}
