/**
 * connect: generates a projection's ragged rows on the GPU from Philox, one thread per pre neuron,
 * bit-identical to host/model/connect.ts (the oracle): Bernoulli pairs (draw < p 2^32) for
 * fixedProbability, selection sampling (Knuth's algorithm S, integer arithmetic) for fixedOutDegree,
 * allToAll and oneToOne; constant or f32-uniform fixed-point weights, constant or uniform-integer delays.
 * A 'count' pass writes rowLength; the host sizes the rows (maxRow) and a 'fill' pass writes them.
 * fixedInDegree: a 'sample' pass, one thread per post neuron j, draws its k pre neurons by Floyd's
 * algorithm (as the oracle) into a per-column hash set and counts them into rowLength; the fill pass
 * then walks each row's columns in order and takes j when the row is in j's set, so rows come out
 * sorted, exactly as the oracle's.
 * Each dispatch covers the columns [j0, j1) and carries the row's count in rowLength, so no
 * invocation loops more than a few thousand times: Mesa's llvmpipe silently ends every loop of an
 * invocation after 65 535 iterations in total.
 */
import { wgsl } from 'wgsl-preprocessor/wgsl-preprocessor.js';
import { PHILOX_WGSL } from './common/philox.wgsl';
import { NO_CONTRACT_WGSL } from './common/no-contract.wgsl';

export type ConnectRule = 'allToAll' | 'oneToOne' | 'fixedProbability' | 'fixedOutDegree' | 'fixedInDegree';

export interface ConnectShaderOptions {
  workgroupSize: number;
  rule: ConnectRule;
  /** 'sample' (fixedInDegree only), 'count' or 'fill'. */
  pass: 'sample' | 'count' | 'fill';
  uniformWeight: boolean;
  uniformDelay: boolean;
  frameStruct: string;
}

export function connectShader(o: ConnectShaderOptions): string {
  const r = o.rule;
  const fill = o.pass === 'fill';
  const sample = o.pass === 'sample';
  const inDegree = r === 'fixedInDegree';
  return wgsl`// connect — ${r} rows (${o.pass} pass) from Philox4x32-10 keyed (seed, stream = projection), counter (column, row, stream, 0 | 1 weight | 2 delay).
${o.frameStruct}
@group(0) @binding(0) var<uniform> frame: Frame;
#if ${sample}
@group(0) @binding(1) var<storage, read_write> rowLength: array<atomic<u32>>;
#else
@group(0) @binding(1) var<storage, read_write> rowLength: array<u32>;
#endif
#if ${inDegree}
// Per post neuron j: a hash set of its sampled pool indices + 1 (0 = empty), tableSize slots.
@group(0) @binding(2) var<storage, read_write> table: array<u32>;
#endif
#if ${fill}
@group(0) @binding(${inDegree ? 3 : 2}) var<storage, read_write> ind: array<u32>;
@group(0) @binding(${inDegree ? 4 : 3}) var<storage, read_write> weight: array<i32>;
#if ${o.uniformDelay}
@group(0) @binding(${inDegree ? 5 : 4}) var<storage, read_write> delay: array<u32>;
#endif
#endif
${PHILOX_WGSL}
${NO_CONTRACT_WGSL}
fn draw(column: u32, row: u32, which: u32) -> u32 {
  return philox4x32_10(vec4<u32>(column, row, frame.stream, which), vec2<u32>(frame.seedLo, frame.seedHi)).x;
}

// Uniform integer in [0, n): the high word of word * n (as randomBelow in TypeScript).
fn randomBelow(word: u32, n: u32) -> u32 {
  return mulhilo32(word, n).x;
}
#if ${inDegree}

// Slot of pool index v in column j's set: where it is, or the empty slot where it would go.
fn findSlot(j: u32, v: u32) -> u32 {
  let base = j * frame.tableSize;
  var h = (v * 2654435761u) >> frame.tableShift;
  loop {
    let e = table[base + h];
    if (e == 0u || e == v + 1u) {
      return base + h;
    }
    h = (h + 1u) & (frame.tableSize - 1u);
  }
}

// Pool index of pre neuron i for column j (the neuron itself is left out without autapses).
fn poolIndex(i: u32, j: u32) -> u32 {
  return select(i, i - 1u, frame.skipSelf != 0u && i > j);
}
#endif
#if ${sample}

// Floyd's algorithm, as floydSample in host/model/connect.ts: for d < k, jj = pool - k + d,
// t = below(jj + 1); keep t, or jj when t was kept before.
@compute @workgroup_size(${o.workgroupSize})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let j = gid.x + gid.y * frame.rowsPerY;
  if (j >= frame.nPost) {
    return;
  }
  for (var d = frame.j0; d < frame.j1; d = d + 1u) {
    let jj = frame.pool - frame.k + d;
    let t = randomBelow(draw(d, j, 0u), jj + 1u);
    var at = findSlot(j, t);
    var v = t;
    if (table[at] != 0u) {
      v = jj;
      at = findSlot(j, jj);
    }
    table[at] = v + 1u;
    let pre = select(v, v + 1u, frame.skipSelf != 0u && v >= j);
    atomicAdd(&rowLength[pre], 1u);
  }
}
#else

@compute @workgroup_size(${o.workgroupSize})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x + gid.y * frame.rowsPerY;
  if (i >= frame.nPre) {
    return;
  }
  // Carried from the previous column range (rowLength is cleared before the first).
  var count = rowLength[i];
  var seen = frame.j0 - select(0u, 1u, frame.skipSelf != 0u && i < frame.j0);
  for (var j = frame.j0; j < frame.j1; j = j + 1u) {
    if (frame.skipSelf != 0u && i == j) {
      continue;
    }
#if ${r === 'oneToOne'}
    let take = i == j;
#elif ${r === 'allToAll'}
    let take = true;
#elif ${r === 'fixedProbability'}
    let take = frame.allPairs != 0u || draw(j, i, 0u) < frame.threshold;
#elif ${inDegree}
    let take = table[findSlot(j, poolIndex(i, j))] != 0u;
#else
    if (count >= frame.k) {
      break;
    }
    let take = randomBelow(draw(j, i, 0u), frame.pool - seen) < frame.k - count;
    seen = seen + 1u;
#endif
    if (take) {
#if ${fill}
      let at = i * frame.maxRow + count;
      ind[at] = j;
#if ${o.uniformWeight}
      let w = frame.wLo + noContract(frame.wRange * uniform01(draw(count, i, 1u)));
      weight[at] = i32(floor(noContract(w * frame.scale) + 0.5));
#else
      weight[at] = frame.qConst;
#endif
#if ${o.uniformDelay}
      delay[at] = frame.dLo + randomBelow(draw(count, i, 2u), frame.dSpan);
#endif
#endif
      count = count + 1u;
    }
  }
  rowLength[i] = count;
}
#endif
`;
}
