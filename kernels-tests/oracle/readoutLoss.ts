/**
 * CPU oracle for shaders/readoutLoss.wgsl.ts: per-instance softmax cross-entropy on the readout's
 * maximum (first arg-max step) or mean over time, and dL/dU, in float64 (the GPU's exp and log are
 * f32 with implementation-defined accuracy, so comparisons use a tolerance). 'spikeCount': U is a
 * spiking readout's Z with T + 1 rows (row t + 1 holds z_t); the logits are the spike counts and
 * dL/dz_t (rows 1..T of GU) the count's gradient.
 */
import type { ReadoutLoss } from '../../shaders/readoutLoss.wgsl';

export function readoutLossOracle(loss: ReadoutLoss, U: ArrayLike<number>, labels: ArrayLike<number>, steps: number, batch: number, outputs: number, valid = batch, precise = false):
  { loss: Float64Array; correct: Uint8Array; predicted: Uint32Array; GU: Float64Array } {
  const stride = batch * outputs;
  const GU = new Float64Array((loss === 'spikeCount' ? steps + 1 : steps) * stride);
  const out = { loss: new Float64Array(batch), correct: new Uint8Array(batch), predicted: new Uint32Array(batch), GU };
  if (loss === 'mse') {
    // `labels` holds the target traces [t][b][o]; L = mean over t, valid b, o of (U - target)^2.
    const n = steps * valid * outputs;
    for (let b = 0; b < valid; b++) {
      for (let t = 0; t < steps; t++) for (let q = 0; q < outputs; q++) {
        const k = t * stride + b * outputs + q;
        const d = (U[k] as number) - (labels[k] as number);
        out.loss[b] = out.loss[b]! + (d * d) / n;
        GU[k] = (2 * d) / n;
      }
    }
    return out;
  }
  for (let b = 0; b < valid; b++) {
    const logit: number[] = [];
    const at: number[] = [];
    for (let q = 0; q < outputs; q++) {
      if (loss === 'maxOverTime') {
        let m = U[b * outputs + q] as number;
        let mt = 0;
        for (let t = 1; t < steps; t++) {
          const u = U[t * stride + b * outputs + q] as number;
          if (u > m) { m = u; mt = t; }
        }
        logit.push(m);
        at.push(mt);
      } else if (loss === 'spikeCount') {
        let c = 0;
        for (let t = 1; t <= steps; t++) c += U[t * stride + b * outputs + q] as number;
        logit.push(c);
      } else {
        // The GPU's f32 sum (precise: float64, for finite differences).
        const f = precise ? (x: number) => x : Math.fround;
        let s = 0;
        for (let t = 0; t < steps; t++) s = f(s + (U[t * stride + b * outputs + q] as number));
        logit.push(f(s * f(1 / steps)));
      }
    }
    let top = logit[0]!;
    let best = 0;
    for (let q = 1; q < outputs; q++) if (logit[q]! > top) { top = logit[q]!; best = q; }
    const z = logit.reduce((a, l) => a + Math.exp(l - top), 0);
    const y = labels[b] as number;
    out.loss[b] = (Math.log(z) - (logit[y]! - top)) / valid;
    out.correct[b] = best === y ? 1 : 0;
    out.predicted[b] = best;
    for (let q = 0; q < outputs; q++) {
      const g = (Math.exp(logit[q]! - top) / z - (q === y ? 1 : 0)) / valid;
      if (loss === 'maxOverTime') GU[at[q]! * stride + b * outputs + q] = g;
      else if (loss === 'spikeCount') for (let t = 1; t <= steps; t++) GU[t * stride + b * outputs + q] = g;
      else for (let t = 0; t < steps; t++) GU[t * stride + b * outputs + q] = g / steps;
    }
  }
  return out;
}
