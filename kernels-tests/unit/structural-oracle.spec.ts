/** The structural oracle's invariants (no GPU): after rewirings, rows hold distinct targets, no autapse, are full, and every survivor was above the threshold. */
import { expect, test } from '@playwright/test';
import { rewireOracle } from '../oracle/structural';

test('rewiring: distinct targets, no i -> i, rows filled to capacity, survivors kept in order with their values, new synapses at regrowWeight', () => {
  const nPre = 30, nPost = 30, maxRow = 7, batch = 2, S = nPre * maxRow;
  const rows = { nPre, nPost, maxRow, rowLength: new Uint32Array(nPre).fill(5), ind: new Uint32Array(S) };
  const w = new Float32Array(batch * S);
  const z = new Float32Array(batch * S);
  for (let i = 0; i < nPre; i++) {
    for (let s = 0; s < 5; s++) {
      rows.ind[i * maxRow + s] = (i + 1 + 3 * s) % nPost;
      for (let b = 0; b < batch; b++) { w[b * S + i * maxRow + s] = Math.fround(((i * 7 + s * 13 + b * 5) % 10) / 10); z[b * S + i * maxRow + s] = i + s / 10; }
    }
  }
  const before = { ind: Uint32Array.from(rows.ind), w: Float32Array.from(w), z: Float32Array.from(z), len: Uint32Array.from(rows.rowLength) };
  const p = { every: 1, pruneBelow: 0.45, regrowWeight: 0.5, capacity: 7, seed: 3, stream: 0x20000, noSelf: true };
  rewireOracle(rows, [{ data: z, initial: -1 }], w, batch, p, 1);
  for (let i = 0; i < nPre; i++) {
    const base = i * maxRow;
    const targets = Array.from(rows.ind.subarray(base, base + rows.rowLength[i]!));
    expect(new Set(targets).size, `row ${i} distinct`).toBe(targets.length);
    expect(targets, `row ${i} no autapse`).not.toContain(i);
    expect(rows.rowLength[i]).toBe(7);
    // Survivors: the old synapses with a weight >= 0.45 in some instance, in their order, values moved with them.
    const kept = [...Array(before.len[i]!).keys()].filter((s) => [0, 1].some((b) => before.w[b * S + base + s]! >= 0.45));
    kept.forEach((s, n) => {
      expect(rows.ind[base + n]).toBe(before.ind[base + s]);
      for (let b = 0; b < batch; b++) {
        expect(w[b * S + base + n]).toBe(before.w[b * S + base + s]);
        expect(z[b * S + base + n]).toBe(before.z[b * S + base + s]);
      }
    });
    for (let n = kept.length; n < 7; n++) for (let b = 0; b < batch; b++) { expect(w[b * S + base + n]).toBe(0.5); expect(z[b * S + base + n]).toBe(-1); }
  }
});
