/** The per-sample statistics a Trainer's batches leave on the GPU (loss, correct, predicted), summed on the host. */

/**
 * Per-sample stats of consecutive batches ([batch][B][loss, correct, predicted], the loss scaled by
 * 1/divisor, the samples the batch's loss was averaged over): the summed per-sample loss, the correct
 * count, and the predictions in sample order.
 */
export function summariseStats(data: ArrayBuffer, B: number, valids: readonly number[], divisors: readonly number[]): { loss: number; correct: number; predicted: Uint32Array } {
  const f = new Float32Array(data);
  const u = new Uint32Array(data);
  const predicted = new Uint32Array(valids.reduce((a, v) => a + v, 0));
  let loss = 0;
  let correct = 0;
  valids.forEach((valid, k) => {
    let bl = 0;
    for (let b = 0; b < valid; b++) {
      const q = 3 * (k * B + b);
      bl += f[q] as number;
      correct += u[q + 1] as number;
      predicted[k * B + b] = u[q + 2] as number;
    }
    loss += bl * divisors[k]!;
  });
  return { loss, correct, predicted };
}
