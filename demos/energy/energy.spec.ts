/**
 * The energy demo in headless Chromium: the GPU-counted SynOps per model second equal N·r·k (Poisson
 * noise aside), scale 4x with the rate and 4x again with the fan-out; the synaptic power is SynOps x
 * E_syn of the preset and the neuron-update power does not move with activity; plots are drawn.
 */
import { expect } from '@playwright/test';
import { imageStats, openDemo, setNumber, test, waitAbove } from '../kit/testing';

test('energy: SynOps follow N·r·k as the rate and the fan-out change; power = SynOps x E_syn; update power flat', async ({ page, site }, testInfo) => {
  test.setTimeout(300_000);
  const d = await openDemo(page, `${site.base}energy/?rateHz=10&fanOut=100&msPerFrame=250`);
  const reading = async (): Promise<{ synops: number; expected: number; synW: number; updW: number }> => ({
    synops: await d.num('synOpsPerSecond'), expected: await d.num('expectedSynOps'), synW: await d.num('synapticWatts'), updW: await d.num('updateWatts'),
  });
  const points = await waitAbove(page, d, 'points', 0);
  const base = await reading();
  console.log(`[demo] energy N 2000, r 10 Hz, k 100: ${base.synops} SynOps/s (N r k = ${base.expected}), synaptic ${base.synW} W, updates ${base.updW} W`);
  expect(base.expected).toBe(2000 * 10 * 100);
  expect(Math.abs(base.synops / base.expected - 1)).toBeLessThan(0.03);
  expect(base.synW / (base.synops * 23.6e-12)).toBeCloseTo(1, 5); // loihi2018's E_syn
  expect(base.updW / (4000 * 10_000 * 81e-12)).toBeCloseTo(1, 5); // 4000 neurons x 10^4 steps/s x 81 pJ

  await setNumber(page, d, 'source rate r (Hz)', 40);
  // Applied: the figures before are gone, and the next 1 s window starts at the new rate.
  await waitAbove(page, d, 'points', points);
  const faster = await reading();
  console.log(`[demo] energy r 40 Hz: ${faster.synops} SynOps/s, ratio ${(faster.synops / base.synops).toFixed(3)}`);
  expect(faster.synops / base.synops).toBeGreaterThan(3.8);
  expect(faster.synops / base.synops).toBeLessThan(4.2);
  expect(faster.updW / base.updW).toBeCloseTo(1, 5);

  await setNumber(page, d, 'fan-out k', 400);
  expect(await d.num('builds')).toBe(2);
  await waitAbove(page, d, 'points', 0);
  const wider = await reading();
  expect(wider.expected).toBe(2000 * 40 * 400);
  console.log(`[demo] energy k 400: ${wider.synops} SynOps/s, ratio to r 40 k 100 ${(wider.synops / faster.synops).toFixed(3)}; ${await d.num('stepsPerSecond')} steps/s`);
  expect(wider.synops / faster.synops).toBeGreaterThan(3.8);
  expect(wider.synops / faster.synops).toBeLessThan(4.2);

  const law = await imageStats(page, await page.locator('#law').screenshot());
  const power = await imageStats(page, await page.locator('#power').screenshot());
  await page.screenshot({ path: testInfo.outputPath('energy.png'), fullPage: true });
  expect(law.variance).toBeGreaterThan(20);
  expect(power.variance).toBeGreaterThan(20);
  expect(d.errors).toEqual([]);
});
