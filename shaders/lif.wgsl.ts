/**
 * lif: current-based leaky integrate-and-fire with exponential synaptic currents (NIR's LIF and
 * CubaLIF dynamics), one thread per (neuron, batch instance).
 */
import { LIF_MEMBRANE_WGSL } from './common/lif-membrane.wgsl.js';
import { lifResetWgsl, neuronFrameWgsl, type NeuronParts } from './common/neuron-frame.wgsl.js';
import { PHILOX_WGSL } from './common/philox.wgsl.js';
import { POISSON_INPUT_WGSL } from './common/poisson-input.wgsl.js';

export interface LifShaderOptions {
  workgroupSize: number;
  perNeuronParams: boolean;
  softReset: boolean;
  /** Draw Poisson input every step (params poissonLimit, poissonWeight). */
  poisson?: boolean;
  frameStruct: string;
  paramsStruct: string;
  stateStruct: string;
  clockStruct: string;
}

export const LIF_HEADER = `// lif — current-based leaky integrate-and-fire (CubaLIF), exact exponential integration.
//   tauMem  dv/dt   = (vRest - v) + rMem * (iExc + iInh + bias)
//   tauExc  diExc/dt = -iExc  (+ input jumps);  tauInh diInh/dt = -iInh  (+ input jumps)
// Per step: i += input; if not refractory: v <- vInf + (v - vInf) * exp(-dt/tauMem);
// spike when v >= vThreshold, then v <- vReset (hard) or v <- v - (vThreshold - vReset) (soft) and
// the neuron is held for refractorySteps; finally i <- i * exp(-dt/tauSyn) (0 when tauSyn = 0,
// i.e. direct current input). Follows NIR's CubaLIF (Pedersen et al. 2024) and GeNN's LIF update.
// Poisson input (when on): n ~ Poisson(rate dt) input spikes add n * poissonWeight to iExc (weight >= 0)
// or iInh (< 0) with this step's synaptic input (shaders/common/poisson-input.wgsl.ts).`;

/** The lif model's header, helpers and per-neuron body (also used by the fused small-network kernel). */
export function lifParts(o: { softReset: boolean; poisson?: boolean }): NeuronParts {
  // The helpers are the same with or without Poisson input, so the fused kernel can mix both kinds of lif population.
  return {
    header: LIF_HEADER,
    helpers: LIF_MEMBRANE_WGSL + PHILOX_WGSL + POISSON_INPUT_WGSL,
    body: `
    s.iExc = s.iExc + inExc;
    s.iInh = s.iInh + inInh;${o.poisson === true ? `
    let drive = noContract(f32(poissonCount(noiseCounter, noiseKey, p.poissonLimit)) * p.poissonWeight);
    if (p.poissonWeight >= 0.0) {
      s.iExc = s.iExc + drive;
    } else {
      s.iInh = s.iInh + drive;
    }` : ''}
    if (s.refr > 0) {
      s.refr = s.refr - 1;
    } else {
      s.v = lifMembrane(s.v, p.vRest, p.rMem, (s.iExc + s.iInh) + p.bias, p.alphaMem);${lifResetWgsl(o.softReset, 'p.vThreshold')}
    }
    s.iExc = s.iExc * p.alphaExc;
    s.iInh = s.iInh * p.alphaInh;`,
  };
}

export function lifShader(o: LifShaderOptions): string {
  return neuronFrameWgsl({ ...o, kernel: 'lif', ...lifParts(o) });
}
