/**
 * NIR graphs in memory, and their HDF5 layout (NIR's serializer: a root `version` string dataset; a
 * `node` group holding the top NIRGraph: a `type` string, `nodes/<name>/` subgroups, one dataset per
 * field, and `edges`, an (E, 2) dataset of UTF-8 strings; optional `metadata` groups). Files of every
 * format version are read by the fields they hold, not by their version string: no `version` (0.1),
 * 0.1.1, 0.2.0, 1.0.x, compressed or not, empty edge lists stored as float64 (0,), `input_type` /
 * `output_type` stored as arrays or groups or not at all. Node names are data: kept in Maps, never
 * used as object keys, never placed in generated code.
 */
import { FileFormatError } from '../errors.js';
import { group, numberData, stringData, type H5Dataset, type H5Dtype, type H5Group } from './hdf5.js';

/** A numeric parameter: its shape ([] for a 0-d value) and values (row-major). */
export interface NirTensor {
  shape: number[];
  data: Float64Array;
  /** The dtype it had in the file (written back the same); default float32. */
  dtype?: H5Dtype;
}

export type NirParam = NirTensor | string;
export type NirMetadata = Map<string, string | number>;

export const NIR_NODE_TYPES = ['Input', 'Output', 'Affine', 'Linear', 'Scale', 'LIF', 'CubaLIF', 'LI', 'CubaLI', 'IF', 'I', 'Threshold', 'Delay',
  'Conv1d', 'Conv2d', 'SumPool2d', 'AvgPool2d', 'Flatten', 'NIRGraph'] as const;
export type NirNodeType = (typeof NIR_NODE_TYPES)[number];

export interface NirNode {
  type: Exclude<NirNodeType, 'NIRGraph'>;
  params: Map<string, NirParam>;
  metadata?: NirMetadata;
}

export interface NirGraph {
  type: 'NIRGraph';
  nodes: Map<string, NirNode | NirGraph>;
  edges: [string, string][];
  metadata?: NirMetadata;
}

export interface NirDocument {
  /** The file's `version` string; null when it has none (NIR 0.1). */
  version: string | null;
  graph: NirGraph;
}

/** The NIR format version spikegpu writes (the 1.0.x layout, with `v_reset` stored). */
export const NIR_WRITE_VERSION = '1.0.6';

/**
 * The deepest nesting of NIRGraph nodes spikegpu reads, flattens or writes (NIR files nest a few
 * levels; HDF5 access slows with depth, and recursion must not exhaust the stack on a hostile file).
 */
export const NIR_MAX_NESTING = 32;

/** Each node type's fields: required, optional (string fields may hold 'same' / 'valid'). */
export const NIR_FIELDS: Record<Exclude<NirNodeType, 'NIRGraph'>, { required: readonly string[]; optional: readonly string[] }> = {
  Input: { required: ['shape'], optional: [] },
  Output: { required: ['shape'], optional: [] },
  Affine: { required: ['weight', 'bias'], optional: [] },
  Linear: { required: ['weight'], optional: [] },
  Scale: { required: ['scale'], optional: [] },
  LIF: { required: ['tau', 'r', 'v_leak', 'v_threshold'], optional: ['v_reset'] },
  CubaLIF: { required: ['tau_mem', 'tau_syn', 'r', 'v_leak', 'v_threshold'], optional: ['v_reset', 'w_in'] },
  LI: { required: ['tau', 'r', 'v_leak'], optional: [] },
  CubaLI: { required: ['tau_mem', 'tau_syn', 'r', 'v_leak'], optional: ['w_in'] },
  IF: { required: ['r', 'v_threshold'], optional: ['v_reset'] },
  I: { required: ['r'], optional: [] },
  Threshold: { required: ['threshold'], optional: [] },
  Delay: { required: ['delay'], optional: [] },
  Conv1d: { required: ['weight', 'stride', 'padding', 'dilation', 'groups', 'bias'], optional: ['input_shape'] },
  Conv2d: { required: ['weight', 'stride', 'padding', 'dilation', 'groups', 'bias'], optional: ['input_shape'] },
  SumPool2d: { required: ['kernel_size', 'stride', 'padding'], optional: [] },
  AvgPool2d: { required: ['kernel_size', 'stride', 'padding'], optional: [] },
  Flatten: { required: ['start_dim', 'end_dim'], optional: ['input_type'] },
};

/** Fields any node may carry that say nothing the others do not (NIR 1.0 stores them; older files do not). */
const DERIVED_FIELDS = ['input_type', 'output_type'];

