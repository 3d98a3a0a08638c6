/**
 * NIR's NIRGraphData: recorded observables per node, as NIR's `write_data` lays them out in HDF5 (root
 * attribute __type__ = "NIRGraphData", group `nodes/<name>` with __type__ "NIRNodeData" and
 * `observables/<observable>`: EventData (datasets `idx`, `time` in seconds; attributes `n_neurons`,
 * `t_max`) or TimeGriddedData (dataset `data`, attribute `dt` in seconds); nested graphs as
 * NIRGraphData groups).
 */
import { FileFormatError } from '../errors.js';
import { group, numberData, readHdf5, stringData, writeHdf5, type H5Dataset, type H5Group } from './hdf5.js';

export interface NirEventData { kind: 'events'; idx: Int32Array; time: Float64Array; nNeurons: number; tMax: number }
export interface NirTimeGriddedData { kind: 'gridded'; data: Float32Array | Float64Array; shape: number[]; dt: number }
export type NirObservable = NirEventData | NirTimeGriddedData;
export interface NirNodeData { kind: 'node'; observables: Map<string, NirObservable> }
export interface NirGraphData { kind: 'graph'; nodes: Map<string, NirNodeData | NirGraphData> }

const typeAttr = (t: string): [string, H5Dataset] => ['__type__', stringData(t)];

function graphTree(g: NirGraphData): H5Group {
  return group([['nodes', group([...g.nodes].map(([name, n]) => [name, n.kind === 'graph' ? graphTree(n) : nodeTree(n)]))]], [typeAttr('NIRGraphData')]);
}

function nodeTree(n: NirNodeData): H5Group {
  const obs = [...n.observables].map(([name, o]): [string, H5Group] => {
    if (o.kind === 'events') {
      return [name, group([['idx', numberData(o.idx, [o.idx.length], 'int64')], ['time', numberData(o.time, [o.time.length], 'float64')]],
        [typeAttr('EventData'), ['n_neurons', numberData([o.nNeurons], [], 'int64')], ['t_max', numberData([o.tMax], [], 'float64')]])];
    }
    return [name, group([['data', numberData(o.data, o.shape, o.data instanceof Float32Array ? 'float32' : 'float64')]], [typeAttr('TimeGriddedData'), ['dt', numberData([o.dt], [], 'float64')]])];
  });
  return group([['observables', group(obs)]], [typeAttr('NIRNodeData')]);
}

/** Writes NIRGraphData as an HDF5 file (NIR's layout). */
export async function writeNirGraphData(data: NirGraphData, o: { compress?: boolean } = {}): Promise<Uint8Array> {
  return writeHdf5(graphTree(data), o);
}

function attrString(g: H5Group, k: string): string | undefined {
  const a = g.attrs.get(k);
  return a?.dtype === 'string' ? (a.values as string[])[0] : undefined;
}

function attrNumber(file: string, path: string, g: H5Group, k: string): number {
  const a = g.attrs.get(k);
  if (a === undefined || a.dtype === 'string' || a.values.length !== 1) throw new FileFormatError(file, path, k, a ? 'not one number' : 'missing', 'a numeric attribute');
  return (a.values as Float64Array)[0]!;
}

function dataset(file: string, path: string, g: H5Group, k: string): H5Dataset {
  const d = g.children.get(k);
  if (d?.kind !== 'dataset' || d.dtype === 'string') throw new FileFormatError(file, path, k, d ? 'not a numeric dataset' : 'missing', 'a numeric dataset');
  return d;
}

function readGraph(file: string, path: string, g: H5Group): NirGraphData {
  const nodes = g.children.get('nodes');
  if (nodes?.kind !== 'group') throw new FileFormatError(file, path, 'nodes', 'missing', 'a group of node data');
  const out: NirGraphData = { kind: 'graph', nodes: new Map() };
  for (const [name, n] of nodes.children) {
    const at = `${path ? `${path}/` : ''}nodes/${name}`;
    if (n.kind !== 'group') throw new FileFormatError(file, at, '', 'a dataset', 'a NIRNodeData or NIRGraphData group');
    const t = attrString(n, '__type__');
    if (t === 'NIRGraphData') { out.nodes.set(name, readGraph(file, at, n)); continue; }
    if (t !== 'NIRNodeData') throw new FileFormatError(file, at, '__type__', JSON.stringify(t), '"NIRNodeData" or "NIRGraphData"');
    const obsGroup = n.children.get('observables');
    if (obsGroup?.kind !== 'group') throw new FileFormatError(file, at, 'observables', 'missing', 'a group of observables');
    const observables = new Map<string, NirObservable>();
    for (const [oname, og] of obsGroup.children) {
      const oat = `${at}/observables/${oname}`;
      if (og.kind !== 'group') throw new FileFormatError(file, oat, '', 'a dataset', 'an observable group');
      const ot = attrString(og, '__type__');
      if (ot === 'EventData' || ot === 'ValuedEventData') {
        const idx = dataset(file, oat, og, 'idx');
        const time = dataset(file, oat, og, 'time');
        if (idx.values.length !== time.values.length) throw new FileFormatError(file, oat, 'time', `${time.values.length} times for ${idx.values.length} indices`, 'one time per index');
        observables.set(oname, { kind: 'events', idx: Int32Array.from(idx.values as Float64Array), time: Float64Array.from(time.values as Float64Array), nNeurons: attrNumber(file, oat, og, 'n_neurons'), tMax: attrNumber(file, oat, og, 't_max') });
      } else if (ot === 'TimeGriddedData') {
        const d = dataset(file, oat, og, 'data');
        observables.set(oname, { kind: 'gridded', data: Float64Array.from(d.values as Float64Array), shape: d.shape, dt: attrNumber(file, oat, og, 'dt') });
      } else throw new FileFormatError(file, oat, '__type__', JSON.stringify(ot), '"EventData", "ValuedEventData" or "TimeGriddedData"');
    }
    out.nodes.set(name, { kind: 'node', observables });
  }
  return out;
}

/** Reads a NIRGraphData file. */
export async function readNirGraphData(bytes: Uint8Array, file = 'NIR data file'): Promise<NirGraphData> {
  const tree = await readHdf5(bytes, file);
  if (attrString(tree, '__type__') !== 'NIRGraphData') {
    const hint = tree.children.has('node') ? ' (it holds a NIR graph: read it with readNir)' : '';
    throw new FileFormatError(file, '', '__type__', `the root is not NIRGraphData${hint}`, 'a NIRGraphData file');
  }
  return readGraph(file, '', tree);
}

/** Spike recordings (per node: steps and neuron indices of one instance) as NIRGraphData event data (times in seconds). */
export function spikesToNirData(spikes: Map<string, { steps: ArrayLike<number>; indices: ArrayLike<number>; size: number }>, dtMs: number, steps: number): NirGraphData {
  const nodes = new Map<string, NirNodeData>();
  for (const [name, s] of spikes) {
    nodes.set(name, { kind: 'node', observables: new Map([['spikes', {
      kind: 'events', idx: Int32Array.from(s.indices), time: Float64Array.from(s.steps, (t) => (t * dtMs) / 1000), nNeurons: s.size, tMax: (steps * dtMs) / 1000,
    }]]) });
  }
  return { kind: 'graph', nodes };
}
