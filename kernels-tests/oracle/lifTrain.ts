/**
 * CPU oracle for shaders/lifTrain.wgsl.ts: a LIF layer (or leaky-integrator readout) over T steps,
 * forward and backward through time, every operation rounded to f32 in the kernel's order
 * (`precise`: float64 throughout, for finite-difference checks of the equations themselves).
 * Layout [t][b][n]; with `delayed`, Z and GZ have T + 1 steps (z_t at step t + 1, dL/dz_t at row t + 1).
 */
import type { ResolvedTrainLif } from '../../host/kernels/lifTrain';

export interface LifTrainOracleOptions {
  r: ResolvedTrainLif;
  spiking: boolean;
  delayed: boolean;
  steps: number;
  /** batch x neurons. */
  stride: number;
  precise?: boolean;
}

function rounding(precise: boolean | undefined): (x: number) => number {
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

export function lifTrainForwardOracle(o: LifTrainOracleOptions, I: Float32Array | Float64Array): { V: Float64Array; Z: Float64Array } {
  const f = rounding(o.precise);
  const fr = o.r.frame as Record<string, number>;
  const { steps, stride } = o;
  const V = new Float64Array(steps * stride);
  const Z = new Float64Array((steps + (o.delayed ? 1 : 0)) * stride);
  for (let idx = 0; idx < stride; idx++) {
    let v = 0;
    let i = 0;
    for (let t = 0; t < steps; t++) {
      const at = t * stride + idx;
      i = f(f(fr.alphaSyn! * i) + (I[at] as number));
      // lifMembrane(v, 0, rMem, i, alphaMem): vInf = 0 + rMem i; v = vInf + (v - vInf) alpha.
      const vInf = f(0 + f(fr.rMem! * i));
      v = f(vInf + f(f(v - vInf) * fr.alphaMem!));
      V[at] = v;
      if (!o.spiking) continue;
      let z = 0;
      if (v >= fr.threshold!) {
        z = 1;
        v = o.r.reset === 'soft' ? f(v - fr.threshold!) : 0;
      }
      Z[o.delayed ? at + stride : at] = z;
    }
  }
  return { V, Z };
}

export function lifTrainBackwardOracle(o: LifTrainOracleOptions, GZ: Float32Array | Float64Array, V: Float32Array | Float64Array): Float64Array {
  const f = rounding(o.precise);
  const fr = o.r.frame as Record<string, number>;
  const { steps, stride } = o;
  const GI = new Float64Array(steps * stride);
  for (let idx = 0; idx < stride; idx++) {
    let gvNext = 0;
    let giNext = 0;
    for (let t = steps - 1; t >= 0; t--) {
      const at = t * stride + idx;
      const v = V[at] as number;
      const gp = f(fr.alphaMem! * gvNext);
      let gv: number;
      if (!o.spiking) {
        gv = f((GZ[at] as number) + gp);
      } else {
        const gzIn = o.delayed ? (GZ[at + stride] as number) : (GZ[at] as number);
        const s = surrogateOracle(o.r, f(v - fr.threshold!), o.precise);
        if (o.r.reset === 'soft') {
          const gz = o.r.detachReset ? gzIn : f(gzIn - f(fr.threshold! * gp));
          gv = f(f(gz * s) + gp);
        } else {
          const z = v >= fr.threshold! ? 1 : 0;
          const gz = o.r.detachReset ? gzIn : f(gzIn - f(v * gp));
          gv = f(f(gz * s) + f(gp * f(1 - z)));
        }
      }
      const gi = f(f(fr.inputGain! * gv) + f(fr.alphaSyn! * giNext));
      GI[at] = gi;
      gvNext = gv;
      giNext = gi;
    }
  }
  return GI;
}
