/**
 * NIR files without a GPU: the format versions NIR has written (files made by h5py in NIR's layout,
 * bench/peers/nir_files.py), h5py reading the files spikegpu writes field by field, the network
 * round trip at the level of synapses and parameters, the CLI's nir commands, and bad input.
 */
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FileFormatError, InvalidParameterError } from '../../host/errors';
import { encodeNpy } from '../../host/io/npy';
import { DEFAULT_INPUT_FRACTION_BITS } from '../../host/kernels/neuron-kernel';
import type { NetworkModel } from '../../host/model/network';
import { validateNetwork } from '../../host/model/validate-network';
import { group, numberData, stringData, writeHdf5 } from '../../host/nir/hdf5';
import { describeNir, networkToNir, nirGraph, nirNode, nirToNetwork, readNir, readNirGraphData, spikesToNirData, tensor, writeNir, writeNirGraphData, type NirEventData, type NirGraph, type NirNodeData } from '../../host/nir/index';
import { connect } from '../../host/random/rows';
import { LIF_EQUATIONS, LIF_SOFT_EQUATIONS } from '../../host/equations/library/lif';
import { IAF_EQUATIONS } from '../../host/equations/library/iaf';
import { EQUATION_LIBRARY } from '../../host/equations/library/index';
import { NAME_PATTERN } from '../../host/validate';
import { runPython, useReference } from '../harness/references';

const root = resolve(import.meta.dirname, '../..');
const SCRIPT = resolve(root, 'bench/peers/nir_files.py');
const cli = (args: string[]) => spawnSync(process.execPath, [resolve(root, 'bin/spikegpu.mjs'), ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });

/** A small graph with every common node: Input, Affine, CubaLIF with recurrence, Linear, LIF, LI, Output. */
function smallGraph(): NirGraph {
  return nirGraph([
    ['in', nirNode('Input', { shape: tensor([3], [1], 'int64') })],
    ['fc', nirNode('Affine', { weight: tensor([1, 0, 2, 0, 1, 0.5], [2, 3]), bias: tensor([0.1, 0], [2]) })],
    ['cuba', nirNode('CubaLIF', { tau_mem: tensor([0.02, 0.03], [2], 'float64'), tau_syn: tensor([0.005], [], 'float64'), r: tensor([1, 2], [2]), v_leak: tensor([0, 0], [2]),
      v_threshold: tensor([1, 1], [2]), v_reset: tensor([0, 0], [2]), w_in: tensor([1, 1], [2]) })],
    ['rec', nirNode('Linear', { weight: tensor([0, -1, -1, 0], [2, 2]) })],
    ['li', nirNode('LI', { tau: tensor([0.01, 0.01], [2]), r: tensor([1, 1], [2]), v_leak: tensor([0, 0], [2]) })],
    ['fc2', nirNode('Linear', { weight: tensor([1, 0, 0, 1], [2, 2]) })],
    ['out', nirNode('Output', { shape: tensor([2], [1], 'int64') })],
  ], [['in', 'fc'], ['fc', 'cuba'], ['cuba', 'rec'], ['rec', 'cuba'], ['cuba', 'fc2'], ['fc2', 'li'], ['li', 'out']], { note: 'test' });
}

