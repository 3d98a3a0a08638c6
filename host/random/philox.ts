/**
 * Philox4x32-10 (Salmon, Moraes, Dror & Shaw 2011, "Parallel random numbers: as easy as 1, 2, 3"),
 * the counter-based generator used everywhere in spikegpu. This TypeScript version and the WGSL one
 * in shaders/common/philox.wgsl.ts are bit-identical (tested against each other and against the
 * Random123 known-answer vectors).
 *
 * Keying used by the toolkit: key = (seedLo, seedHi); counter = (index, step, stream, instance),
 * where `instance` is the batch instance. One call yields four independent u32 words.
 */

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

/** High word of the 32x32 -> 64-bit product, from 16-bit limbs (exact in doubles, mirrors the WGSL). */
export function mulhi32(a: number, b: number): number {
  const al = a & 0xffff;
  const ah = a >>> 16;
  const bl = b & 0xffff;
  const bh = b >>> 16;
  const lh = al * bh;
  const hl = ah * bl;
  const mid = ((al * bl) >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (ah * bh + (lh >>> 16) + (hl >>> 16) + (mid >>> 16)) >>> 0;
}

/** Full 32x32 -> 64-bit product as [hi, lo] (the low word is exact with Math.imul). */
export function mulhilo32(a: number, b: number): [number, number] {
  return [mulhi32(a, b), Math.imul(a, b) >>> 0];
}

/** Philox4x32 with `rounds` rounds (10 is the standard, crush-resistant choice). Returns 4 u32 words. */
export function philox4x32(
  c0: number, c1: number, c2: number, c3: number, k0: number, k1: number, rounds = 10,
): [number, number, number, number] {
  let x0 = c0 >>> 0, x1 = c1 >>> 0, x2 = c2 >>> 0, x3 = c3 >>> 0;
  let key0 = k0 >>> 0, key1 = k1 >>> 0;
  for (let r = 0; r < rounds; r++) {
    if (r > 0) {
      key0 = (key0 + W0) >>> 0;
      key1 = (key1 + W1) >>> 0;
    }
    // The products' low words are exact with Math.imul; the high words come from 16-bit limbs.
    const hi0 = mulhi32(M0, x0);
    const lo0 = Math.imul(M0, x0) >>> 0;
    const hi1 = mulhi32(M1, x2);
    const lo1 = Math.imul(M1, x2) >>> 0;
    x0 = (hi1 ^ x1 ^ key0) >>> 0;
    x1 = lo1;
    x2 = (hi0 ^ x3 ^ key1) >>> 0;
    x3 = lo0;
  }
  return [x0, x1, x2, x3];
}

/** Splits a seed (an integer in [0, 2^53)) into the two key words. */
export function seedWords(seed: number): [number, number] {
  return [seed % 2 ** 32 >>> 0, Math.floor(seed / 2 ** 32) >>> 0];
}

/** The toolkit's keyed draw: four u32 words for (seed, stream, step, index, instance). */
export function randomWords(seed: number, stream: number, step: number, index: number, instance = 0): [number, number, number, number] {
  const [k0, k1] = seedWords(seed);
  return philox4x32(index, step, stream, instance, k0, k1);
}

const SCRATCH = new Uint32Array(4);

/**
 * randomWords without allocating, for hot host loops (connectivity of 1e8 synapses): the four words
 * are written to one shared array, valid until the next call, which the caller must read first. The
 * same words as randomWords (tested against it).
 */
export function randomWordsScratch(seed: number, stream: number, step: number, index: number, instance = 0): Uint32Array {
  let x0 = index >>> 0, x1 = step >>> 0, x2 = stream >>> 0, x3 = instance >>> 0;
  let key0 = seed % 2 ** 32 >>> 0;
  let key1 = Math.floor(seed / 2 ** 32) >>> 0;
  for (let r = 0; r < 10; r++) {
    if (r > 0) {
      key0 = (key0 + W0) >>> 0;
      key1 = (key1 + W1) >>> 0;
    }
    const hi0 = mulhi32(M0, x0);
    const lo0 = Math.imul(M0, x0) >>> 0;
    const hi1 = mulhi32(M1, x2);
    const lo1 = Math.imul(M1, x2) >>> 0;
    x0 = (hi1 ^ x1 ^ key0) >>> 0;
    x1 = lo1;
    x2 = (hi0 ^ x3 ^ key1) >>> 0;
    x3 = lo0;
  }
  SCRATCH[0] = x0;
  SCRATCH[1] = x1;
  SCRATCH[2] = x2;
  SCRATCH[3] = x3;
  return SCRATCH;
}

/** Maps a u32 to a float in [0, 1) with 24 random bits: exactly representable in f32, same in WGSL. */
export function uniform01(word: number): number {
  return (word >>> 8) * 2 ** -24;
}
