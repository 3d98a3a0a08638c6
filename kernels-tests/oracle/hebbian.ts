/**
 * CPU oracle for shaders/hebbian.wgsl.ts: one batched Oja / Sanger update with the kernel's f32
 * operations in the kernel's order (Math.fround after every product and sum; no fused multiply-add),
 * and a fit driven by the same schedule, order and initial weights as HebbianPca. Bit-exact.
 */
import { hebbianCentered, hebbianEpochUpdates, hebbianInitialWeights, hebbianOrder, type HebbianSchedule } from '../../host/learn/hebbian-pca';
import type { HebbianRule } from '../../host/kernels/hebbian';

const f = Math.fround;

/** W (k x n) after one update on rows order[start .. start + rows) of X (centred, [samples][n]) with scale = f32(eta / rows). */
export function hebbianUpdateOracle(W: Float32Array, X: Float32Array, order: Uint32Array, start: number, rows: number, scale: number, n: number, k: number, rule: HebbianRule): Float32Array {
  const Y = new Float32Array(rows * k);
  for (let r = 0; r < rows; r++) {
    const x = order[start + r]! * n;
    for (let i = 0; i < k; i++) {
      let y = 0;
      for (let j = 0; j < n; j++) y = f(y + f(W[i * n + j]! * X[x + j]!));
      Y[r * k + i] = y;
    }
  }
  const C = new Float32Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let i2 = 0; i2 < k; i2++) {
      let c = 0;
      for (let r = 0; r < rows; r++) c = f(c + f(Y[r * k + i]! * Y[r * k + i2]!));
      C[i * k + i2] = c;
    }
  }
  const out = new Float32Array(k * n);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < n; j++) {
      let h = 0;
      for (let r = 0; r < rows; r++) h = f(h + f(Y[r * k + i]! * X[order[start + r]! * n + j]!));
      let d = 0;
      const last = rule === 'sanger' ? i + 1 : k;
      for (let i2 = 0; i2 < last; i2++) d = f(d + f(C[i * k + i2]! * W[i2 * n + j]!));
      out[i * n + j] = f(W[i * n + j]! + f(scale * f(h - d)));
    }
  }
  return out;
}

export interface HebbianFitSpec {
  data: Float32Array;
  inputs: number;
  components: number;
  rule: HebbianRule;
  learningRate: number;
  schedule: HebbianSchedule;
  batchSize: number;
  seed: number;
  center: boolean;
  epochs: number;
  shuffle: boolean;
}

/** The weights HebbianPca.fit reaches from its initial weights (one fit, from update 0). */
export function hebbianFitOracle(s: HebbianFitSpec): Float32Array {
  const { x } = hebbianCentered(s.data, s.inputs, s.center);
  const samples = s.data.length / s.inputs;
  let W: Float32Array = hebbianInitialWeights(s.inputs, s.components, s.seed);
  let u = 0;
  for (let e = 0; e < s.epochs; e++) {
    const order = hebbianOrder(samples, s.seed, e, s.shuffle);
    for (const up of hebbianEpochUpdates(samples, s.batchSize, s.learningRate, s.schedule, u)) {
      W = hebbianUpdateOracle(W, x, order, up.start, up.rows, up.scale, s.inputs, s.components, s.rule);
      u++;
    }
  }
  return W;
}
