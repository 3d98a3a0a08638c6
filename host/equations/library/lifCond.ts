/**
 * The built-in lifCond model (host/kernels/lifCond.ts) written as equations: a conductance-based LIF
 * neuron with exponential conductances. As the hand-written kernel: forward Euler for v (the leak
 * conductance cMem/tauMem and dt/cMem computed on the host), the exact decay for the conductances;
 * bit for bit the hand-written kernel.
 */
import type { NeuronModelSpec } from '../check.js';

export const LIF_COND_EQUATIONS = {
  name: 'lifCond_eq',
  equations: `
    dv/dt = (gLeak*(vRest - v) + gExc*(eExc - v) + gInh*(eInh - v) + biasCurrent)/cMem : mV (unless refractory)
    gLeak = cMem/tauMem : uS
    dgExc/dt = -gExc/tauSynExc : uS
    dgInh/dt = -gInh/tauSynInh : uS
    tauMem : ms
    cMem : nF
    vRest : mV
    vThreshold : mV
    vReset : mV
    eExc : mV
    eInh : mV
    tauSynExc : ms
    tauSynInh : ms
    refractoryMs : ms
    biasCurrent : nA`,
  threshold: 'v >= vThreshold',
  reset: 'v = vReset',
  refractory: 'refractoryMs',
  method: { v: 'euler', gExc: 'exact', gInh: 'exact' },
  parameters: { tauMem: 20, cMem: 0.2, vRest: -60, vThreshold: -50, vReset: -60, eExc: 0, eInh: -80, tauSynExc: 5, tauSynInh: 10, refractoryMs: 5, biasCurrent: 0 },
  initial: { v: 'vRest' },
  inputs: { exc: 'gExc', inh: 'gInh' },
} as const satisfies NeuronModelSpec;
