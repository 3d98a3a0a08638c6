/**
 * propagate: event-driven synaptic scatter over ragged rows (GeNN's SPARSE: row_length / ind) for
 * every sparse projection of a synapse page at once, whatever their pre populations (issue 27:
 * commands per step). Dispatched indirectly from the spike header arena's shared args (the busiest
 * population's count: no readback), one workgroup per block of `workgroupSize` spikes of an
 * instance; a thread past its projection's pre population's count skips it. The spike counts and
 * lists are read from the spike arenas (host/kernels/spike-slots.ts). The projections' rows live in a synapse page
 * (host/sim/arenas.ts): `ind` holds a table of targets (PROPAGATE_TARGET_WORDS words each, from
 * word 0), then each projection's row lengths and post indices; `weight` the weights at the same
 * words; `delay` the per-synapse delays of those that have them. Every post population's input
 * ring lies in one accumulator arena (`acc`), at the word the table names. Two strategies, the
 * same result bit for bit:
 *  - 'thread': one thread per spike walks its row of every projection (short rows; CPU adapters);
 *  - 'workgroup': the workgroup takes its block's spikes one after another and its threads stride
 *    over each row together, so neighbouring threads read neighbouring synapses (coalesced loads;
 *    long rows on GPUs; as GeNN's presynaptic span with a team per row).
 * Weights are i32 fixed point and added with atomicAdd, so the sum depends neither on thread order
 * nor on which dispatch a projection shares.
 */
import { wgsl } from 'wgsl-preprocessor/wgsl-preprocessor.js';
import { DELIVERY_INPUTS_WGSL, DELIVERY_WGSL } from './common/delivery.wgsl.js';
import { SLOT_ALIGN_WORDS } from './common/spike-slots.wgsl.js';

/**
 * u32 words of one table entry: rowBase, synBase, maxRow, nPost, accBase, slots, slotWords, delayBase,
 * delay, counter, countBase (the pre population's header word in the header arena), listBase (its
 * list's word in the list arena), nPre.
 */
export const PROPAGATE_TARGET_WORDS = 13;
/** delayBase of a projection with one delay (the table's `delay` word). */
export const NO_DELAY_ARRAY = 0xffffffff;

export interface PropagateShaderOptions {
  workgroupSize: number;
  /** Some projection of the page has one delay per synapse (the `delay` array is bound). */
  perSynapseDelay: boolean;
  /** 'thread': a thread per spike; 'workgroup': the workgroup's threads stride over each of its spikes' rows. */
  strategy: 'thread' | 'workgroup';
  frameStruct: string;
  clockStruct: string;
}

export function propagateShader(o: PropagateShaderOptions): string {
  return wgsl`// propagate — for every spike of pre neuron i at step t, for every projection j of the page, for
// every synapse s of row i of j:
//   acc[accBase_j + ((t + delay_s) % slots_j) * slotWords_j + b * nPost_j + ind_s] += weight_s
// (i32 fixed point, atomicAdd). Event-driven: cost grows with spikes x fan-out, not with the number
// of synapses. A wrapped partial sum (i32 overflow) is counted in counters[3c]; counters[3c+1..3c+2]
// count synaptic events (64-bit), c the projection's counter. After GeNN's presynaptic-span update.
${o.frameStruct}
${o.clockStruct}
${DELIVERY_INPUTS_WGSL}
@group(0) @binding(4) var<storage, read> ind: array<u32>;
@group(0) @binding(5) var<storage, read> weight: array<i32>;
@group(0) @binding(6) var<storage, read_write> acc: array<atomic<i32>>;
@group(0) @binding(7) var<storage, read_write> counters: array<atomic<u32>>;
#if ${o.perSynapseDelay}
@group(0) @binding(8) var<storage, read> delay: array<u32>;
#endif
${DELIVERY_WGSL}
// One projection of the page, as its table entry in ind[] says (host/sim/arenas.ts).
struct Target {
  rowBase: u32, synBase: u32, maxRow: u32, nPost: u32, accBase: u32, slots: u32, slotWords: u32, delayBase: u32, delay: u32, counter: u32,
  countBase: u32, listBase: u32, nPre: u32,
}
fn targetOf(j: u32) -> Target {
  let e = j * ${PROPAGATE_TARGET_WORDS}u;
  return Target(ind[e], ind[e + 1u], ind[e + 2u], ind[e + 3u], ind[e + 4u], ind[e + 5u], ind[e + 6u], ind[e + 7u], ind[e + 8u], ind[e + 9u],
    ind[e + 10u], ind[e + 11u], ind[e + 12u]);
}

// Word of this step's count slot within a population's header (host/kernels/spike-slots.ts).
fn stepSlot() -> u32 {
  return (clock.step & 1u) * (((frame.batch + ${3 + SLOT_ALIGN_WORDS - 1}u) / ${SLOT_ALIGN_WORDS}u) * ${SLOT_ALIGN_WORDS}u);
}

// Synapse s of row pre of projection t: its post target takes the weight in the delay slot of its arrival.
fn deliver(t: Target, pre: u32, s: u32, b: u32, wraps: ptr<function, u32>) {
  let at = pre * t.maxRow + s;
  let post = ind[t.synBase + at];
  let w = weight[t.synBase + at];
  var d = t.delay;
#if ${o.perSynapseDelay}
  if (t.delayBase != ${NO_DELAY_ARRAY}u) {
    d = delay[t.delayBase + at];
  }
#endif
  let slot = (clock.step + d) % t.slots;
  let old = atomicAdd(&acc[t.accBase + slot * t.slotWords + b * t.nPost + post], w);
  // The sum the atomic made; a wrapped partial sum is counted.
  _ = addWrapped(old, w, wraps);
}

#if ${o.strategy === 'thread'}
@compute @workgroup_size(${o.workgroupSize})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let k = gid.x;
  let b = gid.y;
  let slot = stepSlot();
  for (var j = 0u; j < frame.projections; j = j + 1u) {
    let t = targetOf(j);
    if (k >= spikeCount[t.countBase + slot + b]) {
      continue;
    }
    let pre = spikeList[t.listBase + b * t.nPre + k];
    let len = ind[t.rowBase + pre];
    var wraps = 0u;
    for (var s = 0u; s < len; s = s + 1u) {
      deliver(t, pre, s, b, &wraps);
    }
    countDelivery(3u * t.counter, len, wraps);
  }
}
#else
@compute @workgroup_size(${o.workgroupSize})
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_id) local: vec3<u32>) {
  let b = group.y;
  let first = group.x * ${o.workgroupSize}u;
  let slot = stepSlot();
  for (var j = 0u; j < frame.projections; j = j + 1u) {
    let t = targetOf(j);
    let last = min(first + ${o.workgroupSize}u, spikeCount[t.countBase + slot + b]);
    var events = 0u;
    var wraps = 0u;
    for (var k = first; k < last; k = k + 1u) {
      let pre = spikeList[t.listBase + b * t.nPre + k];
      let len = ind[t.rowBase + pre];
      for (var s = local.x; s < len; s = s + ${o.workgroupSize}u) {
        deliver(t, pre, s, b, &wraps);
        events = events + 1u;
      }
    }
    countDelivery(3u * t.counter, events, wraps);
  }
}
#endif
`;
}
