/**
 * gather: the dense strategy for all-to-all projections. One thread per (post neuron, instance)
 * sums the weights of this step's spiking pre neurons (read from the compact spike list) and adds
 * the sum to its accumulator once: no atomics, coalesced weight reads, cost spikes x post neurons.
 * Weights are read in place from the projection's rows (every post neuron, minus i -> i when
 * autapses are excluded). Exact i32 arithmetic, so it equals the sparse path bit for bit.
 */
import { DELIVERY_INPUTS_WGSL, DELIVERY_WGSL } from './common/delivery.wgsl.js';

export interface GatherShaderOptions {
  workgroupSize: number;
  frameStruct: string;
  clockStruct: string;
}

export function gatherShader(o: GatherShaderOptions): string {
  return /* wgsl */ `// gather — acc[(t + delay) % slots][b][j] += sum over spikes i of weight(i, j)  (dense all-to-all)
${o.frameStruct}
${o.clockStruct}
${DELIVERY_INPUTS_WGSL}
@group(0) @binding(4) var<storage, read> weight: array<i32>;
@group(0) @binding(5) var<storage, read_write> acc: array<i32>;
@group(0) @binding(6) var<storage, read_write> counters: array<atomic<u32>>;

${DELIVERY_WGSL}
@compute @workgroup_size(${o.workgroupSize})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let j = gid.x;
  let b = gid.y;
  let count = spikeCount[b];
  let c = 3u * frame.counterIndex;
  if (j == 0u) {
    // SynOps of this step: every spike reaches a full row.
    countDelivery(c, count * frame.rowLength, 0u);
  }
  if (j >= frame.nPost || count == 0u) {
    return;
  }
  var sum = 0;
  var wraps = 0u;
  for (var k = 0u; k < count; k = k + 1u) {
    let pre = spikeList[b * frame.nPre + k];
    if (frame.skipSelf != 0u && pre == j) {
      continue;
    }
    var pos = j;
    if (frame.skipSelf != 0u && j > pre) {
      pos = j - 1u;
    }
    sum = addWrapped(sum, weight[pre * frame.maxRow + pos], &wraps);
  }
  let at = ((clock.step + frame.delay) % frame.slots) * frame.slotWords + b * frame.nPost + j;
  acc[at] = addWrapped(acc[at], sum, &wraps);
  countDelivery(c, 0u, wraps);
}
`;
}
