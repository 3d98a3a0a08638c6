/**
 * raster (SpikeRaster): the spike raster rendered on the GPU from the simulator's spike buffers equals
 * its oracle (kernels-tests/oracle/raster.ts) drawn from the recorded spikes, within 1/255 per channel,
 * on the per-step and fused paths, through a ring that wraps, after a gap, at targets smaller and
 * larger than the window; bad input gets typed errors.
 */
import { expect, test } from './harness/fixtures';

const targets: [number, number][] = [[64, 40], [23, 17], [300, 430]];

for (const fused of ['off', 'on'] as const) {
  test(`raster (${fused === 'on' ? 'fused' : 'per-step'} path): 87 steps through a 30 ms (60-step) ring, three populations, matches the oracle at 64x40, 23x17, 300x430`, async ({ gpu }) => {
    const r = await gpu.run('rasterVsOracle', { seed: 3, fused, windowMs: 30, runs: [37, 50], targets });
    console.log(`[${gpu.runtime}] raster ${fused}: ${r.targets.map((t: { size: string; mismatches: number; lit: number }) => `${t.size} ${t.mismatches} mismatches, ${t.lit} lit`).join('; ')}`);
    expect(r.windowSteps).toBe(60);
    expect(r.stepsShown).toBe(60);
    expect(r.timeWindow).toEqual({ startMs: 13.5, endMs: 43.5 });
    expect(r.blankLit).toBe(0);
    for (const t of r.targets) {
      expect(t.mismatches, t.firstMismatch).toBe(0);
      expect(t.lit).toBeGreaterThan(t.pixels / 100); // not a blank picture
    }
  });
}

test('raster: a run without the raster (a gap) starts it afresh; the steps before the gap are not drawn', async ({ gpu }) => {
  const r = await gpu.run('rasterVsOracle', { seed: 4, fused: 'off', windowMs: 30, runs: [40, 0, 25], targets: [[64, 40]] });
  expect(r.stepsShown).toBe(25);
  expect(r.targets[0].mismatches, r.targets[0].firstMismatch).toBe(0);
  expect(r.targets[0].lit).toBeGreaterThan(0);
});

test('raster: bad input gets typed errors naming the field; the simulator does not advance', async ({ gpu }) => {
  const r = await gpu.run('rasterBadInput', {});
  expect(r['unknown population']).toMatch(/^InvalidParameterError: Simulator: population = "nope"/);
  expect(r['no populations']).toMatch(/^InvalidParameterError: SpikeRaster options: populations = .*1 to 8 population names/);
  expect(r['bad color']).toMatch(/^InvalidParameterError: SpikeRaster options: populations\[0\]\.color = "red".*'#rrggbb'/);
  expect(r['color out of range']).toMatch(/^InvalidParameterError: SpikeRaster options: populations\[0\]\.color = an array of length 3 .*each in \[0, 1\]/);
  expect(r['windowMs 0']).toMatch(/^InvalidParameterError: SpikeRaster options: windowMs = 0/);
  expect(r['unknown option']).toMatch(/^InvalidParameterError: SpikeRaster options: window = 5/);
  expect(r['huge window']).toMatch(/^LimitExceededError: SpikeRaster options: windowMs needs \d+ but one storage binding holds at most/);
  expect(r['raster of another simulator']).toMatch(/^InvalidParameterError: Simulator.run options: rasters = .*this simulator/);
  expect(r['rasters not an array']).toMatch(/^InvalidParameterError: Simulator.run options: rasters = "exc"/);
  expect(r['renderPixels width 0']).toMatch(/^InvalidParameterError: SpikeRaster.renderPixels: width = 0 .*\[1, 8192\]/);
  expect(r['renderPixels height 1e5']).toMatch(/^InvalidParameterError: SpikeRaster.renderPixels: height = 100000/);
  expect(r['draw after destroy']).toMatch(/^DestroyedError: SpikeRaster was used after destroy/);
  expect(r['run after destroy']).toMatch(/^DestroyedError: SpikeRaster was used after destroy/);
  expect(r['steps after the bad runs']).toBe('0');
});
