/**
 * CPU oracle for shaders/rateReg.wgsl.ts: the spike-count bounds of Zenke & Vogels 2021 on one hidden
 * layer, in float64 (the kernel's f32 sums differ in the last bits, so comparisons use a tolerance).
 */
import type { RateRegOptions } from '../../host/kernels/rateReg';

/**
 * The firing-rate regularisers of shaders/rateReg.wgsl.ts on one hidden layer: adds dL/dz to `gz`
 * (delayed layout, T + 1 rows) and each valid sample's loss to `loss` (float64, so compared with a tolerance).
 */
export function rateRegOracle(r: RateRegOptions, Z: Float64Array, gz: Float64Array, loss: Float64Array, T: number, B: number, N: number, valid: number, precise: boolean): void {
  const f = precise ? (x: number) => x : Math.fround;
  const stride = B * N;
  const cl = r.lower?.count ?? 0;
  const sl = r.lower?.strength ?? 0;
  const cu = r.upper?.count ?? 0;
  const su = r.upper?.strength ?? 0;
  for (let b = 0; b < B; b++) {
    const zeta = new Float64Array(N);
    for (let h = 0; h < N; h++) for (let t = 1; t <= T; t++) zeta[h] = zeta[h]! + Z[t * stride + b * N + h]!;
    const mean = zeta.reduce((a, x) => a + x, 0) / N;
    const over = Math.max(0, mean - cu);
    const gUpper = (2 * su * over) / N;
    let lower = 0;
    for (let h = 0; h < N; h++) {
      const under = Math.max(0, cl - zeta[h]!);
      lower += under * under;
      const g = b < valid ? f((gUpper - (2 * sl * under) / N) / valid) : 0;
      for (let t = 1; t < T; t++) gz[t * stride + b * N + h] = f(gz[t * stride + b * N + h]! + g);
      gz[T * stride + b * N + h] = g;
    }
    if (b < valid) loss[b] = loss[b]! + (su * over * over + (sl * lower) / N) / valid;
  }
}

