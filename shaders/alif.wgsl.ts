/**
 * alif: LIF with an adaptive threshold (Bellec et al. 2018, "Long short-term memory and
 * learning-to-learn in networks of spiking neurons", LSNN), on the same membrane as lif.
 */
import { wgsl } from 'wgsl-preprocessor/wgsl-preprocessor.js';
import { LIF_MEMBRANE_WGSL } from './common/lif-membrane.wgsl';
import { neuronFrameWgsl } from './common/neuron-frame.wgsl';
import type { LifShaderOptions } from './lif.wgsl';

export const ALIF_HEADER = `// alif — adaptive-threshold LIF (Bellec et al. 2018, LSNN), exact exponential membrane as in lif.
//   threshold A = vThreshold + beta * a
//   a <- rhoAdapt * a + (1 - rhoAdapt) * z,   rhoAdapt = exp(-dt/tauAdapt), z = 1 on a spike
// Reset: hard v <- vReset, or soft v <- v - (A - vReset) (LSNN subtracts the adaptive threshold).`;

export function alifShader(o: LifShaderOptions): string {
  return neuronFrameWgsl({
    kernel: 'alif',
    header: ALIF_HEADER,
    workgroupSize: o.workgroupSize,
    perNeuronParams: o.perNeuronParams,
    frameStruct: o.frameStruct,
    paramsStruct: o.paramsStruct,
    stateStruct: o.stateStruct,
    clockStruct: o.clockStruct,
    helpers: LIF_MEMBRANE_WGSL,
    body: wgsl`
    s.iExc = s.iExc + inExc;
    s.iInh = s.iInh + inInh;
    let threshold = p.vThreshold + noContract(p.beta * s.a);
    var z = 0.0;
    if (s.refr > 0) {
      s.refr = s.refr - 1;
    } else {
      s.v = lifMembrane(s.v, p.vRest, p.rMem, (s.iExc + s.iInh) + p.bias, p.alphaMem);
      if (s.v >= threshold) {
        spiked = true;
        z = 1.0;
#if ${o.softReset}
        s.v = s.v - (threshold - p.vReset);
#else
        s.v = p.vReset;
#endif
        s.refr = p.refractorySteps;
      }
    }
    let keptA = noContract(p.rhoAdapt * s.a);
    s.a = keptA + noContract(p.oneMinusRho * z);
    s.iExc = s.iExc * p.alphaExc;
    s.iInh = s.iInh * p.alphaInh;`,
  });
}
