/**
 * CPU BPTT oracle of a whole Trainer batch: the same products (matmulOracle), layers
 * (lifTrain and recTrain oracles), loss and gradient, in the Trainer's order, from given weights and inputs.
 * `precise` runs everything in float64 (for central finite differences of the equations).
 */
import type { ResolvedLayer } from '../../host/train/network';
import type { ReadoutLoss } from '../../shaders/readoutLoss.wgsl';
import type { RateRegOptions } from '../../host/kernels/rateReg';
import { rateRegOracle } from './rateReg';
import { lifTrainBackwardOracle, lifTrainForwardOracle, type ForwardRecord } from './lifTrain';
import { recSparseGradOracle, recTrainBackwardOracle, recTrainForwardOracle, type RecOracleOptions } from './recTrain';
import { matmulOracle } from './matmul';
import { readoutLossOracle } from './readoutLoss';

/** op(A) op(B) (+ bias) in float64 when `precise`, else the f32 matmul oracle. */
function mm(precise: boolean, o: { m: number; n: number; k: number; a: ArrayLike<number>; b: ArrayLike<number>; bias?: ArrayLike<number>; transA?: boolean; transB?: boolean }): Float64Array {
  if (!precise) {
    const { bias, ...rest } = o;
    return Float64Array.from(matmulOracle({ ...rest, a: Float32Array.from(o.a), b: Float32Array.from(o.b), ...(bias ? { bias: Float32Array.from(bias) } : {}) }));
  }
  const out = new Float64Array(o.m * o.n);
  for (let r = 0; r < o.m; r++) for (let c = 0; c < o.n; c++) {
    let s = 0;
    for (let q = 0; q < o.k; q++) s += (o.transA ? o.a[q * o.m + r]! : o.a[r * o.k + q]!) * (o.transB ? o.b[c * o.k + q]! : o.b[q * o.n + c]!);
    out[r * o.n + c] = s + (o.bias ? o.bias[c]! : 0);
  }
  return out;
}

export interface TrainOracleResult {
  loss: number;
  gradients: Record<string, Float64Array>;
  /** Per layer: V [T][B][N] and (spiking layers) Z [(T + 1)][B][N]. */
  V: Float64Array[];
  Z: Float64Array[];
}

export function trainBatchOracle(layers: readonly ResolvedLayer[], weights: Record<string, ArrayLike<number>>, X: ArrayLike<number>, labels: ArrayLike<number>,
  o: { steps: number; batch: number; loss: ReadoutLoss; precise?: boolean; valid?: number; rateReg?: RateRegOptions }): TrainOracleResult {
  const T = o.steps;
  const B = o.batch;
  const TB = T * B;
  const precise = o.precise ?? false;
  const inputs: ArrayLike<number>[] = [X];
  const V: Float64Array[] = [];
  const Z: Float64Array[] = [];
  const records: ForwardRecord[] = [];
  const opts = (l: ResolvedLayer): RecOracleOptions => ({
    r: l.lif, spiking: l.spiking, delayed: l.spiking, steps: T, stride: B * l.size, neurons: l.size, precise,
    ...(l.trainAlpha ? { QA: weights[`${l.name}.alpha`]! } : {}), ...(l.trainThreshold ? { QT: weights[`${l.name}.threshold`]! } : {}),
    ...(l.trainAlphaSyn ? { QS: weights[`${l.name}.alphaSyn`]! } : {}),
    R: l.recurrent ? weights[`${l.name}.recurrent`]! : [], ...(l.recurrent?.kind === 'sparse' ? { sparse: l.recurrent.sparse } : {}),
  });
  for (const l of layers) {
    const I = mm(precise, { m: TB, k: l.inputs, n: l.size, a: inputs[inputs.length - 1]!, b: weights[`${l.name}.weight`]!, bias: weights[`${l.name}.bias`]! });
    const fw = l.recurrent ? recTrainForwardOracle(opts(l), I) : lifTrainForwardOracle(opts(l), I);
    records.push(fw);
    V.push(fw.V);
    Z.push(fw.Z);
    inputs.push(fw.Z);
  }
  const out = layers[layers.length - 1]!;
  const lo = readoutLossOracle(o.loss, out.spiking ? Z[Z.length - 1]! : V[V.length - 1]!, labels, T, B, out.size, o.valid ?? B, precise);
  const lossParts = Float64Array.from(lo.loss);
  const gradients: Record<string, Float64Array> = {};
  let gz: Float64Array = lo.GU;
  const ones = new Float64Array(TB).fill(1);
  for (let li = layers.length - 1; li >= 0; li--) {
    const l = layers[li]!;
    const { GI, PG } = l.recurrent ? recTrainBackwardOracle(opts(l), gz, records[li]!) : lifTrainBackwardOracle(opts(l), gz, records[li]!);
    gradients[`${l.name}.weight`] = mm(precise, { m: l.inputs, k: TB, n: l.size, transA: true, a: inputs[li]!, b: GI });
    gradients[`${l.name}.bias`] = mm(precise, { m: 1, k: TB, n: l.size, a: ones, b: GI });
    if (l.recurrent?.kind === 'dense') gradients[`${l.name}.recurrent`] = mm(precise, { m: l.size, k: TB, n: l.size, transA: true, a: Z[li]!, b: GI });
    if (l.recurrent?.kind === 'sparse') gradients[`${l.name}.recurrent`] = recSparseGradOracle(l.recurrent.sparse, l.size, TB, Z[li]!, GI, precise);
    if (l.trainAlpha) gradients[`${l.name}.alpha`] = mm(precise, { m: 1, k: B, n: l.size, a: ones, b: PG.subarray(0, B * l.size) });
    if (l.trainThreshold) gradients[`${l.name}.threshold`] = mm(precise, { m: 1, k: B, n: l.size, a: ones, b: PG.subarray(B * l.size, 2 * B * l.size) });
    if (l.trainAlphaSyn) gradients[`${l.name}.alphaSyn`] = mm(precise, { m: 1, k: B, n: l.size, a: ones, b: PG.subarray(2 * B * l.size) });
    if (li > 0) {
      // dL/dz of the layer below: rows 0..T-1 from the product, row T (dL/dz_{T-1}) 0 until a regulariser adds to it.
      const below = layers[li - 1]!;
      gz = new Float64Array((T + 1) * B * below.size);
      gz.set(mm(precise, { m: TB, k: l.size, n: l.inputs, transB: true, a: GI, b: weights[`${l.name}.weight`]! }));
      if (o.rateReg) rateRegOracle(o.rateReg, Z[li - 1]!, gz, lossParts, T, B, below.size, o.valid ?? B, precise);
    }
  }
  return { loss: lossParts.reduce((a, x) => a + x, 0), gradients, V, Z };
}
