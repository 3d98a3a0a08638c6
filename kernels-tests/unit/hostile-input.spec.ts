/**
 * Hostile and malformed input to the file formats and the command line (Node, no GPU but for the CLI
 * runs): NIR graphs whose parameter shapes cannot broadcast, that declare huge shapes, nest deeply or
 * chain many linear nodes; PyNN export of names that try to become Python code; CLI misuse. Each gets
 * a typed error naming the field and what is allowed (never a RangeError, a stack overflow, a hang or
 * a crash), and nothing half-built is left behind.
 */
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import h5wasm from 'h5wasm';
import { FileFormatError, InvalidParameterError, LimitExceededError } from '../../host/errors';
import { group, numberData, stringData, writeHdf5, type H5Group } from '../../host/nir/hdf5';
import { nirGraph, nirNode, nirToNetwork, readNir, scalar, tensor, writeNir, NIR_MAX_NESTING, type NirGraph, type NirNode } from '../../host/nir/index';
import type { NetworkModel } from '../../host/model/network';
import { pynnScript } from '../../host/pynn/export';

const root = resolve(import.meta.dirname, '../..');
const cli = (args: string[], cwd = root) => spawnSync(process.execPath, [resolve(root, 'bin/spikegpu.mjs'), ...args], { cwd, encoding: 'utf8', timeout: 120_000 });

/** The error `f` throws (or resolves to), checked to be one of spikegpu's typed errors. */
async function errorOf(f: () => unknown): Promise<Error> {
  try {
    await f();
  } catch (e) {
    expect(e instanceof FileFormatError || e instanceof InvalidParameterError || e instanceof LimitExceededError, `a typed error, not ${String(e)}`).toBe(true);
    return e as Error;
  }
  throw new Error('expected an error, got none');
}

const lif = (p: Record<string, ReturnType<typeof tensor>>): NirNode => nirNode('LIF', { tau: scalar(0.01), r: scalar(1), v_leak: scalar(0), v_threshold: scalar(1), v_reset: scalar(0), ...p });
/** Input(3) -> Affine -> the given LIF -> Output. */
const withLif = (n: NirNode): NirGraph => nirGraph([
  ['in', nirNode('Input', { shape: tensor([3]) })], ['fc', nirNode('Affine', { weight: tensor(new Array(9).fill(0.5), [3, 3]), bias: tensor([0, 0, 0]) })],
  ['lif', n], ['out', nirNode('Output', { shape: tensor([3]) })],
], [['in', 'fc'], ['fc', 'lif'], ['lif', 'out']]);

