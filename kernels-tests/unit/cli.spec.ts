/** `npx spikegpu run` end to end (Node, Dawn): progress, summary, NPY spikes, summary.json, and bad files. */
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { encodeNpy } from '../../host/io/npy';
import { cuba } from '../../host/model/examples';

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
  // numpy reads it, where installed.
  const np = spawnSync('/usr/bin/python3', ['-c', `import numpy as n; a = n.load(${JSON.stringify(join(dir, 'out', 'exc_spikes.npy'))}); print(a.shape[0], a.dtype)`], { encoding: 'utf8' });
  if (np.status === 0) expect(np.stdout.trim()).toBe(`${summary.populations.exc.spikes} int32`);
  else console.log(`numpy check skipped: ${np.stderr.trim().split('\n').pop()}`);
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
