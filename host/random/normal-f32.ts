/**
 * A standard normal draw from two Philox words that the GPU computes bit for bit: Box-Muller,
 * z = sqrt(-2 ln u1) cos(2 pi u2), with ln, sqrt and cos written out in f32 additions, subtractions
 * and multiplications only (each correctly rounded in WGSL and here, where every operation goes
 * through Math.fround; the WGSL twin, shaders/common/normal-f32.wgsl.ts, passes every product through
 * noContract). Integer and bit operations split the arguments exactly:
 * - ln u = e ln 2 + ln m for u = m 2^e, m in [sqrt(1/2), sqrt(2)); ln m = 2 atanh(s) with
 *   s = (m - 1) / (m + 1), the reciprocal by three Newton steps, atanh by its series to s^9 (|s| < 0.172);
 * - sqrt x = x / sqrt x, 1 / sqrt x by the classic bit estimate and three Newton steps;
 * - cos 2 pi v: v = q / 4 + r with |r| <= 1/8 exactly (integer arithmetic on v's 24 bits), then cos or
 *   sin of 2 pi r by Taylor polynomials to degree 8 and 9, signed by the quadrant q.
 * Each piece is within a few f32 ulps of the float64 function; u1 = (top 24 bits of word 0 + 1) 2^-24
 * in (0, 1] and v = top 24 bits of word 1 x 2^-24 in [0, 1), so |z| <= sqrt(48 ln 2) = 5.77.
 */
import { NORMAL_F32_CONSTANTS } from '../../shaders/common/normal-f32.wgsl.js';

const f = Math.fround;
const bits = new Uint32Array(1);
const float = new Float32Array(bits.buffer);
const toBits = (x: number): number => {
  float[0] = x;
  return bits[0]!;
};
const fromBits = (b: number): number => {
  bits[0] = b >>> 0;
  return float[0]!;
};

const C = NORMAL_F32_CONSTANTS;

/** ln u for a positive normal f32 u (here: u in [2^-24, 1]). */
export function lnF32(u: number): number {
  const b = toBits(u);
  let e = ((b >>> 23) & 0xff) - 127;
  let m = fromBits((b & 0x7fffff) | 0x3f800000);
  if (m > C.sqrt2) {
    m = f(m * 0.5);
    e += 1;
  }
  const t = f(m - 1);
  const d = f(m + 1);
  let r = f(C.recipA - f(C.recipB * d));
  for (let k = 0; k < 3; k++) r = f(r * f(2 - f(d * r)));
  const s = f(t * r);
  const s2 = f(s * s);
  let p = C.atanh9;
  p = f(f(p * s2) + C.atanh7);
  p = f(f(p * s2) + C.atanh5);
  p = f(f(p * s2) + C.atanh3);
  p = f(f(p * s2) + 1);
  return f(f(e * C.ln2) + f(f(s + s) * p));
}

/** sqrt x for x >= 0 (finite). */
export function sqrtF32(x: number): number {
  const h = f(x * 0.5);
  let y = fromBits(0x5f3759df - (toBits(x) >>> 1));
  for (let k = 0; k < 3; k++) y = f(y * f(1.5 - f(f(h * y) * y)));
  return f(x * y);
}

/** cos(2 pi v) for v = k 2^-24, k = the top 24 bits of `word` (v = uniform01(word)). */
export function cos2PiF32(word: number): number {
  const k = word >>> 8;
  const q = (k + 0x200000) >>> 22; // nearest quarter turn, 0..4
  const theta = f(f((k - q * 0x400000) * 2 ** -24) * C.twoPi);
  const t2 = f(theta * theta);
  let c = C.cos8;
  c = f(f(c * t2) + C.cos6);
  c = f(f(c * t2) + C.cos4);
  c = f(f(c * t2) - 0.5);
  c = f(f(c * t2) + 1);
  let s = C.sin9;
  s = f(f(s * t2) + C.sin7);
  s = f(f(s * t2) + C.sin5);
  s = f(f(s * t2) + C.sin3);
  s = f(f(s * t2) + 1);
  s = f(theta * s);
  switch (q & 3) {
    case 0: return c;
    case 1: return -s;
    case 2: return -c;
    default: return s;
  }
}

/** The largest |z| a draw can have: u1 >= 2^-24 and |cos| <= 1, so sqrt(-2 ln 2^-24) = sqrt(48 ln 2), rounded up. */
export const NORMAL_F32_MAX = 5.7686;

/** A standard normal draw (f32) from two u32 words: the GPU's `normalF32(w0, w1)` gives the same bits. */
export function normalF32(w0: number, w1: number): number {
  const u1 = f(((w0 >>> 8) + 1) * 2 ** -24);
  return f(sqrtF32(f(-2 * lnF32(u1))) * cos2PiF32(w1));
}
