/**
 * The summary reporter's guards: which command lines count as the whole suite, and on a whole-suite
 * run, a run over its time budget or one where an expected reference ran in no test fails (exit 1)
 * with a line saying why, while the closing `N passed, N failed, N skipped` line stays last.
 */
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isFullRun } from '../harness/summary-reporter';

const root = resolve(import.meta.dirname, '../..');

test('isFullRun: no filter is the whole suite; files, titles, projects, shards and repeats are not', () => {
  const pw = ['node', 'playwright', 'test'];
  expect(isFullRun(pw)).toBe(true);
  expect(isFullRun([...pw, '--workers', '2', '--reporter=list'])).toBe(true);
  expect(isFullRun([...pw, '--workers=2', '-c', 'playwright.config.ts'])).toBe(true);
  expect(isFullRun([...pw, 'kernels-tests/lif.spec.ts'])).toBe(false);
  expect(isFullRun([...pw, '--project', 'unit'])).toBe(false);
  expect(isFullRun([...pw, '--project=unit'])).toBe(false);
  expect(isFullRun([...pw, '-g', 'CUBA'])).toBe(false);
  expect(isFullRun([...pw, '--repeat-each', '5'])).toBe(false);
  expect(isFullRun([...pw, '--shard=1/2'])).toBe(false);
  expect(isFullRun(['node', 'playwright', 'show-report'])).toBe(false);
});

test('a whole-suite run over its budget, or with an expected reference that no test ran, fails with the reason above the closing line', () => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'spikegpu-reporter-'));
  try {
    const pwTest = pathToFileURL(resolve(root, 'node_modules/@playwright/test/index.mjs')).href;
    writeFileSync(join(dir, 'one.spec.mjs'), `import { test, expect } from ${JSON.stringify(pwTest)};\ntest('one', () => { expect(1).toBe(1); });\n`);
    writeFileSync(join(dir, 'pw.config.mjs'), `export default { testDir: ${JSON.stringify(dir)}, testMatch: '*.spec.mjs', reporter: [[${JSON.stringify(resolve(root, 'kernels-tests/harness/summary-reporter.ts'))}]] };\n`);
    writeFileSync(join(dir, 'setup.json'), JSON.stringify({ references: { brian2: { expected: true }, numpy: { expected: false } } }));
    const run = (env: Record<string, string>) => {
      const r = spawnSync(process.execPath, [resolve(root, 'node_modules/@playwright/test/cli.js'), 'test', '-c', join(dir, 'pw.config.mjs')],
        { cwd: dir, encoding: 'utf8', timeout: 100_000, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir, SPIKEGPU_SETUP_FILE: join(dir, 'setup.json'), ...env } });
      return { status: r.status, lines: r.stdout.trim().split('\n') };
    };
    const late = run({ SPIKEGPU_SUITE_BUDGET_MIN: '0' });
    expect(late.status).toBe(1);
    expect(late.lines.join('\n')).toMatch(/suite check failed: the suite took \d+\.\d min, over its budget of 0 min/);
    expect(late.lines.join('\n')).toContain('suite check failed: Brian2 was expected (npm test\'s setup installed or found it) but no test ran it');
    expect(late.lines.at(-2)).toMatch(/^suite wall time \d+\.\d min/);
    expect(late.lines.at(-1)).toBe('1 passed, 0 failed, 0 skipped');
    writeFileSync(join(dir, 'setup.json'), JSON.stringify({ references: { brian2: { expected: false } } }));
    const fine = run({});
    expect(fine.status, fine.lines.join('\n')).toBe(0);
    expect(fine.lines.join('\n')).not.toContain('suite check failed');
    expect(fine.lines.at(-1)).toBe('1 passed, 0 failed, 0 skipped');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
