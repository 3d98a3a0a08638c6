/**
 * structural: structural plasticity of a sparse plastic projection, at a rewiring step t (every
 * `every` steps; rewiring e = (t + 1) / every), after the step's plastic passes:
 *  - 'rewire', one thread per presynaptic row i: the synapses whose weight is below pruneBelow in
 *    every instance are dropped, the survivors moved to the front in their order (weights and rule
 *    variables of every instance move with them); then new synapses are appended until the row holds
 *    `capacity`: target j = randomBelow(Philox(counter (i, e, stream, a), key seed), nPost) for
 *    attempts a = 0, 1, ... (at most 8 x capacity), skipping j = i when pre and post are one population
 *    and targets already in the row; a new synapse starts at regrowWeight with the rule variables'
 *    initial values in every instance;
 *  - the transposed index (colPtr, colPos: the post pass's columns) is rebuilt: 'clear' (one thread
 *    per column: counts = 0), 'count' (one thread per row: atomicAdd per target), 'scan' (one thread:
 *    colPtr = exclusive prefix sums, cursors = colPtr), 'fill' (one thread per row: each synapse takes
 *    a slot of its column with atomicAdd). The slots within a column depend on thread order, but each
 *    column holds exactly its synapses, and the post pass updates each synapse on its own, so results
 *    do not depend on that order.
 * The oracle (kernels-tests/oracle/structural.ts) rewires the same rows with the same draws.
 */
import { PHILOX_WGSL } from './common/philox.wgsl.js';

export type StructuralPass = 'rewire' | 'clear' | 'count' | 'scan' | 'fill';

export interface StructuralShaderOptions {
  workgroupSize: number;
  pass: StructuralPass;
  frameStruct: string;
}

export function structuralShader(o: StructuralShaderOptions): string {
  const head = `// structural — pruning, regrowth and the transposed index of a plastic projection, ${o.pass} pass.
${o.frameStruct}
@group(0) @binding(0) var<uniform> frame: Frame;
struct Clock { step: u32 }
@group(0) @binding(1) var<uniform> clock: Clock;
// Row lengths [nPre], then targets [nPre * maxRow].
@group(0) @binding(2) var<storage, read_write> rows: array<u32>;
// w [batch][S], then each rule variable [batch][S].
@group(0) @binding(3) var<storage, read_write> syn: array<f32>;
// colPtr [nPost + 1], then colPos [S].
@group(0) @binding(4) var<storage, read_write> cols: array<u32>;
// counts [nPost], then cursors [nPost].
@group(0) @binding(5) var<storage, read_write> work: array<atomic<u32>>;
// Initial value of each rule variable (one word when there is none).
@group(0) @binding(6) var<storage, read> varInit: array<f32>;
`;
  const rowThread = (body: string): string => `${head}
@compute @workgroup_size(${o.workgroupSize})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x + gid.y * frame.rowsPerY;
  if (i >= frame.nPre) {
    return;
  }${body}
}
`;
  switch (o.pass) {
    case 'rewire':
      return `${head}${PHILOX_WGSL}
fn randomBelow(word: u32, n: u32) -> u32 {
  return mulhilo32(word, n).x;
}

@compute @workgroup_size(${o.workgroupSize})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x + gid.y * frame.rowsPerY;
  if (i >= frame.nPre) {
    return;
  }
  let base = i * frame.maxRow;
  let L = rows[i];
  let BS = frame.batch * frame.synStride;
  var n = 0u;
  for (var s = 0u; s < L; s = s + 1u) {
    var keep = false;
    for (var b = 0u; b < frame.batch; b = b + 1u) {
      keep = keep || syn[b * frame.synStride + base + s] >= frame.pruneBelow;
    }
    if (!keep) {
      continue;
    }
    if (n != s) {
      rows[frame.nPre + base + n] = rows[frame.nPre + base + s];
      for (var k = 0u; k < frame.slots; k = k + 1u) {
        for (var b = 0u; b < frame.batch; b = b + 1u) {
          syn[k * BS + b * frame.synStride + base + n] = syn[k * BS + b * frame.synStride + base + s];
        }
      }
    }
    n = n + 1u;
  }
  let e = (clock.step + 1u) / frame.every;
  let key = vec2<u32>(frame.seedLo, frame.seedHi);
  let attempts = 8u * frame.capacity;
  for (var a = 0u; a < attempts && n < frame.capacity; a = a + 1u) {
    let j = randomBelow(philox4x32_10(vec4<u32>(i, e, frame.stream, a), key).x, frame.nPost);
    var taken = frame.noSelf != 0u && j == i;
    for (var s = 0u; s < n && !taken; s = s + 1u) {
      taken = rows[frame.nPre + base + s] == j;
    }
    if (taken) {
      continue;
    }
    rows[frame.nPre + base + n] = j;
    for (var b = 0u; b < frame.batch; b = b + 1u) {
      syn[b * frame.synStride + base + n] = frame.regrowWeight;
      for (var k = 1u; k < frame.slots; k = k + 1u) {
        syn[k * BS + b * frame.synStride + base + n] = varInit[k - 1u];
      }
    }
    n = n + 1u;
  }
  rows[i] = n;
}
`;
    case 'clear':
      return `${head}
@compute @workgroup_size(${o.workgroupSize})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let j = gid.x + gid.y * frame.colsPerY;
  if (j >= frame.nPost) {
    return;
  }
  atomicStore(&work[j], 0u);
}
`;
    case 'count':
      return rowThread(`
  for (var s = 0u; s < rows[i]; s = s + 1u) {
    atomicAdd(&work[rows[frame.nPre + i * frame.maxRow + s]], 1u);
  }`);
    case 'scan':
      return `${head}
@compute @workgroup_size(1)
fn main() {
  var total = 0u;
  for (var j = 0u; j < frame.nPost; j = j + 1u) {
    let c = atomicLoad(&work[j]);
    cols[j] = total;
    atomicStore(&work[frame.nPost + j], total);
    total = total + c;
  }
  cols[frame.nPost] = total;
}
`;
    case 'fill':
      return rowThread(`
  for (var s = 0u; s < rows[i]; s = s + 1u) {
    let at = i * frame.maxRow + s;
    let slot = atomicAdd(&work[frame.nPost + rows[frame.nPre + at]], 1u);
    cols[frame.nPost + 1u + slot] = at;
  }`);
  }
}
