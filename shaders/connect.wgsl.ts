/**
 * connect: generates a projection's ragged rows on the GPU from Philox, one thread per pre neuron,
 * bit-identical to host/random/rows.ts (the oracle): Bernoulli pairs (draw < p 2^32) for
 * fixedProbability, selection sampling (Knuth's algorithm S, integer arithmetic) for fixedOutDegree,
 * allToAll and oneToOne; constant, f32-uniform or f32-normal fixed-point weights (normalF32: Box-Muller in
 * f32 +, -, * only, bit for bit host/random/normal-f32.ts; clipped to [low, high]), constant,
 * uniform-integer or normal delays (rounded to steps in f32, kept within their step bounds).
 * A 'count' pass writes rowLength; the host sizes the rows (maxRow) and a 'fill' pass writes them.
 * fixedInDegree: a 'sample' pass, one thread per post neuron j, draws its k pre neurons by Floyd's
 * algorithm (as the oracle) into a per-column hash set and counts them into rowLength. Then either a
 * 'scatter' pass (each column appends j to its pre neurons' rows with atomics) and a 'sort' pass (each
 * row heap-sorts its entries, then draws weights and delays by position), or, for rows too long to
 * sort within the loop budget, the fill pass walking each row's columns in order and taking j when the
 * row is in j's set. Either way rows come out sorted, exactly as the oracle's.
 * fixedTotalNumber (with multapses): one thread per synapse s draws its pair (i, j) as the oracle
 * (attempt a: Philox counter (a, s, stream, 0), redrawn while i = j without autapses); one 'fill' pass
 * takes the next slot of row i (atomics: arrival order; rows sized by the plan's bound, a row that would
 * pass it counted but not written, and then filled again at the counted length) and writes j and s's values, drawn by
 * s from one Philox call (counter (0, s, stream, 1): words x, y the weight's, z, w the delay's). Rows hold the oracle's synapses, in another order within a row.
 * Each dispatch covers the columns [j0, j1) and carries the row's count in rowLength, so no
 * invocation loops more than a few thousand times: Mesa's llvmpipe silently ends every loop of an
 * invocation after 65 535 iterations in total.
 */
import { PHILOX_WGSL } from './common/philox.wgsl.js';
import { NO_CONTRACT_WGSL } from './common/no-contract.wgsl.js';
import { NORMAL_F32_WGSL } from './common/normal-f32.wgsl.js';

export type ConnectRule = 'allToAll' | 'oneToOne' | 'fixedProbability' | 'fixedOutDegree' | 'fixedInDegree' | 'fixedTotalNumber';

/** 'sample', 'scatter' and 'sort' are fixedInDegree's; 'count' and 'fill' every rule's. */
export type ConnectPass = 'sample' | 'count' | 'fill' | 'scatter' | 'sort';

export interface ConnectShaderOptions {
  workgroupSize: number;
  rule: ConnectRule;
  pass: ConnectPass;
  uniformWeight: boolean;
  uniformDelay: boolean;
  /** Normal weights (mean, sd, clipped to [wLow, wHigh]). */
  normalWeight?: boolean;
  /** Normal delays in steps (dMean, dSd, kept within [dLo, dHi]). */
  normalDelay?: boolean;
  frameStruct: string;
}

/** The storage bindings of each pass, in binding order (after the frame at 0). */
export function connectPassBuffers(o: Pick<ConnectShaderOptions, 'rule' | 'pass' | 'uniformDelay' | 'normalDelay'>): string[] {
  const rows = ['ind', 'weight', ...(o.uniformDelay || o.normalDelay ? ['delay'] : [])];
  switch (o.pass) {
    case 'sample': return ['rowLength', 'table'];
    case 'count': return ['rowLength'];
    case 'scatter': return ['rowLength', 'table', 'ind'];
    case 'sort': return ['rowLength', ...rows];
    case 'fill': return ['rowLength', ...(o.rule === 'fixedInDegree' ? ['table'] : []), ...rows];
  }
}

const DECLS: Record<string, (atomicRows: boolean) => string> = {
  rowLength: (atomicRows) => `var<storage, read_write> rowLength: array<${atomicRows ? 'atomic<u32>' : 'u32'}>;`,
  // Per post neuron j: a hash set of its sampled pool indices + 1 (0 = empty), tableSize slots.
  table: () => 'var<storage, read_write> table: array<u32>;',
  ind: () => 'var<storage, read_write> ind: array<u32>;',
  weight: () => 'var<storage, read_write> weight: array<i32>;',
  delay: () => 'var<storage, read_write> delay: array<u32>;',
};

