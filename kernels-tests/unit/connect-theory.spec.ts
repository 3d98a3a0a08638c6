/**
 * The connectivity rules against probability theory, independently of their implementation
 * (host/random/rows.ts, whose rows the GPU generator reproduces bit for bit: connect.spec.ts):
 * degree distributions against the binomial or fixed degrees they must have, uniqueness, the
 * autapse rule, p, and the weight and delay initialisers against their distributions. Each
 * statistical check uses a fixed seed and level alpha = 0.001 (chi-square with bins of expected
 * count >= 5, one-sample Kolmogorov-Smirnov, two-sided z).
 */
import { expect, test } from '@playwright/test';
import { connect, type RaggedRows } from '../../host/random/rows';
import type { ProjectionModel } from '../../host/model/network';
import { binomialPmf, chiSquareCritical, chiSquareDiscrete, ksCritical, ksStatistic, normalCdf, normalUpperQuantile } from '../harness/stats-tests';

const ALPHA = 0.001;
const Z = normalUpperQuantile(ALPHA / 2); // two-sided: 3.29
const OPTS = { seed: 20261129, dt: 0.5, fractionBits: 16, maxDelaySteps: 100 };

function rows(p: Partial<ProjectionModel> & Pick<ProjectionModel, 'connectivity'>, nPre: number, nPost: number, same = false, index = 0): RaggedRows {
  return connect({ name: 'p', pre: 'a', post: same ? 'a' : 'b', target: 'exc', weight: 1, ...p }, index, nPre, nPost, same, OPTS);
}

/** Every synapse as [pre, post, slot in the row arrays]; throws if a row is unsorted or repeats a target. */
function pairs(r: RaggedRows): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let i = 0; i < r.nPre; i++) {
    for (let s = 0; s < r.rowLength[i]!; s++) {
      const at = i * r.maxRow + s;
      if (s > 0 && r.ind[at]! <= r.ind[at - 1]!) throw new Error(`row ${i} is not strictly increasing at ${s}: a duplicate or unsorted target`);
      out.push([i, r.ind[at]!, at]);
    }
  }
  return out;
}

const outDegrees = (r: RaggedRows) => Array.from(r.rowLength);
function inDegrees(r: RaggedRows): number[] {
  const d = new Array<number>(r.nPost).fill(0);
  for (const [, j] of pairs(r)) d[j]!++;
  return d;
}

function expectBinomial(label: string, values: number[], n: number, p: number): void {
  const { stat, df } = chiSquareDiscrete(values, (k) => binomialPmf(n, p, k), 0, n);
  const crit = chiSquareCritical(df, ALPHA);
  console.log(`${label}: chi2 = ${stat.toFixed(2)} on ${df} df (critical ${crit.toFixed(2)} at alpha ${ALPHA}) against Binomial(${n}, ${p.toPrecision(4)})`);
  expect(stat, `${label} against Binomial(${n}, ${p})`).toBeLessThan(crit);
}

function expectCountNear(label: string, count: number, n: number, p: number): void {
  const z = (count - n * p) / Math.sqrt(n * p * (1 - p));
  console.log(`${label}: ${count} of ${n} (expected ${(n * p).toFixed(1)}, z = ${z.toFixed(2)})`);
  expect(Math.abs(z), label).toBeLessThan(Z);
}

test('the statistics helpers give the tabulated critical values', () => {
  expect(normalUpperQuantile(0.0005)).toBeCloseTo(3.2905, 3);
  expect(chiSquareCritical(10, 0.001)).toBeCloseTo(29.588, 0);
  expect(chiSquareCritical(30, 0.001)).toBeCloseTo(59.703, 0);
  expect(ksCritical(10000, 0.001)).toBeCloseTo(1.9495 / 100, 4);
  expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
  let total = 0;
  for (let k = 0; k <= 40; k++) total += binomialPmf(40, 0.3, k);
  expect(total).toBeCloseTo(1, 12);
  expect(binomialPmf(10, 0.5, 5)).toBeCloseTo(252 / 1024, 12);
});

