/**
 * CPU oracle for shaders/procedural.wgsl.ts: per post neuron, the i32 sum over this step's spikes of
 * the regenerated synapses (Philox draw < threshold), weights constant or f32 uniform, added once.
 */
import { randomWords, uniform01 } from '../../host/random/philox';

export function proceduralOracle(fr: Record<string, number>, seed: number, spikes: number[][], ring: Int32Array, step: number, slots: number, slotWords: number): number {
  const f = Math.fround;
  let events = 0;
  spikes.forEach((pres, b) => {
    const base = ((step + fr.delay!) % slots) * slotWords + b * fr.nPost!;
    for (let j = 0; j < fr.nPost!; j++) {
      let sum = 0;
      for (const i of pres) {
        if (fr.skipSelf && i === j) continue;
        if (!fr.allPairs && randomWords(seed, fr.stream!, i, j, 0)[0] >= fr.threshold!) continue;
        let w = fr.qConst!;
        if (fr.uniform) {
          const wf = f(fr.wLo! + f(fr.wRange! * uniform01(randomWords(seed, fr.stream!, i, j, 1)[0])));
          w = Math.floor(f(f(wf * fr.scale!) + 0.5));
        }
        sum = (sum + w) | 0;
        events++;
      }
      ring[base + j] = ((ring[base + j] as number) + sum) | 0;
    }
  });
  return events;
}
