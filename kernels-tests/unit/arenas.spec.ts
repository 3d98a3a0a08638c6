/**
 * Input arenas and synapse pages (host/sim/arenas.ts): where each population's rings and each
 * sparse projection's rows go, aligned, within the binding limit, split only when they must be.
 * The GPU side (one propagate dispatch per page, spikes as the oracle) is kernels-tests/propagate.spec.ts.
 */
import { expect, test } from '@playwright/test';
import { LimitExceededError } from '../../host/errors';
import { ARENA_ALIGN_WORDS, planInputArenas, planSynapsePages, type PageMember } from '../../host/sim/arenas';
import { NO_DELAY_ARRAY, packTargets, PROPAGATE_TARGET_WORDS } from '../../host/kernels/propagate';

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

test('synapse pages: table, row lengths and synapses aligned; per-synapse delays packed apart; pages split at the limit', () => {
  const m = (index: number, nPre: number, maxRow: number, perSynapseDelay: boolean): PageMember => ({ index, name: `p${index}`, nPre, maxRow, perSynapseDelay });
  const members = [m(0, 100, 20, true), m(3, 100, 5, false), m(7, 10, 1000, true)];
  const [page, ...rest] = planSynapsePages(members, 64 * MiB);
  expect(rest).toEqual([]);
  const A = ARENA_ALIGN_WORDS;
  // The table (3 entries of 13 words) takes one aligned block; then each projection's rows.
  expect(page!.placements).toEqual([
    { index: 0, rowBase: A, synBase: 3 * A, delayBase: 0 },
    { index: 3, rowBase: 3 * A + 2048, synBase: 5 * A + 2048, delayBase: null },
    { index: 7, rowBase: 5 * A + 2048 + 512, synBase: 6 * A + 2048 + 512, delayBase: 2048 },
  ]);
  expect(page!.indWords).toBe(6 * A + 2048 + 512 + 10048);
  expect(page!.delayWords).toBe(2048 + 10048);
  for (const at of page!.placements) {
    for (const w of [at.rowBase, at.synBase, at.delayBase ?? 0]) expect(w % A).toBe(0);
  }
  // A limit below the whole page (12 992 words) but above the third alone (10 176): the first two share a page, the third starts the next.
  const pages = planSynapsePages(members, 4 * 11000);
  expect(pages.map((p) => p.placements.map((x) => x.index))).toEqual([[0, 3], [7]]);
  expect(pages[1]!.placements[0]).toEqual({ index: 7, rowBase: A, synBase: 2 * A, delayBase: 0 });
  // One projection that fits no page is refused, named.
  expect(() => planSynapsePages([m(1, 1000, 1000, false)], MiB)).toThrow(LimitExceededError);
  expect(() => planSynapsePages([m(1, 1000, 1000, false)], MiB)).toThrow(/projection 'p1'/);
});

test('propagate table entries hold every word in order; one delay marked by NO_DELAY_ARRAY', () => {
  const t = { rowBase: 64, synBase: 128, maxRow: 17, nPost: 101, accBase: 4096, slots: 6, slotWords: 256, delayBase: NO_DELAY_ARRAY, delay: 2, counter: 5, countBase: 192, listBase: 320, nPre: 50 };
  const words = packTargets([t, { ...t, delayBase: 0, counter: 6 }]);
  expect(words.length).toBe(2 * PROPAGATE_TARGET_WORDS);
  expect(Array.from(words.subarray(0, PROPAGATE_TARGET_WORDS))).toEqual([64, 128, 17, 101, 4096, 6, 256, 0xffffffff, 2, 5, 192, 320, 50]);
  expect(words[PROPAGATE_TARGET_WORDS + 7]).toBe(0);
  expect(words[PROPAGATE_TARGET_WORDS + 9]).toBe(6);
});