test('fixedProbability: synapse count, out- and in-degrees are binomial with p; no duplicates; the autapse rule', () => {
  const p = 0.1;
  const r = rows({ connectivity: { rule: 'fixedProbability', p } }, 500, 700);
  expectCountNear('fixedProbability 500 x 700 synapses', r.synapses, 500 * 700, p);
  expectBinomial('fixedProbability out-degree', outDegrees(r), 700, p);
  expectBinomial('fixedProbability in-degree', inDegrees(r), 500, p);
  // Same population, no autapses: never i -> i, each row drawn from the other 599.
  const same = rows({ connectivity: { rule: 'fixedProbability', p: 0.05 } }, 600, 600, true, 1);
  expect(pairs(same).filter(([i, j]) => i === j)).toEqual([]);
  expectBinomial('fixedProbability out-degree without autapses', outDegrees(same), 599, 0.05);
  // With autapses: i -> i occurs with probability p like any pair.
  const auto = rows({ connectivity: { rule: 'fixedProbability', p: 0.3, autapses: true } }, 2000, 2000, true, 2);
  expectCountNear('fixedProbability autapses', pairs(auto).filter(([i, j]) => i === j).length, 2000, 0.3);
  expect(rows({ connectivity: { rule: 'fixedProbability', p: 0 } }, 50, 50).synapses).toBe(0);
  expect(rows({ connectivity: { rule: 'fixedProbability', p: 1 } }, 50, 60).synapses).toBe(3000);
});

test('fixedOutDegree: every row has exactly k distinct targets, never itself; in-degrees are Binomial(n - 1, k / (n - 1))', () => {
  const k = 25;
  const r = rows({ connectivity: { rule: 'fixedOutDegree', k } }, 400, 400, true);
  expect(new Set(outDegrees(r))).toEqual(new Set([k]));
  expect(pairs(r).filter(([i, j]) => i === j)).toEqual([]);
  expectBinomial('fixedOutDegree in-degree', inDegrees(r), 399, k / 399);
  const between = rows({ connectivity: { rule: 'fixedOutDegree', k: 60 } }, 300, 800, false, 1);
  expectBinomial('fixedOutDegree in-degree between populations', inDegrees(between), 300, 60 / 800);
});

test('fixedInDegree: every column has exactly k distinct sources, never itself; out-degrees are Binomial(n_post, k / pool)', () => {
  const k = 30;
  const r = rows({ connectivity: { rule: 'fixedInDegree', k } }, 400, 600);
  expect(new Set(inDegrees(r))).toEqual(new Set([k]));
  pairs(r); // rows sorted and without duplicates
  expectBinomial('fixedInDegree out-degree', outDegrees(r), 600, k / 400);
  const same = rows({ connectivity: { rule: 'fixedInDegree', k: 20 } }, 500, 500, true, 1);
  expect(new Set(inDegrees(same))).toEqual(new Set([20]));
  expect(pairs(same).filter(([i, j]) => i === j)).toEqual([]);
  expectBinomial('fixedInDegree out-degree without autapses', outDegrees(same), 500, 20 / 499);
});

test('fixedTotalNumber: exactly n synapses; with multapses (default) degrees are Binomial(n, 1 / size); without, distinct pairs', () => {
  const n = 6000;
  const r = rows({ connectivity: { rule: 'fixedTotalNumber', n } }, 100, 150);
  expect(r.synapses).toBe(n);
  // Rows may repeat a target (multapses): count every synapse, sorted rows.
  const inDeg = new Array<number>(150).fill(0);
  let repeats = 0;
  for (let i = 0; i < r.nPre; i++) {
    for (let s = 0; s < r.rowLength[i]!; s++) {
      const at = i * r.maxRow + s;
      if (s > 0) {
        expect(r.ind[at]!).toBeGreaterThanOrEqual(r.ind[at - 1]!);
        if (r.ind[at] === r.ind[at - 1]) repeats++;
      }
      inDeg[r.ind[at]!]!++;
    }
  }
  expectBinomial('fixedTotalNumber out-degree', outDegrees(r), n, 1 / 100);
  expectBinomial('fixedTotalNumber in-degree', inDeg, n, 1 / 150);
  // Expected repeated pairs with replacement: n - pairs * (1 - (1 - 1/pairs)^n) (about 1050 here).
  const pairsTotal = 100 * 150;
  const expectedRepeats = n - pairsTotal * (1 - (1 - 1 / pairsTotal) ** n);
  console.log(`fixedTotalNumber multapses: ${repeats} repeated pairs (expected ${expectedRepeats.toFixed(0)})`);
  expect(Math.abs(repeats - expectedRepeats)).toBeLessThan(5 * Math.sqrt(expectedRepeats));
  const distinct = rows({ connectivity: { rule: 'fixedTotalNumber', n: 9000, multapses: false } }, 120, 120, true, 1);
  expect(distinct.synapses).toBe(9000);
  expect(pairs(distinct).filter(([i, j]) => i === j)).toEqual([]); // pairs() also refuses repeats
  const full = rows({ connectivity: { rule: 'fixedTotalNumber', n: 20 * 19, multapses: false } }, 20, 20, true, 2);
  expect(pairs(full).length).toBe(380);
  expect(() => rows({ connectivity: { rule: 'fixedTotalNumber', n: 381, multapses: false } }, 20, 20, true)).toThrow(/connectivity\.n.*at most 380/);
});

