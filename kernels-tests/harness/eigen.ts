/** Symmetric eigendecomposition (cyclic Jacobi, float64) and Gaussian test data with a chosen covariance. */
import { randomWords, uniform01 } from '../../host/random/philox';

/** Eigenvalues (descending) and unit eigenvectors (rows, same order) of the symmetric n x n matrix `a` (row-major). */
export function symmetricEigen(a: Float64Array, n: number): { values: number[]; vectors: Float64Array[] } {
  const m = Float64Array.from(a);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p * n + q]! ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (m[q * n + q]! - m[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = m[k * n + p]!;
          const akq = m[k * n + q]!;
          m[k * n + p] = c * akp - s * akq;
          m[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = m[p * n + k]!;
          const aqk = m[q * n + k]!;
          m[p * n + k] = c * apk - s * aqk;
          m[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => m[y * n + y]! - m[x * n + x]!);
  return {
    values: order.map((i) => m[i * n + i]!),
    vectors: order.map((i) => Float64Array.from({ length: n }, (_, k) => v[k * n + i]!)),
  };
}

/** A standard normal from two Philox words (Box–Muller). */
function normal(seed: number, stream: number, a: number, b: number): number {
  const [w0, w1] = randomWords(seed, stream, a, b);
  return Math.sqrt(-2 * Math.log(uniform01(w0) || 2 ** -32)) * Math.cos(2 * Math.PI * uniform01(w1));
}

/**
 * `samples` Gaussian samples [samples][n] (f32) with covariance Q diag(variances) Q^T, Q a random
 * orthogonal matrix (Gram–Schmidt of Philox normals), plus an offset mean; also the sample covariance
 * of the f32 data (float64, row-major).
 */
export function gaussianData(n: number, variances: readonly number[], samples: number, seed: number): { data: Float32Array; covariance: Float64Array; basis: Float64Array[] } {
  const basis: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const v = Float64Array.from({ length: n }, (_, j) => normal(seed, 0x5100, i, j));
    for (const u of basis) {
      const d = v.reduce((a, x, j) => a + x * u[j]!, 0);
      for (let j = 0; j < n; j++) v[j] = v[j]! - d * u[j]!;
    }
    const norm = Math.hypot(...v);
    basis.push(v.map((x) => x / norm));
  }
  const data = new Float32Array(samples * n);
  for (let s = 0; s < samples; s++) {
    for (let i = 0; i < n; i++) {
      const z = normal(seed, 0x5101, s, i) * Math.sqrt(variances[i]!);
      for (let j = 0; j < n; j++) data[s * n + j] = data[s * n + j]! + z * basis[i]![j]!;
    }
    for (let j = 0; j < n; j++) data[s * n + j] = Math.fround(data[s * n + j]! + 0.5 * (j - n / 2));
  }
  const mean = new Float64Array(n);
  for (let s = 0; s < samples; s++) for (let j = 0; j < n; j++) mean[j] = mean[j]! + data[s * n + j]! / samples;
  const covariance = new Float64Array(n * n);
  for (let s = 0; s < samples; s++) {
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) covariance[a * n + b] = covariance[a * n + b]! + (data[s * n + a]! - mean[a]!) * (data[s * n + b]! - mean[b]!) / samples;
  }
  return { data, covariance, basis };
}
