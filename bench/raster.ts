/**
 * The GPU raster's cost (SpikeRaster, the raster kernel): Brunel 2000 networks (brunel(), regime C) of
 * 2 500 to 50 000 neurons, a 200 ms raster of both populations drawn into a 1280x720 RGBA8 texture
 * (the render pass a canvas would get; Node has no compositor). Per size: draws/s (the render pass
 * alone, each waited for), and frames/s of a demo frame (run 1 ms of model time with the raster fed,
 * then draw, waited for): what the balanced-network demo needs for 30 frames/s. Wall clock.
 */
import type { GpuContext } from '../host/gpu/context';
import { brunel } from '../host/model/examples';
import { Simulator } from '../host/sim/simulator';
import { SpikeRaster } from '../host/sim/spike-raster';
import { markdownTable, si } from './format';

export interface RasterRow { neurons: number; drawsPerS: number; framesPerS: number; stepsPerS: number }

async function timed(ctx: GpuContext, minMs: number, body: () => Promise<void>): Promise<{ n: number; ms: number }> {
  await body(); // warm-up (pipelines compiled)
  await ctx.device.queue.onSubmittedWorkDone();
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < minMs || n < 3) {
    await body();
    await ctx.device.queue.onSubmittedWorkDone();
    n++;
  }
  return { n, ms: performance.now() - t0 };
}

export async function benchRaster(ctx: GpuContext, nExcs: number[], log: (m: string) => void = console.log): Promise<{ table: string; rows: RasterRow[] }> {
  const rows: RasterRow[] = [];
  const texture = ctx.device.createTexture({ size: [1280, 720], format: 'rgba8unorm', usage: GPUTextureUsage.RENDER_ATTACHMENT });
  try {
    for (const nExc of nExcs) {
      const sim = await Simulator.build(ctx, brunel({ nExc, g: 5, eta: 2 }), { dt: 0.1, seed: 1 });
      const raster = SpikeRaster.create(sim, { populations: ['exc', 'inh'], windowMs: 200 });
      try {
        await sim.run({ durationMs: 200, rasters: [raster] }); // fill the window
        const draws = await timed(ctx, 1500, () => raster.draw(texture));
        const frames = await timed(ctx, 3000, async () => {
          await sim.run({ durationMs: 1, rasters: [raster] });
          await raster.draw(texture);
        });
        const row = { neurons: raster.neurons, drawsPerS: (1000 * draws.n) / draws.ms, framesPerS: (1000 * frames.n) / frames.ms, stepsPerS: (10_000 * frames.n) / frames.ms };
        rows.push(row);
        log(`raster ${row.neurons} neurons: ${row.drawsPerS.toFixed(1)} draws/s, ${row.framesPerS.toFixed(1)} frames/s`);
      } finally {
        raster.destroy();
        sim.destroy();
      }
    }
  } finally {
    texture.destroy();
  }
  const table = markdownTable(['neurons drawn (exc + inh)', 'draws/s (render pass alone, 1280x720)', 'frames/s (run 1 ms + draw)', 'model steps/s in those frames'],
    rows.map((r) => [si(r.neurons), r.drawsPerS.toFixed(1), r.framesPerS.toFixed(1), si(r.stepsPerS)]));
  return { table, rows };
}
