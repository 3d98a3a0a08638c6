/** The Hebbian PCA demo runs in headless Chromium: the weight vectors align with the cloud's axes, and follow it when it turns. */
import { expect } from '@playwright/test';
import { changeSetting, openDemo, test, waitAbove } from '../kit/testing';

test('Hebbian PCA demo: Oja and Sanger align with the principal axes, and realign after the cloud turns', async ({ page, site }, testInfo) => {
  test.setTimeout(180_000);
  const d = await openDemo(page, `${site.base}hebbian-pca/?angleDeg=20`);
  const read = () => page.evaluate(() => ({ epochs: Number(document.body.dataset.epochs ?? 0), oja: Number(document.body.dataset.errorOja), s1: Number(document.body.dataset.errorSanger1), s2: Number(document.body.dataset.errorSanger2) }));
  await waitAbove(page, d, 'epochs', 20);
  const aligned = await read();
  // The canvas is drawn: not one flat colour.
  const variance = await page.evaluate(() => {
    const c = document.getElementById('plot') as HTMLCanvasElement;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let s = 0, s2 = 0;
    for (let k = 0; k < d.length; k += 4) { const v = d[k]! + d[k + 1]! + d[k + 2]!; s += v; s2 += v * v; }
    const n = d.length / 4;
    return s2 / n - (s / n) ** 2;
  });
  // Turn the cloud by 60 degrees with the control, as a user would: the learners follow.
  // Applied between epochs: every epoch reported after it learns from the turned cloud.
  await changeSetting(page, d, async () => {
    const box = page.getByRole('textbox', { name: 'cloud angle (deg)' });
    await box.fill('80');
    await box.press('Enter');
  });
  await expect(page).toHaveURL(/angleDeg=80/);
  const turnedAt = await waitAbove(page, d, 'epochs', 0);
  await waitAbove(page, d, 'epochs', turnedAt + 30);
  const realigned = await read();
  await page.screenshot({ path: testInfo.outputPath('hebbian-pca.png') });
  console.log(`[demo] Hebbian PCA: after ${aligned.epochs} epochs at 20 deg: Oja ${aligned.oja.toFixed(2)} deg, Sanger ${aligned.s1.toFixed(2)} / ${aligned.s2.toFixed(2)} deg; turned to 80 deg, ${realigned.epochs - turnedAt} epochs later: Oja ${realigned.oja.toFixed(2)}, Sanger ${realigned.s1.toFixed(2)} / ${realigned.s2.toFixed(2)} deg; canvas variance ${variance.toFixed(0)}`);
  for (const e of [aligned.oja, aligned.s1, aligned.s2, realigned.oja, realigned.s1, realigned.s2]) expect(e).toBeLessThan(5);
  expect(variance).toBeGreaterThan(100);
  expect(d.errors).toEqual([]);
  expect(await page.locator('#error').textContent()).toBe('');
});
