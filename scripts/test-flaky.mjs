#!/usr/bin/env node
/**
 * `npm run test:flaky`: the demo tests (projects demos and demos-static) several times in a row while
 * a second job loads the CPU, to catch any test that depends on timing (a test must wait for a state
 * the page reports, never for wall time: demos/kit/testing.ts). Every repeat of every test must pass;
 * the closing line is the suite's `N passed, N failed, N skipped`.
 *
 *   SPIKEGPU_FLAKY_REPEAT  repeats of each test (default 5)
 *   SPIKEGPU_FLAKY_LOAD    busy processes run beside the tests (default 1: one core's worth of load)
 *
 * Extra arguments go to `playwright test` (e.g. a demo's spec file).
 */
import { spawn, spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function count(name, fallback, min, max) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`[test:flaky] ${name} = ${JSON.stringify(raw)} is not allowed: an integer from ${min} to ${max}`);
    process.exit(2);
  }
  return n;
}

const repeat = count('SPIKEGPU_FLAKY_REPEAT', 5, 1, 100);
const load = count('SPIKEGPU_FLAKY_LOAD', 1, 0, 64);

// The load: busy loops (arithmetic and allocation, so both the CPU and the memory system are busy).
const busy = 'let x = 0; for (;;) { const a = new Float64Array(4096); for (let i = 0; i < a.length; i++) x += Math.sqrt(a[i] = i * x % 7); if (x > 1e300) x = 0; }';
const loaders = Array.from({ length: load }, () => spawn(process.execPath, ['-e', busy], { stdio: 'ignore' }));
const stop = () => { for (const p of loaders) p.kill('SIGKILL'); };
process.on('exit', stop);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { stop(); process.exit(130); });

console.log(`[test:flaky] demos and demos-static, each test ${repeat} times, with ${load} busy process${load === 1 ? '' : 'es'} beside them`);
const t0 = Date.now();
const r = spawnSync(process.execPath, [resolve(root, 'node_modules/@playwright/test/cli.js'), 'test', '--project=demos', '--project=demos-static', `--repeat-each=${repeat}`, ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' });
stop();
console.log(`[test:flaky] ${((Date.now() - t0) / 60_000).toFixed(1)} min with the load; playwright exit ${r.status ?? r.signal}`);
process.exit(r.status ?? 1);