test('NIR parameters: shapes that cannot broadcast are refused naming both fields; 0-d and (1,) parameters broadcast', async () => {
  const e = await errorOf(() => nirToNetwork(withLif(lif({ tau: tensor([0.01, 0.02]), v_threshold: tensor([1, 1, 1]) })), { dt: 0.1 }));
  expect(e.message).toMatch(/at node\/nodes\/lif\/v_threshold: shape \(3\) differs from tau's \(2\); expected every parameter of a node with one shape \(or 0-d, broadcast\)/);
  const e2 = await errorOf(() => nirToNetwork(withLif(lif({ tau: tensor([0.01, 0.01, 0.01], [3, 1]), v_threshold: tensor([1, 1, 1]) })), { dt: 0.1 }));
  expect(e2.message).toMatch(/v_threshold: shape \(3\) differs from tau's \(3, 1\)/);
  for (const tau of [scalar(0.02), tensor([0.02]), tensor([0.02, 0.02, 0.02])]) {
    const net = nirToNetwork(withLif(lif({ tau, v_threshold: tensor([1, 2, 3]) })), { dt: 0.1 }).network;
    const pop = net.populations.find((p) => p.name === 'lif')!;
    expect(pop.size).toBe(3);
    expect((pop.params as { tauMem: unknown }).tauMem).toBeCloseTo(20, 9); // 0.02 s for every neuron
    expect((pop.params as { vThreshold: unknown }).vThreshold).toEqual([1, 2, 3]);
  }
  const bad = await errorOf(() => nirToNetwork(nirGraph([['in', nirNode('Input', { shape: tensor([2.5]) })], ['out', nirNode('Output', { shape: tensor([2.5]) })]], [['in', 'out']]), { dt: 0.1 }));
  expect(bad.message).toMatch(/at node\/nodes\/in\/shape: \(2\.5\); expected a shape of positive integers/);
});

test('NIR: huge declared shapes are refused by the plans before anything is allocated', async () => {
  // Shapes alone (tiny data): the import's plan counts every node's elements first.
  const huge = nirGraph([['in', nirNode('Input', { shape: tensor([100_000, 100_000]) })], ['lif', lif({})], ['out', nirNode('Output', { shape: tensor([100_000, 100_000]) })]], [['in', 'lif'], ['lif', 'out']]);
  const e = await errorOf(() => nirToNetwork(huge, { dt: 0.1 }));
  expect(e).toBeInstanceOf(LimitExceededError);
  expect(e.message).toMatch(/^NIR import: the elements of its nodes' inputs and outputs \(node "in" has shape \(100000, 100000\)\) needs 20000000000 but the import's plan \(option maxElements\) allows at most 67108864/);
  const conv = nirGraph([['in', nirNode('Input', { shape: tensor([1, 50_000, 50_000]) })],
    ['conv', nirNode('Conv2d', { weight: tensor([1], [1, 1, 1, 1]), bias: tensor([0]), stride: tensor([1]), padding: tensor([0]), dilation: tensor([1]), groups: scalar(1), input_shape: tensor([50_000, 50_000]) })],
    ['lif', lif({})], ['out', nirNode('Output', { shape: tensor([1, 50_000, 50_000]) })]], [['in', 'conv'], ['conv', 'lif'], ['lif', 'out']]);
  expect((await errorOf(() => nirToNetwork(conv, { dt: 0.1 }))).message).toMatch(/maxElements/);
  // The option is checked, and a small graph passes under a small budget.
  expect((await errorOf(() => nirToNetwork(withLif(lif({})), { dt: 0.1, maxElements: 0 }))).message).toMatch(/NIR import: maxElements = 0 is not allowed; expected an integer in \[1, /);
  expect(nirToNetwork(withLif(lif({})), { dt: 0.1, maxElements: 24 }).network.populations).toHaveLength(2);
  expect((await errorOf(() => nirToNetwork(withLif(lif({})), { dt: 0.1, maxElements: 23 }))).message).toMatch(/needs 24 but the import's plan \(option maxElements\) allows at most 23/);

  // In the file: a chunked dataset declared 1e5 x 1e5 (10^10 numbers) in an 11 kB file. The read
  // budget sees the declared shape before the dataset is read.
  const { FS } = await h5wasm.ready;
  const name = `/hostile-${process.pid}.h5`;
  const f = new h5wasm.File(name, 'w');
  f.create_dataset({ name: 'version', data: '1.0.6' });
  const node = f.create_group('node');
  node.create_dataset({ name: 'type', data: 'NIRGraph' });
  node.create_dataset({ name: 'edges', data: new Float64Array(0), shape: [0] });
  const fc = node.create_group('nodes').create_group('fc');
  fc.create_dataset({ name: 'type', data: 'Linear' });
  const w = fc.create_dataset({ name: 'weight', data: new Float32Array([1]), shape: [1, 1], maxshape: [null, null], chunks: [1, 1] }) as unknown as { resize(shape: number[]): void };
  w.resize([100_000, 100_000]);
  f.close();
  const bytes = new Uint8Array(FS.readFile(name));
  FS.unlink(name);
  expect(bytes.length).toBeLessThan(100_000);
  const r = await errorOf(() => readNir(bytes, 'huge.nir'));
  expect(r).toBeInstanceOf(LimitExceededError);
  expect(r.message).toMatch(/^huge\.nir: the numbers of its datasets up to node\/nodes\/fc\/weight \(shape \(100000, 100000\)\) needs 10000000001 but the read budget allows at most 268435456/);
  expect((await errorOf(() => readNir(bytes, 'huge.nir', { maxElements: -1 }))).message).toMatch(/maxElements = -1/);
});

/** `depth` graphs nested in one another, each passing its input through. */
function nested(depth: number): NirGraph {
  let g = nirGraph([['i', nirNode('Input', { shape: tensor([2]) })], ['o', nirNode('Output', { shape: tensor([2]) })]], [['i', 'o']]);
  for (let d = 0; d < depth; d++) g = nirGraph([['i', nirNode('Input', { shape: tensor([2]) })], ['s', g], ['o', nirNode('Output', { shape: tensor([2]) })]], [['i', 's'], ['s', 'o']]);
  return g;
}

/** The HDF5 tree of a nested graph, built without the writer's checks. */
function nestedTree(depth: number): H5Group {
  const io = (t: string): H5Group => group([['type', stringData(t)], ['shape', numberData([2], [1], 'int64')]]);
  let g = group([['type', stringData('NIRGraph')], ['nodes', group([['i', io('Input')], ['o', io('Output')]])], ['edges', stringData(['i', 'o'], [1, 2])]]);
  for (let d = 0; d < depth; d++) g = group([['type', stringData('NIRGraph')], ['nodes', group([['i', io('Input')], ['s', g], ['o', io('Output')]])], ['edges', stringData(['i', 's', 's', 'o'], [2, 2])]]);
  return group([['version', stringData('1.0.6')], ['node', g]]);
}

test('NIR: deep nesting is refused with a typed error (no stack overflow), and a long chain of linear nodes imports', async () => {
  // In memory, 10 000 deep: flattening, importing and writing refuse it at the limit.
  const deep = nested(10_000);
  expect((await errorOf(() => nirToNetwork(deep, { dt: 0.1 }))).message).toMatch(new RegExp(`a NIRGraph nested ${NIR_MAX_NESTING + 1} graphs deep; expected graphs nested at most ${NIR_MAX_NESTING} deep`));
  expect((await errorOf(() => writeNir(deep))).message).toMatch(new RegExp(`NIR export: graph s(\\.s)+ = "nested ${NIR_MAX_NESTING + 1} deep" is not allowed; expected graphs nested at most ${NIR_MAX_NESTING} deep`));
  // At the limit it works (the passes-through compose to nothing: no neuron, no population but the Input).
  expect(nirToNetwork(nirGraph([['in', nirNode('Input', { shape: tensor([2]) })], ['g', nested(NIR_MAX_NESTING - 1)], ['lif', lif({})], ['out', nirNode('Output', { shape: tensor([2]) })]],
    [['in', 'g'], ['g', 'lif'], ['lif', 'out']]), { dt: 0.1 }).network.projections).toHaveLength(1);
  // In a file: groups nested past the reader's depth are refused while reading.
  const file = await writeHdf5(nestedTree(40));
  expect((await errorOf(() => readNir(file, 'deep.nir'))).message).toMatch(/^deep\.nir at node(\/nodes\/s)+.*: groups nested 7\d deep; expected groups nested at most 70 deep \(NIR graphs at most 32\)/);

  // 20 000 Scale nodes in a chain, listed in reverse order: composed without recursion into one projection.
  const nodes: [string, NirNode][] = [['lif', lif({})], ['out', nirNode('Output', { shape: tensor([2]) })]];
  const edges: [string, string][] = [['lif', 'out']];
  let prev = 'in';
  for (let k = 0; k < 20_000; k++) {
    nodes.push([`s${k}`, nirNode('Scale', { scale: tensor([1, 1]) })]);
    edges.push([prev, `s${k}`]);
    prev = `s${k}`;
  }
  edges.push([prev, 'lif']);
  nodes.push(['in', nirNode('Input', { shape: tensor([2]) })]);
  const chain = nirToNetwork(nirGraph(nodes.reverse(), edges.reverse()), { dt: 0.1 }).network;
  expect(chain.projections).toHaveLength(1);
  const c = chain.projections[0]!.connectivity as { pre: number[]; post: number[]; weight: number[] };
  expect([c.pre, c.post]).toEqual([[0, 1], [0, 1]]);
});

test('PyNN export: names that try to become code are refused by the model check; allowed names appear only inside string literals', () => {
  const model = (name: string, where: 'population' | 'projection' | 'pre'): NetworkModel => ({
    populations: [{ name: where === 'population' ? name : 'a', model: 'lif', size: 2 }],
    projections: [{ name: where === 'projection' ? name : 'p', pre: where === 'pre' ? name : 'a', post: 'a', target: 'exc', connectivity: { rule: 'allToAll' }, weight: 0.1 }],
  });
  const hostile = ['a"b', "a'b", 'x\nimport os', '"""', 'a\\b', 'x\u2028y', '__import__("os").system("id")', '', 'n'.repeat(65), '-a', 'a b', 'a;b', 'a#b', 'a{b}'];
  const fields = { population: 'populations[0].name', projection: 'projections[0].name', pre: 'projections[0].pre' } as const;
  for (const name of hostile) {
    for (const where of ['population', 'projection', 'pre'] as const) {
      let err: unknown;
      try {
        pynnScript(model(name, where), { dt: 0.1 });
      } catch (e) {
        err = e;
      }
      expect(err, `${JSON.stringify(name)} as ${where}`).toBeInstanceOf(InvalidParameterError);
      expect(String(err)).toContain(fields[where]);
    }
  }
  // A rule name or parameter key that carries code is refused as well.
  const rule = (synapse: unknown): NetworkModel => ({ ...model('a', 'population'), projections: [{ ...model('a', 'population').projections[0]!, synapse } as never] });
  expect(() => pynnScript(rule({ rule: 'stdp"); import os #', wMax: 1 }), { dt: 0.1 })).toThrow(/projections\[0\]\.synapse\.rule = "stdp\\"\); import os #" is not allowed/);
  expect(() => pynnScript(rule({ rule: 'stdp', wMax: 1, 'x=1)\nimport os#': 2 }), { dt: 0.1 })).toThrow(InvalidParameterError);
  // Names the pattern allows, at its edges (distinctive enough not to occur in the script by chance):
  // each occurrence in the script sits inside a "..." literal.
  for (const name of ['x.y>z-0', '9_Q>-.k', `a${'b'.repeat(63)}`, 'Zz->Yy']) {
    const s = pynnScript({ populations: [{ name, model: 'lif', size: 2 }, { name: 'q', model: 'lif', size: 2 }],
      projections: [{ name: `${name}.p`.slice(0, 64), pre: name, post: 'q', target: 'exc', connectivity: { rule: 'oneToOne' }, weight: 0.1 }] }, { dt: 0.1 }).script;
    const bare = s.replace(/"(?:[^"\\\n]|\\.)*"/g, '""');
    expect(bare.includes(name), `${name} appears outside a string literal`).toBe(false);
  }
});

test('CLI misuse: bad flags, duplicated flags, bad outputs and refused models exit 2 (or 1) in one line, before any work, leaving no directory behind', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spikegpu-misuse-'));
  try {
    writeFileSync(join(dir, 'm.json'), JSON.stringify({ populations: [{ name: 'a', model: 'lif', size: 10 }], projections: [] }));
    writeFileSync(join(dir, 'huge.json'), JSON.stringify({ populations: [{ name: 'big', model: 'lif', size: 2 ** 31 - 1 }], projections: [] }));
    const m = join(dir, 'm.json');
    const out = join(dir, 'out', 'deeper');
    const cases: [string[], number, string][] = [
      [['run', m, '--duration', '-5', '--out', out], 2, '--duration -5: expected a model time > 0 (ms)'],
      [['run', m, '--duration', '1e12', '--out', out], 2, '--duration 1e12: 10000000000000 steps of dt = 0.1 ms, more than one run takes (2147483647 steps)'],
      [['run', m, '--duration', '0.01', '--out', out], 2, '--duration 0.01: shorter than one step of dt = 0.1 ms'],
      [['run', m, '--duration', '10', '--dt', '0', '--out', out], 2, '--dt 0: expected a time step > 0 (ms)'],
      [['run', m, '--duration', '10', '--dt', 'abc', '--out', out], 2, '--dt abc is not a number'],
      [['run', m, '--duration', '10', '--batch', '0', '--out', out], 2, '--batch 0: expected an integer in [1, 65535]'],
      [['run', m, '--duration', '10', '--seed', '0.5', '--out', out], 2, '--seed 0.5: expected an integer >= 0'],
      [['run', m, '--duration', '10', '--dt', '0.1', '--dt', '0.2', '--out', out], 2, '--dt is given twice'],
      [['run', m, '--duration', '10', '--record', 'nope', '--out', out], 2, '--record nope: "nope" is not a population of the model; expected names from "a"'],
      [['run', m, '--duration', '10', '--frobnicate', '1', '--out', out], 2, 'unknown option --frobnicate'],
      [['run', dir, '--duration', '10', '--out', out], 2, `cannot read ${dir}: EISDIR`],
      [['run', join(dir, 'huge.json'), '--duration', '10', '--out', out], 1, 'LimitExceededError: big.state: bytes needs 34359738352'],
      [['frobnicate'], 2, 'unknown command "frobnicate"'],
      [['train', '--task', 'yinyang', '--epochs', '2', '--epochs', '3', '--out', out], 2, '--epochs is given twice'],
      [['train', '--task', 'nope', '--out', out], 2, '--task must be one of yinyang'],
      [['nir', 'import', m, '--dt', '0.1', '--dt', '0.2', '--out', join(dir, 'x.json')], 2, '--dt is given twice'],
      [['nir', 'import', m, '--dt', '0.1', '--out', dir], 2, `--out ${dir}: is a directory, not a file`],
      [['nir', 'export', m, '--out', join(dir, 'missing', 'x.nir')], 2, `--out ${join(dir, 'missing', 'x.nir')}: the directory ${join(dir, 'missing')} does not exist`],
      [['pynn', 'export', m, '--out', join(dir, 'missing', 'x.py')], 2, `the directory ${join(dir, 'missing')} does not exist`],
      [['pynn', 'export', m, '--out', join(dir, 'x.py'), '--seed', '1', '--seed', '2'], 2, '--seed is given twice'],
    ];
    for (const [args, status, message] of cases) {
      const r = cli(args, dir);
      const label = `spikegpu ${args.map((a) => a.replace(dir, '<dir>')).join(' ')}`;
      expect(r.status, `${label}: ${r.stderr}`).toBe(status);
      expect(r.stderr, label).toContain(message);
      expect(r.stderr, `${label}: no stack trace`).not.toMatch(/\n\s+at /);
      expect(existsSync(join(dir, 'out')), `${label} leaves no directory behind`).toBe(false);
    }
    expect(existsSync(join(dir, 'x.json')) || existsSync(join(dir, 'x.py'))).toBe(false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
