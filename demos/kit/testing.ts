/**
 * Shared checks of the demo tests (Playwright, headless Chromium): open a demo collecting console and
 * page errors, wait for its simulation to advance, and measure a screenshot (decoded in the page):
 * pixel variance and the fraction of pixels that differ from the background.
 */
import { expect, test as base, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serveStatic } from '../../package-tests/serve';

export interface DemoSiteOptions {
  /** 'dev': the Vite dev server of `npm start`; 'static': the site `npm run build` makes, served from a sub-path. */
  demoSite: 'dev' | 'static';
}

/**
 * The demo tests' `test`: `site.base` is where the gallery is (`/demos/` on the dev server, or the
 * built static site served by a plain file server under /labs/spikegpu/, built once per worker).
 * Chromium's path and flags come from the demos projects in playwright.config.ts.
 */
export const test = base.extend<{ site: { base: string } }, DemoSiteOptions & { builtSite: { base: string } }>({
  demoSite: ['dev', { option: true, scope: 'worker' }],
  builtSite: [async ({ demoSite }, use) => {
    if (demoSite === 'dev') {
      await use({ base: '/demos/' });
      return;
    }
    const root = resolve(import.meta.dirname, '../..');
    const out = mkdtempSync(join(tmpdir(), 'spikegpu-demos-'));
    const build = spawnSync(process.execPath, [resolve(root, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', out, '--emptyOutDir'], { cwd: root, encoding: 'utf8', timeout: 170_000 });
    if (build.status !== 0) throw new Error(`vite build failed:\n${build.stderr}${build.stdout}`);
    const served = await serveStatic(out, '/labs/spikegpu/');
    await use({ base: served.url });
    await served.close();
    rmSync(out, { recursive: true, force: true });
  }, { scope: 'worker', timeout: 180_000 }],
  site: async ({ builtSite }, use) => {
    await use(builtSite);
  },
});

export interface OpenedDemo {
  errors: string[];
  /** body[data-<key>] as a number (NaN when absent). */
  num: (key: string) => Promise<number>;
}

/** Opens `url` (site.base + the demo's folder and query), collecting errors. */
export async function openDemo(page: Page, url: string): Promise<OpenedDemo> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url);
  const num = (key: string): Promise<number> => page.evaluate((k) => Number(document.body.dataset[k] ?? NaN), key);
  return { errors, num };
}

/** Waits until body[data-<key>] exceeds `value` (no page error meanwhile). */
export async function waitAbove(page: Page, d: OpenedDemo, key: string, value: number, timeout = 120_000): Promise<number> {
  await expect.poll(async () => {
    const err = await page.evaluate(() => document.body.dataset.error ?? '');
    if (err) throw new Error(`demo error: ${err}`);
    return d.num(key);
  }, { timeout, message: `data-${key} > ${value}` }).toBeGreaterThan(value);
  return d.num(key);
}

export interface ImageStats {
  width: number;
  height: number;
  /** Variance of the grey level (0..255). */
  variance: number;
  /** Fraction of pixels more than 24 grey levels from the most common colour (the background). */
  foreground: number;
}

/** Statistics of a PNG screenshot, decoded by the page's image decoder. */
export async function imageStats(page: Page, png: Buffer): Promise<ImageStats> {
  return page.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const c = new OffscreenCanvas(bitmap.width, bitmap.height);
    const g = c.getContext('2d')!;
    g.drawImage(bitmap, 0, 0);
    const px = g.getImageData(0, 0, bitmap.width, bitmap.height).data;
    const n = bitmap.width * bitmap.height;
    let sum = 0;
    let sum2 = 0;
    const freq = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const grey = (px[4 * i]! + px[4 * i + 1]! + px[4 * i + 2]!) / 3;
      sum += grey;
      sum2 += grey * grey;
      const key = (px[4 * i]! << 16) | (px[4 * i + 1]! << 8) | px[4 * i + 2]!;
      freq.set(key, (freq.get(key) ?? 0) + 1);
    }
    let bg = 0;
    let best = -1;
    for (const [k, v] of freq) if (v > best) [bg, best] = [k, v];
    const [br, bgc, bb] = [bg >> 16, (bg >> 8) & 255, bg & 255];
    let fg = 0;
    for (let i = 0; i < n; i++) {
      if (Math.abs(px[4 * i]! - br) + Math.abs(px[4 * i + 1]! - bgc) + Math.abs(px[4 * i + 2]! - bb) > 24) fg++;
    }
    const mean = sum / n;
    return { width: bitmap.width, height: bitmap.height, variance: sum2 / n - mean * mean, foreground: fg / n };
  }, png.toString('base64'));
}

/**
 * Does `action` (a control used as a visitor uses it) and waits until the page says it has applied
 * the change: body[data-applied] moves on (demos/kit/page.ts frameLoop), after which every figure the
 * page reports belongs to the new settings. Never a wait for wall time.
 */
export async function changeSetting(page: Page, d: OpenedDemo, action: () => Promise<void>): Promise<void> {
  const before = await waitAbove(page, d, 'applied', 0);
  await action();
  await waitAbove(page, d, 'applied', before);
}

/** Sets a lil-gui number controller by its label (type and Enter, as a visitor does) and waits until the page has applied it. */
export async function setNumber(page: Page, d: OpenedDemo, label: string, value: number): Promise<void> {
  await changeSetting(page, d, async () => {
    const box = page.getByRole('textbox', { name: label });
    await box.fill(String(value));
    await box.press('Enter');
  });
}

/** Picks an option of a lil-gui drop-down by its label and waits until the page has applied it. */
export async function selectOption(page: Page, d: OpenedDemo, label: string, option: string | { label: string }): Promise<void> {
  await changeSetting(page, d, async () => {
    await page.getByRole('combobox', { name: label }).selectOption(option);
  });
}
