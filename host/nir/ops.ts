/**
 * NIR's linear nodes as sparse operators on flat (row-major) signals: for each input element j, the
 * output elements k it reaches with their coefficients; an additive bias per output element; and a
 * delay per output element (Delay). Affine, Linear, Scale, Delay, Flatten, Conv1d, Conv2d (stride,
 * padding incl. 'same' / 'valid', dilation, groups), SumPool2d and AvgPool2d (the average counts
 * padded cells, as PyTorch's default). Composed along chains of edges, they turn a NIR graph's
 * paths between neuron nodes into the synapses of explicit projections.
 */
import { FileFormatError } from '../errors.js';
import { elements } from './graph.js';
import { asTensor, ints, paddingOf, type FlatNode } from './flat.js';

export interface SparseOp {
  inSize: number;
  outSize: number;
  /** For input element j: cols[j] = [k0, a0, k1, a1, ...] (output index, coefficient). */
  cols: number[][];
  bias?: Float64Array;
  /** Delay (NIR time units) added at each output element. */
  delay?: Float64Array;
}

export function identityOp(n: number): SparseOp {
  return { inSize: n, outSize: n, cols: Array.from({ length: n }, (_, j) => [j, 1]) };
}

/** A 0-d value broadcast to n elements, or n values. */
function broadcast(file: string, f: FlatNode, field: string, n: number): Float64Array {
  const t = asTensor(file, f, field);
  if (t.data.length === 1) return new Float64Array(n).fill(t.data[0]!);
  if (t.data.length !== n) throw new FileFormatError(file, `node/${f.path.map((p) => `nodes/${p}`).join('/')}`, field, `${t.data.length} values`, `1 or ${n} (the node's size)`);
  return Float64Array.from(t.data);
}

function conv(file: string, f: FlatNode, rank: 1 | 2): SparseOp {
  const w = asTensor(file, f, 'weight');
  const [cout, cinG] = [w.shape[0]!, w.shape[1]!];
  const k = w.shape.slice(2);
  const groups = ints(file, f, 'groups', 1)[0]!;
  const stride = ints(file, f, 'stride', rank);
  const dil = ints(file, f, 'dilation', rank);
  const pad = paddingOf(file, f, rank, k, dil);
  const [cin, ...inSp] = f.inShape;
  const outSp = f.outShape.slice(1);
  const [H, W] = rank === 2 ? [inSp[0]!, inSp[1]!] : [1, inSp[0]!];
  const [OH, OW] = rank === 2 ? [outSp[0]!, outSp[1]!] : [1, outSp[0]!];
  const [KH, KW] = rank === 2 ? [k[0]!, k[1]!] : [1, k[0]!];
  const [SH, SW] = rank === 2 ? [stride[0]!, stride[1]!] : [1, stride[0]!];
  const [DH, DW] = rank === 2 ? [dil[0]!, dil[1]!] : [1, dil[0]!];
  const [PH, PW] = rank === 2 ? [pad[0]!, pad[1]!] : [0, pad[0]!];
  const inSize = cin! * H * W;
  const cols: number[][] = Array.from({ length: inSize }, () => []);
  const perGroupOut = cout / groups;
  for (let co = 0; co < cout; co++) {
    const g = Math.floor(co / perGroupOut);
    for (let oy = 0; oy < OH; oy++) for (let ox = 0; ox < OW; ox++) {
      const out = (co * OH + oy) * OW + ox;
      for (let ci = 0; ci < cinG; ci++) for (let ky = 0; ky < KH; ky++) for (let kx = 0; kx < KW; kx++) {
        const y = oy * SH + ky * DH - PH;
        const x = ox * SW + kx * DW - PW;
        if (y < 0 || y >= H || x < 0 || x >= W) continue;
        const a = w.data[((co * cinG + ci) * KH + ky) * KW + kx]!;
        if (a === 0) continue;
        cols[((g * cinG + ci) * H + y) * W + x]!.push(out, a);
      }
    }
  }
  const b = broadcast(file, f, 'bias', cout);
  const bias = new Float64Array(cout * OH * OW);
  for (let co = 0; co < cout; co++) bias.fill(b[co]!, co * OH * OW, (co + 1) * OH * OW);
  return { inSize, outSize: cout * OH * OW, cols, bias };
}