test('the format versions NIR has written (h5py in NIR\'s layout: no version, 0.1.1, 0.2.0 conv, 1.0.x gzip and plain) import with their nodes, shapes and weights', async () => {
  useReference('h5py');
  const dir = mkdtempSync(join(tmpdir(), 'nir-fixtures-'));
  const w = runPython('h5py', [SCRIPT, 'write', dir]);
  expect(w.status, w.stderr).toBe(0);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, { version: string | null; nodes: Record<string, string>; weightSums: Record<string, number> }>;
  expect(Object.keys(manifest).sort()).toEqual(['v0.1-no-version.nir', 'v0.1.1.nir', 'v0.2.0-conv.nir', 'v1.0-gzip.nir', 'v1.0-plain.nir']);
  {
    for (const [name, m] of Object.entries(manifest)) {
      const doc = await readNir(new Uint8Array(readFileSync(join(dir, name))), name);
      expect(doc.version, name).toBe(m.version);
      const d = describeNir(doc, { dt: 0.5 });
      expect(Object.fromEntries(d.nodes.map((n) => [n.name, n.type])), name).toEqual(m.nodes);
      for (const [node, sum] of Object.entries(m.weightSums)) {
        const path = node.split('.');
        let g: NirGraph = doc.graph;
        for (const p of path.slice(0, -1)) g = g.nodes.get(p) as NirGraph;
        const n = g.nodes.get(path.at(-1)!) ?? doc.graph.nodes.get(node);
        const wt = n!.type === 'NIRGraph' ? undefined : n!.params.get('weight');
        expect(typeof wt === 'object' ? wt.data.reduce((a, x) => a + x, 0) : NaN, `${name} ${node} weight sum`).toBeCloseTo(sum, 9);
      }
      const net = nirToNetwork(doc.graph, { dt: 0.5 }, name);
      validateNetwork(net.network, 0.5);
      expect(net.outputs.length, name).toBeGreaterThan(0);
      // Files from before NIR 1.0.6 carry no v_reset: the importer says what it did.
      if (m.version === null || m.version < '1.0') expect(net.warnings.join('\n'), name).toMatch(/has no v_reset .*subtracts the threshold/);
      else expect(net.warnings, name).toEqual([]);
    }
    // The conv file (Sinabs-style): 2x6x6 input, 3x3 kernel with padding 1 -> 3x6x6 IF neurons, pooled to 27, 4 LIF.
    const conv = nirToNetwork((await readNir(new Uint8Array(readFileSync(join(dir, 'v0.2.0-conv.nir'))), 'conv')).graph, { dt: 0.5 });
    expect(conv.network.populations.map((p) => [p.name, p.model, p.size])).toEqual([['input', 'spikeArray', 72], ['spk1', 'iaf', 108], ['spk2', 'lif', 4]]);
    // 3 output channels x 36 cells x (2 input channels x up to 9 taps): 3 * (2 * (16 * 9 + 16 * 6 + 4 * 4)) synapses with padding 1.
    expect(conv.network.projections.map((p) => [p.name, (p.connectivity as { pre: number[] }).pre.length])).toEqual([['input->spk1', 3 * 2 * (16 * 9 + 16 * 6 + 4 * 4)], ['spk1->spk2', 4 * 108]]);
  }
});

test('h5py reads the NIR files spikegpu writes in NIR\'s layout, field by field (gzip-compressed and not)', async () => {
  useReference('h5py');
  const dir = mkdtempSync(join(tmpdir(), 'nir-h5py-'));
  const g = smallGraph();
  g.nodes.set('sub', nirGraph([['i', nirNode('Input', { shape: tensor([1], [1], 'int64') })]], []));
  for (const compress of [true, false]) {
    const file = join(dir, `small-${compress}.nir`);
    writeFileSync(file, await writeNir(g, { compress }));
    const r = runPython('h5py', [SCRIPT, 'read', file]);
    expect(r.status, r.stderr).toBe(0);
    const f = JSON.parse(r.stdout) as Record<string, { dtype: string; shape: number[]; compression: string | null; value: unknown }>;
    expect(f.version).toMatchObject({ dtype: 'string', shape: [], value: '1.0.6' });
    expect(f['node/type']).toMatchObject({ dtype: 'string', value: 'NIRGraph' });
    expect(f['node/edges']).toMatchObject({ dtype: 'string', shape: [7, 2] });
    expect(f['node/edges']!.value).toEqual(g.edges.flat());
    // An empty edge list is a float64 (0,) dataset, as NIR writes it.
    expect(f['node/nodes/sub/edges']).toMatchObject({ dtype: 'float64', shape: [0] });
    expect(f['node/nodes/sub/type']!.value).toBe('NIRGraph');
    for (const [name, n] of g.nodes) {
      if (n.type === 'NIRGraph') continue;
      expect(f[`node/nodes/${name}/type`]).toMatchObject({ dtype: 'string', value: n.type });
      for (const [field, p] of n.params) {
        if (typeof p === 'string') continue;
        const d = f[`node/nodes/${name}/${field}`]!;
        expect(d.shape, `${name}/${field}`).toEqual(p.shape);
        expect(d.dtype, `${name}/${field}`).toBe(p.dtype ?? 'float32');
        const values = Array.isArray(d.value) ? d.value as number[] : [d.value as number];
        expect(values, `${name}/${field}`).toEqual(Array.from(p.data, (x) => (p.dtype === 'float64' || p.dtype === 'int64' ? x : Math.fround(x))));
        expect(d.compression, `${name}/${field}`).toBe(compress && p.shape.length > 0 ? 'gzip' : null);
      }
    }
    expect(f['node/metadata/note']).toMatchObject({ dtype: 'string', value: 'test' });
  }
});

