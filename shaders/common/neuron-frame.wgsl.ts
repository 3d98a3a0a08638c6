/**
 * The frame every neuron kernel shares: bindings, thread -> (neuron, instance) mapping and spike
 * output. A neuron kernel supplies its struct declarations and the per-neuron update `body`, which
 * reads `p` (params), updates `s` (state, var), sees `inExc`/`inInh` (this step's synaptic input,
 * already converted from fixed point and cleared) and `noiseCounter`/`noiseKey` (the Philox counter
 * (neuron, step, stream, instance) and key of its own random draws), and sets `spiked`.
 *
 * Layout of the data (B = batch instances, N = neurons, W = ceil(N/32)):
 *   state[b*N + i]
 *   inputExc/inputInh[b*N + i]: i32 fixed point, value = x * frame.inputScale. The host binds the
 *     delay-ring slot of this step (dynamic offset), so the kernel sees one slot.
 *   spikeCount, spikeBits: two step slots by parity, then the counters (host/kernels/spike-slots.ts):
 *     step s adds to slot s & 1 ([b] spikes of instance b (atomic), [B] the indirect x for propagation,
 *     x = ceil(max_b count / eventWg); bit i % 32 of word b*W + i/32 for neuron i) and clears slot
 *     (s + 1) & 1 for the next step, so the host clears nothing between steps
 *   spikeList[b*N + k], k < count of instance b: indices of neurons that spiked this step (any order)
 * Dispatch: x*z workgroups cover the neurons (x <= maxComputeWorkgroupsPerDimension), y = instance.
 */
import { wgsl } from 'wgsl-preprocessor/wgsl-preprocessor.js';
import { spikeSlotsWgsl } from './spike-slots.wgsl.js';

/**
 * The threshold crossing shared by the LIF-family kernels: spike, then hard reset (v <- vReset) or
 * soft reset (v <- v - (threshold - vReset)), then hold for refractorySteps. `threshold` is a WGSL
 * expression (p.vThreshold, or the adaptive threshold of alif).
 */
export function lifResetWgsl(softReset: boolean, threshold: string): string {
  return `
      if (s.v >= ${threshold}) {
        spiked = true;
        s.v = ${softReset ? `s.v - (${threshold} - p.vReset)` : 'p.vReset'};
        s.refr = p.refractorySteps;
      }`;
}

/** What a neuron model contributes to a kernel: its comment header, helper functions and per-neuron update body. */
export interface NeuronParts {
  header: string;
  helpers: string;
  body: string;
  /** State fields whose finiteness the frame checks after the update (default ['v']). */
  finite?: readonly string[];
}

export interface NeuronFrameOptions {
  kernel: string;
  /** Comment block: equation and paper. */
  header: string;
  workgroupSize: number;
  perNeuronParams: boolean;
  frameStruct: string;
  paramsStruct: string;
  stateStruct: string;
  clockStruct: string;
  /** WGSL statements (see above). */
  body: string;
  /** Extra WGSL functions. */
  helpers?: string;
  /** State fields checked for Inf/NaN after the update (default ['v']). */
  finite?: readonly string[];
}

/**
 * Where a kernel's spike functions find a population's layout: WGSL expressions for its size, bitmask
 * words, header word in the spike header arena and whether it empties the shared args; the arrays
 * of its spike list and bitmask, and the word of the population's own in each ('' when the array is
 * its own binding). The per-population kernels read them from their frame (FRAME_SPIKE_NAMES); the
 * neuron group from the population's table entry.
 */
export interface SpikeOutputNames {
  n: string;
  words: string;
  countBase: string;
  clearsArgs: string;
  listArray: string;
  listBase: string;
  bitsArray: string;
  bitsBase: string;
}

export const FRAME_SPIKE_NAMES: SpikeOutputNames = {
  n: 'frame.n', words: 'frame.words', countBase: 'frame.countBase', clearsArgs: 'frame.clearsArgs',
  listArray: 'spikeList', listBase: '', bitsArray: 'spikeBits', bitsBase: '',
};

const plus = (base: string, index: string): string => (base === '' ? index : `${base} + ${index}`);

/**
 * The compact spike list and the per-step bitmask, in this step's slot (host/kernels/spike-slots.ts).
 * A spiking thread takes a list slot with atomicAdd and sets its bit with atomicOr. OR is
 * order-independent, so the bitmask is deterministic; the list's order is not (read it sorted). No
 * workgroup barrier: on SwiftShader a barrier made the whole neuron step 3-4x slower. Every kernel
 * that emits spikes calls clearNextSlot from threads covering i < max(1, words) of every instance.
 * Needs `frame` (batch, eventWg), `clock`, `spikeCount` (the spike header arena: this population's
 * header at countBase, the indirect args shared by every population (the propagate pages' dispatch)
 * at argsSlot) and the list and bitmask arrays named in `v`.
 */
