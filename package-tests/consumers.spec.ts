/**
 * The package as users get it: `npm pack` (prepack compiles dist/), the tarball's contents, and the
 * tarball installed into fresh apps from the npm cache:
 *  (a) a plain Node ESM app runs the README example with `node` (no tsx), and the compiled CLI runs;
 *  (b) a Vite vanilla-ts app with the stock template's tsconfig passes `tsc --noEmit` and `vite build`
 *      (minified), then runs in headless Chromium, prints a firing rate, and its caught error is still
 *      named InvalidParameterError; the README's web-app snippet, its second page, runs too; without
 *      the optional peer h5wasm, NIR files fail with MissingDependencyError.
 */
import { expect, test } from '@playwright/test';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../kernels-tests/harness/fixtures';
import { readmeExample } from '../kernels-tests/harness/readme';
import { installed, npmInstall, pack, PKG, root, run } from './pack';
import { serveStatic } from './serve';

test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS } });
test.describe.configure({ mode: 'serial' });

let work = '';
let tarball = '';
test.beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'spikegpu-consumers-'));
  const t0 = Date.now();
  tarball = pack(work);
  console.log(`[package] npm pack (build:lib included) ${((Date.now() - t0) / 1000).toFixed(1)} s`);
});
test.afterAll(() => { if (work) rmSync(work, { recursive: true, force: true }); });

test('the tarball holds dist/, the README, the license, the examples and package.json, and nothing else', () => {
  const r = run('tar', ['tzf', tarball], work);
  expect(r.status, r.stderr).toBe(0);
  const files = r.stdout.trim().split('\n').map((f) => f.replace(/^package\//, ''));
  const stray = files.filter((f) => !/^(dist\/|examples\/[\w.-]+\.json$|README\.md$|LICENSE$|package\.json$)/.test(f));
  expect(stray).toEqual([]);
  for (const f of ['dist/host/index.js', 'dist/host/index.d.ts', 'dist/host/node.js', 'dist/host/gpu-api.js', 'dist/host/cli/bin.js', 'dist/host/model/network.schema.json', 'LICENSE']) {
    expect(files, f).toContain(f);
  }
  // TypeScript sources only under dist/src/ (for the maps), never where a consumer's tsc would check them.
  expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.startsWith('dist/src/'))).toEqual([]);
  console.log(`[package] tarball ${(readFileSync(tarball).length / 1024).toFixed(0)} KiB, ${files.length} files`);
});

test('a plain Node ESM app runs the README example with node, and the compiled CLI runs a shipped example', () => {
  test.setTimeout(300_000);
  const app = join(work, 'node-app');
  cpSync(join(root, 'package-tests/fixtures/node-app'), app, { recursive: true });
  npmInstall(app, [tarball, `webgpu@${PKG.devDependencies.webgpu}`, `h5wasm@${PKG.devDependencies.h5wasm}`]);
  writeFileSync(join(app, 'app.mjs'), readmeExample());
  const r = run(process.execPath, ['app.mjs'], app, 120_000);
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout).toMatch(/^adapter: .+/m);
  expect(Number(/mean rate: ([\d.]+) Hz/.exec(r.stdout)?.[1])).toBeGreaterThan(1);
  // The entry points resolve (spikegpu/nir with its optional peer h5wasm); the browser entry has no Node-only exports, the node entry has them.
  const entries = run(process.execPath, ['entries.mjs'], app);
  expect(entries.status, entries.stderr).toBe(0);
  expect(JSON.parse(entries.stdout)).toEqual({ main: true, mainHasCli: false, node: true, gpu: true, nir: true, schema: 'spikegpu network model', version: PKG.version });
  const bin = join(app, 'node_modules/.bin/spikegpu');
  expect(run(bin, ['--version'], app).stdout.trim()).toBe(PKG.version);
  const cli = run(bin, ['run', 'node_modules/spikegpu/examples/cuba.json', '--duration', '20', '--out', 'out'], app, 120_000);
  expect(cli.status, cli.stderr).toBe(0);
  expect(readdirSync(join(app, 'out')).sort()).toEqual(['exc_spikes.npy', 'inh_spikes.npy', 'results.npz', 'summary.json']);
  const bad = run(bin, ['run', 'package.json', '--duration', '20', '--out', 'out2'], app);
  expect(bad.status).toBe(1);
  expect(bad.stderr).toMatch(/InvalidParameterError: package\.json: \(root\) = .*must have required property 'populations'/);
});

