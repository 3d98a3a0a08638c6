/**
 * A LIF neuron with an NMDA-type excitatory conductance and a GABA-A inhibitory one, written as
 * equations. The NMDA conductance rises and decays (two exponentials) and is blocked by magnesium as
 * Jahr & Stevens 1990 (J Neurosci 10:3178) measured: B(v) = 1 / (1 + [Mg]/3.57 exp(-0.062 v/mV)),
 * [Mg] in mM. Excitatory input drives the NMDA rise variable x (uS), inhibitory input the GABA-A
 * conductance. B(v) makes dv/dt nonlinear in v: rk4 unless another method is asked for.
 */
import type { NeuronModelSpec } from '../check.js';

export const NMDA_EQUATIONS = {
  name: 'nmda',
  equations: `
    dv/dt = (gLeak*(vRest - v) + gNmda*(eNmda - v)*block + gGaba*(eGaba - v) + I)/cMem : mV (unless refractory)
    block = 1/(1 + mg/3.57*exp(-0.062*v/mV)) : 1
    dgNmda/dt = (x - gNmda)/tauNmdaDecay : uS
    dx/dt = -x/tauNmdaRise : uS
    dgGaba/dt = -gGaba/tauGaba : uS
    gLeak : uS
    cMem : nF
    vRest : mV
    vThreshold : mV
    vReset : mV
    eNmda : mV
    eGaba : mV
    mg : 1
    tauNmdaRise : ms
    tauNmdaDecay : ms
    tauGaba : ms
    tRef : ms
    I : nA`,
  threshold: 'v >= vThreshold',
  reset: 'v = vReset',
  refractory: 'tRef',
  parameters: {
    gLeak: 0.01, cMem: 0.2, vRest: -70, vThreshold: -50, vReset: -60, eNmda: 0, eGaba: -80, mg: 1,
    tauNmdaRise: 2, tauNmdaDecay: 100, tauGaba: 10, tRef: 2, I: 0,
  },
  initial: { v: 'vRest' },
  inputs: { exc: 'x', inh: 'gGaba' },
} as const satisfies NeuronModelSpec;
