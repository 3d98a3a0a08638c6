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
import { NO_CONTRACT_WGSL } from './common/no-contract.wgsl';

export const MATMUL_TILE = 16;

export interface MatmulShaderOptions {
  /**
   * One thread per element of C reading A and B directly, no workgroup memory and no barriers: for
   * small or thin products, where tiles would be mostly empty (and barriers cost most on CPU adapters).
   */
  direct: boolean;
  transA: boolean;
  transB: boolean;
  bias: boolean;
  accumulate: boolean;
  frameStruct: string;
}

export function matmulShader(o: MatmulShaderOptions): string {
  const T = MATMUL_TILE;
  const a = o.transA ? 'A[k * frame.m + m]' : 'A[m * frame.k + k]';
  const b = o.transB ? 'B[n * frame.k + k]' : 'B[k * frame.n + n]';
  return `// matmul — C = ${o.accumulate ? 'C + ' : ''}${o.transA ? 'A^T' : 'A'} ${o.transB ? 'B^T' : 'B'}${o.bias ? ' + bias' : ''}, ${T}x${T} tiles in workgroup memory.
${o.frameStruct}
@group(0) @binding(0) var<uniform> frame: Frame;
@group(0) @binding(1) var<storage, read> A: array<f32>;
@group(0) @binding(2) var<storage, read> B: array<f32>;
@group(0) @binding(3) var<storage, read_write> C: array<f32>;
${o.bias ? '@group(0) @binding(4) var<storage, read> bias: array<f32>;' : ''}
${NO_CONTRACT_WGSL}
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
