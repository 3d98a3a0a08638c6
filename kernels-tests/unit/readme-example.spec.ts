/**
 * The README's usage example runs as written (Node, Dawn): the block between the markers
 * `<!-- example:start -->` and `<!-- example:end -->` is extracted, its `from 'spikegpu'` import is
 * pointed at this checkout, and it is run with tsx. Its printed lines are checked.
 */
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { readmeExample } from '../harness/readme';

const root = resolve(import.meta.dirname, '../..');

test('the README usage example is about 15 lines and runs', () => {
  test.setTimeout(120_000);
  const code = readmeExample();
  const lines = code.trim().split('\n').length;
  expect(lines).toBeGreaterThanOrEqual(10);
  expect(lines).toBeLessThanOrEqual(25);
  expect(code).toContain("from 'spikegpu'");
  const dir = mkdtempSync(join(tmpdir(), 'spikegpu-readme-'));
  const file = join(dir, 'example.mts'); // .mts: an ES module wherever it sits (top-level await)
  writeFileSync(file, code.replace("from 'spikegpu'", `from ${JSON.stringify(resolve(root, 'host/index.ts'))}`));
  const r = spawnSync(resolve(root, 'node_modules/.bin/tsx'), [file], { cwd: root, encoding: 'utf8', timeout: 100_000 });
  const out = r.stdout;
  expect(r.status, r.stderr).toBe(0);
  expect(out).toMatch(/^adapter: .+/m);
  const rate = /mean rate: ([\d.]+) Hz/.exec(out);
  expect(rate, out).not.toBeNull();
  expect(Number(rate![1])).toBeGreaterThan(1);
  expect(out).toMatch(/first spikes at step \d+/);
});
