#!/usr/bin/env node
/**
 * Installs what `npm start` / `npm test` need and is missing, using only the npm registry and
 * Debian's packages (never a browser download):
 *   - npm packages from the committed lock file (npm ci) when node_modules is absent or stale;
 *   - for tests: Debian's chromium (headless WebGPU on SwiftShader) and the Mesa EGL/GLES packages
 *     that Dawn's OpenGL ES backend needs in Node. Installed with apt-get when running as root,
 *     otherwise the exact command to run is printed and setup fails.
 * Usage: node scripts/setup.mjs start|test|bench
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const mode = process.argv[2] ?? 'test';
const say = (m) => console.log(`[setup] ${m}`);

function fail(message) {
  console.error(`[setup] ${message}`);
  process.exit(1);
}

// Node version: Vite 8 needs Node >= 20.19.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) fail(`Node ${process.versions.node} is too old: spikegpu needs Node >= 20.19 (Vite 8). Install a newer Node.`);

// npm packages.
const lock = resolve(root, 'package-lock.json');
const installed = resolve(root, 'node_modules/.package-lock.json');
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs) {
  say('installing npm packages from package-lock.json (npm ci)');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) fail('npm ci failed (see above).');
}

if (mode === 'start') process.exit(0);

// Debian packages for the GPU test runtimes.
const needed = mode === 'test'
  ? ['chromium', 'libegl1', 'libegl-mesa0', 'libgles2', 'libgl1-mesa-dri']
  : ['libegl1', 'libegl-mesa0', 'libgles2', 'libgl1-mesa-dri'];
const hasDpkg = spawnSync('dpkg-query', ['--version'], { stdio: 'ignore' }).status === 0;
if (!hasDpkg) {
  if (mode === 'test' && !existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) {
    fail('No dpkg here and no /usr/bin/chromium: install Chromium and set CHROMIUM_PATH to its binary, plus Mesa EGL/GLES (llvmpipe) for Node.');
  }
  say('not a Debian system: assuming Chromium and Mesa EGL are installed');
  process.exit(0);
}
const missing = needed.filter((pkg) => {
  try {
    return !execFileSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).includes('install ok installed');
  } catch {
    return true;
  }
});
if (missing.length === 0) process.exit(0);
const command = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
if (typeof process.getuid === 'function' && process.getuid() === 0) {
  say(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-q'], ['install', '-y', '-q', '--no-install-recommends', ...missing]]) {
    const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (r.status !== 0) fail(`apt-get ${args[0]} failed. Run as root: ${command}`);
  }
} else {
  fail(`missing Debian packages: ${missing.join(' ')}. Install them as root:\n  sudo sh -c '${command}'`);
}
