/** The CUBA network demo runs in headless Chromium and its El slider switches the network off. */
import { expect, test } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../kernels-tests/harness/fixtures';

test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS } });

test('CUBA demo: asynchronous activity at El = -49 mV, silence after lowering El to -58 mV', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/demos/cuba-network/');
  const modelMs = () => page.evaluate(() => Number(document.body.dataset.modelMs ?? 0));
  await expect.poll(modelMs, { timeout: 120_000 }).toBeGreaterThan(200);
  const active = await page.evaluate(() => Number(document.body.dataset.rateHz));
  await page.screenshot({ path: testInfo.outputPath('cuba-network.png') });
  const box = page.getByRole('textbox', { name: 'resting potential El (mV)' });
  await box.fill('-58');
  await box.press('Enter');
  const t0 = await modelMs();
  await expect.poll(modelMs, { timeout: 120_000 }).toBeGreaterThan(t0 + 300);
  const quiet = await page.evaluate(() => Number(document.body.dataset.rateHz));
  console.log(`[demo] CUBA rate at El -49: ${active} Hz, at El -58: ${quiet} Hz`);
  expect(active).toBeGreaterThan(2);
  expect(quiet).toBeLessThan(active / 4);
  expect(errors).toEqual([]);
  expect(await page.locator('#error').textContent()).toBe('');
});
