#!/usr/bin/env node
/**
 * The GPU kit (docs/device.md). `npm run bench:device -- prepare` builds `.device-kit/` (git-ignored,
 * at most 60 MiB), everything the GPU machine needs beside its driver, since it has no Node, no
 * package registry and no network:
 *   node.xz            a copy of the running Node binary, xz-compressed
 *   webgpu/            the `webgpu` package's loader (index.js, package.json) and its linux-x64 Dawn
 *                      binary only (dawn.node.xz)
 *   suite.mjs          bench/device/suite.ts bundled into one file with esbuild (no tsx, no node_modules)
 *   peers/             the PyTorch peer script (the GPU machine's python3 has torch with CUDA)
 *   gl/*.deb           Debian's Vulkan/EGL loader packages (amd64), from apt-get download (or .gl/ if
 *                      it holds them already)
 *   run.sh             unpacks, loads the NVIDIA driver, checks the adapter, runs the suite
 * `npm run bench:device -- rehearse` copies the kit to a clean temporary folder and runs its run.sh
 * there on this machine's adapter at rehearsal sizes (--small --allow-software).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const KIT = resolve(root, '.device-kit');
export const KIT_LIMIT_BYTES = 60 * 2 ** 20;
const GL_PACKAGES = ['libvulkan1', 'libegl1', 'libglvnd0', 'libopengl0', 'libgl1', 'libglx0', 'libgles2'];
const say = (m) => console.log(`[device-kit] ${m}`);

function fail(message) {
  console.error(`[device-kit] ${message}`);
  process.exit(1);
}

/**
 * Preset 3: Node's 97 MiB binary packs to 25.6 MiB in 26 s of CPU, against 22.8 MiB in 65 s at
 * preset 9 (measured 2026-12-06 on the 2-core test machine); the kit stays far below its 60 MiB
 * limit, and the suite's device-kit test builds it on every run.
 */
function xz(from, to) {
  const r = spawnSync('sh', ['-c', `xz -3 -T0 -c "${from}" > "${to}"`], { stdio: 'inherit' });
  if (r.status !== 0) fail(`xz failed compressing ${from} (Debian's xz-utils is needed here).`);
}

function treeBytes(dir) {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) n += e.isDirectory() ? treeBytes(join(dir, e.name)) : statSync(join(dir, e.name)).size;
  return n;
}

/** The loader .debs: .gl/ in the repository (the device README's recipe) or apt-get download into the kit. */
function glPackages(dest) {
  mkdirSync(dest, { recursive: true });
  const cached = resolve(root, '.gl');
  const have = existsSync(cached) ? readdirSync(cached).filter((f) => f.endsWith('.deb')) : [];
  if (GL_PACKAGES.every((p) => have.some((f) => f.startsWith(`${p}_`)))) {
    for (const f of have) copyFileSync(join(cached, f), join(dest, f));
    return 'copied from .gl/';
  }
  if (spawnSync('apt-get', ['download', ...GL_PACKAGES], { cwd: dest, stdio: 'inherit' }).status === 0) return 'apt-get download';
  // No usable package lists: a private amd64 list, as the device README does it.
  const lists = mkdtempSync(join(tmpdir(), 'spikegpu-apt-'));
  mkdirSync(join(lists, 'partial'), { recursive: true });
  const o = ['-oAPT::Architecture=amd64', '-oAPT::Architectures=amd64', `-oDir::State::Lists=${lists}`];
  if (spawnSync('apt-get', [...o, 'update'], { stdio: 'inherit' }).status !== 0 || spawnSync('apt-get', [...o, 'download', ...GL_PACKAGES], { cwd: dest, stdio: 'inherit' }).status !== 0) {
    fail(`could not download ${GL_PACKAGES.join(' ')} with apt-get (Debian's package mirror must be reachable).`);
  }
  rmSync(lists, { recursive: true, force: true });
  return 'apt-get update (private lists) and download';
}

