/**
 * propagate kernel binding: the frame, table entries, bindings and WGSL source of the indirect
 * dispatch that scatters each step's spikes over the ragged rows of every sparse projection in a
 * synapse page (whatever their pre populations), into the post populations' delay rings in the
 * input arena.
 * WGSL: shaders/propagate.wgsl.ts; oracle: kernels-tests/oracle/propagate.ts (per projection: the
 * page's sum is the sum of its projections'). Pages and arenas: host/sim/arenas.ts; the object that
 * owns a page's buffers and encodes its dispatch: host/sim/propagate-group.ts.
 */
import { defineStruct } from '../gpu/layout.js';
import type { BindingSpec } from '../gpu/pipelines.js';
import { CLOCK } from '../gpu/clock.js';
import { NO_DELAY_ARRAY, PROPAGATE_TARGET_WORDS, propagateShader } from '../../shaders/propagate.wgsl.js';

export { NO_DELAY_ARRAY, PROPAGATE_TARGET_WORDS };

export const PROPAGATE_FRAME = defineStruct('Frame', [
  ['batch', 'u32'],
  ['projections', 'u32'],
]);

/** One projection of a page, as the kernel's table holds it (word offsets into the page and the input arena). */
export interface PropagateTarget {
  /** Word of the projection's row lengths in the page's ind buffer. */
  rowBase: number;
  /** Word of its synapse 0 (row i, entry s at synBase + i * maxRow + s) in ind and weight. */
  synBase: number;
  maxRow: number;
  nPost: number;
  /** Word of the target ring (its exc or inh channel) in the input arena. */
  accBase: number;
  slots: number;
  slotWords: number;
  /** Word of its per-synapse delays in the page's delay buffer, or NO_DELAY_ARRAY: `delay` for all. */
  delayBase: number;
  delay: number;
  /** Its slot in the Simulator's event counters (3 u32 each). */
  counter: number;
  /** Word of its pre population's header in the spike header arena, of its list in the list arena, and the pre size. */
  countBase: number;
  listBase: number;
  nPre: number;
}

/** The table words of a page's targets (the page's first words: PROPAGATE_TARGET_WORDS each). */
export function packTargets(targets: readonly PropagateTarget[]): Uint32Array<ArrayBuffer> {
  const out = new Uint32Array(PROPAGATE_TARGET_WORDS * targets.length);
  targets.forEach((t, j) => out.set([t.rowBase, t.synBase, t.maxRow, t.nPost, t.accBase, t.slots, t.slotWords, t.delayBase, t.delay, t.counter, t.countBase, t.listBase, t.nPre], PROPAGATE_TARGET_WORDS * j));
  return out;
}

export function propagateBindings(perSynapseDelay: boolean): BindingSpec[] {
  const b: BindingSpec[] = [
    { name: 'frame', kind: 'uniform' },
    { name: 'clock', kind: 'uniform', dynamicOffset: true },
    { name: 'spikeCount', kind: 'read-only-storage' },
    { name: 'spikeList', kind: 'read-only-storage' },
    { name: 'ind', kind: 'read-only-storage' },
    { name: 'weight', kind: 'read-only-storage' },
    { name: 'acc', kind: 'storage' },
    { name: 'counters', kind: 'storage' },
  ];
  if (perSynapseDelay) b.push({ name: 'delay', kind: 'read-only-storage' });
  return b;
}

export type PropagateStrategy = 'thread' | 'workgroup';

/** The WGSL of propagate for one delay mode and strategy. */
export function propagateSource(workgroupSize: number, perSynapseDelay: boolean, strategy: PropagateStrategy = 'thread'): string {
  return propagateShader({ workgroupSize, perSynapseDelay, strategy, frameStruct: PROPAGATE_FRAME.wgsl, clockStruct: CLOCK.wgsl });
}

/**
 * The strategy 'auto' picks for a page: on a hardware adapter, 'workgroup' once the rows are long
 * enough to share out (the page's longest row >= WORKGROUP_ROW_MIN); on software adapters (a CPU
 * runs each thread's loop anyway) and for short rows, 'thread'. WORKGROUP_ROW_MIN is a first guess
 * until the device kit measures it on a GPU (docs/device.md).
 */
export const WORKGROUP_ROW_MIN = 32;
export function chooseStrategy(maxRow: number, software: boolean): PropagateStrategy {
  return !software && maxRow >= WORKGROUP_ROW_MIN ? 'workgroup' : 'thread';
}
