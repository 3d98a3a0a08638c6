/**
 * alif: LIF with an adaptive threshold (Bellec et al. 2018, "Long short-term memory and
 * learning-to-learn in networks of spiking neurons", LSNN), on the same membrane as lif.
 */
import { LIF_MEMBRANE_WGSL } from './common/lif-membrane.wgsl.js';
import { lifResetWgsl, neuronFrameWgsl, type NeuronParts } from './common/neuron-frame.wgsl.js';
import type { LifShaderOptions } from './lif.wgsl.js';

export const ALIF_HEADER = `// alif — adaptive-threshold LIF (Bellec et al. 2018, LSNN), exact exponential membrane as in lif.
//   threshold A = vThreshold + beta * a
//   a <- rhoAdapt * a + (1 - rhoAdapt) * z,   rhoAdapt = exp(-dt/tauAdapt), z = 1 on a spike
// Reset: hard v <- vReset, or soft v <- v - (A - vReset) (LSNN subtracts the adaptive threshold).`;

/** The alif model's header, helpers and per-neuron body (also used by the fused small-network kernel). */
export function alifParts(o: { softReset: boolean }): NeuronParts {
  return {
    header: ALIF_HEADER,
    helpers: LIF_MEMBRANE_WGSL,
    body: `
    s.iExc = s.iExc + inExc;
    s.iInh = s.iInh + inInh;
    let threshold = p.vThreshold + noContract(p.beta * s.a);
    if (s.refr > 0) {
      s.refr = s.refr - 1;
    } else {
      s.v = lifMembrane(s.v, p.vRest, p.rMem, (s.iExc + s.iInh) + p.bias, p.alphaMem);${lifResetWgsl(o.softReset, 'threshold')}
    }
    let z = select(0.0, 1.0, spiked);
    let keptA = noContract(p.rhoAdapt * s.a);
    s.a = keptA + noContract(p.oneMinusRho * z);
    s.iExc = s.iExc * p.alphaExc;
    s.iInh = s.iInh * p.alphaInh;`,
  };
}

export function alifShader(o: LifShaderOptions): string {
  return neuronFrameWgsl({ ...o, kernel: 'alif', ...alifParts(o) });
}
