/**
 * The Poisson input sampler (shaders/common/poisson-input.wgsl.ts; oracle twin poissonCount in
 * kernels-tests/oracle/lif.ts, which the GPU matches bit for bit in lif.spec.ts): its counts follow
 * the Poisson law, and lif's poissonRateHz / poissonWeight are validated.
 */
import { expect, test } from '@playwright/test';
import { InvalidParameterError } from '../../host/errors';
import { lifKernel } from '../../host/kernels/lif';
import { seedWords } from '../../host/random/philox';
import { poissonCount } from '../oracle/lif';

function poissonPmf(lambda: number, k: number): number {
  let p = Math.exp(-lambda);
  for (let j = 1; j <= k; j++) p *= lambda / j;
  return p;
}

for (const lambda of [0.05, 1.28, 2.32, 7.5, 20]) {
  test(`Poisson input counts at mean ${lambda} per step follow the Poisson law (mean, variance, chi-square)`, () => {
    const draws = 40000;
    const key = seedWords(7);
    const limit = Math.fround(Math.exp(-lambda));
    const hist = new Map<number, number>();
    let sum = 0;
    let sq = 0;
    // Neurons x steps x instances, as the kernel's counters run.
    for (let d = 0; d < draws; d++) {
      const k = poissonCount(d % 1000, Math.floor(d / 2000), 3, Math.floor(d / 1000) % 2, key, limit);
      hist.set(k, (hist.get(k) ?? 0) + 1);
      sum += k;
      sq += k * k;
    }
    const mean = sum / draws;
    const variance = sq / draws - mean * mean;
    // Standard errors of the mean and of the variance of a Poisson sample.
    expect(Math.abs(mean - lambda), `mean ${mean}`).toBeLessThan(5 * Math.sqrt(lambda / draws));
    expect(Math.abs(variance - lambda), `variance ${variance}`).toBeLessThan(5 * Math.sqrt((lambda + 2 * lambda * lambda) / draws));
    // Chi-square: one bin per count expected >= 20 times, the rest pooled into a low and a high tail.
    let chi = 0;
    let bins = 0;
    const tail = { low: { o: 0, e: 0 }, high: { o: 0, e: 0 } };
    let ownObs = 0;
    let ownExp = 0;
    for (let k = 0; k < 200; k++) {
      const e = draws * poissonPmf(lambda, k);
      const o = hist.get(k) ?? 0;
      if (e >= 20) {
        chi += ((o - e) ** 2) / e;
        bins++;
        ownObs += o;
        ownExp += e;
      } else if (k < lambda) {
        tail.low.o += o;
        tail.low.e += e;
      }
    }
    tail.high.o = draws - ownObs - tail.low.o;
    tail.high.e = draws - ownExp - tail.low.e;
    for (const t of [tail.low, tail.high]) {
      if (t.e >= 5) {
        chi += ((t.o - t.e) ** 2) / t.e;
        bins++;
      }
    }
    // 99.9 % quantile of chi-square with (bins - 1) degrees of freedom (Wilson-Hilferty).
    const df = Math.max(1, bins - 1);
    const q = df * (1 - 2 / (9 * df) + 3.09 * Math.sqrt(2 / (9 * df))) ** 3;
    console.log(`Poisson input, lambda ${lambda}: mean ${mean.toFixed(4)}, variance ${variance.toFixed(4)}, chi-square ${chi.toFixed(1)} over ${bins} bins (99.9 % bound ${q.toFixed(1)})`);
    expect(bins).toBeGreaterThan(1);
    expect(chi).toBeLessThan(q);
  });
}

test('Poisson input with rate 0 or weight 0 compiles no draws; bad values are refused with the parameter named', () => {
  expect(lifKernel.resolve('lif population', { poissonRateHz: 0, poissonWeight: 1 }, 4, 0.1).options.poisson).toBe(false);
  expect(lifKernel.resolve('lif population', { poissonRateHz: 100, poissonWeight: 0 }, 4, 0.1).options.poisson).toBe(false);
  const on = lifKernel.resolve('lif population', { poissonRateHz: [0, 12800, 0, 0], poissonWeight: 0.0878 }, 4, 0.1);
  expect(on.options.poisson).toBe(true);
  expect(on.scalar).toBe(false);
  expect(on.at(1).poissonLimit).toBe(Math.fround(Math.exp(-1.28)));
  expect(on.at(0).poissonLimit).toBe(1);
  const bad = (params: object, field: string) => {
    const err = (() => { try { lifKernel.resolve('lif population', params, 4, 0.1); } catch (e) { return e; } return null; })();
    expect(err).toBeInstanceOf(InvalidParameterError);
    expect((err as InvalidParameterError).message).toContain(field);
  };
  bad({ poissonRateHz: -1, poissonWeight: 1 }, 'poissonRateHz');
  bad({ poissonRateHz: 200001, poissonWeight: 1 }, 'at most 200000 Hz');
  bad({ poissonRateHz: 10, poissonWeight: Number.NaN }, 'poissonWeight');
  bad({ poissonRateHz: [1, 2], poissonWeight: 1 }, 'poissonRateHz');
});
