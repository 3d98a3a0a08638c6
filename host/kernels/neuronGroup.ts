/**
 * neuronGroup kernel binding: one dispatch updates many neuron populations and Poisson sources
 * (issue 27: commands per step independent of the network's shape). WGSL: shaders/neuronGroup.wgsl.ts; the Simulator's
 * side (which populations group, the arenas, the dispatch): host/sim/neuron-group.ts; oracle: the
 * network oracle (kernels-tests/oracle/neuronGroup.ts).
 *
 * The populations of a group keep their layouts (host/sim/population-gpu.ts), moved into ranges of
 * three arenas the group owns (params, state, spike bitmasks) while their input rings, spike
 * headers and lists already lie in the Simulator's arenas. Each population's place in them is one
 * table entry (GROUP_ENTRY) at the head of the params arena; a workgroup finds its population by its
 * block, so the shader depends only on the models (variants) in the group, never on sizes.
 */
import { defineStruct } from '../gpu/layout.js';
import type { BindingSpec } from '../gpu/pipelines.js';

export const NEURON_GROUP_FRAME = defineStruct('Frame', [
  ['batch', 'u32'],
  /** Workgroup size of the propagation kernels (their indirect dispatch args). */
  ['eventWg', 'u32'],
  /** Workgroups along x: block = wid.z * wgX + wid.x. */
  ['wgX', 'u32'],
  /** Populations in the table, and the blocks they cover (the dispatch may hold a few more). */
  ['pops', 'u32'],
  ['totalBlocks', 'u32'],
  ['inputScale', 'f32'],
  ['dt', 'f32'],
  ['halfDt', 'f32'],
  /** Always 0: the opaque operand of noContract() (shaders/common/no-contract.wgsl.ts). */
  ['noContract', 'u32'],
]);

/**
 * One population of a group, u32 words in the params arena (`cst`): its first block of the
 * dispatch (entries sorted by it: the kernel's binary search reads word 0), size, bitmask words,
 * variant (the model function of the shader), and the words of its data: params (a Poisson
 * source's rates; and words
 * between neurons' params, 0 when one struct serves the population), state, input rings (slots,
 * words per slot), spike header (countBase, in the header arena), list, bitmask; its Philox stream
 * and key; whether it empties the shared indirect args of the next step; a Poisson source's pScale.
 */
export const GROUP_ENTRY = defineStruct('GroupEntry', [
  ['firstBlock', 'u32'],
  ['n', 'u32'],
  ['words', 'u32'],
  ['variant', 'u32'],
  ['params', 'u32'],
  ['paramStride', 'u32'],
  ['state', 'u32'],
  ['exc', 'u32'],
  ['inh', 'u32'],
  ['slots', 'u32'],
  ['slotWords', 'u32'],
  ['countBase', 'u32'],
  ['list', 'u32'],
  ['bits', 'u32'],
  ['stream', 'u32'],
  ['seedLo', 'u32'],
  ['seedHi', 'u32'],
  ['clearsArgs', 'u32'],
  /** Poisson sources: f32(dt / 1000), the rate (Hz) to probability factor; their rates are at `params`. */
  ['pScale', 'f32'],
]);

/** Bindings in binding order (shaders/neuronGroup.wgsl.ts). */
export const NEURON_GROUP_BINDINGS: BindingSpec[] = [
  { name: 'frame', kind: 'uniform' },
  { name: 'cst', kind: 'read-only-storage' },
  { name: 'st', kind: 'storage' },
  { name: 'acc', kind: 'storage' },
  { name: 'spikeCount', kind: 'storage' },
  { name: 'lists', kind: 'storage' },
  { name: 'bitsArena', kind: 'storage' },
  { name: 'clock', kind: 'uniform', dynamicOffset: true },
];

/** A model variant's identity: the model's key and its compile-time options (sorted), so equal variants share one shader function. */
export function variantKey(modelKey: string, options: Readonly<Record<string, string | number | boolean>>): string {
  return `${modelKey}${JSON.stringify(Object.keys(options).sort().map((k) => [k, options[k]]))}`;
}
