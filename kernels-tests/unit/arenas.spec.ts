/**
 * Input arenas and synapse pages (host/sim/arenas.ts): where each population's rings and each
 * sparse projection's rows go, aligned, within the binding limit, split only when they must be.
 * The GPU side (one propagate dispatch per page, spikes as the oracle) is kernels-tests/propagate.spec.ts.
 */
import { expect, test } from '@playwright/test';
import { LimitExceededError } from '../../host/errors';
import { ARENA_ALIGN_WORDS, groupPagesForDispatch, planInputArenas, planSynapsePages, type PageMember } from '../../host/sim/arenas';
import { MAX_TABLE_ENTRIES, NO_DELAY_ARRAY, packTargets, PROPAGATE_TARGET_STRIDE, PROPAGATE_TARGET_WORDS, tableEntriesFor } from '../../host/kernels/propagate';

const MiB = 2 ** 20;

test('input arenas: rings back to back in order, a new arena only when the next pair would not fit, too large a pair refused', () => {
  const rings = [{ name: 'a', ringBytes: 1024 }, { name: 'b', ringBytes: 300 }, { name: 'c', ringBytes: 2048 }];
  const one = planInputArenas(rings, MiB);
  expect(one.arenaBytes).toEqual([2048 + 2 * 512 + 4096]);
  expect(one.placements.get('a')).toEqual({ arena: 0, exc: 0, inh: 1024 });
  // 300 bytes round up to 256-byte alignment (512), so every ring can be bound alone.
  expect(one.placements.get('b')).toEqual({ arena: 0, exc: 2048, inh: 2560 });
  expect(one.placements.get('c')).toEqual({ arena: 0, exc: 3072, inh: 5120 });
  const split = planInputArenas(rings, 4096);
  expect(split.arenaBytes).toEqual([3072, 4096]);
  expect(split.placements.get('b')!.arena).toBe(0);
  expect(split.placements.get('c')).toEqual({ arena: 1, exc: 0, inh: 2048 });
  expect(() => planInputArenas(rings, 4000)).toThrow(LimitExceededError);
  expect(() => planInputArenas(rings, 4000)).toThrow(/c\.inputExc \+ inputInh/);
});

test('synapse pages: row lengths and synapses aligned; per-synapse delays packed apart; pages split at the limit, filled first fit by decreasing size', () => {
  const m = (index: number, nPre: number, maxRow: number, perSynapseDelay: boolean): PageMember => ({ index, name: `p${index}`, nPre, maxRow, perSynapseDelay });
  const members = [m(0, 100, 20, true), m(3, 100, 5, false), m(7, 10, 1000, true)];
  const [page, ...rest] = planSynapsePages(members, 64 * MiB);
  expect(rest).toEqual([]);
  const A = ARENA_ALIGN_WORDS;
  // Each projection's row lengths (aligned), then its rows; the table of targets is a uniform buffer of its own.
  expect(page!.placements).toEqual([
    { index: 0, rowBase: 0, synBase: 2 * A, delayBase: 0 },
    { index: 3, rowBase: 2 * A + 2048, synBase: 4 * A + 2048, delayBase: null },
    { index: 7, rowBase: 4 * A + 2048 + 512, synBase: 5 * A + 2048 + 512, delayBase: 2048 },
  ]);
  expect(page!.indWords).toBe(5 * A + 2048 + 512 + 10048);
  expect(page!.delayWords).toBe(2048 + 10048);
  for (const at of page!.placements) {
    for (const w of [at.rowBase, at.synBase, at.delayBase ?? 0]) expect(w % A).toBe(0);
  }
  // A limit below the whole page (12 928 words) but above the third alone (10 112): the largest (7) takes a page and
  // the smallest (3, 640 words) still fits beside it; 0 (2176) starts the other. Pages are ordered by their first projection.
  const pages = planSynapsePages(members, 4 * 11000);
  expect(pages.map((p) => p.placements.map((x) => x.index))).toEqual([[0], [3, 7]]);
  expect(pages[1]!.placements).toEqual([
    { index: 3, rowBase: 0, synBase: 2 * A, delayBase: null },
    { index: 7, rowBase: 2 * A + 512, synBase: 3 * A + 512, delayBase: 0 },
  ]);
  // First fit by decreasing size: 6, 5, 5, 4 blocks in pages of 10 take two pages (in order, one per overflow, three).
  const blocks = [5, 4, 4, 3].map((r, i) => m(i, 1, r * A, false));
  expect(planSynapsePages(blocks, 4 * 10 * A).map((p) => p.placements.map((x) => x.index))).toEqual([[0, 3], [1, 2]]);
  for (const p of planSynapsePages(blocks, 4 * 10 * A)) expect(p.indWords).toBe(10 * A);
  // One projection that fits no page is refused, named.
  expect(() => planSynapsePages([m(1, 1000, 1000, false)], MiB)).toThrow(LimitExceededError);
  expect(() => planSynapsePages([m(1, 1000, 1000, false)], MiB)).toThrow(/projection 'p1'/);
});

