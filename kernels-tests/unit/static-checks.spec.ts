/** The tree typechecks strictly and lints clean (counted with the other suites). */
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const bin = (name: string) => resolve(root, 'node_modules/.bin', name);

test('tsc --noEmit (strict) reports no errors', () => {
  test.setTimeout(180_000);
  const r = spawnSync(bin('tsc'), ['--noEmit', '-p', root], { cwd: root, encoding: 'utf8' });
  expect(r.stdout + r.stderr).toBe('');
  expect(r.status).toBe(0);
});

test('eslint reports no problems', () => {
  test.setTimeout(180_000);
  const r = spawnSync(bin('eslint'), ['.'], { cwd: root, encoding: 'utf8' });
  expect(r.stdout + r.stderr).toBe('');
  expect(r.status).toBe(0);
});
