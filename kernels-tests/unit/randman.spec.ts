/** Randman (host/train/randman.ts): the dataset's structure, determinism and separability. */
import { expect, test } from '@playwright/test';
import { randman, splitDataset } from '../../host/train/randman';

test('randman: one spike per unit and sample, balanced classes, repeatable by seed, separable by 1-NN on spike times', () => {
  const T = 40;
  const N = 30;
  const d = randman({ classes: 4, units: N, steps: T, manifoldDim: 2, samplesPerClass: 60, seed: 7 });
  expect(d.size).toBe(240);
  expect(d.encoding).toBe('sequence');
  for (let s = 0; s < d.size; s++) for (let i = 0; i < N; i++) {
    let spikes = 0;
    for (let t = 0; t < T; t++) spikes += d.inputs[(s * T + t) * N + i]!;
    expect(spikes).toBe(1);
  }
  const counts = [0, 0, 0, 0];
  for (const l of d.labels) counts[l]!++;
  expect(counts).toEqual([60, 60, 60, 60]);
  const again = randman({ classes: 4, units: N, steps: T, manifoldDim: 2, samplesPerClass: 60, seed: 7 });
  expect(again.inputs).toEqual(d.inputs);
  const other = randman({ classes: 4, units: N, steps: T, manifoldDim: 2, samplesPerClass: 60, seed: 8 });
  expect(other.inputs).not.toEqual(d.inputs);
  // Each class is a smooth manifold: the nearest training sample (spike times) is of the same class.
  const [train, held] = splitDataset(d, 0.75);
  const times = (x: typeof train, s: number) => Array.from({ length: N }, (_, i) => {
    for (let t = 0; t < T; t++) if (x.inputs[(s * T + t) * N + i]) return t;
    return -1;
  });
  const tv = Array.from({ length: train.size }, (_, s) => times(train, s));
  let ok = 0;
  for (let s = 0; s < held.size; s++) {
    const v = times(held, s);
    let best = Infinity;
    let lab = -1;
    tv.forEach((u, k) => {
      const dist = u.reduce((a, x, i) => a + (x - v[i]!) ** 2, 0);
      if (dist < best) { best = dist; lab = train.labels[k]!; }
    });
    if (lab === held.labels[s]) ok++;
  }
  expect(ok / held.size).toBeGreaterThan(0.9);
  expect(() => randman({ classes: 1 })).toThrow(/classes = 1/);
});
