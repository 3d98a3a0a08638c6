/**
 * CPU oracle for shaders/structural.wgsl.ts: one rewiring of a plastic projection's rows, written for
 * clarity (the transposed index the GPU rebuilds is recomputed by the caller from the rows).
 */
import { randomWords } from '../../host/random/philox';
import { randomBelow } from '../../host/random/rows';

export interface StructuralOracleParams {
  every: number;
  pruneBelow: number;
  regrowWeight: number;
  capacity: number;
  seed: number;
  stream: number;
  noSelf: boolean;
}

/** Rows laid out with `capacity` positions per row: lengths, targets, and every synapse array (w and rule variables, [instance][position]). */
export interface StructuralRows {
  nPre: number;
  nPost: number;
  maxRow: number;
  rowLength: Uint32Array;
  ind: Uint32Array;
}

/**
 * Rewiring number `event` (= (t + 1) / every at step t): per row, the synapses below pruneBelow in
 * every instance go, the rest move up in order; then targets j = randomBelow(Philox(i, event, stream,
 * attempt)) are appended until the row holds `capacity` (skipping i -> i when noSelf and targets
 * already in the row; at most 8 x capacity attempts), each at regrowWeight with the variables' initial values.
 */
export function rewireOracle(rows: StructuralRows, arrays: { data: Float32Array; initial: number }[], weights: Float32Array, batch: number, p: StructuralOracleParams, event: number): void {
  const { nPre, nPost, maxRow } = rows;
  const S = nPre * maxRow;
  for (let i = 0; i < nPre; i++) {
    const base = i * maxRow;
    let n = 0;
    for (let s = 0; s < rows.rowLength[i]!; s++) {
      let keep = false;
      for (let b = 0; b < batch; b++) keep = keep || weights[b * S + base + s]! >= p.pruneBelow;
      if (!keep) continue;
      if (n !== s) {
        rows.ind[base + n] = rows.ind[base + s]!;
        for (const a of [{ data: weights }, ...arrays]) for (let b = 0; b < batch; b++) a.data[b * S + base + n] = a.data[b * S + base + s]!;
      }
      n++;
    }
    for (let a = 0; a < 8 * p.capacity && n < p.capacity; a++) {
      const j = randomBelow(randomWords(p.seed, p.stream, event, i, a)[0], nPost);
      let taken = p.noSelf && j === i;
      for (let s = 0; s < n && !taken; s++) taken = rows.ind[base + s] === j;
      if (taken) continue;
      rows.ind[base + n] = j;
      for (let b = 0; b < batch; b++) {
        weights[b * S + base + n] = p.regrowWeight;
        for (const v of arrays) v.data[b * S + base + n] = v.initial;
      }
      n++;
    }
    rows.rowLength[i] = n;
  }
}
