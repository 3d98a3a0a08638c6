/**
 * propagate: event-driven synaptic scatter over ragged rows (GeNN's SPARSE: row_length / ind),
 * one thread per spike of an instance, dispatched indirectly from the spike count (no readback).
 * Weights are i32 fixed point and added with atomicAdd, so the sum does not depend on thread order.
 */
import { wgsl } from 'wgsl-preprocessor/wgsl-preprocessor.js';
import { DELIVERY_INPUTS_WGSL, DELIVERY_WGSL } from './common/delivery.wgsl';

export interface PropagateShaderOptions {
  workgroupSize: number;
  /** One delay per synapse (array) instead of one per projection (uniform). */
  perSynapseDelay: boolean;
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
@compute @workgroup_size(${o.workgroupSize})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let k = gid.x;
  let b = gid.y;
  if (k >= spikeCount[b]) {
    return;
  }
  let pre = spikeList[b * frame.nPre + k];
  let base = pre * frame.maxRow;
  let len = rowLength[pre];
  let instance = b * frame.nPost;
  var wraps = 0u;
  for (var s = 0u; s < len; s = s + 1u) {
    let post = ind[base + s];
    let w = weight[base + s];
#if ${o.perSynapseDelay}
    let d = delay[base + s];
#else
    let d = frame.delay;
#endif
    let slot = (clock.step + d) % frame.slots;
    let old = atomicAdd(&acc[slot * frame.slotWords + instance + post], w);
    // The sum the atomic made; a wrapped partial sum is counted.
    _ = addWrapped(old, w, &wraps);
  }
  countDelivery(3u * frame.counterIndex, len, wraps);
}
`;
}
