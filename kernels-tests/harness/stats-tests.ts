/**
 * Goodness-of-fit tests written out plainly for the theory checks (connectivity rules, weight and
 * delay distributions): binomial probabilities, Pearson's chi-square with bins merged to an expected
 * count of at least 5, the one-sample Kolmogorov-Smirnov statistic, and critical values at a stated
 * significance level.
 */

/** ln Gamma(x) for x > 0 (Lanczos, g = 7, 9 terms; relative error ~1e-15). */
export function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

export function binomialPmf(n: number, p: number, k: number): number {
  if (k < 0 || k > n) return 0;
  if (p === 0) return k === 0 ? 1 : 0;
  if (p === 1) return k === n ? 1 : 0;
  return Math.exp(logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p));
}

/** Standard normal quantile of the upper tail alpha (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalUpperQuantile(alpha: number): number {
  const p = 1 - alpha;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const q = p < 0.5 ? Math.sqrt(-2 * Math.log(p)) : Math.sqrt(-2 * Math.log(1 - p));
  const tail = (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  if (p > 0.97575) return -tail;
  if (p < 0.02425) return tail;
  const r = (p - 0.5) ** 2;
  const x = p - 0.5;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * x) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/** Upper-tail critical value of chi-square with df degrees of freedom at level alpha (Wilson-Hilferty). */
export function chiSquareCritical(df: number, alpha: number): number {
  const z = normalUpperQuantile(alpha);
  const h = 2 / (9 * df);
  return df * (1 - h + z * Math.sqrt(h)) ** 3;
}

/**
 * Pearson's chi-square of observed integer outcomes against a discrete distribution `pmf` on
 * [lo, hi]: adjacent outcomes are merged until each bin expects at least 5 (the tails fold into the
 * end bins). Returns the statistic and the degrees of freedom (bins - 1).
 */
export function chiSquareDiscrete(values: ArrayLike<number>, pmf: (k: number) => number, lo: number, hi: number): { stat: number; df: number; bins: number } {
  const n = values.length;
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) counts.set(values[i]!, (counts.get(values[i]!) ?? 0) + 1);
  for (const k of counts.keys()) if (k < lo || k > hi) throw new Error(`outcome ${k} outside [${lo}, ${hi}]`);
  const bins: { expected: number; observed: number }[] = [];
  let cur = { expected: 0, observed: 0 };
  for (let k = lo; k <= hi; k++) {
    cur.expected += n * pmf(k);
    cur.observed += counts.get(k) ?? 0;
    if (cur.expected >= 5) {
      bins.push(cur);
      cur = { expected: 0, observed: 0 };
    }
  }
  if (bins.length === 0) throw new Error('too few values for a chi-square test');
  bins[bins.length - 1]!.expected += cur.expected;
  bins[bins.length - 1]!.observed += cur.observed;
  let stat = 0;
  for (const b of bins) stat += (b.observed - b.expected) ** 2 / b.expected;
  return { stat, df: bins.length - 1, bins: bins.length };
}

/** One-sample Kolmogorov-Smirnov statistic D of `sample` against the continuous `cdf`. */
export function ksStatistic(sample: ArrayLike<number>, cdf: (x: number) => number): number {
  const x = Float64Array.from(sample).sort();
  const n = x.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const F = cdf(x[i]!);
    d = Math.max(d, (i + 1) / n - F, F - i / n);
  }
  return d;
}

/** Asymptotic critical D of the one-sample KS test at level alpha: sqrt(-ln(alpha / 2) / 2) / sqrt(n). */
export function ksCritical(n: number, alpha: number): number {
  return Math.sqrt(-Math.log(alpha / 2) / 2) / Math.sqrt(n);
}

/** The standard normal CDF. */
export function normalCdf(x: number): number {
  // Abramowitz & Stegun 7.1.26 on erf, |error| < 1.5e-7: ample for KS at n ~ 1e5 (critical D ~ 6e-3).
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}