function pool(file: string, f: FlatNode, average: boolean): SparseOp {
  const [C, H, W] = f.inShape as [number, number, number];
  const [, OH, OW] = f.outShape as [number, number, number];
  const [KH, KW] = ints(file, f, 'kernel_size', 2) as [number, number];
  const [SH, SW] = ints(file, f, 'stride', 2) as [number, number];
  const [PH, PW] = paddingOf(file, f, 2, [KH, KW], [1, 1]) as [number, number];
  const a = average ? 1 / (KH * KW) : 1;
  const cols: number[][] = Array.from({ length: C * H * W }, () => []);
  for (let c = 0; c < C; c++) for (let oy = 0; oy < OH; oy++) for (let ox = 0; ox < OW; ox++) {
    for (let ky = 0; ky < KH; ky++) for (let kx = 0; kx < KW; kx++) {
      const y = oy * SH + ky - PH;
      const x = ox * SW + kx - PW;
      if (y >= 0 && y < H && x >= 0 && x < W) cols[(c * H + y) * W + x]!.push((c * OH + oy) * OW + ox, a);
    }
  }
  return { inSize: C * H * W, outSize: C * OH * OW, cols };
}

/** The operator of a linear (non-neuron) node. */
export function nodeOp(file: string, f: FlatNode): SparseOp {
  const n = f.node;
  const inSize = elements(f.inShape);
  switch (n.type) {
    case 'Affine': case 'Linear': {
      const w = asTensor(file, f, 'weight');
      const [O, I] = [w.shape[0]!, w.shape[1]!];
      const cols: number[][] = Array.from({ length: I }, () => []);
      for (let o = 0; o < O; o++) for (let i = 0; i < I; i++) {
        const a = w.data[o * I + i]!;
        if (a !== 0) cols[i]!.push(o, a);
      }
      return { inSize: I, outSize: O, cols, ...(n.type === 'Affine' ? { bias: broadcast(file, f, 'bias', O) } : {}) };
    }
    case 'Scale': {
      const s = broadcast(file, f, 'scale', inSize);
      return { inSize, outSize: inSize, cols: Array.from(s, (a, j) => [j, a]) };
    }
    case 'Delay': {
      const d = broadcast(file, f, 'delay', inSize);
      if (d.some((x) => x < 0)) throw new FileFormatError(file, `node/${f.path.map((p) => `nodes/${p}`).join('/')}`, 'delay', 'a negative delay', 'delays >= 0');
      return { ...identityOp(inSize), delay: d };
    }
    case 'Conv1d': return conv(file, f, 1);
    case 'Conv2d': return conv(file, f, 2);
    case 'SumPool2d': return pool(file, f, false);
    case 'AvgPool2d': return pool(file, f, true);
    case 'Flatten': case 'Input': case 'Output': return identityOp(inSize);
    default: throw new Error(`nodeOp: ${n.type} is not a linear node`);
  }
}

/** Synapses from one source population to a node's output: parallel arrays, delays in NIR time units. */
export interface SparseMap {
  pre: number[];
  post: number[];
  w: number[];
  d: number[];
}

/** Applies `op` to a map whose post side is op's input; entries with equal (pre, post, delay) are summed. */
export function applyOp(m: SparseMap, op: SparseOp): SparseMap {
  const acc = new Map<number, Map<number, number>>();
  for (let e = 0; e < m.pre.length; e++) {
    const col = op.cols[m.post[e]!]!;
    for (let c = 0; c < col.length; c += 2) {
      const k = col[c]!;
      const d = m.d[e]! + (op.delay ? op.delay[k]! : 0);
      let row = acc.get(d);
      if (!row) acc.set(d, (row = new Map()));
      const key = m.pre[e]! * op.outSize + k;
      row.set(key, (row.get(key) ?? 0) + m.w[e]! * col[c + 1]!);
    }
  }
  const out: SparseMap = { pre: [], post: [], w: [], d: [] };
  for (const [d, row] of acc) for (const [key, w] of row) {
    if (w === 0) continue;
    out.pre.push(Math.floor(key / op.outSize));
    out.post.push(key % op.outSize);
    out.w.push(w);
    out.d.push(d);
  }
  return out;
}

/** Sums maps from the same source onto the same target (several edges into one node). */
export function sumMaps(maps: SparseMap[]): SparseMap {
  if (maps.length === 1) return maps[0]!;
  return { pre: maps.flatMap((m) => m.pre), post: maps.flatMap((m) => m.post), w: maps.flatMap((m) => m.w), d: maps.flatMap((m) => m.d) };
}

/** op's bias pushed through: A * bias + b. */
export function applyBias(bias: Float64Array | undefined, op: SparseOp): Float64Array | undefined {
  if (bias === undefined && op.bias === undefined) return undefined;
  const out = op.bias ? Float64Array.from(op.bias) : new Float64Array(op.outSize);
  if (bias) for (let j = 0; j < bias.length; j++) {
    const col = op.cols[j]!;
    for (let c = 0; c < col.length; c += 2) out[col[c]!] = out[col[c]!]! + bias[j]! * col[c + 1]!;
  }
  return out;
}