export const tensor = (data: ArrayLike<number>, shape?: number[], dtype?: H5Dtype): NirTensor => ({ data: Float64Array.from(data), shape: shape ?? [data.length], ...(dtype ? { dtype } : {}) });
export const scalar = (x: number, dtype?: H5Dtype): NirTensor => ({ data: Float64Array.of(x), shape: [], ...(dtype ? { dtype } : {}) });
export const elements = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** A node whose parameters are given as plain tensors. */
export function nirNode(type: NirNode['type'], params: Record<string, NirParam>, metadata?: Record<string, string | number>): NirNode {
  return { type, params: new Map(Object.entries(params)), ...(metadata ? { metadata: new Map(Object.entries(metadata)) } : {}) };
}

/** A graph from [name, node] pairs and edges. */
export function nirGraph(nodes: [string, NirNode | NirGraph][], edges: [string, string][], metadata?: Record<string, string | number>): NirGraph {
  return { type: 'NIRGraph', nodes: new Map(nodes), edges, ...(metadata ? { metadata: new Map(Object.entries(metadata)) } : {}) };
}

const isTypeName = (t: string): t is NirNodeType => (NIR_NODE_TYPES as readonly string[]).includes(t);

function stringOf(file: string, path: string, field: string, d: H5Dataset | H5Group | undefined): string {
  if (d?.kind !== 'dataset' || d.dtype !== 'string' || d.values.length !== 1) {
    throw new FileFormatError(file, path, field, d === undefined ? 'missing' : 'not a single string', 'a string dataset');
  }
  return (d.values as string[])[0]!;
}

function readMetadata(g: H5Group | H5Dataset | undefined): NirMetadata | undefined {
  if (g?.kind !== 'group' || g.children.size === 0) return undefined;
  const m: NirMetadata = new Map();
  for (const [k, v] of g.children) {
    if (v.kind !== 'dataset' || v.values.length !== 1) continue;
    m.set(k, v.dtype === 'string' ? (v.values as string[])[0]! : (v.values as Float64Array)[0]!);
  }
  return m;
}

function readParam(file: string, path: string, field: string, d: H5Dataset | H5Group): NirParam {
  if (d.kind === 'group') {
    // NIR 1.0 stores dict-valued fields as groups; the one such field read for its value is Flatten's input_type {input: shape}.
    const inner = d.children.get('input');
    if (field === 'input_type' && inner?.kind === 'dataset') return readParam(file, path, field, inner);
    throw new FileFormatError(file, path, field, 'a group', 'a dataset');
  }
  if (d.dtype === 'string') {
    if (d.values.length === 1) return (d.values as string[])[0]!;
    throw new FileFormatError(file, path, field, 'an array of strings', 'numbers (or "same" / "valid" for padding)');
  }
  const data = d.values as Float64Array;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]!)) {
      throw new FileFormatError(file, path, field, `element ${i} is ${data[i]}`, 'finite numbers');
    }
  }
  return { shape: d.shape, data, dtype: d.dtype };
}

function readEdges(file: string, path: string, d: H5Dataset | H5Group | undefined): [string, string][] {
  if (d === undefined) throw new FileFormatError(file, path, 'edges', 'missing', 'an (E, 2) dataset of node names');
  if (d.kind !== 'dataset') throw new FileFormatError(file, path, 'edges', 'a group', 'an (E, 2) dataset of node names');
  if (d.values.length === 0) return [];
  if (d.dtype !== 'string' || d.shape.length !== 2 || d.shape[1] !== 2) {
    throw new FileFormatError(file, path, 'edges', `a ${d.dtype} dataset of shape (${d.shape.join(', ')})`, 'an (E, 2) dataset of strings (or an empty one)');
  }
  const v = d.values as string[];
  const out: [string, string][] = [];
  for (let e = 0; e < v.length / 2; e++) out.push([v[2 * e]!, v[2 * e + 1]!]);
  return out;
}