const RUN_SH = `#!/bin/sh
# spikegpu GPU kit (docs/device.md): unpack, load the GPU driver, run the benchmark in one go.
# Usage: sh run.sh [--small] [--allow-software] [--budget-s N]; results go to $OUT (default ./out).
set -eu
KIT=$(cd "$(dirname "$0")" && pwd)
OUT=\${OUT:-$KIT/out}
WORK=\${TMPDIR:-/tmp}/spikegpu-kit.$$
mkdir -p "$WORK/node_modules/webgpu/dist/linux-x64" "$OUT"
unxz() { if command -v xz >/dev/null 2>&1; then xz -dc "$1" > "$2"; else python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$1" "$2"; fi; }
unxz "$KIT/node.xz" "$WORK/node"
chmod +x "$WORK/node"
cp "$KIT/webgpu/index.js" "$KIT/webgpu/package.json" "$WORK/node_modules/webgpu/"
unxz "$KIT/webgpu/dawn.node.xz" "$WORK/node_modules/webgpu/dist/linux-x64/dawn.node"
cp "$KIT/suite.mjs" "$WORK/"
cp -r "$KIT/peers" "$WORK/"
# The Vulkan/EGL loaders, unpacked into / when the system has none (root only, as the device README says;
# a rehearsal sets SPIKEGPU_KIT_NO_LOADERS=1 to leave its own machine as it is).
if [ "$(id -u)" = 0 ] && [ -z "\${SPIKEGPU_KIT_NO_LOADERS:-}" ] && ! ldconfig -p | grep -q 'libvulkan.so.1'; then
  for f in "$KIT"/gl/*.deb; do dpkg -x "$f" /; done
  ldconfig
fi
# NVIDIA's driver files where the GPU machine keeps them.
NV=/usr/local/nvidia/share
if [ -f "$NV/vulkan/icd.d/nvidia_icd.json" ]; then export VK_DRIVER_FILES="$NV/vulkan/icd.d/nvidia_icd.json"; fi
if [ -f "$NV/glvnd/egl_vendor.d/10_nvidia.json" ]; then export __EGL_VENDOR_LIBRARY_FILENAMES="$NV/glvnd/egl_vendor.d/10_nvidia.json"; fi
command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | tee "$OUT/nvidia-smi.txt" || true
export SPIKEGPU_PEERS="$WORK/peers"
export SPIKEGPU_PYTHON="\${SPIKEGPU_PYTHON:-$(command -v python3 || echo python3)}"
cd "$WORK"
set +e
timeout 540 ./node suite.mjs --out "$OUT" "$@" 2>&1 | tee "$OUT/device-bench.log"
status=$?
rm -rf "$WORK"
exit $status
`;

async function prepare() {
  const t0 = Date.now();
  if (process.platform !== 'linux' || process.arch !== 'x64') fail(`the kit carries this machine's Node and Dawn: build it on linux-x64 (this is ${process.platform}-${process.arch}).`);
  rmSync(KIT, { recursive: true, force: true });
  mkdirSync(join(KIT, 'webgpu'), { recursive: true });
  say('bundling bench/device/suite.ts (esbuild)');
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [resolve(root, 'bench/device/suite.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20',
    outfile: join(KIT, 'suite.mjs'), external: ['webgpu'], logLevel: 'warning', legalComments: 'none',
    // CommonJS dependencies (ajv) call require(): give the ES module one.
    banner: { js: "import { createRequire as __spikegpuRequire } from 'node:module'; const require = __spikegpuRequire(import.meta.url);" },
  });
  const webgpu = resolve(root, 'node_modules/webgpu');
  for (const f of ['index.js', 'package.json']) copyFileSync(join(webgpu, f), join(KIT, 'webgpu', f));
  say('compressing the linux-x64 Dawn binary and Node');
  xz(join(webgpu, 'dist/linux-x64/dawn.node'), join(KIT, 'webgpu/dawn.node.xz'));
  xz(process.execPath, join(KIT, 'node.xz'));
  mkdirSync(join(KIT, 'peers'), { recursive: true });
  copyFileSync(resolve(root, 'bench/peers/torch_lif_bench.py'), join(KIT, 'peers/torch_lif_bench.py'));
  say(`Vulkan/EGL loaders: ${glPackages(join(KIT, 'gl'))}`);
  writeFileSync(join(KIT, 'run.sh'), RUN_SH, { mode: 0o755 });
  writeFileSync(join(KIT, 'VERSION'), `${execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim()}\nnode ${process.versions.node}\nwebgpu ${JSON.parse(execFileSync('cat', [join(webgpu, 'package.json')], { encoding: 'utf8' })).version}\n`);
  const bytes = treeBytes(KIT);
  say(`kit ready in ${((Date.now() - t0) / 1000).toFixed(0)} s: ${(bytes / 2 ** 20).toFixed(1)} MiB in ${KIT}`);
  if (bytes > KIT_LIMIT_BYTES) fail(`the kit is ${(bytes / 2 ** 20).toFixed(1)} MiB, over the ${KIT_LIMIT_BYTES / 2 ** 20} MiB limit.`);
}

function rehearse() {
  if (!existsSync(join(KIT, 'run.sh'))) fail('no kit: run `npm run bench:device -- prepare` first.');
  const dir = mkdtempSync(join(tmpdir(), 'spikegpu-rehearsal-'));
  cpSync(KIT, join(dir, 'kit'), { recursive: true });
  const out = join(dir, 'out');
  say(`rehearsing in ${dir} (this machine's adapter, rehearsal sizes)`);
  // No node_modules, no repository: only the kit, as on the GPU machine.
  const r = spawnSync('sh', [join(dir, 'kit/run.sh'), '--small', '--allow-software', '--budget-s', '480'], { cwd: dir, stdio: 'inherit', env: { ...process.env, OUT: out, SPIKEGPU_KIT_NO_LOADERS: '1' } });
  const md = join(out, 'device-bench.md');
  if (!existsSync(md)) fail(`the rehearsal wrote no ${md} (exit ${r.status})`);
  say(`rehearsal exit ${r.status}; results in ${out}`);
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const verb = process.argv[2];
if (verb === 'prepare') await prepare();
else if (verb === 'rehearse') rehearse();
else fail(`usage: npm run bench:device -- prepare | rehearse (got ${JSON.stringify(verb)})`);
