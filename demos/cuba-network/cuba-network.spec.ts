/** The CUBA network demo runs in headless Chromium, draws its GPU raster and rates, and its El slider switches the network off. */
import { expect } from '@playwright/test';
import { imageStats, openDemo, setNumber, test, waitAbove } from '../kit/testing';

test('CUBA demo: asynchronous activity at El = -49 mV, silence after lowering El to -58 mV', async ({ page, site }, testInfo) => {
  const d = await openDemo(page, `${site.base}cuba-network/`);
  await waitAbove(page, d, 'modelMs', 200);
  const active = await waitAbove(page, d, 'rateHz', -1);
  await page.screenshot({ path: testInfo.outputPath('cuba-network.png'), fullPage: true });
  const raster = await imageStats(page, await page.locator('.gpu-raster').screenshot());
  await setNumber(page, d, 'resting potential El (mV)', -58);
  // Applied: from here every frame runs at El = -58 mV. Rates over a frame 30 ms after the change.
  await waitAbove(page, d, 'modelMs', (await d.num('modelMs')) + 300);
  const quiet = await waitAbove(page, d, 'rateHz', -1);
  console.log(`[demo] CUBA rate at El -49: ${active} Hz, at El -58: ${quiet} Hz; raster foreground ${(100 * raster.foreground).toFixed(1)} %`);
  expect(active).toBeGreaterThan(2);
  expect(quiet).toBeLessThan(active / 4);
  expect(raster.foreground).toBeGreaterThan(0.01);
  expect(d.errors).toEqual([]);
  expect(await page.locator('#error').textContent()).toBe('');
});
