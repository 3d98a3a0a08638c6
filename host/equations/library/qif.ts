/**
 * QIF, the quadratic integrate-and-fire neuron (Latham et al. 2000, J Neurophysiol 83:808; the
 * normal form of a saddle-node on invariant circle), written as equations:
 *   tau dv/dt = c (v - vRest)(v - vCrit) + R I, spike at vPeak, reset to vReset.
 * Nonlinear in v, so the strictest method that applies is rk4. Defaults as BrainPy's QIF.
 */
import type { NeuronModelSpec } from '../check.js';

export const QIF_EQUATIONS = {
  name: 'qif',
  equations: `
    dv/dt = (c*(v - vRest)*(v - vCrit) + rMem*(I + iExc + iInh))/tau : mV (unless refractory)
    diExc/dt = -iExc/tauSyn : nA
    diInh/dt = -iInh/tauSyn : nA
    tau : ms
    c : 1/mV
    vRest : mV
    vCrit : mV
    vPeak : mV
    vReset : mV
    rMem : MOhm
    I : nA
    tauSyn : ms
    tRef : ms`,
  threshold: 'v >= vPeak',
  reset: 'v = vReset',
  refractory: 'tRef',
  parameters: { tau: 10, c: 0.07, vRest: -65, vCrit: -50, vPeak: -30, vReset: -68, rMem: 1, I: 0, tauSyn: 5, tRef: 1 },
  initial: { v: 'vRest' },
  inputs: { exc: 'iExc', inh: 'iInh' },
} as const satisfies NeuronModelSpec;
