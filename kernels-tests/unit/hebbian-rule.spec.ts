/**
 * The hebbian oracle against the equations in float64 (one update, both rules), and HebbianPca's host
 * helpers: the learning-rate schedule, an epoch's batches, centring, initial weights.
 */
import { expect, test } from '@playwright/test';
import { hebbianCentered, hebbianEpochUpdates, hebbianInitialWeights, hebbianLearningRate, hebbianOrder } from '../../host/learn/hebbian-pca';
import { hebbianUpdateOracle } from '../oracle/hebbian';

test('one oracle update is dW = eta/B (Y^T X - M W) with M = LT[Y^T Y] (Sanger) or Y^T Y (Oja), to f32 rounding', () => {
  const n = 6, k = 3, rows = 5;
  const W = Float32Array.from({ length: k * n }, (_, e) => Math.fround(Math.sin(e + 1) * 0.4));
  const X = Float32Array.from({ length: 9 * n }, (_, e) => Math.fround(Math.cos(3 * e) * 2));
  const order = Uint32Array.from([8, 2, 5, 0, 7, 1, 3, 4, 6]);
  const start = 2, eta = 0.05;
  for (const rule of ['sanger', 'oja'] as const) {
    const got = hebbianUpdateOracle(W, X, order, start, rows, Math.fround(eta / rows), n, k, rule);
    // float64, matrix by matrix.
    const x = (r: number, j: number) => X[order[start + r]! * n + j]!;
    const Y = Array.from({ length: rows }, (_, r) => Array.from({ length: k }, (_, i) => Array.from({ length: n }, (_, j) => W[i * n + j]! * x(r, j)).reduce((a, b) => a + b)));
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < n; j++) {
        let hebb = 0;
        for (let r = 0; r < rows; r++) hebb += Y[r]![i]! * x(r, j);
        let decay = 0;
        for (let i2 = 0; i2 < (rule === 'sanger' ? i + 1 : k); i2++) {
          let c = 0;
          for (let r = 0; r < rows; r++) c += Y[r]![i]! * Y[r]![i2]!;
          decay += c * W[i2 * n + j]!;
        }
        const want = W[i * n + j]! + (eta / rows) * (hebb - decay);
        expect(Math.abs(got[i * n + j]! - want), `${rule} W[${i}][${j}]`).toBeLessThan(1e-5 * (1 + Math.abs(want)));
      }
    }
  }
  // The rules differ only where Sanger drops the upper triangle: row 0 is the same.
  const s = hebbianUpdateOracle(W, X, order, start, rows, 0.01, n, k, 'sanger');
  const o = hebbianUpdateOracle(W, X, order, start, rows, 0.01, n, k, 'oja');
  expect(Array.from(s.subarray(0, n))).not.toEqual(Array.from(o.subarray(0, n)));
});

test('HebbianPca helpers: schedule, batches of an epoch, order, centring, initial weights', () => {
  expect(hebbianLearningRate(0.1, { kind: 'constant' }, 1000)).toBe(0.1);
  expect(hebbianLearningRate(0.1, { kind: 'inverse', updates: 50 }, 0)).toBe(0.1);
  expect(hebbianLearningRate(0.1, { kind: 'inverse', updates: 50 }, 50)).toBeCloseTo(0.05, 15);
  const ups = hebbianEpochUpdates(70, 32, 0.1, { kind: 'inverse', updates: 2 }, 4);
  expect(ups.map((u) => [u.start, u.rows])).toEqual([[0, 32], [32, 32], [64, 6]]);
  expect(ups.map((u) => u.scale)).toEqual([Math.fround(0.1 / 3 / 32), Math.fround(0.1 / 3.5 / 32), Math.fround(0.1 / 4 / 6)]);
  expect(Array.from(hebbianOrder(5, 1, 0, false))).toEqual([0, 1, 2, 3, 4]);
  const shuffled = hebbianOrder(40, 1, 0, true);
  expect(Array.from(shuffled).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i));
  expect(Array.from(hebbianOrder(40, 1, 1, true))).not.toEqual(Array.from(shuffled));
  const { x, mean } = hebbianCentered(Float32Array.from([1, 10, 3, 20]), 2, true);
  expect(Array.from(mean)).toEqual([2, 15]);
  expect(Array.from(x)).toEqual([-1, -5, 1, 5]);
  expect(Array.from(hebbianCentered(Float32Array.from([1, 10]), 2, false).x)).toEqual([1, 10]);
  const w = hebbianInitialWeights(9, 2, 7);
  expect(Array.from(w)).toEqual(Array.from(hebbianInitialWeights(9, 2, 7)));
  expect(Math.max(...Array.from(w, Math.abs))).toBeLessThanOrEqual(1 / 3);
  expect(Array.from(w)).not.toEqual(Array.from(hebbianInitialWeights(9, 2, 8)));
});
