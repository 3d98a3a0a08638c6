/** The LIF raster demo page runs in headless Chromium, draws spikes, and its current slider changes the rate. */
import { expect, test } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../kernels-tests/harness/fixtures';

test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS } });

test('raster demo: spikes appear, raising the input current raises the rate', async ({ page }, testInfo) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/demos/lif-raster/');
  await expect.poll(() => page.evaluate(() => Number(document.body.dataset.totalSpikes ?? 0)), { timeout: 60_000 }).toBeGreaterThan(100);
  const rateAt = async (): Promise<number> => {
    const t0 = await page.evaluate(() => Number(document.body.dataset.modelMs ?? 0));
    await expect.poll(() => page.evaluate(() => Number(document.body.dataset.modelMs ?? 0)), { timeout: 60_000 }).toBeGreaterThan(t0 + 200);
    return page.evaluate(() => Number(document.body.dataset.rateHz));
  };
  const low = await rateAt();
  // Drive the lil-gui slider's number box like a user: type a value and press Enter.
  const box = page.getByRole('textbox', { name: 'input current I (nA)' });
  await box.fill('35');
  await box.press('Enter');
  await page.waitForTimeout(300);
  const high = await rateAt();
  await page.screenshot({ path: testInfo.outputPath('lif-raster.png') });
  console.log(`[demo] rate at 20 nA: ${low} Hz, at 35 nA: ${high} Hz`);
  expect(low).toBeGreaterThan(5);
  expect(high).toBeGreaterThan(low * 1.3);
  expect(errors).toEqual([]);
  expect(await page.locator('#error').textContent()).toBe('');
});