test('h5py reads the NIRGraphData spikegpu writes as NIR\'s read_data does: __type__ attributes, event data and time-gridded data', async () => {
  useReference('h5py');
  const dir = mkdtempSync(join(tmpdir(), 'nir-data-'));
  const d = spikesToNirData(new Map([['lif.1', { steps: [1, 5, 9], indices: [0, 2, 1], size: 3 }]]), 0.5, 20);
  d.nodes.set('sub', { kind: 'graph', nodes: new Map([['li', { kind: 'node', observables: new Map([['v', { kind: 'gridded', data: Float32Array.from([1, 2, 3, 4, 5, 6]), shape: [3, 2], dt: 0.0005 }]]) }]]) });
  writeFileSync(join(dir, 'data.h5'), await writeNirGraphData(d));
  const script = `import json, sys, h5py
def graph(g):
    assert g.attrs['__type__'] == 'NIRGraphData'
    out = {}
    for name, n in g['nodes'].items():
        t = n.attrs['__type__']
        if t == 'NIRGraphData':
            out[name] = graph(n)
            continue
        obs = {}
        for o, og in n['observables'].items():
            if og.attrs['__type__'] == 'EventData':
                obs[o] = {'idx': og['idx'][()].tolist(), 'time': og['time'][()].tolist(), 'n_neurons': int(og.attrs['n_neurons']), 't_max': float(og.attrs['t_max'])}
            else:
                obs[o] = {'data': og['data'][()].tolist(), 'dtype': str(og['data'].dtype), 'dt': float(og.attrs['dt'])}
        out[name] = obs
    return out
print(json.dumps(graph(h5py.File(sys.argv[1], 'r'))))`;
  const r = runPython('h5py', ['-c', script, join(dir, 'data.h5')]);
  expect(r.status, r.stderr).toBe(0);
  expect(JSON.parse(r.stdout)).toEqual({
    'lif.1': { spikes: { idx: [0, 2, 1], time: [0.0005, 0.0025, 0.0045], n_neurons: 3, t_max: 0.01 } },
    sub: { li: { v: { data: [[1, 2], [3, 4], [5, 6]], dtype: 'float32', dt: 0.0005 } } },
  });
});

test('network -> NIR -> network: the same synapses (pre, post, fixed-point weight, delay) and parameters', async () => {
  const model: NetworkModel = {
    populations: [
      { name: 'src', model: 'poisson', size: 20, params: { rates: 10 } },
      { name: 'exc', model: 'lif', size: 30, params: { tauMem: 20, vRest: -65, vReset: -70, vThreshold: -50, tauSynExc: 5, tauSynInh: 5 } },
      { name: 'ro', model: 'iaf', size: 30, params: { cm: 2, vThreshold: 1, vReset: 0, reset: 'soft' } },
    ],
    projections: [
      { name: 'src->exc', pre: 'src', post: 'exc', target: 'exc', connectivity: { rule: 'fixedProbability', p: 0.3 }, weight: { dist: 'normal', mean: 1, sd: 0.2 }, delayMs: { dist: 'uniform', low: 1, high: 4 } },
      { name: 'exc->exc', pre: 'exc', post: 'exc', target: 'inh', connectivity: { rule: 'fixedInDegree', k: 5 }, weight: 0.5, delayMs: 1.5 },
      { name: 'exc->ro', pre: 'exc', post: 'ro', target: 'exc', connectivity: { rule: 'oneToOne' }, weight: 0.25 },
    ],
  };
  const dt = 0.5;
  const ex = networkToNir(model, { dt, seed: 9 });
  expect(ex.warnings.join('\n')).toMatch(/population 'src': a Poisson source becomes an Input node; its rates are not part of NIR/);
  const doc = await readNir(await writeNir(ex.graph), 'exported.nir');
  const back = nirToNetwork(doc.graph, { dt }, 'exported.nir');
  expect(back.warnings).toEqual([]);
  const synapses = (net: NetworkModel, name: string, seed: number): string[] => {
    const sizes = new Map(net.populations.map((p) => [p.name, p.size]));
    const i = net.projections.findIndex((p) => p.name === name);
    const p = net.projections[i]!;
    const rows = connect(p, i, sizes.get(p.pre)!, sizes.get(p.post)!, p.pre === p.post, { seed, dt, fractionBits: DEFAULT_INPUT_FRACTION_BITS, maxDelaySteps: 1000 });
    const out: string[] = [];
    const sign = p.target === 'inh' ? -1 : 1;
    for (let r = 0; r < rows.nPre; r++) for (let s = 0; s < rows.rowLength[r]!; s++) {
      const at = r * rows.maxRow + s;
      out.push(`${r},${rows.ind[at]},${sign * rows.weight[at]!},${rows.delay ? rows.delay[at] : rows.constDelay}`);
    }
    return out.sort();
  };
  for (const name of ['src->exc', 'exc->exc', 'exc->ro']) {
    const a = synapses(model, name, 9);
    expect(a.length).toBeGreaterThan(10);
    expect(synapses(back.network, name, 1), name).toEqual(a);
  }
  const exc = back.network.populations.find((p) => p.name === 'exc')!.params as Record<string, unknown>;
  expect(exc).toMatchObject({ tauMem: 20, vRest: -65, vThreshold: -50, vReset: -70, reset: 'hard', tauSynExc: 5, tauSynInh: 5, rMem: 1 });
  expect(back.network.populations.find((p) => p.name === 'ro')).toMatchObject({ model: 'iaf', params: { cm: 2, vThreshold: 1, vReset: 0, reset: 'soft' } });
});

