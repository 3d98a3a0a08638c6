/**
 * A NIR graph checked and flattened: nested graphs inlined (their Input and Output nodes become
 * pass-throughs), every edge resolved to an existing node (cycles allowed, at the top level and inside
 * nested graphs), and every node's input and output shape inferred and checked against its parameters
 * and its edges. Errors are FileFormatErrors naming the file, the node's path and the field.
 */
import { FileFormatError } from '../errors.js';
import { elements, NIR_MAX_NESTING, type NirGraph, type NirNode, type NirParam, type NirTensor } from './graph.js';

export interface FlatNode {
  /** Path of names from the top graph ("/"-joined in `id`; HDF5 names cannot hold "/"). */
  path: string[];
  id: string;
  node: NirNode;
  /** True for the top graph's Input and Output nodes; nested ones are pass-throughs. */
  top: boolean;
  inShape: number[];
  outShape: number[];
}

export interface FlatGraph {
  file: string;
  nodes: Map<string, FlatNode>;
  /** Edges between flat node ids (pre, post). */
  edges: [string, string][];
}

const NEURONS = new Set(['LIF', 'CubaLIF', 'LI', 'CubaLI', 'IF', 'I', 'Threshold']);
export const isNeuron = (t: string): boolean => NEURONS.has(t);
const where = (path: string[]): string => `node/${path.map((p) => `nodes/${p}`).join('/')}`;

export function asTensor(f: FlatGraph | string, n: { path: string[]; node: NirNode }, field: string): NirTensor {
  const p = n.node.params.get(field);
  if (p === undefined || typeof p === 'string') {
    throw new FileFormatError(typeof f === 'string' ? f : f.file, where(n.path), field, p === undefined ? 'missing' : `the string ${JSON.stringify(p)}`, 'numbers');
  }
  return p;
}

/** Per-neuron values of a field of a flattened node, 0-d broadcast (absent: `def`). */
export function values(f: FlatGraph | string, n: FlatNode, field: string, def?: number): Float64Array {
  const size = elements(n.outShape);
  if (!n.node.params.has(field) && def !== undefined) return new Float64Array(size).fill(def);
  const t = asTensor(f, n, field);
  if (t.data.length === 1) return new Float64Array(size).fill(t.data[0]!);
  return Float64Array.from(t.data);
}

/** Integer list of a field (a 0-d value repeated `rank` times). */
export function ints(file: string, n: { path: string[]; node: NirNode }, field: string, rank: number): number[] {
  const t = asTensor(file, n, field);
  const v = Array.from(t.data);
  const out = v.length === 1 ? Array<number>(rank).fill(v[0]!) : v;
  if (out.length !== rank || out.some((x) => !Number.isInteger(x) || x < 0)) {
    throw new FileFormatError(file, where(n.path), field, `[${v.join(', ')}]`, `${rank === 1 ? 'a non-negative integer' : `${rank} non-negative integers`}`);
  }
  return out;
}

/** The neuron shape of a node: the common shape of its non-0-d parameters (undefined when all are 0-d). */
function paramShape(file: string, path: string[], node: NirNode, fields: readonly string[]): number[] | undefined {
  let shape: number[] | undefined;
  let from = '';
  for (const k of fields) {
    const p = node.params.get(k) as NirParam | undefined;
    if (p === undefined || typeof p === 'string') continue;
    if (p.shape.length === 0 || (p.shape.length === 1 && p.shape[0] === 1 && fields.length > 1)) continue;
    if (shape === undefined) {
      shape = p.shape;
      from = k;
    } else if (shape.join() !== p.shape.join()) {
      throw new FileFormatError(file, where(path), k, `shape (${p.shape.join(', ')}) differs from ${from}'s (${shape.join(', ')})`, 'every parameter of a node with one shape (or 0-d, broadcast)');
    }
  }
  return shape;
}

const NEURON_PARAMS: Record<string, readonly string[]> = {
  LIF: ['tau', 'r', 'v_leak', 'v_threshold', 'v_reset'], CubaLIF: ['tau_mem', 'tau_syn', 'r', 'v_leak', 'v_threshold', 'v_reset', 'w_in'],
  LI: ['tau', 'r', 'v_leak'], CubaLI: ['tau_mem', 'tau_syn', 'r', 'v_leak', 'w_in'], IF: ['r', 'v_threshold', 'v_reset'], I: ['r'], Threshold: ['threshold'],
  Scale: ['scale'], Delay: ['delay'],
};

function convOut(n: number, pad: number, dil: number, k: number, stride: number): number {
  return Math.floor((n + 2 * pad - dil * (k - 1) - 1) / stride + 1);
}

/** Padding per spatial dim ('same' keeps the size at stride 1, 'valid' is 0). */
export function paddingOf(file: string, n: { path: string[]; node: NirNode }, rank: number, kernel: number[], dilation: number[]): number[] {
  const p = n.node.params.get('padding');
  if (p === 'valid') return Array<number>(rank).fill(0);
  if (p === 'same') return kernel.map((k, i) => Math.floor((dilation[i]! * (k - 1)) / 2));
  return ints(file, n, 'padding', rank);
}

