/**
 * CPU oracle for shaders/propagate.wgsl.ts: for every spike of pre neuron i at step t, add each
 * synapse's fixed-point weight to the post accumulator slot (t + delay) % slots, with i32 wrap-around
 * (as atomicAdd does); count wrapped partial sums in the order given.
 */
import type { RaggedRows } from '../../host/random/rows';

/**
 * @param spikes sorted spiking pre indices per instance
 * @param ring accumulator ring [slot][instance][post] (slot stride slotWords)
 * @returns number of wrapped partial sums
 */
export function propagateOracle(rows: RaggedRows, spikes: number[][], ring: Int32Array, step: number, slots: number, slotWords: number): number {
  let wraps = 0;
  spikes.forEach((pres, b) => {
    for (const i of pres) {
      for (let s = 0; s < (rows.rowLength[i] as number); s++) {
        const at = i * rows.maxRow + s;
        const d = rows.delay ? (rows.delay[at] as number) : rows.constDelay;
        const k = ((step + d) % slots) * slotWords + b * rows.nPost + (rows.ind[at] as number);
        const old = ring[k] as number;
        const w = rows.weight[at] as number;
        const sum = (old + w) | 0;
        if (((old ^ sum) & (w ^ sum)) < 0) wraps++;
        ring[k] = sum;
      }
    }
  });
  return wraps;
}
