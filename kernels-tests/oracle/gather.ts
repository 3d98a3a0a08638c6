/**
 * CPU oracle for shaders/gather.wgsl.ts: per post neuron j, the i32 sum of weight(i, j) over this
 * step's spiking pre neurons i, added once to the accumulator slot (t + delay) % slots. Because i32
 * addition wraps and commutes, the result equals the sparse scatter's (kernels-tests/oracle/propagate.ts).
 */
import type { RaggedRows } from '../../host/random/rows';

export function gatherOracle(rows: RaggedRows, skipSelf: boolean, spikes: number[][], ring: Int32Array, step: number, slots: number, slotWords: number): void {
  spikes.forEach((pres, b) => {
    const slot = ((step + rows.constDelay) % slots) * slotWords + b * rows.nPost;
    for (let j = 0; j < rows.nPost; j++) {
      let sum = 0;
      for (const i of pres) {
        if (skipSelf && i === j) continue;
        const pos = skipSelf && j > i ? j - 1 : j;
        sum = (sum + (rows.weight[i * rows.maxRow + pos] as number)) | 0;
      }
      ring[slot + j] = ((ring[slot + j] as number) + sum) | 0;
    }
  });
}
