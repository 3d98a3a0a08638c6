/**
 * propagate kernel binding: the frame, table entries, bindings and WGSL source of the indirect
 * dispatch that scatters each step's spikes over the ragged rows of every sparse projection in one
 * or more synapse pages (whatever their pre populations), into the post populations' delay rings in
 * the input arena.
 * WGSL: shaders/propagate.wgsl.ts; oracle: kernels-tests/oracle/propagate.ts (per projection: the
 * page's sum is the sum of its projections'). Pages and arenas: host/sim/arenas.ts; the object that
 * owns a page's buffers and encodes its dispatch: host/sim/propagate-group.ts.
 */
import { defineStruct } from '../gpu/layout.js';
import type { BindingSpec } from '../gpu/pipelines.js';
import { CLOCK } from '../gpu/clock.js';
import { NO_DELAY_ARRAY, PROPAGATE_TARGET_STRIDE, PROPAGATE_TARGET_WORDS, propagateShader, propagateStorageBindings } from '../../shaders/propagate.wgsl.js';

export { NO_DELAY_ARRAY, PROPAGATE_TARGET_STRIDE, PROPAGATE_TARGET_WORDS, propagateStorageBindings };

/**
 * Most table entries one dispatch holds: the uniform table within WebGPU's guaranteed
 * maxUniformBufferBindingSize (64 KiB) at PROPAGATE_TARGET_STRIDE words each.
 */
export const MAX_TABLE_ENTRIES = 65536 / (4 * PROPAGATE_TARGET_STRIDE);

/** Table entries the shader declares for `projections`: the next power of two (at least 4), so networks of similar size share a pipeline. */
export function tableEntriesFor(projections: number): number {
  let n = 4;
  while (n < projections) n *= 2;
  return Math.min(n, MAX_TABLE_ENTRIES);
}

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
  /** Which of the dispatch's pages holds its rows (0-based). */
  page: number;
}

/** The uniform table of a dispatch's targets: PROPAGATE_TARGET_WORDS words each at a stride of PROPAGATE_TARGET_STRIDE, `entries` entries (the rest zero). */
export function packTargets(targets: readonly PropagateTarget[], entries = targets.length): Uint32Array<ArrayBuffer> {
  if (targets.length > entries) throw new RangeError(`packTargets: ${targets.length} targets exceed the table's ${entries} entries`);
  const out = new Uint32Array(PROPAGATE_TARGET_STRIDE * entries);
  targets.forEach((t, j) => out.set([t.rowBase, t.synBase, t.maxRow, t.nPost, t.accBase, t.slots, t.slotWords, t.delayBase, t.delay, t.counter, t.countBase, t.listBase, t.nPre, t.page], PROPAGATE_TARGET_STRIDE * j));
  return out;
}

/** The bindings of a dispatch over pages with these delay arrays: the shared ones, the table, then each page's ind, weight (and delay). */
export function propagateBindings(pageDelays: readonly boolean[]): BindingSpec[] {
  const b: BindingSpec[] = [
    { name: 'frame', kind: 'uniform' },
    { name: 'clock', kind: 'uniform', dynamicOffset: true },
    { name: 'spikeCount', kind: 'read-only-storage' },
    { name: 'spikeList', kind: 'read-only-storage' },
    { name: 'acc', kind: 'storage' },
    { name: 'counters', kind: 'storage' },
    { name: 'table', kind: 'uniform' },
  ];
  pageDelays.forEach((d, k) => {
    b.push({ name: `ind${k}`, kind: 'read-only-storage' }, { name: `weight${k}`, kind: 'read-only-storage' });
    if (d) b.push({ name: `delay${k}`, kind: 'read-only-storage' });
  });
  return b;
}

export type PropagateStrategy = 'thread' | 'workgroup';

/** The WGSL of propagate for its pages' delay arrays, table size and strategy. */
export function propagateSource(workgroupSize: number, pageDelays: readonly boolean[], tableEntries: number, strategy: PropagateStrategy = 'thread'): string {
  return propagateShader({ workgroupSize, pageDelays, tableEntries, strategy, frameStruct: PROPAGATE_FRAME.wgsl, clockStruct: CLOCK.wgsl });
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
