/**
 * CPU oracle for shaders/recTrain.wgsl.ts: a recurrent LIF/ALIF layer over T steps, forward and
 * backward through time, with the neuron step of oracle/lifTrain.ts (f32 in the kernel's order, or
 * float64 with `precise`). Recurrent input of step t: the previous step's spikes through R, summed
 * over ascending pre (dense R [N][N], or sparse entries sorted by post then pre); backward adds
 * sum over ascending post of R[n][j] dL/dI_{t+1}[j] to dL/dz_t. Z and GZ have T + 1 rows (delayed).
 * Also the recurrent weights' gradient: dense [N][N] or per sparse entry, sum over rows r = t B + b of
 * Z[r][pre] GI[r][post] (ascending r).
 */
import type { SparseRecurrence } from '../../host/kernels/recTrain';
import { StepOracle, type BackwardRecord, type ForwardRecord, type LifTrainOracleOptions, type NeuronGrad, type NeuronState } from './lifTrain';

export interface RecOracleOptions extends LifTrainOracleOptions {
  neurons: number;
  /** Dense [N][N] (pre-major) weights, or the sparse entries' weights (with `sparse`). */
  R: ArrayLike<number>;
  sparse?: SparseRecurrence;
}

export function recTrainForwardOracle(o: RecOracleOptions, I: ArrayLike<number>): ForwardRecord {
  const { steps, stride, neurons: N } = o;
  const B = stride / N;
  const step = new StepOracle(o);
  const { f } = step;
  const V = new Float64Array(steps * stride);
  const Ifilt = new Float64Array(steps * stride);
  const A = new Float64Array(steps * stride);
  const Z = new Float64Array((steps + 1) * stride);
  for (let b = 0; b < B; b++) {
    const st: NeuronState[] = Array.from({ length: N }, () => ({ p: 0, i: 0, a: 0 }));
    for (let t = 0; t < steps; t++) {
      const zPrev = (j: number): number => Z[t * stride + b * N + j]!;
      for (let n = 0; n < N; n++) {
        const at = t * stride + b * N + n;
        let rec = 0;
        if (o.sparse) {
          for (let e = o.sparse.colStart[n]!; e < o.sparse.colStart[n + 1]!; e++) if (zPrev(o.sparse.pre[e]!) !== 0) rec = f(rec + o.R[e]!);
        } else {
          for (let j = 0; j < N; j++) if (zPrev(j) !== 0) rec = f(rec + o.R[j * N + n]!);
        }
        const r = step.forward(st[n]!, n, f(I[at]! + rec));
        V[at] = r.v;
        Ifilt[at] = r.i;
        A[at] = r.a;
        Z[at + stride] = r.z;
      }
    }
  }
  return { V, Z, Ifilt, A };
}

export function recTrainBackwardOracle(o: RecOracleOptions, GZ: ArrayLike<number>, fw: Pick<ForwardRecord, 'V' | 'Ifilt' | 'A'>): BackwardRecord {
  const { steps, stride, neurons: N } = o;
  const B = stride / N;
  const step = new StepOracle(o);
  const { f } = step;
  const GI = new Float64Array(steps * stride);
  const PG = new Float64Array(3 * stride);
  for (let b = 0; b < B; b++) {
    const gs: NeuronGrad[] = Array.from({ length: N }, () => ({ gv: 0, gi: 0, ga: 0, gAlpha: 0, gThreshold: 0, gAlphaSyn: 0 }));
    for (let t = steps - 1; t >= 0; t--) {
      const giNext = (j: number): number => (t + 1 < steps ? GI[(t + 1) * stride + b * N + j]! : 0);
      for (let n = 0; n < N; n++) {
        const at = t * stride + b * N + n;
        let rec = 0;
        if (o.sparse) {
          for (let q = o.sparse.rowStart[n]!; q < o.sparse.rowStart[n + 1]!; q++) {
            const e = o.sparse.byPre[q]!;
            rec = f(rec + f(o.R[e]! * giNext(o.sparse.post[e]!)));
          }
        } else {
          for (let j = 0; j < N; j++) rec = f(rec + f(o.R[n * N + j]! * giNext(j)));
        }
        const pPrev = t > 0 ? step.afterReset(n, fw.V[at - stride]!, fw.A[at - stride]!) : 0;
        const iPrev = t > 0 ? fw.Ifilt[at - stride]! : 0;
        GI[at] = step.backward(gs[n]!, n, fw.V[at]!, fw.A[at]!, fw.Ifilt[at]!, pPrev, f(GZ[at + stride]! + rec), iPrev);
      }
    }
    for (let n = 0; n < N; n++) {
      PG[b * N + n] = gs[n]!.gAlpha;
      PG[stride + b * N + n] = gs[n]!.gThreshold;
      PG[2 * stride + b * N + n] = gs[n]!.gAlphaSyn;
    }
  }
  return { GI, PG };
}

/** Gradient of the sparse entries: sum over rows (ascending) of Z[r][pre] GI[r][post] (Z rows 0..T-1 hold z_{t-1}). */
export function recSparseGradOracle(sparse: SparseRecurrence, N: number, rows: number, Z: ArrayLike<number>, GI: ArrayLike<number>, precise = false): Float64Array {
  const f = precise ? (x: number) => x : Math.fround;
  return Float64Array.from(sparse.pre, (p, e) => {
    let acc = 0;
    for (let r = 0; r < rows; r++) acc = f(acc + f(Z[r * N + p]! * GI[r * N + sparse.post[e]!]!));
    return acc;
  });
}
