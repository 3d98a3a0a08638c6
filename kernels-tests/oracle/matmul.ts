/**
 * CPU oracle for shaders/matmul.wgsl.ts: C = (accumulate ? C : 0) + op(A) op(B) (+ bias), each
 * element summed for k = 0..K-1 with every product and add rounded to f32, as the GPU does.
 */
export function matmulOracle(o: {
  m: number; n: number; k: number; a: Float32Array; b: Float32Array; c?: Float32Array; bias?: Float32Array;
  transA?: boolean; transB?: boolean; accumulate?: boolean;
}): Float32Array {
  const f = Math.fround;
  const { m, n, k, a, b } = o;
  const out = new Float32Array(m * n);
  for (let r = 0; r < m; r++) {
    for (let c = 0; c < n; c++) {
      let acc = o.accumulate && o.c ? (o.c[r * n + c] as number) : 0;
      for (let q = 0; q < k; q++) {
        const x = o.transA ? (a[q * m + r] as number) : (a[r * k + q] as number);
        const y = o.transB ? (b[c * k + q] as number) : (b[q * n + c] as number);
        acc = f(acc + f(x * y));
      }
      if (o.bias) acc = f(acc + (o.bias[c] as number));
      out[r * n + c] = acc;
    }
  }
  return out;
}
