/** `npx spikegpu run` end to end (Node, Dawn): progress, summary, NPY spikes, summary.json, and bad files. */
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { encodeNpy } from '../../host/io/npy';
import { cuba } from '../../host/model/examples';
import { runPython, useReference } from '../harness/references';

const root = resolve(import.meta.dirname, '../..');
const cli = (args: string[]) => spawnSync(process.execPath, [resolve(root, 'bin/spikegpu.mjs'), ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });

/** Reads an .npy file written by encodeNpy: header dict and int32 data. */
function readNpy(path: string): { header: string; data: Int32Array } {
  const bytes = readFileSync(path);
  expect(Array.from(bytes.subarray(0, 8))).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  const len = bytes.readUInt16LE(8);
  expect((10 + len) % 64).toBe(0);
  const header = bytes.subarray(10, 10 + len).toString('latin1');
  const body = bytes.subarray(10 + len);
  return { header, data: new Int32Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength)) };
}

test('npy encoding: header, alignment, shape and values', () => {
  const dir = mkdtempSync(join(tmpdir(), 'npy-'));
  writeFileSync(join(dir, 'a.npy'), encodeNpy(Int32Array.from([1, 2, 3, 4, 5, 6]), [2, 3]));
  const { header, data } = readNpy(join(dir, 'a.npy'));
  expect(header.startsWith("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 3), }")).toBe(true);
  expect(header.endsWith('\n')).toBe(true);
  expect(Array.from(data)).toEqual([1, 2, 3, 4, 5, 6]);
  expect(() => encodeNpy(new Int32Array(5), [2, 3])).toThrow(/holds 6 values/);
});

test('numpy reads the NPY files spikegpu writes: int32, uint32, float32 and float64, 1-D to 3-D, values and shapes', () => {
  useReference('numpy');
  const dir = mkdtempSync(join(tmpdir(), 'npy-numpy-'));
  const arrays = {
    i4: { data: Int32Array.from([-2147483648, -1, 0, 7, 2147483647, 42]), shape: [2, 3] },
    u4: { data: Uint32Array.from([0, 1, 4294967295]), shape: [3] },
    f4: { data: Float32Array.from([0.1, -2.5, 3e38, 1e-40, 0, -0, 7, 8]), shape: [2, 2, 2] },
    f8: { data: Float64Array.from([Math.PI, -1e300, 5e-324, 0.5]), shape: [4, 1] },
  };
  for (const [name, a] of Object.entries(arrays)) writeFileSync(join(dir, `${name}.npy`), encodeNpy(a.data, a.shape));
  // numpy prints each file's dtype, shape and values as float64 reprs (exact for every dtype here).
  const script = `import json, sys, numpy as n
out = {}
for name in ${JSON.stringify(Object.keys(arrays))}:
    a = n.load(sys.argv[1] + '/' + name + '.npy')
    out[name] = {'dtype': str(a.dtype), 'shape': list(a.shape), 'values': [float(x) for x in a.ravel()]}
print(json.dumps(out))`;
  const r = runPython('numpy', ['-c', script, dir]);
  expect(r.status, r.stderr).toBe(0);
  const got = JSON.parse(r.stdout) as Record<string, { dtype: string; shape: number[]; values: number[] }>;
  const dtypes: Record<string, string> = { i4: 'int32', u4: 'uint32', f4: 'float32', f8: 'float64' };
  for (const [name, a] of Object.entries(arrays)) {
    expect(got[name]!.dtype, name).toBe(dtypes[name]);
    expect(got[name]!.shape, name).toEqual(a.shape);
    expect(got[name]!.values, name).toEqual(Array.from(a.data as ArrayLike<number>));
  }
  rmSync(dir, { recursive: true, force: true });
});

