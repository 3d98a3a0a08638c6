/**
 * propagate: event-driven synaptic scatter over ragged rows (GeNN's SPARSE: row_length / ind) for
 * every sparse projection of one or more synapse pages at once, whatever their pre populations (issue 27:
 * commands per step). Dispatched indirectly from the spike header arena's shared args (the busiest
 * population's count: no readback), one workgroup per block of `workgroupSize` spikes of an
 * instance; a thread past its projection's pre population's count skips it. The spike counts and
 * lists are read from the spike arenas (host/kernels/spike-slots.ts). The projections' rows live in
 * synapse pages (host/sim/arenas.ts), as many per dispatch as the storage-binding limit allows:
 * page k's `ind_k` holds each projection's row lengths and post indices, `weight_k` the weights at
 * the same words, `delay_k` the per-synapse delays of those that have them. A uniform table holds
 * one entry per projection (its page and words; PROPAGATE_TARGET_STRIDE words each). Every post
 * population's input ring lies in one accumulator arena (`acc`), at the word the table names. Two
 * strategies, the same result bit for bit:
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
 * list's word in the list arena), nPre, page (which of the dispatch's pages holds its rows).
 */
export const PROPAGATE_TARGET_WORDS = 14;
/** Words a table entry takes in the uniform table (four vec4<u32>: uniform arrays have a 16-byte stride). */
export const PROPAGATE_TARGET_STRIDE = 16;
/** delayBase of a projection with one delay (the table's `delay` word). */
export const NO_DELAY_ARRAY = 0xffffffff;

export interface PropagateShaderOptions {
  workgroupSize: number;
  /** One entry per page the dispatch binds: whether it has a per-synapse delay array. */
  pageDelays: readonly boolean[];
  /** Table entries the uniform table declares (at least the dispatch's projections). */
  tableEntries: number;
  /** 'thread': a thread per spike; 'workgroup': the workgroup's threads stride over each of its spikes' rows. */
  strategy: 'thread' | 'workgroup';
  frameStruct: string;
  clockStruct: string;
}

/** The storage bindings of a dispatch that binds these pages: 4 shared (spike counts, lists, accumulators, counters) and 2 or 3 per page. */
export function propagateStorageBindings(pageDelays: readonly boolean[]): number {
  return 4 + pageDelays.reduce((n, d) => n + (d ? 3 : 2), 0);
}

// A switch over the pages that returns expr(k) for page k; the last case also takes default, so every path returns.
function pageSwitch(pages: readonly number[], expr: (k: number) => string): string {
  return `switch (page) {\n${pages.map((k, i) => `    case ${k}u${i === pages.length - 1 ? ', default' : ''}: { return ${expr(k)}; }`).join('\n')}\n  }`;
}

export function propagateShader(o: PropagateShaderOptions): string {
  const pages = o.pageDelays.map((_, k) => k);
  const delayPages = pages.filter((k) => o.pageDelays[k]);
  const bind = (k: number) => 7 + pages.slice(0, k).reduce((n, j) => n + (o.pageDelays[j] ? 3 : 2), 0);
  const pageBindings = pages.map((k) => [
    `@group(0) @binding(${bind(k)}) var<storage, read> ind${k}: array<u32>;`,
    `@group(0) @binding(${bind(k) + 1}) var<storage, read> weight${k}: array<i32>;`,
    ...(o.pageDelays[k] ? [`@group(0) @binding(${bind(k) + 2}) var<storage, read> delay${k}: array<u32>;`] : []),
  ].join('\n')).join('\n');
  const perSynapseDelay = delayPages.length > 0;
  return wgsl`// propagate — for every spike of pre neuron i at step t, for every projection j of the dispatch, for
// every synapse s of row i of j:
//   acc[accBase_j + ((t + delay_s) % slots_j) * slotWords_j + b * nPost_j + ind_s] += weight_s
// (i32 fixed point, atomicAdd). Event-driven: cost grows with spikes x fan-out, not with the number
// of synapses. A wrapped partial sum (i32 overflow) is counted in counters[3c]; counters[3c+1..3c+2]
// count synaptic events (64-bit), c the projection's counter. After GeNN's presynaptic-span update.
// The rows lie in ${pages.length} page(s) (ind_k, weight_k, delay_k); the table names each projection's page.
${o.frameStruct}
${o.clockStruct}
${DELIVERY_INPUTS_WGSL}
@group(0) @binding(4) var<storage, read_write> acc: array<atomic<i32>>;
@group(0) @binding(5) var<storage, read_write> counters: array<atomic<u32>>;
@group(0) @binding(6) var<uniform> table: array<vec4<u32>, ${4 * o.tableEntries}>;
${pageBindings}
${DELIVERY_WGSL}
// One projection of the dispatch, as its table entry says (host/sim/arenas.ts).
struct Target {
  rowBase: u32, synBase: u32, maxRow: u32, nPost: u32, accBase: u32, slots: u32, slotWords: u32, delayBase: u32, delay: u32, counter: u32,
  countBase: u32, listBase: u32, nPre: u32, page: u32,
}
fn targetOf(j: u32) -> Target {
  let a = table[4u * j];
  let b = table[4u * j + 1u];
  let c = table[4u * j + 2u];
  let d = table[4u * j + 3u];
  return Target(a.x, a.y, a.z, a.w, b.x, b.y, b.z, b.w, c.x, c.y, c.z, c.w, d.x, d.y);
}

// Word i of a page's ind, weight and delay arrays (the page is uniform across a projection's threads).
fn indAt(page: u32, i: u32) -> u32 {
  ${pageSwitch(pages, (k) => `ind${k}[i]`)}
}
fn weightAt(page: u32, i: u32) -> i32 {
  ${pageSwitch(pages, (k) => `weight${k}[i]`)}
}
#if ${perSynapseDelay}
fn delayAt(page: u32, i: u32) -> u32 {
  ${pageSwitch(delayPages.length > 0 ? delayPages : [0], (k) => `delay${k}[i]`)}
}
#endif

// Word of this step's count slot within a population's header (host/kernels/spike-slots.ts).
fn stepSlot() -> u32 {
  return (clock.step & 1u) * (((frame.batch + ${3 + SLOT_ALIGN_WORDS - 1}u) / ${SLOT_ALIGN_WORDS}u) * ${SLOT_ALIGN_WORDS}u);
}

// Synapse s of row pre of projection t: its post target takes the weight in the delay slot of its arrival.
fn deliver(t: Target, pre: u32, s: u32, b: u32, wraps: ptr<function, u32>) {
  let at = pre * t.maxRow + s;
  let post = indAt(t.page, t.synBase + at);
  let w = weightAt(t.page, t.synBase + at);
  var d = t.delay;
#if ${perSynapseDelay}
  if (t.delayBase != ${NO_DELAY_ARRAY}u) {
    d = delayAt(t.page, t.delayBase + at);
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
    let len = indAt(t.page, t.rowBase + pre);
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
      let len = indAt(t.page, t.rowBase + pre);
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
