#!/usr/bin/env node
/**
 * Installs what `npm start` / `npm test` need and is missing, using only the npm registry and
 * Debian's packages (never a browser download):
 *   - npm packages from the committed lock file (npm ci) when node_modules is absent or stale;
 *   - for tests: Debian's chromium (headless WebGPU on SwiftShader) and the Mesa EGL/GLES packages
 *     that Dawn's OpenGL ES backend needs in Node. Installed with apt-get when running as root,
 *     otherwise the exact command to run is printed and setup fails;
 *   - for tests: the reference peers (scripts/references.json: Debian's python3-brian, python3-torch,
 *     python3-numpy, python3-h5py, python3-pynn). Installed with apt-get when root; otherwise the command is printed
 *     and the comparisons that need them are counted, named skips. Setup then probes /usr/bin/python3,
 *     prints the versions it found and writes node_modules/.cache/spikegpu/references.json, which says
 *     which references the tests must run: a reference setup installed or found is *expected*, and a
 *     test that needs an expected reference fails (never skips) when it cannot import it.
 * Usage: node scripts/setup.mjs start|test|bench
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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

// Debian packages: the GPU test runtimes, and for tests the reference peers.
const REFS = JSON.parse(readFileSync(resolve(root, 'scripts/references.json'), 'utf8'));
const runtimes = mode === 'test'
  ? ['chromium', 'libegl1', 'libegl-mesa0', 'libgles2', 'libgl1-mesa-dri']
  : ['libegl1', 'libegl-mesa0', 'libgles2', 'libgl1-mesa-dri'];
const peers = mode === 'test' ? REFS.references.map((r) => r.debian) : [];
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasDpkg = spawnSync('dpkg-query', ['--version'], { stdio: 'ignore' }).status === 0;

function dpkgInstalled(pkg) {
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).includes('install ok installed');
  } catch {
    return false;
  }
}

let peersInstalledHere = false;
if (!hasDpkg) {
  if (mode === 'test' && !existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) {
    fail('No dpkg here and no /usr/bin/chromium: install Chromium and set CHROMIUM_PATH to its binary, plus Mesa EGL/GLES (llvmpipe) for Node.');
  }
  say('not a Debian system: assuming Chromium and Mesa EGL are installed');
} else {
  const missing = [...runtimes, ...peers].filter((pkg) => !dpkgInstalled(pkg));
  if (missing.length > 0) {
    const command = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
    if (isRoot) {
      say(`installing Debian packages: ${missing.join(' ')}`);
      const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
      for (const args of [['update', '-q'], ['install', '-y', '-q', '--no-install-recommends', ...missing]]) {
        const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
        if (r.status !== 0) fail(`apt-get ${args[0]} failed. Run as root: ${command}`);
      }
      peersInstalledHere = peers.length > 0;
    } else {
      const missingRuntimes = missing.filter((p) => runtimes.includes(p));
      const missingPeers = missing.filter((p) => peers.includes(p));
      if (missingPeers.length) {
        say(`reference peers not installed: ${missingPeers.join(' ')}; the comparisons that need them will be counted as skipped. Install them as root:\n  sudo sh -c 'apt-get update && apt-get install -y --no-install-recommends ${missingPeers.join(' ')}'`);
      }
      if (missingRuntimes.length) fail(`missing Debian packages: ${missingRuntimes.join(' ')}. Install them as root:\n  sudo sh -c '${command}'`);
    }
  }
}

if (mode === 'test') {
  // Which reference peers the tests can import, and which they must run.
  const python = process.env.SPIKEGPU_PYTHON ?? REFS.python;
  const forced = process.env.SPIKEGPU_REFERENCES === 'required';
  const status = {};
  for (const r of REFS.references) {
    const p = spawnSync(python, ['-c', `import ${r.module}; print(${r.module}.__version__)`], { encoding: 'utf8' });
    const available = p.status === 0;
    const why = available ? undefined : (p.error ? `${python} not found` : (p.stderr.trim().split('\n').pop() ?? 'import failed'));
    // Expected: installed by this setup, present on the machine, or required by the environment.
    const expected = available || forced || (peersInstalledHere && hasDpkg && isRoot);
    status[r.id] = { available, version: available ? p.stdout.trim().split('\n').pop() : undefined, why, expected };
  }
  const dir = resolve(root, 'node_modules/.cache/spikegpu');
  mkdirSync(dir, { recursive: true });
  writeFileSync(resolve(dir, 'references.json'), JSON.stringify({ python, writtenAt: new Date().toISOString(), references: status }, null, 2));
  const line = REFS.references.map((r) => `${r.label} ${status[r.id].available ? status[r.id].version : `missing (${r.debian})`}`).join(', ');
  say(`reference peers (${python}): ${line}`);
  const bad = REFS.references.filter((r) => status[r.id].expected && !status[r.id].available);
  if (bad.length) fail(`reference peers expected but not importable: ${bad.map((r) => `${r.label} (${status[r.id].why})`).join('; ')}`);
}