test('spikegpu run: a model file to NPY spikes and a JSON summary', () => {
  test.setTimeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), 'spikegpu-cli-'));
  writeFileSync(join(dir, 'model.json'), JSON.stringify(cuba({ size: 500, p: 0.1 })));
  const r = cli(['run', join(dir, 'model.json'), '--duration', '100', '--out', join(dir, 'out')]);
  expect(r.status, r.stderr).toBe(0);
  expect(r.stderr).toContain('100%');
  expect(r.stdout).toMatch(/^adapter: /m);
  expect(r.stdout).toMatch(/exc: 400 neurons, \d+ spikes, [\d.]+ Hz -> exc_spikes\.npy/);
  expect(r.stdout).toMatch(/synaptic events: \d+/);
  const summary = JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8'));
  expect(summary.steps).toBe(1000);
  expect(summary.populations.exc.size).toBe(400);
  // Energy at each preset's figures, from the same counters: E = SynOps E_syn + updates E_neuron + spikes E_spike.
  const spikes = Object.values(summary.populations as Record<string, { spikes: number }>).reduce((a, p) => a + p.spikes, 0);
  const updates = summary.steps * Object.values(summary.populations as Record<string, { size: number }>).reduce((a, p) => a + p.size, 0);
  expect(summary.energyEstimates.loihi2018.joules).toBeCloseTo(summary.synapticEvents * 23.6e-12 + updates * 81e-12 + spikes * 1.7e-12, 12);
  const { header, data } = readNpy(join(dir, 'out', 'exc_spikes.npy'));
  expect(header).toContain(`'shape': (${summary.populations.exc.spikes}, 3)`);
  expect(data.length).toBe(3 * summary.populations.exc.spikes);
  for (let k = 0; k < data.length; k += 3) {
    expect(data[k]).toBeGreaterThanOrEqual(0);
    expect(data[k]).toBeLessThan(1000);
    expect(data[k + 1]).toBeLessThan(400);
    expect(data[k + 2]).toBe(0);
  }
});

test('spikegpu run: invalid files are rejected with the JSON path of the field', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spikegpu-cli-'));
  const model = cuba({ size: 50 }) as unknown as { projections: { connectivity: { p: number } }[] };
  model.projections[1]!.connectivity.p = 2;
  writeFileSync(join(dir, 'bad.json'), JSON.stringify(model));
  const r = cli(['run', join(dir, 'bad.json'), '--duration', '10']);
  expect(r.status).toBe(1);
  expect(r.stderr).toContain('/projections/1/connectivity/p = 2');
  const usage = cli(['--help']);
  expect(usage.status).toBe(0);
  expect(usage.stderr).toContain('usage: spikegpu run');
  const noModel = cli(['run']);
  expect(noModel.status).toBe(2);
  expect(noModel.stderr).toContain('run needs a model file');
  const missing = cli(['run', join(dir, 'bad.json')]);
  expect(missing.status).toBe(2);
  expect(missing.stderr).toContain('--duration <ms> is required');
});

test('spikegpu run and train: an --out that cannot take the results is refused before any work, in one line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spikegpu-out-'));
  writeFileSync(join(dir, 'model.json'), JSON.stringify(cuba({ size: 100 })));
  writeFileSync(join(dir, 'afile'), 'x');
  // A duration that would take minutes: a refusal must come before the run.
  for (const [out, why] of [[join(dir, 'afile'), 'not a directory'], [join(dir, 'afile', 'sub'), 'is a file, not a directory']] as const) {
    const t0 = performance.now();
    const r = cli(['run', join(dir, 'model.json'), '--duration', '1000000', '--out', out]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain(`--out ${out}: `);
    expect(r.stderr).toContain(why);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(performance.now() - t0).toBeLessThan(30_000);
    const t = cli(['train', '--task', 'yinyang', '--epochs', '1000', '--out', out]);
    expect(t.status, t.stderr).toBe(2);
    expect(t.stderr).toContain(why);
  }
  // A missing directory (two levels) is created.
  const fresh = join(dir, 'a', 'b');
  const ok = cli(['run', join(dir, 'model.json'), '--duration', '5', '--out', fresh]);
  expect(ok.status, ok.stderr).toBe(0);
  expect(readFileSync(join(fresh, 'summary.json'), 'utf8')).toContain('"steps": 50');
  rmSync(dir, { recursive: true, force: true });
});