test('a Vite vanilla-ts app: few small runtime packages, stock tsconfig 0 errors, vite build, runs in Chromium', async ({ page }) => {
  test.setTimeout(300_000);
  const app = join(work, 'vite-app');
  cpSync(join(root, 'package-tests/fixtures/vite-app'), app, { recursive: true });
  // What a browser app gets at run time: the package and its dependencies only.
  npmInstall(app, [tarball]);
  const runtime = installed(join(app, 'node_modules'));
  console.log(`[package] browser consumer installs ${runtime.packages.join(', ')}: ${(runtime.bytes / 2 ** 20).toFixed(2)} MiB`);
  expect(runtime.packages.length).toBeLessThanOrEqual(3);
  expect(runtime.bytes).toBeLessThan(5 * 2 ** 20);
  // Without the optional peer h5wasm, NIR files fail with a typed error that says what to install.
  expect(runtime.packages.filter((p) => p.startsWith('h5wasm@'))).toEqual([]);
  const peer = run(process.execPath, ['missing-peer.mjs'], app);
  expect(peer.status, peer.stderr).toBe(0);
  const missing = JSON.parse(peer.stdout) as { threw: boolean; name: string; instance: boolean; packageName: string; message: string };
  console.log(`[package] NIR without h5wasm: ${missing.name}: ${missing.message}`);
  expect(missing).toMatchObject({ threw: true, name: 'MissingDependencyError', instance: true, packageName: 'h5wasm' });
  expect(missing.message).toContain('npm install h5wasm');
  npmInstall(app, [`vite@${PKG.devDependencies.vite}`, `typescript@${PKG.devDependencies.typescript}`], true);
  // The README's web-app snippet typechecks with the app (src/ is the tsconfig's include).
  writeFileSync(join(app, 'src/readme-webapp.ts'), readmeExample('webapp'));
  const tsc = run(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', '.'], app);
  const tscErrors = (tsc.stdout.match(/error TS\d+/g) ?? []).length;
  console.log(`[package] consumer tsc --noEmit: ${tscErrors} errors`);
  expect(tsc.stdout + tsc.stderr).toBe('');
  expect(tsc.status).toBe(0);
  // The shipped declarations themselves check cleanly under the same strict options (skipLibCheck off).
  const lib = run(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', '.', '--skipLibCheck', 'false'], app);
  expect(lib.stdout + lib.stderr).toBe('');
  const build = run(process.execPath, ['node_modules/vite/bin/vite.js', 'build'], app);
  expect(build.status, build.stderr + build.stdout).toBe(0);
  expect(build.stdout + build.stderr).not.toMatch(/externalized for browser compatibility|node:/);
  const bundle = readdirSync(join(app, 'dist/assets')).filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(app, 'dist/assets', f), 'utf8')).join('\n');
  expect(bundle, 'the build is minified (class names gone)').not.toContain('class InvalidParameterError');
  const site = await serveStatic(join(app, 'dist'), '/');
  try {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(site.url);
    await expect.poll(() => page.evaluate(() => document.body.dataset.done ?? ''), { timeout: 90_000 }).toBe('1');
    const text = (await page.locator('#out').textContent()) ?? '';
    console.log(`[package] consumer page: ${text.trim().replace(/\n/g, ' | ')}`);
    expect(text).toMatch(/^adapter: .+/m);
    expect(text).toContain('error name: InvalidParameterError true');
    expect(Number(/mean rate: ([\d.]+) Hz/.exec(text)?.[1])).toBeGreaterThan(1);
    // The README's web-app snippet, built as the app's second page, runs as written.
    await page.goto(`${site.url}readme.html`);
    await expect.poll(() => page.evaluate(() => document.body.textContent ?? ''), { timeout: 120_000 }).toMatch(/mean rate: [\d.]+ Hz/);
    const readmeRate = Number(/mean rate: ([\d.]+) Hz/.exec((await page.evaluate(() => document.body.textContent)) ?? '')?.[1]);
    console.log(`[package] README web-app snippet: mean rate ${readmeRate} Hz`);
    expect(readmeRate).toBeGreaterThan(1);
    expect(errors).toEqual([]);
  } finally {
    await site.close();
  }
});
