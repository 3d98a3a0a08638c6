/**
 * AdEx, the adaptive exponential integrate-and-fire neuron (Brette & Gerstner 2005, J Neurophysiol
 * 94:3637), written as equations; forward Euler at dt = 0.1 ms as Brian2's example of Naud et al. 2008.
 * Units: C nF, gL and a uS, w, b and I nA. ADEX_PATTERNS holds the parameters of the firing patterns
 * of Naud et al. 2008 (Biol Cybern 99:335, as adapted in Brian2's example); the spike is cut at vPeak.
 */
import type { NeuronModelSpec } from '../check.js';

export const ADEX_EQUATIONS = {
  name: 'adex',
  equations: `
    dv/dt = (gL*(EL - v) + gL*DeltaT*exp((v - VT)/DeltaT) + I + iExc + iInh - w)/C : mV
    dw/dt = (a*(v - EL) - w)/tauW : nA
    diExc/dt = -iExc/tauSyn : nA
    diInh/dt = -iInh/tauSyn : nA
    C : nF
    gL : uS
    EL : mV
    VT : mV
    DeltaT : mV
    a : uS
    tauW : ms
    b : nA
    vR : mV
    vPeak : mV
    I : nA
    tauSyn : ms`,
  threshold: 'v > vPeak',
  reset: 'v = vR; w += b',
  method: 'euler',
  // Brette & Gerstner 2005's regular-spiking cell (Brian2's AdEx example) without input.
  parameters: { C: 0.281, gL: 0.03, EL: -70.6, VT: -50.4, DeltaT: 2, a: 0.004, tauW: 144, b: 0.0805, vR: -70.6, vPeak: 0, I: 0, tauSyn: 5 },
  initial: { v: 'EL' },
  inputs: { exc: 'iExc', inh: 'iInh' },
} as const satisfies NeuronModelSpec;

/** Naud et al. 2008's firing patterns (C nF, gL uS, EL mV, VT mV, DeltaT mV, a uS, tauW ms, b nA, vR mV, I nA). */
export const ADEX_PATTERNS = {
  tonic: { C: 0.2, gL: 0.01, EL: -70, VT: -50, DeltaT: 2, a: 0.002, tauW: 30, b: 0, vR: -58, I: 0.5 },
  adapting: { C: 0.2, gL: 0.012, EL: -70, VT: -50, DeltaT: 2, a: 0.002, tauW: 300, b: 0.06, vR: -58, I: 0.5 },
  initialBurst: { C: 0.13, gL: 0.018, EL: -58, VT: -50, DeltaT: 2, a: 0.004, tauW: 150, b: 0.12, vR: -50, I: 0.4 },
  bursting: { C: 0.2, gL: 0.01, EL: -58, VT: -50, DeltaT: 2, a: 0.002, tauW: 120, b: 0.1, vR: -46, I: 0.21 },
  delayedAccelerating: { C: 0.2, gL: 0.012, EL: -70, VT: -50, DeltaT: 2, a: -0.01, tauW: 300, b: 0, vR: -58, I: 0.3 },
  delayedBursting: { C: 0.1, gL: 0.01, EL: -65, VT: -50, DeltaT: 2, a: -0.01, tauW: 90, b: 0.03, vR: -47, I: 0.11 },
  transient: { C: 0.1, gL: 0.01, EL: -65, VT: -50, DeltaT: 2, a: 0.01, tauW: 90, b: 0.1, vR: -47, I: 0.18 },
  irregular: { C: 0.1, gL: 0.012, EL: -60, VT: -50, DeltaT: 2, a: -0.011, tauW: 130, b: 0.03, vR: -48, I: 0.16 },
} as const;