/** Output shape of a node given its input shape (undefined while the input shape is unknown). */
function outputShape(file: string, f: FlatNode, inShape: number[] | undefined): { in?: number[]; out?: number[] } {
  const n = f.node;
  const t = (k: string): NirTensor => asTensor(file, f, k);
  switch (n.type) {
    case 'Input': case 'Output': {
      const s = Array.from(t('shape').data);
      if (s.length === 0 || s.some((x) => !Number.isInteger(x) || x < 1)) {
        throw new FileFormatError(file, where(f.path), 'shape', `(${s.join(', ')})`, 'a shape of positive integers');
      }
      return { in: s, out: s };
    }
    case 'Affine': case 'Linear': {
      const w = t('weight');
      if (w.shape.length !== 2) throw new FileFormatError(file, where(f.path), 'weight', `shape (${w.shape.join(', ')})`, 'a 2-d (out, in) matrix');
      if (n.type === 'Affine' && elements(t('bias').shape) !== w.shape[0] && t('bias').shape.length > 0) {
        throw new FileFormatError(file, where(f.path), 'bias', `shape (${t('bias').shape.join(', ')})`, `${w.shape[0]} values (the weight's rows)`);
      }
      return { in: [w.shape[1]!], out: [w.shape[0]!] };
    }
    case 'Conv1d': case 'Conv2d': {
      const w = t('weight');
      const rank = n.type === 'Conv1d' ? 1 : 2;
      if (w.shape.length !== rank + 2) throw new FileFormatError(file, where(f.path), 'weight', `shape (${w.shape.join(', ')})`, `a ${rank + 2}-d (C_out, C_in / groups, ${rank === 1 ? 'K' : 'K_h, K_w'}) array`);
      const groups = ints(file, f, 'groups', 1)[0]!;
      if (groups < 1 || w.shape[0]! % groups !== 0) throw new FileFormatError(file, where(f.path), 'groups', String(groups), `a divisor of C_out = ${w.shape[0]}`);
      const bias = t('bias');
      if (elements(bias.shape) !== w.shape[0] && bias.shape.length > 0) throw new FileFormatError(file, where(f.path), 'bias', `shape (${bias.shape.join(', ')})`, `${w.shape[0]} values (C_out)`);
      const cin = w.shape[1]! * groups;
      let spatial: number[] | undefined;
      const given = n.params.get('input_shape');
      if (given !== undefined && typeof given !== 'string' && given.data.length > 0) spatial = ints(file, f, 'input_shape', rank);
      else if (inShape !== undefined) spatial = inShape.slice(1);
      if (spatial === undefined) return {};
      const k = w.shape.slice(2);
      const stride = ints(file, f, 'stride', rank);
      const dil = ints(file, f, 'dilation', rank);
      const pad = paddingOf(file, f, rank, k, dil);
      const out = spatial.map((s, i) => convOut(s, pad[i]!, dil[i]!, k[i]!, stride[i]!));
      if (out.some((x) => x < 1)) throw new FileFormatError(file, where(f.path), 'weight', `a kernel of (${k.join(', ')}) on an input of (${spatial.join(', ')})`, 'a kernel that fits the input');
      return { in: [cin, ...spatial], out: [w.shape[0]!, ...out] };
    }
    case 'SumPool2d': case 'AvgPool2d': {
      if (inShape === undefined) return {};
      if (inShape.length !== 3) throw new FileFormatError(file, where(f.path), '', `an input of shape (${inShape.join(', ')})`, 'a (C, H, W) input');
      const k = ints(file, f, 'kernel_size', 2);
      const stride = ints(file, f, 'stride', 2);
      const pad = paddingOf(file, f, 2, k, [1, 1]);
      return { in: inShape, out: [inShape[0]!, ...[0, 1].map((i) => convOut(inShape[i + 1]!, pad[i]!, 1, k[i]!, stride[i]!))] };
    }
    case 'Flatten': {
      const declared = n.params.get('input_type');
      const s = declared !== undefined && typeof declared !== 'string' && declared.data.length > 0 ? Array.from(declared.data) : inShape;
      if (s === undefined) return {};
      const rank = s.length;
      const norm = (d: number): number => (d < 0 ? rank + d : d);
      const [a, b] = [norm(asTensor(file, f, 'start_dim').data[0]!), norm(asTensor(file, f, 'end_dim').data[0]!)];
      if (!(a >= 0 && b < rank && a <= b)) throw new FileFormatError(file, where(f.path), 'start_dim', `${a}..${b} on a rank-${rank} input`, 'dims within the input');
      return { in: s, out: [...s.slice(0, a), elements(s.slice(a, b + 1)), ...s.slice(b + 1)] };
    }
    default: {
      const s = paramShape(file, f.path, n, NEURON_PARAMS[n.type] ?? []) ?? inShape;
      return s === undefined ? {} : { in: s, out: s };
    }
  }
}

