/**
 * The GPU kit (scripts/device-kit.mjs, docs/device.md): `prepare` builds a kit under the 60 MiB
 * limit with everything run.sh needs (Node, the linux-x64 Dawn binary, the bundled suite, the peer
 * script, the Vulkan/EGL loader packages); the bundle parses as an ES module and run.sh as sh.
 * The rehearsal (running run.sh from a clean folder on this machine's adapter) is `npm run
 * bench:device -- rehearse`, done by hand: it takes minutes.
 */
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const kit = resolve(root, '.device-kit');

function bytes(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? bytes(join(dir, e.name)) : statSync(join(dir, e.name)).size), 0);
}

test('the device kit: prepare builds it under 60 MiB with Node, Dawn, the bundled suite, the peer and the GL loaders; the bundle and run.sh parse', () => {
  test.setTimeout(600_000);
  const r = spawnSync(process.execPath, [resolve(root, 'scripts/device-kit.mjs'), 'prepare'], { cwd: root, encoding: 'utf8' });
  expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
  for (const f of ['node.xz', 'webgpu/dawn.node.xz', 'webgpu/index.js', 'webgpu/package.json', 'suite.mjs', 'peers/torch_lif_bench.py', 'run.sh', 'VERSION']) {
    expect(existsSync(join(kit, f)), f).toBe(true);
  }
  const debs = readdirSync(join(kit, 'gl'));
  for (const p of ['libvulkan1', 'libegl1', 'libglvnd0', 'libopengl0', 'libgl1', 'libglx0', 'libgles2']) expect(debs.some((f) => f.startsWith(`${p}_`) && f.endsWith('_amd64.deb')), p).toBe(true);
  const total = bytes(kit);
  console.log(`device kit: ${(total / 2 ** 20).toFixed(1)} MiB (limit 60 MiB); node.xz ${(statSync(join(kit, 'node.xz')).size / 2 ** 20).toFixed(1)} MiB, dawn.node.xz ${(statSync(join(kit, 'webgpu/dawn.node.xz')).size / 2 ** 20).toFixed(1)} MiB`);
  expect(total).toBeLessThanOrEqual(60 * 2 ** 20);
  expect(spawnSync(process.execPath, ['--check', join(kit, 'suite.mjs')], { encoding: 'utf8' }).status).toBe(0);
  expect(spawnSync('sh', ['-n', join(kit, 'run.sh')], { encoding: 'utf8' }).status).toBe(0);
  // The compressed Node is this Node.
  const v = spawnSync('sh', ['-c', `xz -dc "${join(kit, 'node.xz')}" | cmp - "${process.execPath}"`], { encoding: 'utf8' });
  expect(v.status, v.stderr).toBe(0);
});