test('spikegpu nir inspect / import / export from the command line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nir-cli-'));
  const file = join(dir, 'small.nir');
  writeFileSync(file, await writeNir(smallGraph()));
  const i = cli(['nir', 'inspect', file, '--dt', '0.5']);
  expect(i.status, i.stderr).toBe(0);
  expect(i.stdout).toContain('NIR version 1.0.6');
  expect(i.stdout).toMatch(/"cuba"\s+CubaLIF\s+in \(2\) -> out \(2\)/);
  expect(i.stdout).toContain('import would use: exponential integration, spikes as unit impulses, dt = 0.5 ms');
  const m = cli(['nir', 'import', file, '--dt', '0.5', '--discretisation', 'snntorch', '--out', join(dir, 'm.json')]);
  expect(m.status, m.stderr).toBe(0);
  expect(m.stdout).toMatch(/output "out" <- population li \(membrane/);
  const json = JSON.parse(readFileSync(join(dir, 'm.json'), 'utf8')) as NetworkModel;
  expect(json.populations.map((p) => p.name).sort()).toEqual(['cuba', 'in', 'li']);
  const e = cli(['nir', 'export', join(dir, 'm.json'), '--dt', '0.5', '--discretisation', 'snntorch', '--out', join(dir, 'again.nir')]);
  expect(e.status, e.stderr).toBe(0);
  expect(e.stderr).toMatch(/spike array becomes an Input node/);
  const again = await readNir(new Uint8Array(readFileSync(join(dir, 'again.nir'))), 'again.nir');
  expect([...again.graph.nodes.keys()].sort()).toEqual(['cuba', 'cuba->li', 'in', 'in->cuba', 'li', 'li.output', 'cuba->cuba'].sort());
  const bad = cli(['nir', 'import', file, '--out', join(dir, 'x.json')]);
  expect(bad.status).toBe(2);
  expect(bad.stderr).toContain('--dt is required');
  const notNir = cli(['nir', 'inspect', join(dir, 'm.json')]);
  expect(notNir.status).toBe(1);
  expect(notNir.stderr).toMatch(/FileFormatError: .*m\.json: the file is JSON text, not HDF5; expected an HDF5 file/);
});