/**
 * A temporary folder every user can reach: os.tmpdir() unless one of its parents is closed to others
 * (TMPDIR inside a 0700 home), then /tmp or /var/tmp.
 */
function worldReachableTmp(): string {
  const open = (d: string): boolean => {
    for (let at = resolve(d); ; at = dirname(at)) {
      if (!existsSync(at) || (statSync(at).mode & 0o001) === 0) return false;
      if (dirname(at) === at) return true;
    }
  };
  const base = [tmpdir(), '/tmp', '/var/tmp'].find(open);
  if (!base) throw new Error(`no temporary folder that every user can enter (tried ${tmpdir()}, /tmp, /var/tmp)`);
  return base;
}

test('spikegpu run: a directory without write permission is refused before the run (run as an unprivileged user where the tests run as root)', () => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(join(worldReachableTmp(), 'spikegpu-ro-'));
  chmodSync(dir, 0o755);
  try {
    // The unprivileged user may not be able to enter the checkout (a clone in a mktemp -d folder is
    // 0700), so it runs the same CLI sources bundled into one file in this world-readable folder. The
    // GPU and HDF5 packages stay external: the refusal must come before either is loaded.
    const bundle = join(dir, 'spikegpu.mjs');
    buildSync({ entryPoints: [resolve(root, 'host/cli/bin.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: bundle, external: ['webgpu', 'h5wasm'], logLevel: 'silent' });
    writeFileSync(join(dir, 'model.json'), JSON.stringify(cuba({ size: 100 })));
    mkdirSync(join(dir, 'ro'));
    for (const f of [bundle, join(dir, 'model.json')]) chmodSync(f, 0o644);
    chmodSync(join(dir, 'ro'), 0o555);
    const args = [bundle, 'run', join(dir, 'model.json'), '--duration', '1000000', '--out', join(dir, 'ro')];
    // Root may write anywhere: drop to user nobody (util-linux setpriv, in every Debian) for this one call.
    const asRoot = process.getuid?.() === 0;
    const r = asRoot
      ? spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000 })
      : spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    expect(r.error, 'setpriv runs').toBeUndefined();
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain(`--out ${join(dir, 'ro')}: not writable (permission denied)`);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    // The same bundle as the same user passes the check for a directory it may write to, and goes on
    // to read the model (here a broken one): the refusal above was the permission's, not the setup's.
    const open = join(dir, 'open');
    mkdirSync(open);
    chmodSync(open, 0o777);
    writeFileSync(join(dir, 'broken.json'), '{');
    chmodSync(join(dir, 'broken.json'), 0o644);
    const okArgs = [bundle, 'run', join(dir, 'broken.json'), '--duration', '1000000', '--out', open];
    const ok = asRoot
      ? spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, ...okArgs], { cwd: dir, encoding: 'utf8', timeout: 120_000 })
      : spawnSync(process.execPath, okArgs, { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    expect(ok.status, ok.stderr).toBe(2);
    expect(ok.stderr).toContain(`${join(dir, 'broken.json')} is not JSON`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Poisson inputs onto LIF neurons through an STDP projection (weights in [0, 2]). */
const plasticModel = (inputs: number, outputs: number, rateHz: number) => ({
  populations: [
    { name: 'in', model: 'poisson', size: inputs, params: { rates: rateHz } },
    { name: 'out', model: 'lif', size: outputs, params: { vRest: -65, vThreshold: -50, vReset: -65, biasCurrent: 14 } },
  ],
  projections: [{ name: 'in->out', pre: 'in', post: 'out', target: 'exc', connectivity: { rule: 'fixedProbability', p: 0.5 }, weight: { dist: 'uniform', low: 0, high: 1 },
    synapse: { rule: 'stdp', wMax: 2, aPlus: 0.05, aMinus: 0.06 } }],
});

test('spikegpu run: plastic projections write their final weights and synapse indices as NPY', () => {
  test.setTimeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), 'spikegpu-plastic-'));
  writeFileSync(join(dir, 'model.json'), JSON.stringify(plasticModel(40, 10, 30)));
  const r = cli(['run', join(dir, 'model.json'), '--duration', '500', '--out', join(dir, 'out'), '--batch', '2']);
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout).toMatch(/in->out: \d+ plastic synapses, mean weight [\d.]+ -> in-_out_weights\.npy, in-_out_pre\.npy, in-_out_post\.npy/);
  const summary = JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8'));
  const n = summary.plasticWeights['in->out'].synapses as number;
  expect(n).toBe(summary.synapses['in->out']);
  const pre = readNpy(join(dir, 'out', 'in-_out_pre.npy'));
  const post = readNpy(join(dir, 'out', 'in-_out_post.npy'));
  expect(pre.header).toContain(`'shape': (${n},)`);
  expect(Array.from(pre.data).every((i) => i >= 0 && i < 40)).toBe(true);
  expect(Array.from(post.data).every((j) => j >= 0 && j < 10)).toBe(true);
  const bytes = readFileSync(join(dir, 'out', 'in-_out_weights.npy'));
  const len = bytes.readUInt16LE(8);
  const header = bytes.subarray(10, 10 + len).toString('latin1');
  expect(header).toContain("'descr': '<f4'");
  expect(header).toContain(`'shape': (2, ${n})`);
  const body = bytes.subarray(10 + len);
  const w = new Float32Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength));
  expect(w.length).toBe(2 * n);
  expect(w.every((x) => x >= 0 && x <= 2)).toBe(true);
  // Learning moved the weights from their initial uniform draw (mean 0.5): potentiation and depression happened.
  expect(new Set(Array.from(w)).size).toBeGreaterThan(n);
  rmSync(dir, { recursive: true, force: true });
});