/**
 * Writes a synapse's weight and delay at `at` from their words (wz: the weight's, dz: the delay's; the
 * first word for uniform draws, both for normal ones). writeValues draws them by (ordinal, row): the
 * weight's from Philox counter (ordinal, i, stream, 1), the delay's from (ordinal, i, stream, 2).
 */
function valuesWgsl(o: ConnectShaderOptions): string {
  const drawnWeight = o.uniformWeight || o.normalWeight === true;
  const drawnDelay = o.uniformDelay || o.normalDelay === true;
  return `
fn writeValuesFrom(wz: vec2<u32>, dz: vec2<u32>, at: u32) {
${o.uniformWeight ? `  let w = frame.wLo + noContract(frame.wRange * uniform01(wz.x));
  weight[at] = i32(floor(noContract(w * frame.scale) + 0.5));` : o.normalWeight ? `  let w = clamp(frame.wMean + noContract(frame.wSd * normalF32(wz.x, wz.y)), frame.wLow, frame.wHigh);
  weight[at] = i32(floor(noContract(w * frame.scale) + 0.5));` : '  weight[at] = frame.qConst;'}
${o.uniformDelay ? '  delay[at] = frame.dLo + randomBelow(dz.x, frame.dSpan);' : ''}${o.normalDelay ? `  let steps = floor(frame.dMean + noContract(frame.dSd * normalF32(dz.x, dz.y)) + 0.5);
  delay[at] = u32(clamp(steps, f32(frame.dLo), f32(frame.dHi)));` : ''}
}

fn writeValues(i: u32, ordinal: u32, at: u32) {
  writeValuesFrom(${drawnWeight ? 'drawPair(ordinal, i, 1u)' : 'vec2<u32>(0u)'}, ${drawnDelay ? 'drawPair(ordinal, i, 2u)' : 'vec2<u32>(0u)'}, at);
}
`;
}

function mainWgsl(o: ConnectShaderOptions): string {
  const r = o.rule;
  const grid = (index: string, limit: string) => `@compute @workgroup_size(${o.workgroupSize})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let ${index} = gid.x + gid.y * frame.rowsPerY;
  if (${index} >= ${limit}) {
    return;
  }`;
  if (r === 'fixedTotalNumber') {
    return `
// Synapse s: its pair, as host/random/rows.ts, written at the next slot of its row.
${grid('s', 'frame.total')}
  var i = 0u;
  var j = 0u;
  for (var a = 0u; a < 64u; a = a + 1u) {
    let w = drawPair(a, s, 0u);
    i = randomBelow(w.x, frame.nPre);
    j = randomBelow(w.y, frame.nPost);
    if (!(frame.skipSelf != 0u && i == j)) {
      break;
    }
  }
${o.pass !== 'fill' ? '' : `  // Rows have the plan's capacity (maxRow); a row that would pass it is counted, not written (the host retries).
  let slot = atomicAdd(&rowLength[i], 1u);
  if (slot >= frame.maxRow) {
    return;
  }
  let at = i * frame.maxRow + slot;
  ind[at] = j;
  // One Philox call for both values: the weight's words (x, y), the delay's (z, w).
  let v = ${o.uniformWeight || o.normalWeight || o.uniformDelay || o.normalDelay ? 'philox4x32_10(vec4<u32>(0u, s, frame.stream, 1u), vec2<u32>(frame.seedLo, frame.seedHi))' : 'vec4<u32>(0u)'};
  writeValuesFrom(v.xy, v.zw, at);`}
}`;
  }
  switch (o.pass) {
    case 'sample':
      return `
// Floyd's algorithm, as floydSample in host/random/rows.ts: for d < k, jj = pool - k + d,
// t = below(jj + 1); keep t, or jj when t was kept before. This dispatch does steps [j0, j1).
${grid('j', 'frame.nPost')}
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
    atomicAdd(&rowLength[preOf(v, j)], 1u);
  }
}
`;
    case 'scatter':
      return `
// Column j appends itself to the rows of its pre neurons (slots [j0, j1) of its set); the order
// within a row is arbitrary until the sort pass.
${grid('j', 'frame.nPost')}
  let base = j * frame.tableSize;
  for (var q = frame.j0; q < frame.j1; q = q + 1u) {
    let e = table[base + q];
    if (e != 0u) {
      let pre = preOf(e - 1u, j);
      let slot = atomicAdd(&rowLength[pre], 1u);
      ind[pre * frame.maxRow + slot] = j;
    }
  }
}
`;
    case 'sort':
      return `
// Heap sort of row i's columns (at most 2 len log2(len) + len loop iterations), then its values.
fn siftDown(base: u32, start: u32, end: u32) {
  var root = start;
  loop {
    let child = 2u * root + 1u;
    if (child >= end) {
      break;
    }
    var big = child;
    if (child + 1u < end && ind[base + child + 1u] > ind[base + child]) {
      big = child + 1u;
    }
    if (ind[base + big] <= ind[base + root]) {
      break;
    }
    let tmp = ind[base + root];
    ind[base + root] = ind[base + big];
    ind[base + big] = tmp;
    root = big;
  }
}

${grid('i', 'frame.nPre')}
  let len = rowLength[i];
  let base = i * frame.maxRow;
  for (var s = len / 2u; s > 0u; s = s - 1u) {
    siftDown(base, s - 1u, len);
  }
  for (var end = len; end > 1u; end = end - 1u) {
    let tmp = ind[base];
    ind[base] = ind[base + end - 1u];
    ind[base + end - 1u] = tmp;
    siftDown(base, 0u, end - 1u);
  }
  for (var s = 0u; s < len; s = s + 1u) {
    writeValues(i, s, base + s);
  }
}
`;
    case 'count':
    case 'fill': {
      const take = r === 'oneToOne' ? 'let take = i == j;'
        : r === 'allToAll' ? 'let take = true;'
          : r === 'fixedProbability' ? 'let take = frame.allPairs != 0u || draw(j, i, 0u) < frame.threshold;'
            : r === 'fixedInDegree' ? 'let take = table[findSlot(j, poolIndex(i, j))] != 0u;'
              : `if (count >= frame.k) {
      break;
    }
    let take = randomBelow(draw(j, i, 0u), frame.pool - seen) < frame.k - count;
    seen = seen + 1u;`;
      return `
// Row i over the columns [j0, j1); its count is carried in rowLength (cleared before the first range).
${grid('i', 'frame.nPre')}
  var count = rowLength[i];
  var seen = frame.j0 - select(0u, 1u, frame.skipSelf != 0u && i < frame.j0);
  for (var j = frame.j0; j < frame.j1; j = j + 1u) {
    if (frame.skipSelf != 0u && i == j) {
      continue;
    }
    ${take}
    if (take) {${o.pass === 'fill' ? `
      ind[i * frame.maxRow + count] = j;
      writeValues(i, count, i * frame.maxRow + count);` : ''}
      count = count + 1u;
    }
  }
  rowLength[i] = count;
}
`;
    }
  }
}

