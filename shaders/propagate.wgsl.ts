/**
 * propagate: event-driven synaptic scatter over ragged rows (GeNN's SPARSE: row_length / ind),
 * dispatched indirectly from the spike count (no readback), one workgroup per block of
 * `workgroupSize` spikes of an instance. Two strategies, the same result bit for bit:
 *  - 'thread': one thread per spike walks its whole row (short rows; CPU adapters);
 *  - 'workgroup': the workgroup takes its block's spikes one after another and its threads stride
 *    over each row together, so neighbouring threads read neighbouring synapses (coalesced loads;
 *    long rows on GPUs; as GeNN's presynaptic span with a team per row).
 * Weights are i32 fixed point and added with atomicAdd, so the sum does not depend on thread order.
 */
import { wgsl } from 'wgsl-preprocessor/wgsl-preprocessor.js';
import { DELIVERY_INPUTS_WGSL, DELIVERY_WGSL } from './common/delivery.wgsl.js';

export interface PropagateShaderOptions {
  workgroupSize: number;
  /** One delay per synapse (array) instead of one per projection (uniform). */
  perSynapseDelay: boolean;
  /** 'thread': a thread per spike; 'workgroup': the workgroup's threads stride over each of its spikes' rows. */
  strategy: 'thread' | 'workgroup';
  frameStruct: string;
  clockStruct: string;
}

export function propagateShader(o: PropagateShaderOptions): string {
  return wgsl`// propagate — for every spike of pre neuron i at step t, for every synapse s of row i:
//   acc[(t + delay_s) % slots][b][ind_s] += weight_s      (i32 fixed point, atomicAdd)
// Event-driven: cost grows with spikes x fan-out, not with the number of synapses. A wrapped partial
// sum (i32 overflow) is counted in counters[3p]; counters[3p+1..3p+2] count synaptic events (64-bit).
// After GeNN's presynaptic-span sparse update.
${o.frameStruct}
${o.clockStruct}
${DELIVERY_INPUTS_WGSL}
@group(0) @binding(4) var<storage, read> rowLength: array<u32>;
@group(0) @binding(5) var<storage, read> ind: array<u32>;
@group(0) @binding(6) var<storage, read> weight: array<i32>;
@group(0) @binding(7) var<storage, read_write> acc: array<atomic<i32>>;
@group(0) @binding(8) var<storage, read_write> counters: array<atomic<u32>>;
#if ${o.perSynapseDelay}
@group(0) @binding(9) var<storage, read> delay: array<u32>;
#endif
${DELIVERY_WGSL}
// One synapse s of row pre: its post target takes the weight in the delay slot of its arrival.
fn deliver(pre: u32, s: u32, instance: u32, wraps: ptr<function, u32>) {
  let at = pre * frame.maxRow + s;
  let post = ind[at];
  let w = weight[at];
#if ${o.perSynapseDelay}
  let d = delay[at];
#else
  let d = frame.delay;
#endif
  let slot = (clock.step + d) % frame.slots;
  let old = atomicAdd(&acc[slot * frame.slotWords + instance + post], w);
  // The sum the atomic made; a wrapped partial sum is counted.
  _ = addWrapped(old, w, wraps);
}

#if ${o.strategy === 'thread'}
@compute @workgroup_size(${o.workgroupSize})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let k = gid.x;
  let b = gid.y;
  if (k >= spikeCount[b]) {
    return;
  }
  let pre = spikeList[b * frame.nPre + k];
  let len = rowLength[pre];
  var wraps = 0u;
  for (var s = 0u; s < len; s = s + 1u) {
    deliver(pre, s, b * frame.nPost, &wraps);
  }
  countDelivery(3u * frame.counterIndex, len, wraps);
}
#else
@compute @workgroup_size(${o.workgroupSize})
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_id) local: vec3<u32>) {
  let b = group.y;
  let first = group.x * ${o.workgroupSize}u;
  let last = min(first + ${o.workgroupSize}u, spikeCount[b]);
  var events = 0u;
  var wraps = 0u;
  for (var k = first; k < last; k = k + 1u) {
    let pre = spikeList[b * frame.nPre + k];
    let len = rowLength[pre];
    for (var s = local.x; s < len; s = s + ${o.workgroupSize}u) {
      deliver(pre, s, b * frame.nPost, &wraps);
      events = events + 1u;
    }
  }
  countDelivery(3u * frame.counterIndex, events, wraps);
}
#endif
`;
}
