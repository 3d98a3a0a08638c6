/**
 * SpikeRaster (the raster kernel) vs its oracle: a random three-population network runs with a
 * raster attached and its spikes recorded; the raster is drawn into an offscreen RGBA8 texture, read
 * back (SpikeRaster.renderPixels), and compared pixel by pixel with the oracle's picture of the recorded spikes.
 */
import type { GpuContext } from '../../host/gpu/context';
import { Simulator } from '../../host/sim/simulator';
import { SpikeRaster } from '../../host/sim/spike-raster';
import type { SpikeRecording } from '../../host/sim/recording';
import { rasterOracle } from '../oracle/raster';
import { comparePixels, errorRecorder } from './common';
import { randomNetwork } from './network';

export interface RasterCaseArgs {
  seed: number;
  fused: 'on' | 'off';
  windowMs: number;
  /** Run lengths (steps), each run feeding the raster; 0 means a run of 7 steps without it (a gap). */
  runs: number[];
  /** Target sizes to draw into. */
  targets: [number, number][];
}

export interface RasterCaseResult {
  windowSteps: number;
  stepsShown: number;
  timeWindow: { startMs: number; endMs: number };
  /** Per target: pixels, pixels differing by more than 1/255 in a channel, non-background pixels (GPU). */
  targets: { size: string; pixels: number; mismatches: number; lit: number; firstMismatch: string }[];
  /** Pixels differing from the background on a raster drawn before any step. */
  blankLit: number;
}

export async function rasterVsOracle(ctx: GpuContext, args: RasterCaseArgs): Promise<RasterCaseResult> {
  const network = randomNetwork({ seed: args.seed, steps: 0, batch: 1, sizes: [70, 100, 45], rule: 'fixedProbability' });
  const names = ['exc', 'inh', 'input'];
  const sim = await Simulator.build(ctx, network, { dt: 0.5, seed: args.seed, fused: args.fused });
  const background = [16 / 255, 32 / 255, 48 / 255] as const;
  const raster = SpikeRaster.create(sim, { populations: ['exc', { name: 'inh', color: [1, 0.5, 0] }, { name: 'input', color: '#80ff40' }], windowMs: args.windowMs, background: '#102030' });
  try {
    // Pixels that are not the background #102030.
    const litPixels = (px: Uint8Array): number => {
      let n = 0;
      for (let i = 0; i < px.length; i += 4) if (px[i] !== 16 || px[i + 1] !== 32 || px[i + 2] !== 48) n++;
      return n;
    };
    const blankLit = litPixels(await raster.renderPixels(16, 8));
    const recordings: SpikeRecording[][] = names.map(() => []);
    let firstRecorded = 0;
    for (const n of args.runs) {
      if (n === 0) {
        await sim.run({ steps: 7 });
        firstRecorded = sim.stepCount;
        continue;
      }
      const r = await sim.run({ steps: n, record: names, rasters: [raster] });
      names.forEach((name, i) => recordings[i]!.push(r.spikes[name]!));
    }
    const spikedIn = (i: number) => (s: number, n: number): boolean => {
      const rec = recordings[i]!.find((r) => s >= r.firstStep && s < r.firstStep + r.steps);
      return rec !== undefined && rec.spiked(s - rec.firstStep, n);
    };
    const colors = raster.populations.map((p) => p.color);
    const targets: RasterCaseResult['targets'] = [];
    for (const [width, height] of args.targets) {
      const gpu = await raster.renderPixels(width, height);
      const expected = rasterOracle({
        width, height, windowSteps: raster.windowSteps, endStep: sim.stepCount, firstRecorded,
        populations: raster.populations.map((p, i) => ({ size: p.size, color: colors[i]!, spiked: spikedIn(i) })), background,
      });
      const { mismatches, firstMismatch } = comparePixels(gpu, expected, width);
      targets.push({ size: `${width}x${height}`, pixels: width * height, mismatches, lit: litPixels(gpu), firstMismatch });
    }
    return { windowSteps: raster.windowSteps, stepsShown: raster.stepsShown, timeWindow: raster.timeWindow(), targets, blankLit };
  } finally {
    raster.destroy();
    sim.destroy();
  }
}

/** Bad input to SpikeRaster and to run({ rasters }): the error message of each attempt. */
export async function rasterBadInput(ctx: GpuContext): Promise<Record<string, string>> {
  const network = randomNetwork({ seed: 1, steps: 0, batch: 1, sizes: [10, 20, 10], rule: 'fixedProbability' });
  const sim = await Simulator.build(ctx, network, { dt: 0.5, seed: 1 });
  const other = await Simulator.build(ctx, network, { dt: 0.5, seed: 2 });
  const { out, attempt } = errorRecorder();
  try {
    await attempt('unknown population', () => SpikeRaster.create(sim, { populations: ['exc', 'nope'] }));
    await attempt('no populations', () => SpikeRaster.create(sim, { populations: [] }));
    await attempt('bad color', () => SpikeRaster.create(sim, { populations: [{ name: 'exc', color: 'red' }] }));
    await attempt('color out of range', () => SpikeRaster.create(sim, { populations: [{ name: 'exc', color: [0, 2, 0] }] }));
    await attempt('windowMs 0', () => SpikeRaster.create(sim, { populations: ['exc'], windowMs: 0 }));
    await attempt('unknown option', () => SpikeRaster.create(sim, { populations: ['exc'], window: 5 } as never));
    await attempt('huge window', () => SpikeRaster.create(sim, { populations: ['exc'], windowMs: 1e12 }));
    const foreign = SpikeRaster.create(other, { populations: ['exc'] });
    await attempt('raster of another simulator', () => sim.run({ steps: 2, rasters: [foreign] }));
    await attempt('rasters not an array', () => sim.run({ steps: 2, rasters: 'exc' as never }));
    const gone = SpikeRaster.create(sim, { populations: ['exc'] });
    gone.destroy();
    const live = SpikeRaster.create(sim, { populations: ['exc'] });
    await attempt('renderPixels width 0', () => live.renderPixels(0, 4));
    await attempt('renderPixels height 1e5', () => live.renderPixels(4, 1e5));
    live.destroy();
    await attempt('draw after destroy', () => gone.draw(ctx.device.createTexture({ size: [4, 4], format: 'rgba8unorm', usage: GPUTextureUsage.RENDER_ATTACHMENT })));
    await attempt('run after destroy', () => sim.run({ steps: 2, rasters: [gone] }));
    out['steps after the bad runs'] = String(sim.stepCount);
    foreign.destroy();
  } finally {
    sim.destroy();
    other.destroy();
  }
  return out;
}
