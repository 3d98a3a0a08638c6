/** GPU cases of the hebbian kernel (HebbianPca): equality with the oracle, and convergence to the principal components. */
import type { GpuContext } from '../../host/gpu/context';
import { HebbianPca, type HebbianSchedule } from '../../host/learn/hebbian-pca';
import type { HebbianRule } from '../../host/kernels/hebbian';
import { gaussianData, symmetricEigen } from '../harness/eigen';
import { hebbianFitOracle } from '../oracle/hebbian';
import { errorRecorder } from './common';

interface VsOracleArgs {
  rule: HebbianRule;
  inputs: number;
  components: number;
  samples: number;
  batchSize: number;
  epochs: number;
  seed: number;
  learningRate: number;
  schedule: HebbianSchedule;
  center: boolean;
  shuffle: boolean;
}

/** Fits on random Gaussian data on the GPU and in the oracle: the weights, bit for bit; and fit(a) + fit(b) = fit(a + b). */
export async function hebbianVsOracle(ctx: GpuContext, a: VsOracleArgs): Promise<unknown> {
  const variances = Array.from({ length: a.inputs }, (_, i) => 4 / (1 + i));
  const { data } = gaussianData(a.inputs, variances, a.samples, a.seed);
  const options = { inputs: a.inputs, components: a.components, rule: a.rule, learningRate: a.learningRate, schedule: a.schedule, batchSize: a.batchSize, seed: a.seed, center: a.center };
  const pca = await HebbianPca.create(ctx, options);
  const split = await HebbianPca.create(ctx, options);
  try {
    await pca.fit(data, { epochs: a.epochs, shuffle: a.shuffle });
    const gpu = await pca.weights();
    const oracle = hebbianFitOracle({ ...options, data, epochs: a.epochs, shuffle: a.shuffle });
    let mismatches = 0;
    let maxAbs = 0;
    for (let e = 0; e < gpu.length; e++) {
      if (Object.is(gpu[e], oracle[e]) === false) mismatches++;
      maxAbs = Math.max(maxAbs, Math.abs(gpu[e]! - oracle[e]!));
    }
    // The same epochs in two fits: updates and epochs carry over (schedule, shuffles, weight buffers).
    const first = Math.floor(a.epochs / 2);
    await split.fit(data, { epochs: first, shuffle: a.shuffle });
    await split.fit(data, { epochs: a.epochs - first, shuffle: a.shuffle });
    const twice = await split.weights();
    const splitMismatches = twice.reduce((m, x, e) => m + (Object.is(x, gpu[e]) ? 0 : 1), 0);
    const initialNorm = Math.hypot(...oracle);
    return { mismatches, maxAbs, count: gpu.length, splitMismatches, updates: pca.updates, initialNorm, sample: Array.from(gpu.slice(0, 4)) };
  } finally {
    pca.destroy();
    split.destroy();
  }
}

interface ConvergenceArgs {
  rule: HebbianRule;
  variances: number[];
  components: number;
  samples: number;
  epochs: number;
  learningRate: number;
  schedule: HebbianSchedule;
  batchSize: number;
  seed: number;
}

/**
 * Gaussian data with a known covariance: after fitting, |cos| between each learned row and the
 * sample covariance's eigenvectors (Sanger: row i vs eigenvector i; Oja's subspace rule: the length of
 * each eigenvector's projection on the rows' span), and the deviation of W W^T from the identity.
 */
export async function hebbianConvergence(ctx: GpuContext, a: ConvergenceArgs): Promise<unknown> {
  const n = a.variances.length;
  const k = a.components;
  const { data, covariance } = gaussianData(n, a.variances, a.samples, a.seed);
  const eig = symmetricEigen(covariance, n);
  const pca = await HebbianPca.create(ctx, { inputs: n, components: k, rule: a.rule, learningRate: a.learningRate, schedule: a.schedule, batchSize: a.batchSize, seed: a.seed });
  try {
    const t0 = performance.now();
    await pca.fit(data, { epochs: a.epochs });
    const seconds = (performance.now() - t0) / 1000;
    const w = await pca.weights();
    const row = (i: number) => Array.from(w.subarray(i * n, (i + 1) * n));
    const dot = (x: ArrayLike<number>, y: ArrayLike<number>) => Array.from(x).reduce((s, v, j) => s + v * y[j]!, 0);
    let orthoError = 0;
    for (let i = 0; i < k; i++) for (let i2 = 0; i2 < k; i2++) orthoError = Math.max(orthoError, Math.abs(dot(row(i), row(i2)) - (i === i2 ? 1 : 0)));
    const cosines = Array.from({ length: k }, (_, i) => Math.abs(dot(row(i), eig.vectors[i]!)) / Math.hypot(...row(i)));
    // Length of each top eigenvector's projection onto the span of the rows (rows orthonormalised first).
    const basis: number[][] = [];
    for (let i = 0; i < k; i++) {
      const v = row(i);
      for (const u of basis) {
        const d = dot(v, u);
        for (let j = 0; j < n; j++) v[j] = v[j]! - d * u[j]!;
      }
      const norm = Math.hypot(...v);
      basis.push(v.map((x) => x / norm));
    }
    const inSpan = Array.from({ length: k }, (_, i) => Math.sqrt(basis.reduce((s, u) => s + dot(eig.vectors[i]!, u) ** 2, 0)));
    return { cosines, inSpan, orthoError, eigenvalues: eig.values.slice(0, k + 1), updates: pca.updates, seconds };
  } finally {
    pca.destroy();
  }
}

/** Bad input to hebbianPca: each call's error name and message (nothing allocated stays behind). */
export async function hebbianBadInput(ctx: GpuContext): Promise<unknown> {
  const { out, attempt } = errorRecorder();
  const ok = { inputs: 4, components: 2 };
  await attempt('components > inputs', () => HebbianPca.create(ctx, { inputs: 4, components: 5 }));
  await attempt('learningRate 0', () => HebbianPca.create(ctx, { ...ok, learningRate: 0 }));
  await attempt('learningRate NaN', () => HebbianPca.create(ctx, { ...ok, learningRate: NaN }));
  await attempt('rule', () => HebbianPca.create(ctx, { ...ok, rule: 'hebb' as never }));
  await attempt('schedule.updates', () => HebbianPca.create(ctx, { ...ok, schedule: { kind: 'inverse', updates: -1 } }));
  await attempt('unknown option', () => HebbianPca.create(ctx, { ...ok, lr: 0.1 } as never));
  const pca = await HebbianPca.create(ctx, { ...ok, learningRate: 50 });
  try {
    await attempt('data length', () => pca.fit(new Float32Array(7), { epochs: 1 }));
    await attempt('data NaN', () => pca.fit(Float32Array.from([1, 2, 3, NaN]), { epochs: 1 }));
    await attempt('epochs', () => pca.fit(new Float32Array(8), { epochs: -1 }));
    const big = Float32Array.from({ length: 400 }, (_, i) => ((i * 7919) % 101) - 50);
    await attempt('diverges', () => pca.fit(big, { epochs: 2 }));
    await attempt('setWeights length', async () => pca.setWeights([1, 2, 3]));
  } finally {
    pca.destroy();
  }
  await attempt('after destroy', () => pca.weights());
  return out;
}