function readNode(file: string, path: string, g: H5Group | H5Dataset): NirNode | NirGraph {
  if (g.kind !== 'group') throw new FileFormatError(file, path, '', 'a dataset', 'a node group');
  const type = stringOf(file, path, 'type', g.children.get('type'));
  if (!isTypeName(type)) {
    throw new FileFormatError(file, path, 'type', `unknown node type ${JSON.stringify(type)}`, `one of ${NIR_NODE_TYPES.join(', ')}`);
  }
  const metadata = readMetadata(g.children.get('metadata'));
  if (type === 'NIRGraph') {
    const nodesGroup = g.children.get('nodes');
    if (nodesGroup?.kind !== 'group') throw new FileFormatError(file, path, 'nodes', nodesGroup ? 'a dataset' : 'missing', 'a group of node groups');
    const nodes = new Map<string, NirNode | NirGraph>();
    for (const [name, child] of nodesGroup.children) nodes.set(name, readNode(file, `${path}/nodes/${name}`, child));
    for (const k of g.children.keys()) {
      if (!['type', 'nodes', 'edges', 'metadata', ...DERIVED_FIELDS].includes(k)) {
        throw new FileFormatError(file, path, k, 'an unknown field of NIRGraph', 'type, nodes, edges, metadata, input_type, output_type');
      }
    }
    return { type, nodes, edges: readEdges(file, path, g.children.get('edges')), ...(metadata ? { metadata } : {}) };
  }
  const spec = NIR_FIELDS[type];
  const params = new Map<string, NirParam>();
  for (const [k, v] of g.children) {
    if (k === 'type' || k === 'metadata') continue;
    const known = spec.required.includes(k) || spec.optional.includes(k);
    if (!known && !DERIVED_FIELDS.includes(k)) {
      throw new FileFormatError(file, path, k, `an unknown field of ${type}`, `the fields of ${type}: ${[...spec.required, ...spec.optional].join(', ')}`);
    }
    // input_type / output_type are derived from the parameters (Input's from `shape`); only Flatten's is read.
    if (!known) continue;
    params.set(k, readParam(file, path, k, v));
  }
  if (type === 'Input' || type === 'Output') {
    // Files store Input/Output as `shape`; tolerate ones that carry only input_type / output_type.
    const alt = g.children.get(type === 'Input' ? 'input_type' : 'output_type');
    if (!params.has('shape') && alt !== undefined) {
      const inner = alt.kind === 'group' ? alt.children.get(type === 'Input' ? 'input' : 'output') : alt;
      if (inner !== undefined) params.set('shape', readParam(file, path, 'shape', inner));
    }
  }
  for (const k of spec.required) if (!params.has(k)) throw new FileFormatError(file, path, k, 'missing', `a ${type} node's ${spec.required.join(', ')}`);
  return { type, params, ...(metadata ? { metadata } : {}) };
}

/** A NIR document from an HDF5 tree (structure only; checkNirGraph checks names and shapes). */
export function nirFromTree(tree: H5Group, file: string): NirDocument {
  const v = tree.children.get('version');
  const version = v === undefined ? null : stringOf(file, '', 'version', v);
  const node = tree.children.get('node');
  if (node === undefined) {
    const what = tree.attrs.get('__type__');
    const hint = what?.dtype === 'string' ? ` (it holds ${(what.values as string[])[0]}: read it with readNirGraphData)` : '';
    throw new FileFormatError(file, '', 'node', `missing${hint}`, 'a NIR file: a group "node" holding the graph');
  }
  const graph = readNode(file, 'node', node);
  if (graph.type !== 'NIRGraph') {
    // A file holding a single node: wrap it (NIR's read returns the node; spikegpu works on graphs).
    return { version, graph: nirGraph([['node', graph]], []) };
  }
  return { version, graph };
}

function paramData(p: NirParam): H5Dataset {
  if (typeof p === 'string') return stringData(p);
  return numberData(p.data, p.shape, p.dtype ?? 'float32');
}

function metadataGroup(m: NirMetadata | undefined): [string, H5Group][] {
  if (m === undefined || m.size === 0) return [];
  return [['metadata', group([...m].map(([k, v]) => [k, typeof v === 'string' ? stringData(v) : numberData([v], [], 'float64')]))]];
}

function nodeTree(n: NirNode | NirGraph): H5Group {
  if (n.type === 'NIRGraph') {
    return group([
      ['type', stringData('NIRGraph')],
      ['nodes', group([...n.nodes].map(([name, c]) => [name, nodeTree(c)]))],
      ['edges', n.edges.length === 0 ? numberData([], [0], 'float64') : stringData(n.edges.flat(), [n.edges.length, 2])],
      ...metadataGroup(n.metadata),
    ]);
  }
  return group([['type', stringData(n.type)], ...[...n.params].map(([k, p]): [string, H5Dataset] => [k, paramData(p)]), ...metadataGroup(n.metadata)]);
}

/** The HDF5 tree of a NIR document (NIR's 1.0 layout; `version` defaults to NIR_WRITE_VERSION). */
export function nirToTree(graph: NirGraph, version = NIR_WRITE_VERSION): H5Group {
  return group([['version', stringData(version)], ['node', nodeTree(graph)]]);
}
