/**
 * Playwright fixtures: `gpu.run(caseName, args)` runs a GPU case in the project's runtime.
 *  - runtime 'browser': headless Debian Chromium (SwiftShader WebGPU) on the Vite-served harness page;
 *  - runtime 'node': Dawn through the `webgpu` package, with the automatic software fallback.
 * One browser page or one Dawn device per worker, reused by every test of that worker.
 */
import { test as base, chromium, expect, type Browser, type Page } from '@playwright/test';
import { acquireDevice } from '../../host/device';
import type { GpuContext } from '../../host/gpu/context';
import { runCase } from './run-case';

import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';

export { CHROMIUM_ARGS, CHROMIUM_PATH };
export const HARNESS_URL = '/kernels-tests/harness/index.html';

export interface GpuRunner {
  runtime: 'browser' | 'node';
  /** Adapter summary line. */
  adapter: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON results of the cases
  run(name: string, args?: unknown): Promise<any>;
}

export interface Options {
  runtime: 'browser' | 'node';
}

let logged = false;

export const test = base.extend<{ gpu: GpuRunner }, Options & { workerGpu: GpuRunner }>({
  runtime: ['node', { option: true, scope: 'worker' }],
  workerGpu: [async ({ runtime }, use, workerInfo) => {
    const baseURL = workerInfo.project.use.baseURL ?? 'http://localhost:5199';
    if (runtime === 'browser') {
      const browser: Browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
      const page: Page = await browser.newPage();
      page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
      await page.goto(new URL(HARNESS_URL, baseURL).toString());
      const adapter = await page.evaluate(() => window.spikegpuHarness.ready);
      if (!logged) console.log(`[spikegpu] browser adapter: ${adapter}`);
      logged = true;
      await use({
        runtime,
        adapter,
        run: (name, args) => page.evaluate(([n, a]) => window.spikegpuHarness.run(n as string, a), [name, args ?? {}] as const),
      });
      await browser.close();
    } else {
      const ctx: GpuContext = await acquireDevice();
      if (!logged) console.log(`[spikegpu] node adapter: ${ctx.adapter.summary}`);
      logged = true;
      await use({ runtime, adapter: ctx.adapter.summary, run: (name, args) => runCase(ctx, name, args ?? {}) });
      ctx.destroy();
    }
  }, { scope: 'worker', timeout: 120_000 }],
  gpu: async ({ workerGpu }, use) => {
    await use(workerGpu);
  },
});

export { expect };
