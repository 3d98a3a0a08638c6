/**
 * willshaw: a clipped Hebbian (Willshaw) associative memory of sparse binary patterns (Willshaw,
 * Buneman & Longuet-Higgins 1969), binary units.
 *   store, one shot per pair (x, y):  W_ij <- W_ij OR (x_i AND y_j)
 *   recall of a cue c:                s_j = sum_i W_ij c_i;   y^_j = [s_j >= theta]
 * with theta the number of active cue units (a cue that is part of a stored x then recalls all of
 * its y: no misses; spurious units are those whose weights from every active cue unit are set) or a
 * fixed threshold. W is bit-packed: row i (an input) holds ceil(outputs / 32) words, bit j % 32 of
 * word j / 32. Patterns and cues are lists of active indices (CSR: indices and per-pattern starts).
 *   'store'  one thread per active entry e of the x lists (pair p = xPair[e], input i = xIdx[e]):
 *            atomicOr of bit y_b into row i for every active y_b of pair p. OR is order-free: the
 *            result does not depend on thread order.
 *   'recall' one thread per (cue q, output j): s = number of active cue inputs i with bit j of row i set;
 *            sums[q][j] = s, fired[q][j] = s >= theta_q (theta_q = cue size, or frame.theta when not 0).
 * Exact integers: the oracle (kernels-tests/oracle/willshaw.ts) gives the same words and sums.
 */
export interface WillshawShaderOptions {
  workgroupSize: number;
  pass: 'store' | 'recall';
  frameStruct: string;
}

export function willshawShader(o: WillshawShaderOptions): string {
  const head = `// willshaw — clipped Hebbian associative memory, ${o.pass} pass.
${o.frameStruct}
@group(0) @binding(0) var<uniform> frame: Frame;
`;
  if (o.pass === 'store') {
    return `${head}
@group(0) @binding(1) var<storage, read_write> W: array<atomic<u32>>;
// x entries: input index and pair of each; y lists: indices and per-pair starts (pairs + 1).
@group(0) @binding(2) var<storage, read> xIdx: array<u32>;
@group(0) @binding(3) var<storage, read> xPair: array<u32>;
@group(0) @binding(4) var<storage, read> yIdx: array<u32>;
@group(0) @binding(5) var<storage, read> yStart: array<u32>;

@compute @workgroup_size(${o.workgroupSize})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let e = gid.x + gid.y * frame.rowsPerY;
  if (e >= frame.entries) {
    return;
  }
  let row = xIdx[e] * frame.words;
  let p = xPair[e];
  for (var b = yStart[p]; b < yStart[p + 1u]; b = b + 1u) {
    let j = yIdx[b];
    atomicOr(&W[row + j / 32u], 1u << (j % 32u));
  }
}
`;
  }
  return `${head}
@group(0) @binding(1) var<storage, read> W: array<u32>;
// Cues: active input indices and per-cue starts (cues + 1).
@group(0) @binding(2) var<storage, read> cIdx: array<u32>;
@group(0) @binding(3) var<storage, read> cStart: array<u32>;
@group(0) @binding(4) var<storage, read_write> sums: array<u32>;
@group(0) @binding(5) var<storage, read_write> fired: array<u32>;

@compute @workgroup_size(${o.workgroupSize})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let e = gid.x + gid.y * frame.rowsPerY;
  if (e >= frame.cues * frame.outputs) {
    return;
  }
  let q = e / frame.outputs;
  let j = e % frame.outputs;
  let word = j / 32u;
  let bit = j % 32u;
  var s = 0u;
  for (var a = cStart[q]; a < cStart[q + 1u]; a = a + 1u) {
    s = s + ((W[cIdx[a] * frame.words + word] >> bit) & 1u);
  }
  var theta = frame.theta;
  if (theta == 0u) {
    theta = cStart[q + 1u] - cStart[q];
  }
  sums[e] = s;
  fired[e] = select(0u, 1u, s >= theta);
}
`;
}