test('spikegpu run file.nir: a NIR graph runs on the GPU with input spikes from an NPY file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nir-run-'));
  writeFileSync(join(dir, 'small.nir'), await writeNir(smallGraph()));
  // Input element 0 and 2 spike every 2 ms: (time ms, index) rows.
  const rows: number[] = [];
  for (let t = 0; t < 40; t += 2) rows.push(t, 0, t, 2);
  writeFileSync(join(dir, 'in.npy'), encodeNpy(Float64Array.from(rows), [rows.length / 2, 2]));
  const r = cli(['run', join(dir, 'small.nir'), '--dt', '0.5', '--duration', '40', '--input', join(dir, 'in.npy'), '--out', join(dir, 'out')]);
  expect(r.status, r.stderr).toBe(0);
  const summary = JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8')) as { populations: Record<string, { spikes: number }>; nir: { outputs: { node: string; population: string; spiking: boolean }[] } };
  expect(summary.nir.outputs).toEqual([{ node: 'out', population: 'li', spiking: false }]);
  expect(summary.populations.in!.spikes).toBe(40);
  expect(summary.populations.cuba!.spikes).toBeGreaterThan(5);
  // The spikes again as NIR's NIRGraphData, under the NIR node names (times in seconds).
  const data = await readNirGraphData(new Uint8Array(readFileSync(join(dir, 'out', 'nir-data.h5'))), 'nir-data.h5');
  expect([...data.nodes.keys()].sort()).toEqual(['cuba', 'in', 'li']);
  const ev = (data.nodes.get('in') as NirNodeData).observables.get('spikes') as NirEventData;
  expect(ev.nNeurons).toBe(3);
  expect(ev.tMax).toBeCloseTo(0.04, 12);
  expect(ev.idx.length).toBe(40);
  expect(Array.from(new Set(ev.idx)).sort()).toEqual([0, 2]);
  expect(Math.min(...ev.time)).toBeGreaterThanOrEqual(0);
  expect(Math.max(...ev.time)).toBeLessThan(0.04);
  const bad = cli(['run', join(dir, 'small.nir'), '--dt', '0.5', '--duration', '10', '--input', join(dir, 'small.nir')]);
  expect(bad.status).toBe(1);
  expect(bad.stderr).toMatch(/FileFormatError: .*small\.nir: no NPY magic/);
});

test('bad NIR input gets FileFormatErrors naming the file, node and field; nothing crashes', async () => {
  const errorOf = async (f: () => Promise<unknown> | unknown): Promise<string> => {
    try {
      await f();
    } catch (e) {
      expect(e instanceof FileFormatError || e instanceof InvalidParameterError, String(e)).toBe(true);
      return `${(e as Error).name}: ${(e as Error).message}`;
    }
    return 'no error';
  };
  const good = await writeNir(smallGraph());
  expect(await errorOf(() => readNir(good.subarray(0, good.length - 300), 'cut.nir'))).toMatch(/^FileFormatError: cut\.nir: HDF5 cannot open it .*truncated or damaged/);
  expect(await errorOf(() => readNir(good.subarray(0, 900), 'cut2.nir'))).toMatch(/^FileFormatError: cut2\.nir: .*truncated or damaged/);
  const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new Array<number>(60).fill(0)]);
  expect(await errorOf(() => readNir(zip, 'model.nir'))).toMatch(/^FileFormatError: model\.nir: the file is a ZIP archive \(PyTorch .pt\/.pth .*\), not HDF5; expected an HDF5 file/);
  expect(await errorOf(() => readNir(new Uint8Array([0x80, 0x04, 0x95, 1, 2, 3]), 'pickle.nir'))).toMatch(/a Python pickle, not HDF5/);
  expect(await errorOf(() => readNir(new Uint8Array(0), 'empty.nir'))).toMatch(/the file is empty/);

  const edit = (f: (g: NirGraph) => void): NirGraph => { const g = smallGraph(); f(g); return g; };
  const viaFile = async (g: NirGraph): Promise<string> => errorOf(async () => readNir(await writeHdf5(nirTreeOf(g)), 'bad.nir'));
  expect(await viaFile(edit((g) => g.edges.push(['cuba', 'nope'])))).toMatch(/^FileFormatError: bad\.nir at node\/edges: edge 7 names "nope" as its post, which is not a node of this graph; expected names of this graph's nodes \(.*"cuba".*"rec"\)/);
  expect(await viaFile(edit((g) => (g.nodes.get('cuba') as { params: Map<string, unknown> }).params.set('r', tensor([1, 2, 3], [3]))))).toMatch(/at node\/nodes\/cuba\/r: shape \(3\) differs from tau_mem's \(2\)/);
  expect(await viaFile(edit((g) => g.nodes.set('fc', nirNode('Affine', { weight: tensor([1, 2, 3], [1, 3]), bias: tensor([0], [1]) }))))).toMatch(/at node\/nodes\/cuba: its input has 2 elements \(2\) but the edge from "fc" brings 1 \(1\)/);
  expect(await viaFile(edit((g) => (g.nodes.get('li') as { params: Map<string, unknown> }).params.set('tau', tensor([0.01, NaN], [2]))))).toMatch(/at node\/nodes\/li\/tau: element 1 is NaN; expected finite numbers/);
  expect(await viaFile(edit((g) => g.nodes.set('x', { type: 'Foo' as 'LIF', params: new Map() })))).toMatch(/at node\/nodes\/x\/type: unknown node type "Foo"; expected one of Input, Output, Affine/);
  expect(await viaFile(edit((g) => (g.nodes.get('li') as { params: Map<string, unknown> }).params.set('v_reset2', tensor([0, 0], [2]))))).toMatch(/at node\/nodes\/li\/v_reset2: an unknown field of LI; expected the fields of LI: tau, r, v_leak/);
  expect(await viaFile(edit((g) => (g.nodes.get('fc') as { params: Map<string, unknown> }).params.delete('bias')))).toMatch(/at node\/nodes\/fc\/bias: missing/);

  // Mapping errors.
  const map = (g: NirGraph, o: Partial<Parameters<typeof nirToNetwork>[1]> = {}) => errorOf(() => nirToNetwork(g, { dt: 0.5, ...o }, 'g.nir'));
  expect(await map(edit((g) => { g.nodes.set('loop', nirNode('Linear', { weight: tensor([1, 0, 0, 1], [2, 2]) })); g.edges.push(['fc2', 'loop'], ['loop', 'fc2']); }))).toMatch(/a cycle of linear nodes with no neuron on it/);
  expect(await map(edit((g) => { g.edges.push(['li', 'fc2']); }))).toMatch(/receives the membrane potential of LI "li", a continuous signal/);
  expect(await map(edit((g) => { g.edges.splice(g.edges.findIndex(([a]) => a === 'li'), 1); g.edges.push(['fc2', 'out']); }))).toMatch(/an Output fed by something other than one neuron node/);
  expect(await map(smallGraph(), { discretisation: 'rk4' as 'exact' })).toMatch(/^InvalidParameterError: NIR import: discretisation = "rk4" is not allowed; expected one of "exact", "euler", "snntorch", "zoh"/);
  expect(await map(smallGraph(), { dt: 0 })).toMatch(/NIR import: dt = 0/);
  expect(await map(smallGraph(), { discretisation: 'euler', dt: 6 })).toMatch(/at node\/nodes\/cuba\/tau_syn: tau = 0.005 s is not longer than dt = 6 ms/);
  expect(await map(smallGraph(), { inputs: { nope: { times: [], indices: [] } } })).toMatch(/inputs\["nope"\]/);
  expect(await errorOf(() => networkToNir({ populations: [{ name: 'a', model: 'izhikevich', size: 2 }], projections: [] }, { dt: 0.5 }))).toMatch(/population 'a' model = "izhikevich" is not allowed; expected lif, iaf, spikeArray or poisson/);
});

