/** Meta-test: every registered kernel has its WGSL, binding, oracle and spec; every shader is registered. */
import { expect, test } from '@playwright/test';
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { KERNELS, kernelFiles } from '../../host/kernels/index';

const root = resolve(import.meta.dirname, '../..');

for (const k of KERNELS) {
  test(`kernel ${k.name} has shader, binding, oracle and spec`, () => {
    for (const [role, path] of Object.entries(kernelFiles(k.name))) {
      expect(existsSync(resolve(root, path)), `${k.name}: missing ${role} ${path}`).toBe(true);
    }
  });
}

test('every shaders/*.wgsl.ts is a registered kernel', () => {
  const shaders = readdirSync(resolve(root, 'shaders')).filter((f) => f.endsWith('.wgsl.ts')).map((f) => f.replace('.wgsl.ts', ''));
  expect(shaders.sort()).toEqual(KERNELS.map((k) => k.name).sort());
});
