/**
 * procedural: delivers spikes through fixed-probability connectivity that is never stored: the
 * synapse (i, j) exists iff Philox(j, i, stream, 0).x < p 2^32, and its weight is a constant or
 * f32-uniform draw from Philox(j, i, stream, 1) (GeNN's procedural connectivity, with integer
 * Bernoulli tests instead of geometric skipping so every implementation regenerates it exactly).
 * One thread per (post neuron j, instance b) walks this step's spikes and adds its sum once, as the
 * dense gather does: no atomics on the accumulator, cost spikes x post neurons x one Philox draw.
 */
import { wgsl } from 'wgsl-preprocessor/wgsl-preprocessor.js';
import { PHILOX_WGSL } from './common/philox.wgsl.js';
import { NO_CONTRACT_WGSL } from './common/no-contract.wgsl.js';
import { DELIVERY_INPUTS_WGSL, DELIVERY_WGSL } from './common/delivery.wgsl.js';

export interface ProceduralShaderOptions {
  workgroupSize: number;
  uniformWeight: boolean;
  frameStruct: string;
  clockStruct: string;
}

export function proceduralShader(o: ProceduralShaderOptions): string {
  return wgsl`// procedural — for spike of pre i, for post j in this thread's chunk: if draw(j, i) < threshold:
//   acc[(t + delay) % slots][b][j] += weight(i, j)   (nothing stored but the parameters)
${o.frameStruct}
${o.clockStruct}
${DELIVERY_INPUTS_WGSL}
@group(0) @binding(4) var<storage, read_write> acc: array<i32>;
@group(0) @binding(5) var<storage, read_write> counters: array<atomic<u32>>;
${PHILOX_WGSL}
${NO_CONTRACT_WGSL}
fn draw(column: u32, row: u32, which: u32) -> u32 {
  return philox4x32_10(vec4<u32>(column, row, frame.stream, which), vec2<u32>(frame.seedLo, frame.seedHi)).x;
}

${DELIVERY_WGSL}
@compute @workgroup_size(${o.workgroupSize})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let j = gid.x;
  let b = gid.y;
  let count = spikeCount[b];
  if (j >= frame.nPost || count == 0u) {
    return;
  }
  var sum = 0;
  var events = 0u;
  var wraps = 0u;
  for (var k = 0u; k < count; k = k + 1u) {
    let i = spikeList[b * frame.nPre + k];
    if (frame.skipSelf != 0u && i == j) {
      continue;
    }
    if (frame.allPairs == 0u && draw(j, i, 0u) >= frame.threshold) {
      continue;
    }
#if ${o.uniformWeight}
    let wf = frame.wLo + noContract(frame.wRange * uniform01(draw(j, i, 1u)));
    sum = addWrapped(sum, i32(floor(noContract(wf * frame.scale) + 0.5)), &wraps);
#else
    sum = addWrapped(sum, frame.qConst, &wraps);
#endif
    events = events + 1u;
  }
  let at = ((clock.step + frame.delay) % frame.slots) * frame.slotWords + b * frame.nPost + j;
  acc[at] = addWrapped(acc[at], sum, &wraps);
  countDelivery(3u * frame.counterIndex, events, wraps);
}
`;
}
