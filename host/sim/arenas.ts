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
 * bytes per array. A page's `ind` buffer holds, in u32 words, each aligned to ARENA_ALIGN_WORDS:
 *   rowBase_j        projection j's row lengths (nPre words)
 *   synBase_j        its post indices, row i at synBase_j + i * maxRow_j
 * `weight` holds each weight at the word of its post index; `delay` packs the per-synapse delays of
 * the projections that have them (delayBase_j). One indirect dispatch delivers every projection of
 * as many consecutive pages as the storage-binding limit lets it bind (groupPagesForDispatch), with
 * a uniform table of one entry per projection (host/kernels/propagate.ts PropagateTarget;
 * host/sim/propagate-group.ts).
 */
import { LimitExceededError } from '../errors.js';
import { MAX_TABLE_ENTRIES, propagateStorageBindings } from '../kernels/propagate.js';

/** Every range starts on a multiple of 256 bytes (the largest minStorageBufferOffsetAlignment), so it can be bound alone. */
export const ARENA_ALIGN_WORDS = 64;
const up = (words: number): number => Math.ceil(words / ARENA_ALIGN_WORDS) * ARENA_ALIGN_WORDS;
/** `bytes` rounded up to the arenas' alignment (4 * ARENA_ALIGN_WORDS bytes). */
export const alignArenaBytes = (bytes: number): number => 4 * up(bytes / 4);

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
    const bytes = alignArenaBytes(item.bytes);
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
  const ringBytes = new Map(rings.map((r) => [r.name, alignArenaBytes(r.ringBytes)]));
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
  let w = 0;
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
 * Packs projections (whose post rings share an input arena and whose pre lists share a list arena)
 * into pages, each page's arrays at most `limitBytes` and at most MAX_TABLE_ENTRIES projections:
 * usually one page. Where they need several, first fit by decreasing size (a projection goes into
 * the first page it fits, the largest first), so the pages fill to near the limit instead of a new
 * one starting whenever the next projection in order would not fit. Within a page the projections
 * keep the network's order; pages are ordered by their first projection.
 */
export function planSynapsePages(members: readonly PageMember[], limitBytes: number): PagePlan[] {
  const limit = Math.floor(limitBytes / 4);
  // A page's words are the sum of its members' (every range is aligned, laid out back to back).
  const sized = members.map((m, order) => {
    const alone = layoutPage([m]);
    if (alone.indWords > limit || alone.delayWords > limit) {
      throw new LimitExceededError(`projection '${m.name}'.ind`, 'bytes', 4 * alone.indWords, limitBytes, 'Its rows must fit one storage binding: reduce the pre population or the fan-out.');
    }
    return { m, order, ind: alone.indWords, delay: alone.delayWords };
  });
  const bins: { members: typeof sized; ind: number; delay: number }[] = [];
  for (const x of [...sized].sort((a, b) => b.ind - a.ind || a.order - b.order)) {
    const bin = bins.find((b) => b.members.length < MAX_TABLE_ENTRIES && b.ind + x.ind <= limit && b.delay + x.delay <= limit);
    if (bin) {
      bin.members.push(x);
      bin.ind += x.ind;
      bin.delay += x.delay;
    } else {
      bins.push({ members: [x], ind: x.ind, delay: x.delay });
    }
  }
  return bins
    .map((b) => b.members.sort((x, y) => x.order - y.order))
    .sort((a, b) => a[0]!.order - b[0]!.order)
    .map((ms) => layoutPage(ms.map((x) => x.m)));
}

/**
 * Groups consecutive pages into dispatches: a dispatch takes pages while its storage bindings (4
 * shared, 2 per page, 3 with a delay array: propagateStorageBindings) stay within
 * `maxStorageBuffers` (the device's maxStorageBuffersPerShaderStage), its projections within
 * MAX_TABLE_ENTRIES, and its pages within `maxPages`. Returns the pages' indices per dispatch.
 */
export function groupPagesForDispatch(pages: readonly PagePlan[], maxStorageBuffers: number, maxPages = Infinity): number[][] {
  const groups: number[][] = [];
  let current: number[] = [];
  const fits = (ids: readonly number[]) =>
    propagateStorageBindings(ids.map((k) => pages[k]!.delayWords > 0)) <= maxStorageBuffers &&
    ids.reduce((n, k) => n + pages[k]!.placements.length, 0) <= MAX_TABLE_ENTRIES && ids.length <= maxPages;
  pages.forEach((_, k) => {
    if (!fits([k])) throw new LimitExceededError('maxStorageBuffersPerShaderStage', 'bindings', propagateStorageBindings([pages[k]!.delayWords > 0]), maxStorageBuffers, 'The propagate kernel binds 7 storage buffers for a page with per-synapse delays.');
    if (current.length > 0 && !fits([...current, k])) {
      groups.push(current);
      current = [];
    }
    current.push(k);
  });
  if (current.length > 0) groups.push(current);
  return groups;
}