test('node names carrying code stay data: populations get safe names, nothing of them reaches generated code', async () => {
  const evil = ['"); alert(1); \\\\x', '<script>x()<\\script>', '${process.exit(1)}', 'fn main() {}', '..', '0'];
  const g = nirGraph([
    [evil[0]!, nirNode('Input', { shape: tensor([2], [1], 'int64') })],
    [evil[1]!, nirNode('Linear', { weight: tensor([1, 0, 0, 1], [2, 2]) })],
    [evil[2]!, nirNode('LIF', { tau: tensor([0.02, 0.02], [2], 'float64'), r: tensor([1, 1], [2]), v_leak: tensor([0, 0], [2]), v_threshold: tensor([1, 1], [2]), v_reset: tensor([0, 0], [2]) })],
    [evil[3]!, nirNode('Linear', { weight: tensor([1, 0, 0, 1], [2, 2]) })],
    [evil[4]!, nirNode('LIF', { tau: tensor([0.02, 0.02], [2], 'float64'), r: tensor([1, 1], [2]), v_leak: tensor([0, 0], [2]), v_threshold: tensor([1, 1], [2]), v_reset: tensor([0, 0], [2]) })],
    [evil[5]!, nirNode('Output', { shape: tensor([2], [1], 'int64') })],
  ], [[evil[0]!, evil[1]!], [evil[1]!, evil[2]!], [evil[2]!, evil[3]!], [evil[3]!, evil[4]!], [evil[4]!, evil[5]!]]);
  const doc = await readNir(await writeNir(g), 'evil.nir');
  // Names HDF5 cannot store are refused before anything is written.
  const slash = nirGraph([['a/b', nirNode('Input', { shape: tensor([1], [1], 'int64') })]], []);
  await expect(writeNir(slash)).rejects.toThrow(/NIR export: node name = "a\/b" is not allowed; expected a non-empty name without "\/"/);
  expect([...doc.graph.nodes.keys()].sort()).toEqual([...evil].sort());
  const net = nirToNetwork(doc.graph, { dt: 0.5 });
  for (const p of [...net.network.populations, ...net.network.projections]) expect(p.name).toMatch(NAME_PATTERN);
  validateNetwork(net.network, 0.5);
  expect(new Set(net.network.populations.map((p) => p.name)).size).toBe(3);
});

