/**
 * CPU oracle for shaders/lifTrain.wgsl.ts and the shared neuron step (shaders/common/train-step.wgsl.ts):
 * a LIF or ALIF layer (or leaky-integrator readout) over T steps, forward and backward through time,
 * every operation rounded to f32 in the kernel's order (`precise`: float64 throughout, for
 * finite-difference checks of the equations themselves). Layout [t][b][n]; with `delayed`, Z and GZ
 * have T + 1 steps (z_t at step t + 1, dL/dz_t at row t + 1). The step functions are also the
 * recurrent kernel's (oracle/recTrain.ts).
 */
import type { ResolvedTrainLif } from '../../host/kernels/lifTrain';

export interface LifTrainOracleOptions {
  r: ResolvedTrainLif;
  spiking: boolean;
  delayed: boolean;
  steps: number;
  /** batch x neurons. */
  stride: number;
  /** Neurons per instance (default stride: one instance). */
  neurons?: number;
  /** Per-neuron alpha (trainable; clamped to [0, 1]), threshold and alphaSyn (clamped to [0, 1]). */
  QA?: ArrayLike<number>;
  QT?: ArrayLike<number>;
  QS?: ArrayLike<number>;
  precise?: boolean;
}

export interface ForwardRecord {
  /** v_t before reset. */
  V: Float64Array;
  /** Spikes (T + 1 rows when delayed). */
  Z: Float64Array;
  /** The filtered current i_t (the kernel overwrites I with it). */
  Ifilt: Float64Array;
  /** alif: a_t. */
  A: Float64Array;
}

export interface BackwardRecord {
  GI: Float64Array;
  /** Per instance and neuron: dL/dalpha ([stride]), dL/dthreshold ([stride]), dL/dalphaSyn ([stride]). */
  PG: Float64Array;
}

export function rounding(precise: boolean | undefined): (x: number) => number {
  return precise ? (x: number) => x : Math.fround;
}

/** The surrogate derivative at x = v - threshold (as the WGSL, exp in float64 then rounded). */
export function surrogateOracle(r: ResolvedTrainLif, x: number, precise = false): number {
  const f = rounding(precise);
  const fr = r.frame as Record<string, number>;
  switch (r.surrogate) {
    case 'fastSigmoid': {
      const d = f(f(fr.slope! * Math.abs(x)) + 1);
      return f(fr.scale! / f(d * d));
    }
    case 'arctan': {
      const y = f(f(fr.halfPiSlope! * x) * f(fr.halfPiSlope! * x));
      return f(f(fr.scale! * fr.halfSlope!) / f(1 + y));
    }
    case 'triangle':
      return f(fr.scale! * Math.max(0, f(1 - f(fr.slope! * Math.abs(x)))));
    case 'exponential':
      return f(fr.scale! * f(Math.exp(-f(fr.slope! * Math.abs(x)))));
  }
}

export interface NeuronState { p: number; i: number; a: number }
export interface NeuronGrad { gv: number; gi: number; ga: number; gAlpha: number; gThreshold: number; gAlphaSyn: number }

/** The neuron step of shaders/common/train-step.wgsl.ts, forward and backward, for one layer. */
export class StepOracle {
  readonly f: (x: number) => number;
  private readonly fr: Record<string, number>;
  readonly alif: boolean;

  constructor(readonly o: LifTrainOracleOptions) {
    this.f = rounding(o.precise);
    this.fr = o.r.frame as Record<string, number>;
    this.alif = o.spiking && o.r.model === 'alif';
  }

  alpha(n: number): number {
    return this.o.QA ? Math.min(1, Math.max(0, this.f(this.o.QA[n]!))) : this.fr.alphaMem!;
  }

  alphaSyn(n: number): number {
    return this.o.QS ? Math.min(1, Math.max(0, this.f(this.o.QS[n]!))) : this.fr.alphaSyn!;
  }

  theta(n: number, a: number): number {
    const th = this.o.QT ? this.f(this.o.QT[n]!) : this.fr.threshold!;
    return this.alif ? this.f(th + this.f(this.fr.beta! * a)) : th;
  }

  /** p_t from v_t and a_t (the state after the reset). */
  afterReset(n: number, v: number, a: number): number {
    if (!this.o.spiking) return v;
    const th = this.theta(n, a);
    if (v >= th) return this.o.r.reset === 'soft' ? this.f(v - th) : 0;
    return v;
  }

