/**
 * iaf: the non-leaky integrate-and-fire neuron (NIR's IF, Sinabs's IAF; with no threshold, NIR's I),
 * with optional exponential synaptic currents, one thread per (neuron, batch instance).
 */
import { NO_CONTRACT_WGSL } from './common/no-contract.wgsl.js';
import { lifResetWgsl, neuronFrameWgsl, type NeuronParts } from './common/neuron-frame.wgsl.js';

export interface IafShaderOptions {
  workgroupSize: number;
  perNeuronParams: boolean;
  softReset: boolean;
  frameStruct: string;
  paramsStruct: string;
  stateStruct: string;
  clockStruct: string;
}

export const IAF_HEADER = `// iaf — non-leaky integrate-and-fire: cm dv/dt = I, integrated exactly with I held over the step:
//   v <- v + (dt / cm) * (iExc + iInh + bias); spike when v >= vThreshold; reset to vReset or by subtraction.
// Synaptic currents jump by the input and decay by alphaExc / alphaInh after the step (0: direct input).`;

/** The iaf model's header, helpers and per-neuron body (also used by the fused small-network kernel). */
export function iafParts(o: { softReset: boolean }): NeuronParts {
  return {
    header: IAF_HEADER,
    helpers: NO_CONTRACT_WGSL,
    body: `
    s.iExc = s.iExc + inExc;
    s.iInh = s.iInh + inInh;
    if (s.refr > 0) {
      s.refr = s.refr - 1;
    } else {
      let dv = noContract(p.dtOverCm * ((s.iExc + s.iInh) + p.bias));
      s.v = s.v + dv;${lifResetWgsl(o.softReset, 'p.vThreshold')}
    }
    s.iExc = s.iExc * p.alphaExc;
    s.iInh = s.iInh * p.alphaInh;`,
  };
}

export function iafShader(o: IafShaderOptions): string {
  return neuronFrameWgsl({ ...o, kernel: 'iaf', ...iafParts(o) });
}
