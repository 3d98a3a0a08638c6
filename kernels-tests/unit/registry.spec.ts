/** Meta-test: every registered kernel has its WGSL, binding, oracle and spec; every shader is registered. */
import { expect, test } from '@playwright/test';
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { KERNELS } from '../../host/kernels/index';

const root = resolve(import.meta.dirname, '../..');

/** The files of kernel `name`, relative to the repository root. */
function kernelFiles(name: string): { shader: string; binding: string; oracle: string; spec: string } {
  return {
    shader: `shaders/${name}.wgsl.ts`,
    binding: `host/kernels/${name}.ts`,
    oracle: `kernels-tests/oracle/${name}.ts`,
    spec: `kernels-tests/${name}.spec.ts`,
  };
}

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

test('every learning rule has its rule file, oracle twin and spec (one name finds all three)', async () => {
  const { RULES } = await import('../../host/learn/rules/index');
  const { RULE_TWINS } = await import('../oracle/rules/index');
  expect(RULES.length).toBeGreaterThan(0);
  for (const r of RULES) {
    for (const path of [`host/learn/rules/${r.name}.ts`, `kernels-tests/oracle/rules/${r.name}.ts`, `kernels-tests/${r.name}.spec.ts`]) {
      expect(existsSync(resolve(root, path)), `rule ${r.name}: missing ${path}`).toBe(true);
    }
    expect(RULE_TWINS[r.name], `rule ${r.name}: no oracle twin in kernels-tests/oracle/rules/index.ts`).toBeDefined();
  }
  expect(Object.keys(RULE_TWINS).sort()).toEqual(RULES.map((r) => r.name).sort());
});
