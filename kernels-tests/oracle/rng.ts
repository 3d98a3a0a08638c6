/**
 * CPU oracle for shaders/rng.wgsl.ts: the words the GPU must produce, from host/random/philox.ts
 * (itself checked against the Random123 known-answer vectors in kernels-tests/unit/philox.spec.ts).
 */
import { randomWords } from '../../host/random/philox';

/** Expected buffer of generateRandomWords: [instance][index][4] u32. */
export function rngOracle(count: number, instances: number, seed: number, stream: number, step: number): Uint32Array {
  const out = new Uint32Array(count * instances * 4);
  for (let b = 0; b < instances; b++) {
    for (let i = 0; i < count; i++) out.set(randomWords(seed, stream, step, i, b), (b * count + i) * 4);
  }
  return out;
}
