/** The LIF raster demo runs in headless Chromium, draws its GPU raster, state map and rate plot, and its current slider changes the rate. */
import { expect } from '@playwright/test';
import { imageStats, openDemo, setNumber, test, waitAbove } from '../kit/testing';

test('raster demo: spikes appear, raising the input current raises the rate', async ({ page, site }, testInfo) => {
  const d = await openDemo(page, `${site.base}lif-raster/`);
  await waitAbove(page, d, 'totalSpikes', 100);
  const rateAt = async (): Promise<number> => {
    await waitAbove(page, d, 'modelMs', (await d.num('modelMs')) + 200);
    return waitAbove(page, d, 'rateHz', -1);
  };
  const low = await rateAt();
  await setNumber(page, d, 'input current I (nA)', 35);
  const high = await rateAt();
  await page.screenshot({ path: testInfo.outputPath('lif-raster.png'), fullPage: true });
  const raster = await imageStats(page, await page.locator('.gpu-raster').screenshot());
  const rate = await imageStats(page, await page.locator('#rate').screenshot());
  const state = await imageStats(page, await page.locator('.gpu-state-map').screenshot());
  console.log(`[demo] rate at 20 nA: ${low} Hz, at 35 nA: ${high} Hz; raster foreground ${(100 * raster.foreground).toFixed(1)} %`);
  expect(low).toBeGreaterThan(5);
  expect(high).toBeGreaterThan(low * 1.3);
  expect(raster.foreground).toBeGreaterThan(0.02);
  expect(rate.variance).toBeGreaterThan(20);
  expect(state.variance).toBeGreaterThan(20); // the membrane-potential map is not one flat colour
  expect(d.errors).toEqual([]);
  expect(await page.locator('#error').textContent()).toBe('');
});
