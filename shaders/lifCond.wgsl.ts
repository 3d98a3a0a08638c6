/**
 * lifCond: conductance-based LIF with exponential excitatory and inhibitory conductances and
 * reversal potentials, as in Brette et al. 2007's COBA benchmark (benchmark 1).
 */
import { lifResetWgsl, neuronFrameWgsl, type NeuronParts } from './common/neuron-frame.wgsl.js';
import { NO_CONTRACT_WGSL } from './common/no-contract.wgsl.js';
import type { LifShaderOptions } from './lif.wgsl.js';

export const LIF_COND_HEADER = `// lifCond — conductance-based LIF (Brette et al. 2007, COBA), forward Euler in v:
//   cMem dv/dt = gLeak (vRest - v) + gExc (eExc - v) + gInh (eInh - v) + bias
//   tauExc dgExc/dt = -gExc (+ input jumps, uS),  tauInh dgInh/dt = -gInh
// Per step: g += input; if not refractory: v += (dt/cMem) * I; spike when v >= vThreshold, then
// v <- vReset (hard) or v - (vThreshold - vReset) (soft) and hold refractorySteps; g <- g * exp(-dt/tau).
// Forward Euler (only + and *) keeps it bit-identical to the oracle on every implementation; use dt <= 0.1 ms.`;

/** The lifCond model's header, helpers and per-neuron body (also used by the fused small-network kernel). */
export function lifCondParts(o: { softReset: boolean }): NeuronParts {
  return {
    header: LIF_COND_HEADER,
    helpers: NO_CONTRACT_WGSL,
    body: `
    s.gExc = s.gExc + inExc;
    s.gInh = s.gInh + inInh;
    if (s.refr > 0) {
      s.refr = s.refr - 1;
    } else {
      let leak = noContract(p.gLeak * (p.vRest - s.v));
      let exc = noContract(s.gExc * (p.eExc - s.v));
      let inh = noContract(s.gInh * (p.eInh - s.v));
      let current = ((leak + exc) + inh) + p.bias;
      s.v = s.v + noContract(p.dtOverC * current);${lifResetWgsl(o.softReset, 'p.vThreshold')}
    }
    s.gExc = s.gExc * p.alphaExc;
    s.gInh = s.gInh * p.alphaInh;`,
  };
}

export function lifCondShader(o: LifShaderOptions): string {
  return neuronFrameWgsl({ ...o, kernel: 'lifCond', ...lifCondParts(o) });
}
