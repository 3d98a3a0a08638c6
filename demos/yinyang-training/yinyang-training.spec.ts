/** The Yin-Yang training demo trains in headless Chromium: test accuracy rises epoch by epoch. */
import { expect } from '@playwright/test';
import { imageStats, test } from '../kit/testing';

test('Yin-Yang training demo: after 3 epochs the test accuracy is far above chance, with the map and curves drawn', async ({ page, site }, testInfo) => {
  test.setTimeout(300_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${site.base}yinyang-training/`);
  const epochs = () => page.evaluate(() => Number(document.body.dataset.epochs ?? 0));
  await expect.poll(epochs, { timeout: 240_000 }).toBeGreaterThanOrEqual(3);
  const accuracy = await page.evaluate(() => Number(document.body.dataset.testAccuracy));
  await page.screenshot({ path: testInfo.outputPath('yinyang-training.png') });
  console.log(`[demo] Yin-Yang test accuracy after 3 epochs: ${(100 * accuracy).toFixed(1)} %`);
  expect(accuracy).toBeGreaterThan(0.5);
  // The trained network as an event-driven simulation (NIR out and in, Simulator), five test points.
  for (let k = 0; k < 5; k++) await page.getByRole('button', { name: 'run a test point event-driven' }).click();
  await expect.poll(() => page.evaluate(() => Number(document.body.dataset.eventRuns ?? 0)), { timeout: 120_000 }).toBeGreaterThanOrEqual(5);
  const agree = await page.evaluate(() => Number(document.body.dataset.eventAgreements));
  console.log(`[demo] Yin-Yang event-driven runs: ${agree} of 5 agree with the Trainer; ${await page.locator('#event').textContent()}`);
  await page.screenshot({ path: testInfo.outputPath('yinyang-event-driven.png'), fullPage: true });
  // The readout traces agree with the Trainer's within 0.004 (demos/yinyang-training/event-driven.ts): every class agrees.
  expect(agree).toBe(5);
  expect((await imageStats(page, await page.locator('.gpu-raster').screenshot())).foreground).toBeGreaterThan(0.02);
  expect(await page.locator('#stats').textContent()).toContain('epoch');
  expect(errors).toEqual([]);
  expect(await page.locator('#error').textContent()).toBe('');
});