  forward(s: NeuronState, n: number, input: number): { v: number; z: number; i: number; a: number } {
    const { f, fr } = this;
    const i = f(f(this.alphaSyn(n) * s.i) + input);
    // lifMembrane(p, 0, rMem, i, alpha): vInf = 0 + rMem i; v = vInf + (p - vInf) alpha.
    const vInf = f(0 + f(fr.rMem! * i));
    const v = f(vInf + f(f(s.p - vInf) * this.alpha(n)));
    const aUsed = s.a;
    let z = 0;
    let p = v;
    if (this.o.spiking) {
      const th = this.theta(n, s.a);
      if (v >= th) {
        z = 1;
        p = this.o.r.reset === 'soft' ? f(v - th) : 0;
      }
      if (this.alif) s.a = f(f(fr.rhoAdapt! * s.a) + f(fr.oneMinusRho! * z));
    }
    s.p = p;
    s.i = i;
    return { v, z, i, a: aUsed };
  }

  /** Backward step t with v_t, a_t, i_t, p_{t-1}, i_{t-1} and dL/dz_t from outside; returns dL/dI_t. */
  backward(g: NeuronGrad, n: number, v: number, a: number, i: number, pPrev: number, gzIn: number, iPrev = 0): number {
    const { f, fr } = this;
    const alpha = this.alpha(n);
    const gp = f(alpha * g.gv);
    let gv: number;
    if (!this.o.spiking) {
      gv = f(gzIn + gp);
    } else {
      const th = this.theta(n, a);
      const z = v >= th ? 1 : 0;
      let gz = this.alif ? f(gzIn + f(fr.oneMinusRho! * g.ga)) : gzIn;
      if (!this.o.r.detachReset) gz = this.o.r.reset === 'soft' ? f(gz - f(th * gp)) : f(gz - f(v * gp));
      const gx = f(gz * surrogateOracle(this.o.r, f(v - th), this.o.precise));
      gv = this.o.r.reset === 'soft' ? f(gx + gp) : f(gx + f(gp * f(1 - z)));
      let gth = -gx;
      if (this.o.r.reset === 'soft') gth = f(gth - f(z * gp));
      if (this.alif) g.ga = f(f(fr.rhoAdapt! * g.ga) + f(fr.beta! * gth));
      g.gThreshold = f(g.gThreshold + gth);
    }
    if (this.o.QA && this.o.QA[n]! >= 0 && this.o.QA[n]! <= 1) g.gAlpha = f(g.gAlpha + f(gv * f(pPrev - f(fr.rMem! * i))));
    const gi = f(f(f(fr.rMem! * f(1 - alpha)) * gv) + f(this.alphaSyn(n) * g.gi));
    if (this.o.QS && this.o.QS[n]! >= 0 && this.o.QS[n]! <= 1) g.gAlphaSyn = f(g.gAlphaSyn + f(gi * iPrev));
    g.gv = gv;
    g.gi = gi;
    return gi;
  }
}

export function lifTrainForwardOracle(o: LifTrainOracleOptions, I: ArrayLike<number>): ForwardRecord {
  const { steps, stride } = o;
  const N = o.neurons ?? stride;
  const step = new StepOracle(o);
  const V = new Float64Array(steps * stride);
  const Ifilt = new Float64Array(steps * stride);
  const A = new Float64Array(steps * stride);
  const Z = new Float64Array((steps + (o.delayed ? 1 : 0)) * stride);
  for (let idx = 0; idx < stride; idx++) {
    const s: NeuronState = { p: 0, i: 0, a: 0 };
    for (let t = 0; t < steps; t++) {
      const at = t * stride + idx;
      const r = step.forward(s, idx % N, I[at]!);
      V[at] = r.v;
      Ifilt[at] = r.i;
      A[at] = r.a;
      if (o.spiking) Z[o.delayed ? at + stride : at] = r.z;
    }
  }
  return { V, Z, Ifilt, A };
}

export function lifTrainBackwardOracle(o: LifTrainOracleOptions, GZ: ArrayLike<number>, fw: Pick<ForwardRecord, 'V' | 'Ifilt' | 'A'>): BackwardRecord {
  const { steps, stride } = o;
  const N = o.neurons ?? stride;
  const step = new StepOracle(o);
  const GI = new Float64Array(steps * stride);
  const PG = new Float64Array(3 * stride);
  for (let idx = 0; idx < stride; idx++) {
    const n = idx % N;
    const g: NeuronGrad = { gv: 0, gi: 0, ga: 0, gAlpha: 0, gThreshold: 0, gAlphaSyn: 0 };
    for (let t = steps - 1; t >= 0; t--) {
      const at = t * stride + idx;
      const pPrev = t > 0 ? step.afterReset(n, fw.V[at - stride]!, fw.A[at - stride]!) : 0;
      const iPrev = t > 0 ? fw.Ifilt[at - stride]! : 0;
      const gzIn = o.spiking && o.delayed ? GZ[at + stride]! : GZ[at]!;
      GI[at] = step.backward(g, n, fw.V[at]!, fw.A[at]!, fw.Ifilt[at]!, pPrev, gzIn, iPrev);
    }
    PG[idx] = g.gAlpha;
    PG[stride + idx] = g.gThreshold;
    PG[2 * stride + idx] = g.gAlphaSyn;
  }
  return { GI, PG };
}
