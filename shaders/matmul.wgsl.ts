/**
 * matmul: C[M, N] = (accumulate ? C : 0) + op(A) op(B) (+ bias[n]), one thread per element of C,
 * either tiled through workgroup memory (16 x 16 tiles) or direct (no workgroup memory, no barriers:
 * on a CPU adapter a thin product ran 15x faster this way). op(A) is A[M, K] (row-major) or, with transA, A
 * stored as [K, M]; op(B) is B[K, N] or, with transB, B stored as [N, K]. Used by training for the
 * forward currents (X W + b), the input gradients (G W^T), the weight gradients (X^T G, a sum over
 * time and batch) and bias gradients (1^T G).
 *
 * Every element is summed in the order k = 0, 1, ..., K-1, each product rounded before its add
 * (noContract), so the oracle reproduces it bit for bit. frame.k is the stored K (the stride); a
 * dispatch sums [kBegin, kEnd) onto C (accumulate) so long sums can be split.
 */
import { NO_CONTRACT_WGSL } from './common/no-contract.wgsl.js';

export const MATMUL_TILE = 16;

/** Threads per workgroup of the event-driven strategy (one workgroup per row of C). */
export const MATMUL_EVENTS_WG = 64;

export interface MatmulShaderOptions {
  /**
   * One thread per element of C reading A and B directly, no workgroup memory and no barriers: for
   * small or thin products, where tiles would be mostly empty (and barriers cost most on CPU adapters).
   */
  direct: boolean;
  /**
   * Event-driven (for sparse A, such as spikes): one workgroup per row of C lists, tile by tile of 64
   * terms, the k whose op(A) value is not zero (in ascending order, by a prefix sum), and sums only those
   * terms, each thread over eventsColumns columns. Skipped terms are exact zeros, so the sums equal
   * the dense ones bit for bit (unless B holds an Inf or NaN that a zero would have multiplied).
   * The value is the columns per thread (0 or absent: not event-driven).
   */
  eventsColumns?: number;
  transA: boolean;
  transB: boolean;
  bias: boolean;
  accumulate: boolean;
  frameStruct: string;
}

/** Both strategies' first lines: the product's description, the frame and the bindings; and the reads of op(A)[m][k], op(B)[k][n]. */
function preamble(o: MatmulShaderOptions, how: string): { head: string; a: string; b: string } {
  return {
    head: `// matmul${o.eventsColumns ? ' (event-driven)' : ''} — C = ${o.accumulate ? 'C + ' : ''}${o.transA ? 'A^T' : 'A'} ${o.transB ? 'B^T' : 'B'}${o.bias ? ' + bias' : ''}, ${how}.
${o.frameStruct}
@group(0) @binding(0) var<uniform> frame: Frame;
@group(0) @binding(1) var<storage, read> A: array<f32>;
@group(0) @binding(2) var<storage, read> B: array<f32>;
@group(0) @binding(3) var<storage, read_write> C: array<f32>;
${o.bias ? '@group(0) @binding(4) var<storage, read> bias: array<f32>;' : ''}
${NO_CONTRACT_WGSL}`,
    a: o.transA ? 'A[k * frame.m + m]' : 'A[m * frame.k + k]',
    b: o.transB ? 'B[n * frame.k + k]' : 'B[k * frame.n + n]',
  };
}

