/**
 * The built-in iaf model (host/kernels/iaf.ts) written as equations: the non-leaky integrate-and-fire
 * neuron, cm dv/dt = I, with the currents held over the step; bit for bit the hand-written kernel.
 */
import type { NeuronModelSpec } from '../check.js';

export const IAF_EQUATIONS = {
  name: 'iaf_eq',
  equations: `
    dv/dt = (iExc + iInh + biasCurrent)/cm : mV (unless refractory)
    diExc/dt = -iExc/tauSynExc : nA
    diInh/dt = -iInh/tauSynInh : nA
    cm : nF
    vThreshold : mV
    vReset : mV
    biasCurrent : nA
    refractoryMs : ms
    tauSynExc : ms
    tauSynInh : ms`,
  threshold: 'v >= vThreshold',
  reset: 'v = vReset',
  refractory: 'refractoryMs',
  parameters: { cm: 1, vThreshold: 1, vReset: 0, biasCurrent: 0, refractoryMs: 0, tauSynExc: 0, tauSynInh: 0 },
  initial: { v: 'vReset' },
  inputs: { exc: 'iExc', inh: 'iInh' },
} as const satisfies NeuronModelSpec;

export const IAF_SOFT_EQUATIONS = { ...IAF_EQUATIONS, name: 'iaf_soft_eq', reset: 'v = v - (vThreshold - vReset)' } as const satisfies NeuronModelSpec;