/** Inlines nested graphs and resolves edges; `file` names the file in errors. */
export function flattenGraph(graph: NirGraph, file: string): FlatGraph {
  const nodes = new Map<string, FlatNode>();
  const edges: [string, string][] = [];
  // For each graph node id: the flat ids that its incoming / outgoing edges attach to.
  const entries = new Map<string, string[]>();
  const exits = new Map<string, string[]>();
  const visit = (g: NirGraph, prefix: string[]): void => {
    for (const [name, n] of g.nodes) {
      const path = [...prefix, name];
      const id = path.join('/');
      if (n.type === 'NIRGraph') {
        if (path.length > NIR_MAX_NESTING) {
          throw new FileFormatError(file, where(path), '', `a NIRGraph nested ${path.length} graphs deep`, `graphs nested at most ${NIR_MAX_NESTING} deep`);
        }
        visit(n, path);
        const ins = [...n.nodes].filter(([, c]) => c.type === 'Input').map(([c]) => [...path, c].join('/'));
        const outs = [...n.nodes].filter(([, c]) => c.type === 'Output').map(([c]) => [...path, c].join('/'));
        entries.set(id, ins);
        exits.set(id, outs);
      } else {
        nodes.set(id, { path, id, node: n, top: prefix.length === 0, inShape: [], outShape: [] });
        entries.set(id, [id]);
        exits.set(id, [id]);
      }
    }
    const resolve = (end: string, edge: number, side: 'pre' | 'post'): string[] => {
      const pick = side === 'pre' ? exits : entries;
      const direct = pick.get([...prefix, end].join('/'));
      if (direct !== undefined && g.nodes.has(end)) return direct;
      // "sub.inner": a node inside a nested graph, addressed through it.
      const dot = end.indexOf('.');
      if (dot > 0) {
        const sub = g.nodes.get(end.slice(0, dot));
        const inner = end.slice(dot + 1);
        if (sub?.type === 'NIRGraph' && sub.nodes.has(inner)) return pick.get([...prefix, end.slice(0, dot), inner].join('/')) ?? [];
      }
      throw new FileFormatError(file, `node${prefix.map((p) => `/nodes/${p}`).join('')}`, 'edges', `edge ${edge} names ${JSON.stringify(end)} as its ${side}, which is not a node of this graph`,
        `names of this graph's nodes (${[...g.nodes.keys()].slice(0, 12).map((k) => JSON.stringify(k)).join(', ')}${g.nodes.size > 12 ? ', ...' : ''})`);
    };
    g.edges.forEach(([a, b], e) => {
      const pres = resolve(a, e, 'pre');
      const posts = resolve(b, e, 'post');
      for (const p of pres) for (const q of posts) edges.push([p, q]);
    });
  };
  visit(graph, []);
  const flat: FlatGraph = { file, nodes, edges };
  inferShapes(flat);
  return flat;
}

function inferShapes(f: FlatGraph): void {
  const known = new Map<string, { in?: number[]; out?: number[] }>();
  const preds = new Map<string, string[]>();
  const succs = new Map<string, string[]>();
  const add = (m: Map<string, string[]>, k: string, v: string): void => {
    const list = m.get(k);
    if (list) list.push(v);
    else m.set(k, [v]);
  };
  for (const [a, b] of f.edges) {
    add(preds, b, a);
    add(succs, a, b);
  }
  // A worklist: a node is looked at again only when one of its inputs got a shape (linear in the edges).
  const queue = [...f.nodes.keys()];
  for (let q = 0; q < queue.length; q++) {
    const id = queue[q]!;
    if (known.get(id)?.out !== undefined) continue;
    const n = f.nodes.get(id)!;
    const inputs = (preds.get(id) ?? []).map((p) => known.get(p)?.out).filter((s): s is number[] => s !== undefined);
    const r = outputShape(f.file, n, inputs[0]);
    if (r.out !== undefined) {
      known.set(id, r);
      for (const s of succs.get(id) ?? []) if (known.get(s)?.out === undefined) queue.push(s);
    }
  }
  for (const n of f.nodes.values()) {
    const s = known.get(n.id);
    if (s?.out === undefined || s.in === undefined) {
      throw new FileFormatError(f.file, where(n.path), '', `the shape of this ${n.node.type} cannot be told (no non-0-d parameter and no input with a known shape)`, 'a node connected to an Input, or with shaped parameters');
    }
    n.inShape = s.in;
    n.outShape = s.out;
  }
  for (const [a, b] of f.edges) {
    const pre = f.nodes.get(a)!;
    const post = f.nodes.get(b)!;
    const sizeOut = elements(pre.outShape);
    const sizeIn = elements(post.inShape);
    if (sizeOut !== sizeIn) {
      throw new FileFormatError(f.file, where(post.path), '', `its input has ${sizeIn} elements (${post.inShape.join(' x ')}) but the edge from ${JSON.stringify(pre.path.join('.'))} brings ${sizeOut} (${pre.outShape.join(' x ')})`,
        'equal sizes at both ends of every edge');
    }
  }
}
