/**
 * Screenshots of every demo, for the gallery's preview cards (demos/previews/<demo>.png, 480x300)
 * and the README (docs/images/demo-<demo>.png, 1280x800): starts the Vite dev server, opens each demo
 * in headless Debian Chromium (software WebGPU), waits until it has run for a while, and captures it.
 * Run on demand: `npx tsx scripts/demo-screenshots.ts [demo ...]`.
 */
import { chromium } from '@playwright/test';
import { createServer } from 'vite';
import { resolve } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../kernels-tests/harness/fixtures';

const root = resolve(import.meta.dirname, '..');
/** Per demo: the query it is shown with and the body data attribute (and value) that says it has run long enough. */
const DEMOS: Record<string, { query: string; key: string; above: number }> = {
  'balanced-network': { query: '?msPerFrame=20', key: 'steps', above: 3000 },
  'neuron-zoo': { query: '', key: 'runs', above: 0 },
  stdp: { query: '?learn=10&msPerFrame=250', key: 'modelMs', above: 6000 },
  'reward-learning': { query: '', key: 'trials', above: 60 },
  'yinyang-training': { query: '', key: 'epochs', above: 2 },
  'hebbian-pca': { query: '', key: 'epochs', above: 40 },
  energy: { query: '?rateHz=10&fanOut=100&msPerFrame=250', key: 'points', above: 2 },
  'lif-raster': { query: '?inputCurrent=22', key: 'modelMs', above: 1100 },
  'cuba-network': { query: '', key: 'modelMs', above: 600 },
};

const server = await createServer({ root, configFile: resolve(root, 'vite.config.ts'), server: { port: 5391, host: 'localhost', strictPort: true }, logLevel: 'error' });
await server.listen();
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  const wanted = process.argv.slice(2);
  for (const [name, d] of Object.entries(DEMOS)) {
    if (wanted.length && !wanted.includes(name)) continue;
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`http://localhost:5391/demos/${name}/${d.query}`);
    await page.waitForFunction(([k, v]) => Number(document.body.dataset[k as string] ?? 0) > (v as number) || !!document.body.dataset.error, [d.key, d.above] as const, { timeout: 600_000, polling: 500 });
    const error = await page.evaluate(() => document.body.dataset.error);
    if (error) throw new Error(`${name}: ${error}`);
    await page.screenshot({ path: resolve(root, `docs/images/demo-${name}.png`) });
    // The preview: the demo's first plot, scaled to 480x300.
    await page.evaluate(() => document.querySelectorAll<HTMLElement>('.lil-gui').forEach((e) => e.style.setProperty('display', 'none')));
    const shot = await page.locator('.plot, canvas').first().screenshot();
    const preview = await browser.newPage({ viewport: { width: 480, height: 300 } });
    await preview.setContent(`<body style="margin:0;background:#111"><img src="data:image/png;base64,${shot.toString('base64')}" style="width:480px;height:300px;object-fit:contain"></body>`);
    await preview.screenshot({ path: resolve(root, `demos/previews/${name}.png`) });
    await preview.close();
    await page.close();
    console.log(`${name}: docs/images/demo-${name}.png, demos/previews/${name}.png`);
  }
} finally {
  await browser.close();
  await server.close();
}
