/**
 * `npm run build` makes a static site that works from any server and under any sub-path: built here
 * (vite build, the site config of vite.config.ts), served by a plain static server at a nested
 * sub-path (not the dev server), every page of the gallery opened in headless Chromium with no
 * console error, no failed request, nothing fetched outside the sub-path, and each demo running.
 */
import { expect, test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../kernels-tests/harness/fixtures';
import { serveStatic } from './serve';

const root = resolve(import.meta.dirname, '..');
test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS } });

/** Console errors, page errors and failed requests of `page` from now on. */
function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()} (${m.location().url})`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`); });
  // A request the browser aborted because the page navigated on (net::ERR_ABORTED, e.g. a favicon) is not a failure of the site.
  page.on('requestfailed', (r) => { if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`failed: ${r.url()} (${r.failure()?.errorText})`); });
  return problems;
}

test('the built demo site works from a static server under a sub-path: gallery and every demo, no errors', async ({ page }) => {
  test.setTimeout(300_000);
  const out = mkdtempSync(join(tmpdir(), 'spikegpu-site-'));
  const build = spawnSync(process.execPath, [resolve(root, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', out, '--emptyOutDir'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  expect(build.status, build.stderr + build.stdout).toBe(0);
  expect(build.stdout + build.stderr).not.toMatch(/externalized for browser compatibility/);
  const prefix = '/labs/spikegpu/';
  const site = await serveStatic(out, prefix);
  try {
    const problems = watch(page);
    await page.goto(site.url);
    await expect(page).toHaveTitle(/spikegpu/i);
    const links = await page.locator('a[href]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    const demos = links.filter((href) => href.startsWith(site.url) && href !== site.url);
    expect(demos.map((d) => d.slice(site.url.length)).sort()).toEqual(['balanced-network/', 'cuba-network/', 'energy/', 'hebbian-pca/', 'lif-raster/', 'neuron-zoo/', 'reward-learning/', 'stdp/', 'yinyang-training/']);
    // Every card's preview image loads.
    const images = await page.locator('.cards img').evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth));
    expect(images.length).toBe(demos.length);
    for (const w of images) expect(w).toBeGreaterThan(0);
    // Each demo's first sign of life (data attributes its main.ts sets once the GPU work runs).
    const alive: Record<string, () => Promise<number>> = {
      'lif-raster/': () => page.evaluate(() => Number(document.body.dataset.totalSpikes ?? 0)),
      'cuba-network/': () => page.evaluate(() => Number(document.body.dataset.modelMs ?? 0)),
      'balanced-network/': () => page.evaluate(() => Number(document.body.dataset.steps ?? 0)),
      'stdp/': () => page.evaluate(() => Number(document.body.dataset.steps ?? 0)),
      'energy/': () => page.evaluate(() => Number(document.body.dataset.steps ?? 0)),
      'reward-learning/': () => page.evaluate(() => Number(document.body.dataset.trials ?? 0)),
      'yinyang-training/': () => page.evaluate(() => (document.body.dataset.epochs === undefined ? 0 : 1)),
      'hebbian-pca/': () => page.evaluate(() => Number(document.body.dataset.epochs ?? 0)),
      'neuron-zoo/': () => page.evaluate(() => Number(document.body.dataset.runs ?? 0)),
    };
    for (const href of demos) {
      await page.goto(href);
      await expect.poll(alive[href.slice(site.url.length)]!, { timeout: 90_000, message: href }).toBeGreaterThan(0);
      expect(await page.locator('#error').textContent(), href).toBe('');
      await page.getByRole('link', { name: /gallery/ }).click();
      await expect(page).toHaveURL(site.url);
    }
    expect(problems).toEqual([]);
    const outside = site.requests.filter((p) => !p.startsWith(prefix) && p !== '/favicon.ico');
    expect(outside, 'requests outside the sub-path').toEqual([]);
  } finally {
    await site.close();
    rmSync(out, { recursive: true, force: true });
  }
});