test('allToAll and oneToOne give exactly their pairs', () => {
  const all = rows({ connectivity: { rule: 'allToAll' } }, 30, 30, true);
  expect(all.synapses).toBe(30 * 29);
  expect(pairs(all).filter(([i, j]) => i === j)).toEqual([]);
  expect(rows({ connectivity: { rule: 'allToAll', autapses: true } }, 30, 30, true).synapses).toBe(900);
  expect(rows({ connectivity: { rule: 'allToAll' } }, 20, 35).synapses).toBe(700);
  expect(pairs(rows({ connectivity: { rule: 'oneToOne' } }, 40, 40, true)).map(([i, j]) => [i, j])).toEqual(Array.from({ length: 40 }, (_, i) => [i, i]));
});

/** The weights of every synapse, in the model's unit (fixed point back to real). */
const weightsOf = (r: RaggedRows) => pairs(r).map(([, , at]) => r.weight[at]! / 2 ** OPTS.fractionBits);

test('weight initialisers follow their distributions (one-sample KS): uniform, normal, lognormal, clipped normal', () => {
  const conn = { rule: 'fixedProbability' as const, p: 0.2 };
  const check = (label: string, weight: ProjectionModel['weight'], cdf: (x: number) => number) => {
    const r = rows({ connectivity: conn, weight }, 400, 500, false, 3);
    const w = weightsOf(r);
    const d = ksStatistic(w, cdf);
    const crit = ksCritical(w.length, ALPHA);
    console.log(`${label}: KS D = ${d.toFixed(5)} over ${w.length} weights (critical ${crit.toFixed(5)} at alpha ${ALPHA})`);
    expect(d, label).toBeLessThan(crit);
    return w;
  };
  check('uniform [0.5, 2]', { dist: 'uniform', low: 0.5, high: 2 }, (x) => Math.min(1, Math.max(0, (x - 0.5) / 1.5)));
  check('normal (1, 0.3)', { dist: 'normal', mean: 1, sd: 0.3 }, (x) => normalCdf((x - 1) / 0.3));
  check('lognormal (0, 0.5)', { dist: 'lognormal', mu: 0, sigma: 0.5 }, (x) => (x <= 0 ? 0 : normalCdf(Math.log(x) / 0.5)));
  // Clipped at [0.7, 1.6]: the clipped mass sits exactly at the bounds, the rest is normal.
  const r = rows({ connectivity: conn, weight: { dist: 'normal', mean: 1, sd: 0.3, low: 0.7, high: 1.6 } }, 400, 500, false, 4);
  const w = weightsOf(r);
  const [low, high] = [0.7, 1.6].map((x) => Math.round(x * 2 ** 16) / 2 ** 16) as [number, number]; // the bounds in fixed point
  expect(Math.min(...w)).toBe(low);
  expect(Math.max(...w)).toBe(high);
  expectCountNear('normal clipped at low = mean - sd', w.filter((x) => x === low).length, w.length, normalCdf(-1));
  expectCountNear('normal clipped at high = mean + 2 sd', w.filter((x) => x === high).length, w.length, 1 - normalCdf(2));
});

test('delay initialisers: uniform delays are uniform over whole steps; constant delays are one value', () => {
  const r = rows({ connectivity: { rule: 'fixedProbability', p: 0.2 }, delayMs: { dist: 'uniform', low: 0.5, high: 3 } }, 300, 400, false, 5);
  const delays = pairs(r).map(([, , at]) => r.delay![at]!);
  const { stat, df } = chiSquareDiscrete(delays, () => 1 / 6, 1, 6); // 0.5 .. 3 ms at dt 0.5: steps 1 .. 6
  const crit = chiSquareCritical(df, ALPHA);
  console.log(`uniform delays: chi2 = ${stat.toFixed(2)} on ${df} df (critical ${crit.toFixed(2)})`);
  expect(df).toBe(5);
  expect(stat).toBeLessThan(crit);
  const c = rows({ connectivity: { rule: 'fixedProbability', p: 0.2 }, delayMs: 1.5 }, 50, 50, false, 6);
  expect(c.perSynapseDelay).toBe(false);
  expect(c.constDelay).toBe(3);
});
