/**
 * All test suites, one run: `unit` (pure TypeScript), `chromium` (GPU kernels in headless Debian
 * Chromium on SwiftShader), `node` (the same GPU kernels through Dawn in Node), `demos` (the
 * gallery pages on the dev server), `demos-static` (the same tests on the built static site), `package` (the packed tarball in fresh consumer apps; the built static site). The summary reporter ends the output with `N passed, N failed, N skipped`.
 */
import { defineConfig } from '@playwright/test';
import type { Options } from './kernels-tests/harness/fixtures';
import type { DemoSiteOptions } from './demos/kit/testing';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './kernels-tests/harness/chromium';

/** Spec files the chromium project leaves to Node (see the projects below). */
const NODE_ONLY = ['microcircuit.spec.ts', 'classic-networks.spec.ts', 'equations-brian2.spec.ts', 'continual-learning.spec.ts', 'pynn.spec.ts', 'train-recipes.spec.ts'];

const PORT = Number(process.env.SPIKEGPU_TEST_PORT ?? 5199);
const baseURL = `http://localhost:${PORT}`;

export default defineConfig<Options & DemoSiteOptions>({
  timeout: 180_000,
  // Two workers on two cores: the suite is CPU-bound (vmstat: 0-1 % idle with two), so more would
  // only contend. Peer runs two workers ask for at once are shared (harness/peer-cache.ts).
  workers: 2,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [['list'], ['./kernels-tests/harness/summary-reporter.ts']],
  use: { baseURL },
  webServer: {
    command: `npx vite --port ${PORT} --strictPort --host localhost`,
    url: `${baseURL}/kernels-tests/harness/index.html`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
    stdout: 'ignore',
  },
  projects: [
    { name: 'unit', testDir: './kernels-tests/unit' },
    // Science checks rather than kernel checks run in Node only: microcircuit.spec.ts (3e7 host-built
    // synapses), classic-networks.spec.ts (CUBA, COBA, Brunel, Izhikevich 2003 against Brian2: 4.6 min on
    // SwiftShader), equations-brian2.spec.ts (AdEx, QIF, NMDA against Brian2), continual-learning.spec.ts
    // (four trainings), pynn.spec.ts (PyNN on Brian2) and train-recipes.spec.ts (twenty-epoch trainings).
    // Every kernel they use is held to its oracle in both runtimes by the kernel specs.
    { name: 'chromium', testDir: './kernels-tests', testMatch: '*.spec.ts', testIgnore: ['**/unit/**', ...NODE_ONLY.map((f) => `**/${f}`)], use: { runtime: 'browser' } },
    { name: 'node', testDir: './kernels-tests', testMatch: '*.spec.ts', testIgnore: ['**/unit/**'], use: { runtime: 'node' } },
    { name: 'demos', testDir: './demos', testMatch: '**/*.spec.ts', use: { launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS } } },
    // The same demo tests against the built static site (npm run build), served from a sub-path.
    { name: 'demos-static', testDir: './demos', testMatch: '**/*.spec.ts', use: { demoSite: 'static', launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS } } },
    // The packed package in fresh consumer apps, and the built static site.
    { name: 'package', testDir: './package-tests', testMatch: '*.spec.ts' },
  ],
});
