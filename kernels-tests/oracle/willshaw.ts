/** CPU oracle for shaders/willshaw.wgsl.ts: the clipped Hebbian memory with plain sets of bits. Exact. */
export function willshawStoreOracle(W: Uint32Array, outputs: number, pairs: readonly { x: ArrayLike<number>; y: ArrayLike<number> }[]): void {
  const words = Math.ceil(outputs / 32);
  for (const { x, y } of pairs) {
    for (let a = 0; a < x.length; a++) {
      for (let b = 0; b < y.length; b++) {
        const i = x[a]!;
        const j = y[b]!;
        W[i * words + (j >>> 5)] = (W[i * words + (j >>> 5)]! | (1 << (j & 31))) >>> 0;
      }
    }
  }
}

/** Sums s_j = number of active cue inputs i with W_ij set, and outputs s_j >= theta (theta 0: the cue's size). */
export function willshawRecallOracle(W: Uint32Array, outputs: number, cue: ArrayLike<number>, theta: number): { sums: Uint32Array; active: Uint32Array } {
  const words = Math.ceil(outputs / 32);
  const sums = new Uint32Array(outputs);
  for (let j = 0; j < outputs; j++) {
    for (let a = 0; a < cue.length; a++) sums[j] = sums[j]! + ((W[cue[a]! * words + (j >>> 5)]! >>> (j & 31)) & 1);
  }
  const t = theta === 0 ? cue.length : theta;
  return { sums, active: sums.map((s) => (s >= t ? 1 : 0)) };
}
