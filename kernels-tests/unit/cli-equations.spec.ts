/** `spikegpu run` on a network file whose populations are models written as equations (examples/equation-models.json) vs Brian2. */
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { useReference } from '../harness/references';
import { compareTrains, describeComparison, expectAgrees, runBrian2Equations } from '../harness/brian2-equations';
import { validateNetworkSchema } from '../../host/model/schema';
import { validateNetwork } from '../../host/model/validate-network';
import { ADEX_PATTERNS, EQUATION_LIBRARY } from '../../host/equations/library/index';

const root = resolve(import.meta.dirname, '../..');
const FILE = resolve(root, 'examples/equation-models.json');

/** (step, neuron, instance) int32 triples of a spikes .npy written by the CLI. */
function readSpikes(path: string): { i: number[]; step: number[] } {
  const bytes = readFileSync(path);
  const len = bytes.readUInt16LE(8);
  const body = bytes.subarray(10 + len);
  const data = new Int32Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength));
  const out = { i: [] as number[], step: [] as number[] };
  for (let k = 0; k < data.length; k += 3) { out.step.push(data[k] as number); out.i.push(data[k + 1] as number); }
  return out;
}

test('the example network file of equation models passes the schema and the validator', () => {
  const net = validateNetworkSchema(JSON.parse(readFileSync(FILE, 'utf8')), 'equation-models.json');
  expect(() => validateNetwork(net, 0.1)).not.toThrow();
  const bad = JSON.parse(readFileSync(FILE, 'utf8'));
  bad.populations[0].model.equations += '\n  }; fn evil() {';
  expect(() => validateNetwork(validateNetworkSchema(bad), 0.1)).toThrow(/the character '}' is not part of the equation language/);
  bad.populations[0].model.equations = 'x'.repeat(20001);
  expect(() => validateNetworkSchema(bad)).toThrow(/equations/);
});

test('spikegpu run: AdEx, QIF and NMDA populations from a network file spike as Brian2 running the same equations (1 s)', () => {
  test.setTimeout(300_000);
  useReference('brian2');
  const dir = mkdtempSync(join(tmpdir(), 'spikegpu-cli-eq-'));
  const r = spawnSync(process.execPath, [resolve(root, 'bin/spikegpu.mjs'), 'run', FILE, '--duration', '1000', '--dt', '0.1', '--out', join(dir, 'out')], { cwd: root, encoding: 'utf8', timeout: 240_000 });
  expect(r.status, r.stderr).toBe(0);
  const net = JSON.parse(readFileSync(FILE, 'utf8'));
  const labels: Record<string, string[]> = {
    adex: Object.keys(ADEX_PATTERNS),
    qif: (net.populations[1].params.I as number[]).map((c) => `I=${c}`),
    nmda: (net.populations[2].params.I as number[]).map((c) => `I=${c}`),
  };
  const methods: Record<string, string> = { adex: 'euler', qif: 'rk4', nmda: 'rk4' };
  for (const p of net.populations) {
    const cli = readSpikes(join(dir, 'out', `${p.name}_spikes.npy`));
    const brian = runBrian2Equations(p.model, methods[p.name] as string, p.size, 0.1, 1000, p.params);
    const cmp = compareTrains(cli, brian, p.size);
    console.log(`${p.name} (CLI vs Brian2): ${describeComparison(labels[p.name] as string[], cmp)}`);
    expectAgrees(labels[p.name] as string[], cmp, `spikegpu run ${p.name}`);
  }
});

test('spikegpu model verify: the example network file and izhikevich\'s equation file pass; a bad model and bad options are refused', () => {
  test.setTimeout(240_000);
  const cli = (...args: string[]) => spawnSync(process.execPath, [resolve(root, 'bin/spikegpu.mjs'), 'model', 'verify', ...args], { cwd: root, encoding: 'utf8', timeout: 200_000 });
  const r = cli(FILE, '--steps', '100');
  expect(r.status, r.stderr).toBe(0);
  for (const p of ['adex', 'qif', 'nmda']) expect(r.stdout).toContain(`population ${p}: passed`);
  expect(r.stdout).toContain('3 of 3 models verified on');
  const dir = mkdtempSync(join(tmpdir(), 'spikegpu-cli-verify-'));
  const izh = join(dir, 'izhikevich.json');
  writeFileSync(izh, JSON.stringify(EQUATION_LIBRARY.izhikevich));
  const j = cli(izh, '--steps', '100', '--size', '64', '--json');
  expect(j.status, j.stderr).toBe(0);
  const [rep] = JSON.parse(j.stdout) as { model: string; report: { passed: boolean; exact: boolean; spikes: number; maxAbsDiff: Record<string, number> } }[];
  expect(rep?.model).toBe('izhikevich_eq');
  expect(rep?.report.exact).toBe(true);
  expect(rep?.report.passed).toBe(true);
  // Iexc and Iinh are transient (not stored): v and u are compared.
  expect(rep?.report.maxAbsDiff).toEqual({ v: 0, u: 0 });
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify({ equations: 'dv/dt = -v/tau + w : mV\ntau : ms', threshold: 'v > 1*mV' }));
  const b = cli(bad);
  expect(b.status).toBe(1);
  expect(b.stderr).toContain("InvalidParameterError");
  expect(b.stderr).toContain("equations, line 1 column 18: 'w' is not declared");
  const u = cli(FILE, '--steps', 'many');
  expect(u.status).toBe(2);
  expect(u.stderr).toContain('--steps many: expected an integer');
  const n = cli(resolve(root, 'examples/cuba.json'));
  expect(n.status).toBe(2);
  expect(n.stderr).toContain('no population of this network is written as equations');
});

test('spikegpu run: Song 2000 with its STDP written as equations (examples/song2000-equations.json) gives the spikes and weights of the hand-written rule, byte for byte', () => {
  test.setTimeout(300_000);
  const dir = mkdtempSync(join(tmpdir(), 'spikegpu-cli-rule-'));
  const eqFile = resolve(root, 'examples/song2000-equations.json');
  const net = validateNetworkSchema(JSON.parse(readFileSync(eqFile, 'utf8')), 'song2000-equations.json');
  expect(() => validateNetwork(net, 0.1)).not.toThrow();
  const out: Record<string, string> = {};
  for (const f of ['song2000', 'song2000-equations']) {
    out[f] = join(dir, f);
    const r = spawnSync(process.execPath, [resolve(root, 'bin/spikegpu.mjs'), 'run', resolve(root, `examples/${f}.json`), '--duration', '1000', '--dt', '0.1', '--seed', '3', '--out', out[f]!], { cwd: root, encoding: 'utf8', timeout: 240_000 });
    expect(r.status, r.stderr.slice(-2000)).toBe(0);
  }
  for (const file of ['input-_neuron_weights.npy', 'neuron_spikes.npy', 'input_spikes.npy']) {
    const a = readFileSync(join(out.song2000!, file));
    const b = readFileSync(join(out['song2000-equations']!, file));
    expect(b.equals(a), `${file} identical`).toBe(true);
  }
  // Learning happened: 1 s of STDP drove weights of the 1000 synapses to both bounds.
  const w = readFileSync(join(out.song2000!, 'input-_neuron_weights.npy'));
  const body = w.subarray(10 + w.readUInt16LE(8));
  const weights = new Float32Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength));
  expect(weights.length).toBe(1000);
  expect(weights.filter((x) => x === 0).length, 'weights at wMin').toBeGreaterThan(0);
  expect(weights.filter((x) => x === Math.fround(0.01)).length, 'weights at wMax').toBeGreaterThan(0);
});