test('spikegpu run: results.npz holds every spike and weight array, and numpy reads it equal to the NPY files', () => {
  useReference('numpy');
  test.setTimeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), 'spikegpu-npz-'));
  writeFileSync(join(dir, 'model.json'), JSON.stringify(plasticModel(30, 8, 40)));
  const r = cli(['run', join(dir, 'model.json'), '--duration', '200', '--out', join(dir, 'out')]);
  expect(r.status, r.stderr).toBe(0);
  const script = `import json, sys, numpy as n
d = sys.argv[1]
z = n.load(d + '/results.npz')
out = {}
for k in sorted(z.files):
    a = z[k]
    b = n.load(d + '/' + k + '.npy')
    out[k] = {'dtype': str(a.dtype), 'shape': list(a.shape), 'equal': bool(a.dtype == b.dtype and a.shape == b.shape and (a == b).all())}
print(json.dumps(out))`;
  const p = runPython('numpy', ['-c', script, join(dir, 'out')]);
  expect(p.status, p.stderr).toBe(0);
  const got = JSON.parse(p.stdout) as Record<string, { dtype: string; shape: number[]; equal: boolean }>;
  expect(Object.keys(got)).toEqual(['in-_out_post', 'in-_out_pre', 'in-_out_weights', 'in_spikes', 'out_spikes']);
  for (const [k, v] of Object.entries(got)) expect(v.equal, k).toBe(true);
  expect(got['in-_out_weights']!.dtype).toBe('float32');
  expect(got.in_spikes!.dtype).toBe('int32');
  expect(got.in_spikes!.shape[1]).toBe(3);
  rmSync(dir, { recursive: true, force: true });
});
