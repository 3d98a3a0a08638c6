/** The Yin-Yang training demo trains in headless Chromium: test accuracy rises epoch by epoch. */
import { expect } from '@playwright/test';
import { test } from '../kit/testing';

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
  expect(await page.locator('#stats').textContent()).toContain('epoch');
  expect(errors).toEqual([]);
  expect(await page.locator('#error').textContent()).toBe('');
});
