/**
 * Shared buffers that let one dispatch serve many projections (issue 27: commands per step).
 *
 * Input arenas: every neuron population's two input rings (exc, inh: `inputSlotBytes x slots` bytes
 * each) placed one after another in as few buffers as maxStorageBufferBindingSize allows (usually
 * one). A population binds its own ranges; a delivery kernel binds the whole arena and adds the
 * word of the ring it targets.
 *
 * Spike arenas: every population's spike header (counts, indirect args and counters of two step
 * slots, host/kernels/spike-slots.ts) in one header arena after the shared indirect args, and its
 * spike list in a list arena (as few as the binding limit allows).
 *
 * Synapse pages: the sparse static projections whose post rings share an input arena and whose pre
 * populations' lists share a list arena, packed into pages of at most maxStorageBufferBindingSize
 * bytes per array. A page's `ind`
 * buffer holds, in u32 words, each aligned to ARENA_ALIGN_WORDS:
 *   [0, 13 P)        the table: one entry per projection (host/kernels/propagate.ts PropagateTarget)
 *   rowBase_j        projection j's row lengths (nPre words)
 *   synBase_j        its post indices, row i at synBase_j + i * maxRow_j
 * `weight` holds each weight at the word of its post index; `delay` packs the per-synapse delays of
 * the projections that have them (delayBase_j). One indirect dispatch per page delivers all of them
 * (host/sim/propagate-group.ts).
 */
import { LimitExceededError } from '../errors.js';
import { PROPAGATE_TARGET_WORDS } from '../kernels/propagate.js';

/** Every range starts on a multiple of 256 bytes (the largest minStorageBufferOffsetAlignment), so it can be bound alone. */
export const ARENA_ALIGN_WORDS = 64;
const up = (words: number): number => Math.ceil(words / ARENA_ALIGN_WORDS) * ARENA_ALIGN_WORDS;

/** A population's rings: `ringBytes` for each channel. */
export interface RingRequest {
  name: string;
  ringBytes: number;
}

/** Where a population's rings are: arena and byte offsets. */
export interface RingPlacement {
  arena: number;
  exc: number;
  inh: number;
}

/**
 * Places items back to back (each aligned) in arenas of at most `limitBytes`, in order, a new arena
 * only when the next item would not fit; an item larger than the limit is refused, named by `what`.
 */
export function packInArenas(items: readonly { name: string; bytes: number }[], limitBytes: number, what: (name: string) => string, hint: string): { placements: Map<string, { arena: number; offset: number }>; arenaBytes: number[] } {
  const placements = new Map<string, { arena: number; offset: number }>();
  const arenaBytes: number[] = [];
  for (const item of items) {
    const bytes = 4 * up(item.bytes / 4);
    if (bytes > limitBytes) throw new LimitExceededError(what(item.name), 'bytes', bytes, limitBytes, hint);
    let a = arenaBytes.length - 1;
    if (a < 0 || arenaBytes[a]! + bytes > limitBytes) {
      arenaBytes.push(0);
      a++;
    }
    placements.set(item.name, { arena: a, offset: arenaBytes[a]! });
    arenaBytes[a] = arenaBytes[a]! + bytes;
  }
  return { placements, arenaBytes };
}

/** Places every population's two rings (exc then inh, each aligned) in arenas of at most `limitBytes` each, in order. */
export function planInputArenas(rings: readonly RingRequest[], limitBytes: number): { placements: Map<string, RingPlacement>; arenaBytes: number[] } {
  const ringBytes = new Map(rings.map((r) => [r.name, 4 * up(r.ringBytes / 4)]));
  const packed = packInArenas(rings.map((r) => ({ name: r.name, bytes: 2 * ringBytes.get(r.name)! })), limitBytes, (n) => `${n}.inputExc + inputInh`,
    'Both input rings of a population must fit one storage binding: reduce its size, batch or largest delay.');
  const placements = new Map<string, RingPlacement>();
  for (const [name, at] of packed.placements) placements.set(name, { arena: at.arena, exc: at.offset, inh: at.offset + ringBytes.get(name)! });
  return { placements, arenaBytes: packed.arenaBytes };
}

/** A sparse projection to place in a page: its index in the network and its row shape. */
export interface PageMember {
  index: number;
  name: string;
  nPre: number;
  maxRow: number;
  perSynapseDelay: boolean;
}

export interface PagePlacement {
  index: number;
  rowBase: number;
  synBase: number;
  /** Word of its delays in the page's delay buffer; null: one delay for the projection. */
  delayBase: number | null;
}

export interface PagePlan {
  placements: PagePlacement[];
  /** u32 words of the page's ind and weight buffers. */
  indWords: number;
  /** u32 words of its delay buffer (0: none). */
  delayWords: number;
}

function layoutPage(members: readonly PageMember[]): PagePlan {
  let w = up(PROPAGATE_TARGET_WORDS * members.length);
  let d = 0;
  const placements = members.map((m) => {
    const rowBase = w;
    w += up(Math.max(1, m.nPre));
    const synBase = w;
    const syn = up(Math.max(1, m.nPre * m.maxRow));
    w += syn;
    const delayBase = m.perSynapseDelay ? d : null;
    if (m.perSynapseDelay) d += syn;
    return { index: m.index, rowBase, synBase, delayBase };
  });
  return { placements, indWords: w, delayWords: d };
}

/**
 * Packs projections (of one pre population and input arena) into pages, in order, each page's
 * arrays at most `limitBytes`: usually one page; a new one starts when the next projection would
 * not fit.
 */
export function planSynapsePages(members: readonly PageMember[], limitBytes: number): PagePlan[] {
  const limit = Math.floor(limitBytes / 4);
  const pages: PagePlan[] = [];
  let current: PageMember[] = [];
  for (const m of members) {
    const alone = layoutPage([m]);
    if (alone.indWords > limit || alone.delayWords > limit) {
      throw new LimitExceededError(`projection '${m.name}'.ind`, 'bytes', 4 * alone.indWords, limitBytes, 'Its rows must fit one storage binding: reduce the pre population or the fan-out.');
    }
    const next = layoutPage([...current, m]);
    if (current.length > 0 && (next.indWords > limit || next.delayWords > limit)) {
      pages.push(layoutPage(current));
      current = [m];
    } else {
      current.push(m);
    }
  }
  if (current.length > 0) pages.push(layoutPage(current));
  return pages;
}
