/**
 * Randman (Zenke & Vogels 2021, "The remarkable robustness of surrogate gradient learning"): spike
 * patterns from random smooth manifolds, generated from the published definition. Each class has its
 * own random manifold: a smooth map from [0, 1)^D (D = `manifoldDim`) to `units` coordinates, each
 * coordinate the product over the D dimensions of a random Fourier series
 *   g(x) = sum_{k=1..K} a_k k^-alpha sin(2 pi (k x b_k + c_k)),   a, b, c uniform in [0, 1),
 * with K = ceil(1e-3^(-1/alpha)) terms (capped at 1000). A sample draws x uniformly; every unit fires
 * once, at the step given by its coordinate min-max normalised over the class's samples (times in
 * [0, stepFraction (T - 1)]). Difficulty grows with D and with the number of classes and falls with
 * alpha (smoothness). Draws come from Philox (seed).
 */
import { randomWords, uniform01 } from '../random/philox.js';
import { InvalidParameterError } from '../errors.js';
import { requireInteger, requirePositive } from '../validate.js';
import type { Dataset } from './dataset.js';

export interface RandmanOptions {
  classes?: number;
  units?: number;
  steps?: number;
  manifoldDim?: number;
  samplesPerClass?: number;
  alpha?: number;
  /** Spike times span this fraction of the steps. Default 1. */
  stepFraction?: number;
  seed?: number;
}

const STREAM = 0x7a7a;

export function randman(o: RandmanOptions = {}): Dataset & { steps: number } {
  const object = 'randman';
  const C = requireInteger(object, 'classes', o.classes ?? 10, 2, 64);
  const N = requireInteger(object, 'units', o.units ?? 50, 1, 1 << 16);
  const T = requireInteger(object, 'steps', o.steps ?? 50, 2, 1 << 16);
  const D = requireInteger(object, 'manifoldDim', o.manifoldDim ?? 1, 1, 16);
  const S = requireInteger(object, 'samplesPerClass', o.samplesPerClass ?? 100, 1, 1 << 20);
  const alpha = requirePositive(object, 'alpha', o.alpha ?? 2);
  const frac = o.stepFraction ?? 1;
  if (!(frac > 0 && frac <= 1)) throw new InvalidParameterError(object, 'stepFraction', frac, 'a number in (0, 1]');
  const seed = requireInteger(object, 'seed', o.seed ?? 1, 0, Number.MAX_SAFE_INTEGER);
  const K = Math.min(1000, Math.ceil(1e-3 ** (-1 / alpha)));
  const spect = Array.from({ length: K }, (_, k) => (k + 1) ** -alpha);
  const size = C * S;
  const inputs = new Float32Array(size * T * N);
  const labels = new Uint32Array(size);
  const u = (cls: number, a: number, b: number) => uniform01(randomWords(seed, STREAM + cls, a, b)[0]);
  for (let c = 0; c < C; c++) {
    // Manifold parameters of class c: per unit, dimension and term, (a, b, c).
    const params = new Float64Array(N * D * 3 * K);
    for (let q = 0; q < params.length; q++) params[q] = u(c, 0, q);
    const coords = new Float64Array(S * N);
    for (let s = 0; s < S; s++) {
      const x = Array.from({ length: D }, (_, d) => u(c, 1 + s, d));
      for (let i = 0; i < N; i++) {
        let prod = 1;
        for (let d = 0; d < D; d++) {
          let g = 0;
          const base = ((i * D + d) * 3) * K;
          for (let k = 0; k < K; k++) {
            g += params[base + k]! * spect[k]! * Math.sin(2 * Math.PI * (k * x[d]! * params[base + K + k]! + params[base + 2 * K + k]!));
          }
          prod *= g;
        }
        coords[s * N + i] = prod;
      }
    }
    for (let i = 0; i < N; i++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let s = 0; s < S; s++) { lo = Math.min(lo, coords[s * N + i]!); hi = Math.max(hi, coords[s * N + i]!); }
      for (let s = 0; s < S; s++) {
        const y = hi > lo ? (coords[s * N + i]! - lo) / (hi - lo) : 0;
        const t = Math.min(T - 1, Math.floor(y * frac * (T - 1)));
        const sample = c * S + s;
        inputs[(sample * T + t) * N + i] = 1;
        labels[sample] = c;
      }
    }
  }
  return { inputs, labels, size, features: N, encoding: 'sequence', steps: T };
}

/** Splits a dataset into its first `fraction` (per class, interleaved) and the rest. */
export function splitDataset(d: Dataset, fraction: number, seed = 1): [Dataset, Dataset] {
  const per = d.encoding === 'sequence' ? d.inputs.length / d.size : d.features;
  const order = Array.from({ length: d.size }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(uniform01(randomWords(seed, STREAM + 999, 0, i)[0]) * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const cut = Math.round(fraction * d.size);
  const take = (idx: number[]): Dataset => {
    const inputs = new Float32Array(idx.length * per);
    const labels = new Uint32Array(idx.length);
    idx.forEach((s, k) => { inputs.set(d.inputs.subarray(s * per, (s + 1) * per), k * per); labels[k] = d.labels[s]!; });
    return { inputs, labels, size: idx.length, features: d.features, encoding: d.encoding ?? 'current' };
  };
  return [take(order.slice(0, cut)), take(order.slice(cut))];
}