/** The HDF5 tree of a graph without the writer's checks (to write malformed files on purpose). */
function nirTreeOf(g: NirGraph): ReturnType<typeof group> {
  const node = (n: NirGraph | { type: string; params: Map<string, unknown> }): ReturnType<typeof group> => {
    if (n.type === 'NIRGraph') {
      const gg = n as NirGraph;
      return group([['type', stringData('NIRGraph')], ['nodes', group([...gg.nodes].map(([k, c]) => [k, node(c as never)]))],
        ['edges', gg.edges.length ? stringData(gg.edges.flat(), [gg.edges.length, 2]) : numberData([], [0], 'float64')]]);
    }
    const nn = n as { type: string; params: Map<string, { data: Float64Array; shape: number[] }> };
    return group([['type', stringData(nn.type)], ...[...nn.params].map(([k, p]): [string, ReturnType<typeof numberData>] => [k, numberData(p.data, p.shape, 'float64')])]);
  };
  return group([['version', stringData('1.0.6')], ['node', node(g)]]);
}

test('Conv1d (stride, dilation, groups, padding "same") and AvgPool2d (stride, padding) compose into the synapses direct loops give', () => {
  // Conv1d: 4 input channels of length 9 -> 2 groups -> 6 output channels, kernel 3, stride 2, dilation 2, 'same' padding (2).
  const [CI, L, CO, K, S, D, G] = [4, 9, 6, 3, 2, 2, 2];
  const w = Array.from({ length: CO * (CI / G) * K }, (_, k) => ((k * 7) % 11) - 5 || 1);
  const g1 = nirGraph([
    ['in', nirNode('Input', { shape: tensor([CI, L], [2], 'int64') })],
    ['conv', nirNode('Conv1d', { weight: tensor(w, [CO, CI / G, K], 'float64'), bias: tensor(new Array<number>(CO).fill(0), [CO]), stride: tensor([S], [1], 'int64'),
      padding: 'same', dilation: tensor([D], [1], 'int64'), groups: tensor([G], [], 'int64') })],
    ['lif', nirNode('LIF', { tau: tensor([0.02], [], 'float64'), r: tensor([1], []), v_leak: tensor([0], []), v_threshold: tensor([1], []), v_reset: tensor([0], []) })],
  ], [['in', 'conv'], ['conv', 'lif']]);
  const pad = (D * (K - 1)) / 2;
  const OL = Math.floor((L + 2 * pad - D * (K - 1) - 1) / S + 1);
  const expected: string[] = [];
  for (let co = 0; co < CO; co++) for (let o = 0; o < OL; o++) for (let ci = 0; ci < CI / G; ci++) for (let k = 0; k < K; k++) {
    const x = o * S + k * D - pad;
    if (x < 0 || x >= L) continue;
    const group = Math.floor(co / (CO / G));
    expected.push(`${(group * (CI / G) + ci) * L + x}>${co * OL + o}:${w[(co * (CI / G) + ci) * K + k]}`);
  }
  const net = nirToNetwork(g1, { dt: 1, discretisation: 'zoh' });
  expect(net.network.populations.find((p) => p.name === 'lif')!.size).toBe(CO * OL);
  const c = net.network.projections[0]!.connectivity as { pre: number[]; post: number[]; weight: number[] };
  expect(c.pre.map((p, e) => `${p}>${c.post[e]}:${c.weight[e]}`).sort()).toEqual(expected.sort());

  // AvgPool2d 3x3, stride 2, padding 1 on 2 x 5 x 5: each cell of a window contributes 1/9.
  const g2 = nirGraph([
    ['in', nirNode('Input', { shape: tensor([2, 5, 5], [3], 'int64') })],
    ['pool', nirNode('AvgPool2d', { kernel_size: tensor([3, 3], [2], 'int64'), stride: tensor([2, 2], [2], 'int64'), padding: tensor([1, 1], [2], 'int64') })],
    ['lif', nirNode('LIF', { tau: tensor([0.02], [], 'float64'), r: tensor([1], []), v_leak: tensor([0], []), v_threshold: tensor([1], []), v_reset: tensor([0], []) })],
  ], [['in', 'pool'], ['pool', 'lif']]);
  const pooled: string[] = [];
  for (let ch = 0; ch < 2; ch++) for (let oy = 0; oy < 3; oy++) for (let ox = 0; ox < 3; ox++) for (let ky = 0; ky < 3; ky++) for (let kx = 0; kx < 3; kx++) {
    const [y, x] = [oy * 2 + ky - 1, ox * 2 + kx - 1];
    if (y >= 0 && y < 5 && x >= 0 && x < 5) pooled.push(`${(ch * 5 + y) * 5 + x}>${(ch * 3 + oy) * 3 + ox}`);
  }
  const p2 = nirToNetwork(g2, { dt: 1, discretisation: 'zoh' }).network.projections[0]!.connectivity as { pre: number[]; post: number[]; weight: number[] };
  expect(p2.pre.map((p, e) => `${p}>${p2.post[e]}`).sort()).toEqual(pooled.sort());
  expect(new Set(p2.weight)).toEqual(new Set([1 / 9]));
});

