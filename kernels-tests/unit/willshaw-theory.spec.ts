/** Willshaw theory and the random sparse patterns used with AssociativeMemory (no GPU): the oracle's memory against the theory. */
import { expect, test } from '@playwright/test';
import { randomSparsePatterns, willshawTheory } from '../../host/learn/associative-memory';
import { willshawRecallOracle, willshawStoreOracle } from '../oracle/willshaw';

test('random sparse patterns: k distinct sorted indices in range, seeded', () => {
  const ps = randomSparsePatterns(100, 7, 50, 3);
  expect(ps).toHaveLength(50);
  for (const p of ps) {
    expect(p).toHaveLength(7);
    expect(new Set(p).size).toBe(7);
    expect(Array.from(p)).toEqual(Array.from(p).sort((a, b) => a - b));
    expect(Math.max(...p)).toBeLessThan(100);
  }
  expect(randomSparsePatterns(100, 7, 50, 3).map((p) => Array.from(p))).toEqual(ps.map((p) => Array.from(p)));
  expect(() => randomSparsePatterns(10, 11, 1, 1)).toThrow(/active = 11/);
});

test('theory: capacity ln 2 N^2/k^2 at half load; the oracle memory\'s load and spurious outputs follow it', () => {
  const t = willshawTheory(1024, 1024, 16, 16, 0, 8);
  expect(t.capacityAtHalfLoad).toBeCloseTo(Math.log(2) / -Math.log1p(-256 / 1024 ** 2), 6);
  expect(t.capacityAtHalfLoad).toBeGreaterThan(0.999 * Math.log(2) * 4096);
  expect(willshawTheory(1024, 1024, 16, 16, t.capacityAtHalfLoad, 8).load).toBeCloseTo(0.5, 12);
  // 400 random pairs of 8-of-256 in the oracle memory: measured load and spurious outputs from half cues.
  const n = 256, k = 8, m = 400;
  const xs = randomSparsePatterns(n, k, m, 1);
  const ys = randomSparsePatterns(n, k, m, 2);
  const W = new Uint32Array(n * 8);
  willshawStoreOracle(W, n, xs.map((x, p) => ({ x, y: ys[p]! })));
  let ones = 0;
  for (const w of W) for (let b = 0; b < 32; b++) ones += (w >>> b) & 1;
  const theory = willshawTheory(n, n, k, k, m, k / 2);
  expect(Math.abs(ones / (n * n) - theory.load)).toBeLessThan(0.01);
  let spurious = 0;
  xs.forEach((x, p) => {
    const out = willshawRecallOracle(W, n, x.subarray(0, k / 2), 0).active;
    const want = new Set(ys[p]);
    out.forEach((v, j) => { if (v && !want.has(j)) spurious++; else if (!v && want.has(j)) throw new Error('a miss: impossible with a part of a stored cue'); });
  });
  // Expected (n - k) load^(k/2) per recall (independence approximation): within 25 %.
  expect(spurious / m).toBeGreaterThan(0.75 * theory.spurious);
  expect(spurious / m).toBeLessThan(1.25 * theory.spurious);
});
