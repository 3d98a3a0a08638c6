/**
 * The built-in lif model (host/kernels/lif.ts) written as equations: a current-based leaky
 * integrate-and-fire neuron with exponential synaptic currents. Exponential Euler holds the currents
 * over the step, as the hand-written kernel does, so the two agree bit for bit
 * (kernels-tests/equations.spec.ts). Parameter and state names and defaults are lif's (v0 is the
 * start value `v` here).
 */
import type { NeuronModelSpec } from '../check.js';

export const LIF_EQUATIONS = {
  name: 'lif_eq',
  equations: `
    dv/dt = (vRest - v + rMem*(iExc + iInh + biasCurrent))/tauMem : mV (unless refractory)
    diExc/dt = -iExc/tauSynExc : nA
    diInh/dt = -iInh/tauSynInh : nA
    tauMem : ms
    vRest : mV
    vThreshold : mV
    vReset : mV
    rMem : MOhm
    biasCurrent : nA
    refractoryMs : ms
    tauSynExc : ms
    tauSynInh : ms`,
  threshold: 'v >= vThreshold',
  reset: 'v = vReset',
  refractory: 'refractoryMs',
  method: 'exponential_euler',
  parameters: { tauMem: 20, vRest: -70, vThreshold: -50, vReset: -70, rMem: 1, biasCurrent: 0, refractoryMs: 0, tauSynExc: 5, tauSynInh: 10 },
  initial: { v: 'vRest' },
  inputs: { exc: 'iExc', inh: 'iInh' },
} as const satisfies NeuronModelSpec;

/** lif with the soft reset (v <- v - (vThreshold - vReset)). */
export const LIF_SOFT_EQUATIONS = { ...LIF_EQUATIONS, name: 'lif_soft_eq', reset: 'v = v - (vThreshold - vReset)' } as const satisfies NeuronModelSpec;
