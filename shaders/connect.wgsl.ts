/**
 * connect: generates a projection's ragged rows on the GPU from Philox, one thread per pre neuron,
 * bit-identical to host/model/connect.ts (the oracle): Bernoulli pairs (draw < p 2^32) for
 * fixedProbability, selection sampling (Knuth's algorithm S, integer arithmetic) for fixedOutDegree,
 * allToAll and oneToOne; constant or f32-uniform fixed-point weights, constant or uniform-integer delays.
 * A 'count' pass writes rowLength; the host sizes the rows (maxRow) and a 'fill' pass writes them.
 */
import { wgsl } from 'wgsl-preprocessor/wgsl-preprocessor.js';
import { PHILOX_WGSL } from './common/philox.wgsl';
import { NO_CONTRACT_WGSL } from './common/no-contract.wgsl';

export type ConnectRule = 'allToAll' | 'oneToOne' | 'fixedProbability' | 'fixedOutDegree';

export interface ConnectShaderOptions {
  workgroupSize: number;
  rule: ConnectRule;
  fill: boolean;
  uniformWeight: boolean;
  uniformDelay: boolean;
  frameStruct: string;
}

export function connectShader(o: ConnectShaderOptions): string {
  const r = o.rule;
  return wgsl`// connect — ${r} rows from Philox4x32-10 keyed (seed, stream = projection), counter (column, row, stream, 0 | 1 weight | 2 delay).
${o.frameStruct}
@group(0) @binding(0) var<uniform> frame: Frame;
@group(0) @binding(1) var<storage, read_write> rowLength: array<u32>;
#if ${o.fill}
@group(0) @binding(2) var<storage, read_write> ind: array<u32>;
@group(0) @binding(3) var<storage, read_write> weight: array<i32>;
#if ${o.uniformDelay}
@group(0) @binding(4) var<storage, read_write> delay: array<u32>;
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

@compute @workgroup_size(${o.workgroupSize})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x + gid.y * frame.rowsPerY;
  if (i >= frame.nPre) {
    return;
  }
  var count = 0u;
  var seen = 0u;
  for (var j = 0u; j < frame.nPost; j = j + 1u) {
    if (frame.skipSelf != 0u && i == j) {
      continue;
    }
#if ${r === 'oneToOne'}
    let take = i == j;
#elif ${r === 'allToAll'}
    let take = true;
#elif ${r === 'fixedProbability'}
    let take = frame.allPairs != 0u || draw(j, i, 0u) < frame.threshold;
#else
    if (count >= frame.k) {
      break;
    }
    let take = randomBelow(draw(j, i, 0u), frame.pool - seen) < frame.k - count;
    seen = seen + 1u;
#endif
    if (take) {
#if ${o.fill}
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
`;
}
