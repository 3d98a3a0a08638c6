/**
 * The reward-learning demo in headless Chromium: within 80 trials the network chooses right on at
 * least 85 % of the last 20, the rewarded pathways end stronger than the others, the plots are drawn;
 * with the learning rate at 0 the weights do not move.
 */
import { expect } from '@playwright/test';
import { imageStats, openDemo, setNumber, test, waitAbove } from '../kit/testing';

test('reward learning: learns the pattern-to-action mapping from reward alone; eta 0 freezes the weights', async ({ page, site }, testInfo) => {
  test.setTimeout(300_000);
  const d = await openDemo(page, `${site.base}reward-learning/`);
  const weights = (): Promise<number[][]> => page.evaluate(() => JSON.parse(document.body.dataset.weights ?? '[]') as number[][]);
  await waitAbove(page, d, 'trials', 79);
  const acc = await d.num('accuracy');
  const w = await weights();
  console.log(`[demo] reward learning after 80 trials: ${acc} rewarded (last 20); weights A->left ${w[0]![0]!.toFixed(3)}, A->right ${w[0]![1]!.toFixed(3)}, B->left ${w[1]![0]!.toFixed(3)}, B->right ${w[1]![1]!.toFixed(3)}; ${await d.num('stepsPerSecond')} steps/s`);
  expect(acc).toBeGreaterThanOrEqual(0.85);
  expect(w[0]![0]!).toBeGreaterThan(w[0]![1]! + 0.2);
  expect(w[1]![1]!).toBeGreaterThan(w[1]![0]! + 0.2);
  for (const id of ['#learning', '#weights', '#eligibility']) expect((await imageStats(page, await page.locator(id).screenshot())).variance).toBeGreaterThan(20);
  await page.screenshot({ path: testInfo.outputPath('reward-learning.png'), fullPage: true });

  await setNumber(page, d, 'learning rate η (per ms)', 0);
  // Applied: a new task with eta 0 is built and the old task's figures are gone; three of its trials.
  expect(await d.num('builds')).toBe(2);
  await waitAbove(page, d, 'trials', 2);
  const frozen = await weights();
  await waitAbove(page, d, 'trials', 14);
  expect(await weights()).toEqual(frozen);
  expect(new URL(page.url()).searchParams.get('eta')).toBe('0');
  expect(d.errors).toEqual([]);
});
