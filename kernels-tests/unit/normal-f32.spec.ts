/**
 * The f32 normal sampler (host/random/normal-f32.ts, the GPU's twin in shaders/common/normal-f32.wgsl.ts;
 * the bit-for-bit GPU check is in kernels-tests/rng.spec.ts): its ln, sqrt and cos against float64,
 * its draws against float64 Box-Muller on the same words, and their distribution against N(0, 1).
 */
import { expect, test } from '@playwright/test';
import { cos2PiF32, lnF32, normalF32, sqrtF32 } from '../../host/random/normal-f32';
import { randomWordsScratch, uniform01 } from '../../host/random/philox';
import { ksCritical, ksStatistic, normalCdf } from '../harness/stats-tests';

test('lnF32, sqrtF32 and cos2PiF32 are within a few f32 ulps of float64 over their whole input range', () => {
  let ln = 0;
  for (let k = 1; k <= 1 << 24; k += 37) {
    const u = k * 2 ** -24;
    ln = Math.max(ln, Math.abs(lnF32(u) - Math.log(u)) / Math.max(1, Math.abs(Math.log(u))));
  }
  let sq = 0;
  for (let k = 1; k < 400000; k++) {
    const x = Math.fround(k * 8.4e-5);
    sq = Math.max(sq, Math.abs(sqrtF32(x) - Math.sqrt(x)) / Math.sqrt(x));
  }
  expect(sqrtF32(0)).toBe(0);
  let cos = 0;
  for (let k = 0; k < 1 << 24; k += 13) cos = Math.max(cos, Math.abs(cos2PiF32(k * 256) - Math.cos(2 * Math.PI * k * 2 ** -24)));
  console.log(`normalF32 pieces: ln ${ln.toExponential(2)} (relative, or absolute below 1), sqrt ${sq.toExponential(2)} relative, cos ${cos.toExponential(2)} absolute`);
  expect(ln).toBeLessThan(6e-7);
  expect(sq).toBeLessThan(4e-7);
  expect(cos).toBeLessThan(2.5e-7);
});

test('normalF32 draws: within 1e-5 of float64 Box-Muller on the same words, N(0, 1) by KS (200 000 draws), mean and variance', () => {
  const n = 200000;
  const z = new Float64Array(n);
  let worst = 0;
  let sum = 0;
  let sum2 = 0;
  for (let k = 0; k < n; k++) {
    const w = randomWordsScratch(5, 9, k, 0, 1);
    z[k] = normalF32(w[0]!, w[1]!);
    const exact = Math.sqrt(-2 * Math.log(((w[0]! >>> 8) + 1) * 2 ** -24)) * Math.cos(2 * Math.PI * uniform01(w[1]!));
    worst = Math.max(worst, Math.abs(z[k]! - exact));
    sum += z[k]!;
    sum2 += z[k]! * z[k]!;
  }
  const d = ksStatistic(z, normalCdf);
  console.log(`normalF32: max |z - float64 Box-Muller| ${worst.toExponential(2)}; KS D ${d.toFixed(5)} (critical ${ksCritical(n, 0.01).toFixed(5)} at alpha 0.01); mean ${(sum / n).toFixed(4)}, variance ${(sum2 / n - (sum / n) ** 2).toFixed(4)}`);
  expect(worst).toBeLessThan(1e-5);
  expect(d).toBeLessThan(ksCritical(n, 0.01));
  expect(Math.abs(sum / n)).toBeLessThan(0.01);
  expect(Math.abs(sum2 / n - (sum / n) ** 2 - 1)).toBeLessThan(0.015);
  // The extremes: u1 = 1 gives 0; the smallest u1 gives sqrt(48 ln 2) = 5.77.
  expect(Math.abs(normalF32(0xffffffff, 0))).toBe(0);
  expect(Math.abs(normalF32(0, 0) - Math.sqrt(48 * Math.LN2))).toBeLessThan(1e-5);
});