export function matmulShader(o: MatmulShaderOptions): string {
  if (o.eventsColumns) return matmulEventsShader(o, o.eventsColumns);
  const T = MATMUL_TILE;
  const { head, a, b } = preamble(o, o.direct ? 'one thread per element' : `${T}x${T} tiles in workgroup memory`);
  return `${head}
${o.direct ? '' : `var<workgroup> tileA: array<array<f32, ${T}>, ${T}>;
var<workgroup> tileB: array<array<f32, ${T}>, ${T}>;`}

fn loadA(m: u32, k: u32) -> f32 {
  if (m < frame.m && k < frame.kEnd) {
    return ${a};
  }
  return 0.0;
}

fn loadB(k: u32, n: u32) -> f32 {
  if (k < frame.kEnd && n < frame.n) {
    return ${b};
  }
  return 0.0;
}

${o.direct ? `
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let e = gid.x + gid.y * frame.groupsY * 64u;
  if (e >= frame.m * frame.n) {
    return;
  }
  let row = e / frame.n;
  let col = e % frame.n;
  var acc = 0.0;
  ${o.accumulate ? 'acc = C[row * frame.n + col];' : ''}
  for (var k = frame.kBegin; k < frame.kEnd; k = k + 1u) {
    acc = acc + noContract(loadA(row, k) * loadB(k, col));
  }
  ${o.bias ? 'acc = acc + bias[col];' : ''}
  C[row * frame.n + col] = acc;
}` : `
@compute @workgroup_size(${T}, ${T})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  // x runs along N, y along M; z splits very large grids.
  let row = (wid.y + wid.z * frame.groupsY) * ${T}u + lid.y;
  let col = wid.x * ${T}u + lid.x;
  var acc = 0.0;
  ${o.accumulate ? `if (row < frame.m && col < frame.n) {
    acc = C[row * frame.n + col];
  }` : ''}
  // This dispatch sums k in [kBegin, kEnd) (the host splits very long sums to bound the loop count).
  let tiles = (frame.kEnd - frame.kBegin + ${T - 1}u) / ${T}u;
  for (var t = 0u; t < tiles; t = t + 1u) {
    let k0 = frame.kBegin + t * ${T}u;
    tileA[lid.y][lid.x] = loadA(row, k0 + lid.x);
    tileB[lid.y][lid.x] = loadB(k0 + lid.y, col);
    workgroupBarrier();
    let kCount = min(${T}u, frame.kEnd - k0);
    for (var kk = 0u; kk < kCount; kk = kk + 1u) {
      acc = acc + noContract(tileA[lid.y][kk] * tileB[kk][lid.x]);
    }
    workgroupBarrier();
  }
  if (row < frame.m && col < frame.n) {
    ${o.bias ? 'acc = acc + bias[col];' : ''}
    C[row * frame.n + col] = acc;
  }
}`}
`;
}

function matmulEventsShader(o: MatmulShaderOptions, J: number): string {
  const W = MATMUL_EVENTS_WG;
  const { head, a, b } = preamble(o, 'only the non-zero terms of op(A)');
  return `${head}
var<workgroup> scan: array<u32, ${W}>;
var<workgroup> listK: array<u32, ${W}>;
var<workgroup> listA: array<f32, ${W}>;

fn loadA(m: u32, k: u32) -> f32 {
  if (k < frame.kEnd) {
    return ${a};
  }
  return 0.0;
}

fn loadB(k: u32, n: u32) -> f32 {
  return ${b};
}

@compute @workgroup_size(${W})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let row = wid.x + wid.y * frame.groupsY;
  if (row >= frame.m) {
    return;
  }
  var acc: array<f32, ${J}>;
  for (var j = 0u; j < ${J}u; j = j + 1u) {
    let n = lid + j * ${W}u;
    acc[j] = 0.0;${o.accumulate ? `
    if (n < frame.n) {
      acc[j] = C[row * frame.n + n];
    }` : ''}
  }
  let tiles = (frame.kEnd - frame.kBegin + ${W - 1}u) / ${W}u;
  for (var t = 0u; t < tiles; t = t + 1u) {
    let k = frame.kBegin + t * ${W}u + lid;
    let value = loadA(row, k);
    let isEvent = select(0u, 1u, value != 0.0);
    scan[lid] = isEvent;
    workgroupBarrier();
    // Inclusive prefix sum (Hillis-Steele): scan[i] = active terms in lanes 0..i.
    for (var step = 1u; step < ${W}u; step = step * 2u) {
      var left = 0u;
      if (lid >= step) {
        left = scan[lid - step];
      }
      workgroupBarrier();
      scan[lid] = scan[lid] + left;
      workgroupBarrier();
    }
    if (isEvent == 1u) {
      listK[scan[lid] - 1u] = k;
      listA[scan[lid] - 1u] = value;
    }
    workgroupBarrier();
    let count = scan[${W - 1}u];
    for (var q = 0u; q < count; q = q + 1u) {
      let kk = listK[q];
      let av = listA[q];
      for (var j = 0u; j < ${J}u; j = j + 1u) {
        let n = lid + j * ${W}u;
        if (n < frame.n) {
          acc[j] = acc[j] + noContract(av * loadB(kk, n));
        }
      }
    }
    workgroupBarrier();
  }
  for (var j = 0u; j < ${J}u; j = j + 1u) {
    let n = lid + j * ${W}u;
    if (n < frame.n) {
      ${o.bias ? 'C[row * frame.n + n] = acc[j] + bias[n];' : 'C[row * frame.n + n] = acc[j];'}
    }
  }
}
`;
}