export function connectShader(o: ConnectShaderOptions): string {
  const inDegree = o.rule === 'fixedInDegree';
  const buffers = connectPassBuffers(o);
  const atomicRows = o.pass === 'sample' || o.pass === 'scatter' || o.rule === 'fixedTotalNumber';
  const writes = o.pass === 'fill' || o.pass === 'sort';
  return `// connect — ${o.rule} rows (${o.pass} pass) from Philox4x32-10 keyed (seed, stream = projection), counter (column, row, stream, 0 | 1 weight | 2 delay).
${o.frameStruct}
@group(0) @binding(0) var<uniform> frame: Frame;
${buffers.map((b, k) => `@group(0) @binding(${k + 1}) ${DECLS[b]!(atomicRows)}`).join('\n')}
${PHILOX_WGSL}
${NO_CONTRACT_WGSL}
fn draw(column: u32, row: u32, which: u32) -> u32 {
  return philox4x32_10(vec4<u32>(column, row, frame.stream, which), vec2<u32>(frame.seedLo, frame.seedHi)).x;
}
${o.pass === 'fill' || o.pass === 'sort' || o.rule === 'fixedTotalNumber' ? `
fn drawPair(column: u32, row: u32, which: u32) -> vec2<u32> {
  return philox4x32_10(vec4<u32>(column, row, frame.stream, which), vec2<u32>(frame.seedLo, frame.seedHi)).xy;
}
${o.normalWeight || o.normalDelay ? NORMAL_F32_WGSL : ''}` : ''}
// Uniform integer in [0, n): the high word of word * n (as randomBelow in TypeScript).
fn randomBelow(word: u32, n: u32) -> u32 {
  return mulhilo32(word, n).x;
}
${inDegree ? `
// Pre neuron of pool index v for column j (the neuron itself is left out without autapses), and back.
fn preOf(v: u32, j: u32) -> u32 {
  return select(v, v + 1u, frame.skipSelf != 0u && v >= j);
}
fn poolIndex(i: u32, j: u32) -> u32 {
  return select(i, i - 1u, frame.skipSelf != 0u && i > j);
}
${o.pass !== 'sort' ? `
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
}` : ''}` : ''}
${writes ? valuesWgsl(o) : ''}
${mainWgsl(o)}`;
}