test('propagate table entries hold every word in order; one delay marked by NO_DELAY_ARRAY', () => {
  const t = { rowBase: 64, synBase: 128, maxRow: 17, nPost: 101, accBase: 4096, slots: 6, slotWords: 256, delayBase: NO_DELAY_ARRAY, delay: 2, counter: 5, countBase: 192, listBase: 320, nPre: 50, page: 0 };
  const words = packTargets([t, { ...t, delayBase: 0, counter: 6, page: 3 }], 4);
  expect(words.length).toBe(4 * PROPAGATE_TARGET_STRIDE);
  expect(Array.from(words.subarray(0, PROPAGATE_TARGET_STRIDE))).toEqual([64, 128, 17, 101, 4096, 6, 256, 0xffffffff, 2, 5, 192, 320, 50, 0, 0, 0]);
  expect(words[PROPAGATE_TARGET_STRIDE + 7]).toBe(0);
  expect(words[PROPAGATE_TARGET_STRIDE + 9]).toBe(6);
  expect(words[PROPAGATE_TARGET_STRIDE + PROPAGATE_TARGET_WORDS - 1]).toBe(3);
  expect(Array.from(words.subarray(2 * PROPAGATE_TARGET_STRIDE)).every((w) => w === 0)).toBe(true);
  expect(() => packTargets([t, t, t], 2)).toThrow(RangeError);
  // The declared table: a power of two of at least 4 entries, at most the 64 KiB uniform binding holds.
  expect([1, 4, 5, 56, 1000].map(tableEntriesFor)).toEqual([4, 4, 8, 64, 1024]);
  expect(MAX_TABLE_ENTRIES * 4 * PROPAGATE_TARGET_STRIDE).toBe(65536);
});

test('propagate dispatches: consecutive pages share one while their storage bindings fit the limit', () => {
  const page = (delay: boolean, projections = 1) => ({ placements: Array.from({ length: projections }, (_, i) => ({ index: i, rowBase: 0, synBase: 0, delayBase: delay ? 0 : null })), indWords: 64, delayWords: delay ? 64 : 0 });
  const pages = [page(true), page(false), page(true), page(true), page(false)];
  // 4 shared bindings, 3 per page with delays, 2 without: 16 bindings take the first four pages (4 + 3 + 2 + 3 + 3 = 15), 8 one page each, 9 up to two.
  expect(groupPagesForDispatch(pages, 16)).toEqual([[0, 1, 2, 3], [4]]);
  expect(groupPagesForDispatch(pages, 8)).toEqual([[0], [1], [2], [3], [4]]);
  expect(groupPagesForDispatch(pages, 9)).toEqual([[0, 1], [2], [3, 4]]);
  expect(groupPagesForDispatch(pages, 16, 2)).toEqual([[0, 1], [2, 3], [4]]);
  // The uniform table bounds the projections of one dispatch.
  expect(groupPagesForDispatch([page(false, MAX_TABLE_ENTRIES - 1), page(false, 2)], 16)).toEqual([[0], [1]]);
  // A page with delays needs 7 bindings: fewer is refused, named.
  expect(() => groupPagesForDispatch([page(true)], 6)).toThrow(/maxStorageBuffersPerShaderStage/);
});
