/**
 * izhikevich: the Izhikevich (2003) simple model, "Simple model of spiking neurons",
 * IEEE Trans. Neural Networks 14:1569, integrated as in the paper's reference code (net.m).
 */
import { neuronFrameWgsl, type NeuronParts } from './common/neuron-frame.wgsl.js';
import { NO_CONTRACT_WGSL } from './common/no-contract.wgsl.js';
import { PHILOX_WGSL } from './common/philox.wgsl.js';
import { GAUSS4_WGSL } from './common/gauss4.wgsl.js';

export interface IzhikevichShaderOptions {
  workgroupSize: number;
  perNeuronParams: boolean;
  frameStruct: string;
  paramsStruct: string;
  stateStruct: string;
  clockStruct: string;
  /** Add noiseSd * (approximately normal draw) to the current every step. */
  noise: boolean;
}

export const IZHIKEVICH_HEADER = `// izhikevich — Izhikevich 2003:
//   dv/dt = k2 v^2 + k1 v + k0 - u + I  (k2 = 0.04, k1 = 5, k0 = 140 in the paper),   du/dt = a (b v - u),   if v >= vPeak: v <- c, u <- u + d
// As in the paper's net.m: the spike test and reset come first in a step, then v takes two
// half-steps of dt/2 and u one step of dt using the new v. I = bias + excitatory + inhibitory input
// (direct current, no synaptic filter; dimensionless as in the paper), plus, with noiseSd != 0, a fresh
// zero-mean unit-variance draw times noiseSd every step (the paper's thalamic input 5*randn / 2*randn):
// the sum of four 22-bit uniforms from one Philox call, centred and scaled (Irwin-Hall, n = 4; exact
// integer arithmetic and one rounding, so the oracle reproduces it bit for bit).`;

/** The izhikevich model's header, helpers and per-neuron body (also used by the fused small-network kernel). */
export function izhikevichParts(o: { noise: boolean }): NeuronParts {
  return {
    header: IZHIKEVICH_HEADER,
    helpers: NO_CONTRACT_WGSL + PHILOX_WGSL + GAUSS4_WGSL + /* wgsl */ `
// k2, k1, k0 (0.04, 5, 140 in the paper) come from Params, not literals: a shader compiler may
// reassociate arithmetic on literal constants (Mesa's NIR does, for non-precise ops).
fn izhDvdt(p: Params, v: f32, u: f32, current: f32) -> f32 {
  let quad = noContract((p.k2 * v) * v);
  let lin = noContract(p.k1 * v);
  return (((quad + lin) + p.k0) - u) + current;
}
`,
    body: /* wgsl */ `
    if (s.v >= p.vPeak) {
      spiked = true;
      s.v = p.c;
      s.u = s.u + p.d;
    }
    var current = (p.bias + inExc) + inInh;${o.noise ? `
    current = current + noContract(p.noiseSd * gauss4(philox4x32_10(noiseCounter, noiseKey)));` : ''}
    let h = frame.halfDt;
    let dv1 = noContract(h * izhDvdt(p, s.v, s.u, current));
    s.v = s.v + dv1;
    let dv2 = noContract(h * izhDvdt(p, s.v, s.u, current));
    s.v = s.v + dv2;
    let bv = noContract(p.b * s.v);
    let du = noContract(frame.dt * (p.a * (bv - s.u)));
    s.u = s.u + du;`,
  };
}

export function izhikevichShader(o: IzhikevichShaderOptions): string {
  return neuronFrameWgsl({ ...o, kernel: 'izhikevich', ...izhikevichParts(o) });
}