export function spikeFunctionsWgsl(v: SpikeOutputNames): string {
  return /* wgsl */ `${spikeSlotsWgsl(v.words, v.countBase)}
fn emitSpike(b: u32, i: u32) {
  let c = countSlot(clock.step);
  let slot = atomicAdd(&spikeCount[c + b], 1u);
  ${v.listArray}[${plus(v.listBase, `b * ${v.n} + slot`)}] = i;
  atomicOr(&${v.bitsArray}[${plus(v.bitsBase, `bitsSlot(clock.step) + b * ${v.words} + (i >> 5u)`)}], 1u << (i & 31u));
  // Workgroups needed to give each spike of the busiest instance one propagation thread, for this
  // population and for every population (the shared args). Only the first spike of a block can
  // raise them: the largest count's block start exists, since list slots are taken in order.
  if (slot % frame.eventWg == 0u) {
    atomicMax(&spikeCount[c + frame.batch], slot / frame.eventWg + 1u);
    atomicMax(&spikeCount[argsSlot(clock.step)], slot / frame.eventWg + 1u);
  }
  // 64-bit spike total: the carry is exact whatever the order of the adds.
  let t = counterBase();
  let before = atomicAdd(&spikeCount[t], 1u);
  if (before == 0xffffffffu) {
    atomicAdd(&spikeCount[t + 1u], 1u);
  }
}

// Empties the next step's slot (step s - 1 wrote it; nothing reads it during step s): thread (b, i)
// clears instance b's count (i = 0), the indirect x (b = 0, i = 0) and bit word i (i < words).
fn clearNextSlot(b: u32, i: u32) {
  let next = clock.step + 1u;
  if (i == 0u) {
    atomicStore(&spikeCount[countSlot(next) + b], 0u);
    if (b == 0u) {
      atomicStore(&spikeCount[countSlot(next) + frame.batch], 0u);
      // The first population dispatched each step empties the shared args of the next step.
      if (${v.clearsArgs} != 0u) {
        atomicStore(&spikeCount[argsSlot(next)], 0u);
      }
    }
  }
  if (i < ${v.words}) {
    atomicStore(&${v.bitsArray}[${plus(v.bitsBase, `bitsSlot(next) + b * ${v.words} + i`)}], 0u);
  }
}
`;
}

/** The spike output bindings (header arena, list, bitmask) from `firstBinding`, and the functions over them (spikeFunctionsWgsl). */
export function spikeOutputWgsl(firstBinding: number): string {
  return /* wgsl */ `
@group(0) @binding(${firstBinding}) var<storage, read_write> spikeCount: array<atomic<u32>>;
@group(0) @binding(${firstBinding + 1}) var<storage, read_write> spikeList: array<u32>;
@group(0) @binding(${firstBinding + 2}) var<storage, read_write> spikeBits: array<atomic<u32>>;
${spikeFunctionsWgsl(FRAME_SPIKE_NAMES)}`;
}

export function neuronFrameWgsl(o: NeuronFrameOptions): string {
  const WG = o.workgroupSize;
  return wgsl`${o.header}
${o.frameStruct}
${o.paramsStruct}
${o.stateStruct}
${o.clockStruct}

@group(0) @binding(0) var<uniform> frame: Frame;
#if ${o.perNeuronParams}
@group(0) @binding(1) var<storage, read> params: array<Params>;
#else
@group(0) @binding(1) var<uniform> popParams: Params;
#endif
@group(0) @binding(2) var<storage, read_write> state: array<State>;
@group(0) @binding(3) var<storage, read_write> inputExc: array<i32>;
@group(0) @binding(4) var<storage, read_write> inputInh: array<i32>;
${spikeOutputWgsl(5)}
@group(0) @binding(8) var<uniform> clock: Clock;

${RECORD_NON_FINITE_WGSL}
${o.helpers ?? ''}

@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let block = wid.z * frame.wgX + wid.x;
  let i = block * ${WG}u + lid;
  let b = wid.y;
  clearNextSlot(b, i);
  if (i < frame.n) {
    let idx = b * frame.n + i;
#if ${o.perNeuronParams}
    let p = params[i];
#else
    let p = popParams;
#endif
    var s = state[idx];
    // Synaptic input of this step: fixed point -> float, then the accumulator is cleared.
    let inExc = f32(inputExc[idx]) * frame.inputScale;
    let inInh = f32(inputInh[idx]) * frame.inputScale;
    inputExc[idx] = 0;
    inputInh[idx] = 0;
    // Philox counter and key of this neuron's draws this step (for models with noise).
    let noiseCounter = vec4<u32>(i, clock.step, frame.stream, b);
    let noiseKey = vec2<u32>(frame.seedLo, frame.seedHi);
    var spiked = false;
${o.body}
    state[idx] = s;
    if (${nonFiniteTest(o.finite)}) {
      recordNonFinite(idx);
    }
    if (spiked) {
      emitSpike(b, i);
    }
  }
}
`;
}

/** Inf or NaN, by the exponent bits: the per-step and fused neuron kernels' test. */
export const NON_FINITE_WGSL = `// Inf or NaN: an integer test of the exponent bits (WGSL lets compilers assume floats are finite, so
// x != x may be folded away).
fn nonFinite(x: f32) -> bool {
  return (bitcast<u32>(x) & 0x7f800000u) == 0x7f800000u;
}
`;

/**
 * The test after a neuron's update: any checked state field Inf or NaN. One branch whatever the
 * number of fields (`|` on bools does not short-circuit), so a model with several state variables
 * pays one compare per field, not one branch per field.
 */
export function nonFiniteTest(finite: readonly string[] = ['v']): string {
  return finite.map((n) => `nonFinite(s.${n})`).join(' | ');
}

/** nonFinite and recordNonFinite(idx) over the population's counters (spikeFunctionsWgsl's counterBase). */
export const RECORD_NON_FINITE_WGSL = `${NON_FINITE_WGSL}
// Records the first step (and smallest index at that step) where a state variable became Inf or NaN.
fn recordNonFinite(idx: u32) {
  let t = counterBase();
  if (atomicLoad(&spikeCount[t + 2u]) >= clock.step) {
    atomicMin(&spikeCount[t + 2u], clock.step);
    atomicMin(&spikeCount[t + 3u], idx);
  }
}
`;