test('NIR export of populations written as equations: the lif and iaf equation files (renamed, other defaults) export as the built-in lif and iaf; other equations are refused', async () => {
  const dt = 0.5;
  const net = (model: NetworkModel['populations'][number]['model'], params: Record<string, unknown>, iaf: NetworkModel['populations'][number]['model'] = 'iaf'): NetworkModel => ({
    populations: [
      { name: 'src', model: 'spikeArray', size: 3, params: { times: [1], indices: [0] } },
      { name: 'hid', model, size: 4, params },
      { name: 'out', model: iaf, size: 2, params: { vThreshold: 2 } },
    ],
    projections: [
      { name: 'src->hid', pre: 'src', post: 'hid', target: 'exc', connectivity: { rule: 'allToAll' }, weight: 1.5 },
      { name: 'hid->out', pre: 'hid', post: 'out', target: 'exc', connectivity: { rule: 'allToAll' }, weight: 0.5 },
    ],
  } as NetworkModel);
  const params = { tauMem: 15, tauSynExc: 4, tauSynInh: 4, vRest: -60, vThreshold: -52, vReset: -61 };
  const reordered = { ...LIF_EQUATIONS, name: 'myLif', parameters: { ...LIF_EQUATIONS.parameters, tauMem: 30 } };
  const nodesOf = (m: NetworkModel) => JSON.stringify([...networkToNir(m, { dt }).graph.nodes]);
  const builtin = nodesOf(net('lif', params));
  const ex = networkToNir(net(reordered, params, IAF_EQUATIONS), { dt });
  expect(ex.warnings.join('\n')).toMatch(/population 'hid': its equations are the lif_eq equation file's \(the built-in lif model, bit for bit\), exported as lif/);
  expect(ex.warnings.join('\n')).toMatch(/population 'out': its equations are the iaf_eq/);
  expect(JSON.stringify([...ex.graph.nodes])).toBe(builtin);
  // The soft-reset file exports as lif with reset 'soft'.
  const soft = { ...params, vRest: 0, vThreshold: 1, vReset: 0 };
  expect(nodesOf(net(LIF_SOFT_EQUATIONS, soft))).toBe(nodesOf(net('lif', { ...soft, reset: 'soft' })));
  // A start value given per population carries over as v0 (NIR then warns it has no initial state).
  expect(networkToNir(net(LIF_EQUATIONS, { ...params, v: -55 }), { dt }).warnings.join('\n')).toMatch(/v0 is dropped/);
  const refused = (m: NetworkModel): string => { try { networkToNir(m, { dt }); return 'no error'; } catch (e) { return (e as Error).message; } };
  // Any change of the equations, the refractory period or the start values: no NIR node.
  expect(refused(net({ ...LIF_EQUATIONS, equations: LIF_EQUATIONS.equations.replace('(vRest - v', '(vRest - 1.01*v') }, params))).toMatch(/population 'hid' model.*equations that are lif's or iaf's/);
  expect(refused(net({ ...LIF_EQUATIONS, refractory: 2 }, params))).toMatch(/match none of them/);
  expect(refused(net({ ...LIF_EQUATIONS, initial: { v: 'vReset' } }, params))).toMatch(/match none of them/);
  expect(refused(net(EQUATION_LIBRARY.adex, {}))).toMatch(/equations model 'adex'/);
});
