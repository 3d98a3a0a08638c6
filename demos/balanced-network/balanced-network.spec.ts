/**
 * The balanced-network demo (Brunel 2000) in headless Chromium: it loads without errors, the
 * simulation advances, the GPU raster and the rate plot are drawn (not blank), a higher external rate
 * eta gives a higher population rate, and the synchronous-regular regime (g = 3) oscillates more
 * than the asynchronous-irregular one (the population rate's coefficient of variation).
 */
import { expect } from '@playwright/test';
import { imageStats, openDemo, selectOption, setNumber, test, waitAbove } from '../kit/testing';

test('balanced network: raster and rate drawn, eta raises the rate, regime A oscillates more than regime C', async ({ page, site }, testInfo) => {
  test.setTimeout(300_000);
  const d = await openDemo(page, `${site.base}balanced-network/?msPerFrame=20`);
  await waitAbove(page, d, 'steps', 2500);
  expect(await page.evaluate(() => document.body.dataset.rasterMode)).toBe('image'); // software adapter
  const raster = await imageStats(page, await page.locator('.gpu-raster').screenshot());
  const rate = await imageStats(page, await page.locator('#rate').screenshot());
  await page.screenshot({ path: testInfo.outputPath('balanced-network.png'), fullPage: true });
  const aiRate = await d.num('rateHz');
  const aiCv = await d.num('rateCv');
  console.log(`[demo] Brunel C (g 5, eta 2): ${aiRate} Hz, rate CV ${aiCv}; raster foreground ${(100 * raster.foreground).toFixed(1)} %, rate plot variance ${rate.variance.toFixed(0)}; ${await d.num('stepsPerSecond')} steps/s`);
  expect(raster.foreground).toBeGreaterThan(0.02);
  expect(raster.variance).toBeGreaterThan(50);
  expect(rate.variance).toBeGreaterThan(20);
  expect(aiRate).toBeGreaterThan(5);
  expect(await d.num('eventsPerSecond')).toBeGreaterThan(0);

  await setNumber(page, d, 'external rate η (× ν_thr)', 4);
  // Applied: the Poisson rates are rewritten and the rate statistics start afresh; 300 ms at eta 4.
  await waitAbove(page, d, 'steps', (await d.num('steps')) + 3000);
  const drivenRate = await waitAbove(page, d, 'rateHz', -1);
  console.log(`[demo] Brunel g 5, eta 4: ${drivenRate} Hz`);
  expect(drivenRate).toBeGreaterThan(1.3 * aiRate);
  expect(new URL(page.url()).searchParams.get('eta')).toBe('4');

  await selectOption(page, d, 'regime (Brunel fig. 8)', { label: 'A: synchronous regular (g 3, η 2)' });
  expect(await d.num('builds')).toBe(2);
  await waitAbove(page, d, 'steps', 2500);
  const srCv = await waitAbove(page, d, 'rateCv', -1);
  console.log(`[demo] Brunel A (g 3, eta 2): ${await d.num('rateHz')} Hz, rate CV ${srCv}`);
  expect(srCv).toBeGreaterThan(1.5 * aiCv);
  expect(d.errors).toEqual([]);
});
