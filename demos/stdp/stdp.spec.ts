/**
 * The STDP demo (Song, Miller & Abbott 2000) in headless Chromium: it loads without errors, learning
 * advances, the histogram and the rate plot are drawn, and the rule switch changes what the weights do:
 * the additive rule (hard bounds) keeps them spread out to the bounds, the multiplicative rule (soft
 * bounds) gathers them in the middle. (The paper's bimodal split takes ~100 s of model time at the
 * paper's rate, more than a test should run on a software adapter: docs/plasticity.md measures it.)
 */
import { expect } from '@playwright/test';
import { imageStats, openDemo, selectOption, test, waitAbove } from '../kit/testing';

test('STDP: the additive rule keeps the weights spread to the bounds, the multiplicative rule gathers them in the middle', async ({ page, site }, testInfo) => {
  test.setTimeout(300_000);
  // A 10x learning rate: 2.5 s of model time then stands for 25 s of the paper's learning.
  const d = await openDemo(page, `${site.base}stdp/?learn=10&msPerFrame=250`);
  await waitAbove(page, d, 'modelMs', 2500);
  const additive = { extremes: await d.num('extremes'), middle: await d.num('middle'), outputHz: await d.num('outputHz') };
  const hist = await imageStats(page, await page.locator('#hist').screenshot());
  const rate = await imageStats(page, await page.locator('#rate').screenshot());
  await page.screenshot({ path: testInfo.outputPath('stdp.png'), fullPage: true });
  console.log(`[demo] STDP additive after 2.5 s at 10x: within 0.1 gmax of a bound ${additive.extremes}, in [0.3, 0.7) gmax ${additive.middle}; output ${additive.outputHz} Hz; ${await d.num('stepsPerSecond')} steps/s`);
  expect(additive.extremes).toBeGreaterThan(0.1);
  expect(additive.middle).toBeLessThan(0.7);
  expect(additive.outputHz).toBeGreaterThan(1);
  expect(hist.variance).toBeGreaterThan(20);
  expect(rate.variance).toBeGreaterThan(20);

  await selectOption(page, d, 'weight dependence', 'multiplicative');
  expect(await d.num('builds')).toBe(2);
  await waitAbove(page, d, 'modelMs', 2500);
  const mult = { extremes: await d.num('extremes'), middle: await d.num('middle') };
  console.log(`[demo] STDP multiplicative after 2.5 s: near a bound ${mult.extremes}, middle ${mult.middle}`);
  expect(mult.extremes).toBeLessThan(0.02);
  expect(mult.middle).toBeGreaterThan(0.9);
  expect(new URL(page.url()).searchParams.get('rule')).toBe('multiplicative');
  expect(d.errors).toEqual([]);
});
