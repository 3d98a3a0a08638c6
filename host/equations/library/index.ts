/**
 * The equation files shipped with spikegpu: the built-in models written as equations (each bit for bit
 * its hand-written kernel) and the examples (AdEx, QIF, an NMDA conductance). Each is a
 * NeuronModelSpec: the same object a network file's population may give as its `model`.
 */
import type { NeuronModelSpec } from '../check.js';
import { ALIF_EQUATIONS, ALIF_SOFT_EQUATIONS } from './alif.js';
import { IAF_EQUATIONS, IAF_SOFT_EQUATIONS } from './iaf.js';
import { LIF_EQUATIONS, LIF_SOFT_EQUATIONS } from './lif.js';
import { LIF_COND_EQUATIONS } from './lifCond.js';
import { IZHIKEVICH_EQUATIONS, IZHIKEVICH_NOISE_EQUATIONS } from './izhikevich.js';
import { ADEX_EQUATIONS } from './adex.js';
import { QIF_EQUATIONS } from './qif.js';
import { NMDA_EQUATIONS } from './nmda.js';

export { ADEX_PATTERNS } from './adex.js';

export const EQUATION_LIBRARY = {
  lif: LIF_EQUATIONS,
  lifSoft: LIF_SOFT_EQUATIONS,
  alif: ALIF_EQUATIONS,
  alifSoft: ALIF_SOFT_EQUATIONS,
  izhikevich: IZHIKEVICH_EQUATIONS,
  izhikevichNoise: IZHIKEVICH_NOISE_EQUATIONS,
  iaf: IAF_EQUATIONS,
  iafSoft: IAF_SOFT_EQUATIONS,
  lifCond: LIF_COND_EQUATIONS,
  adex: ADEX_EQUATIONS,
  qif: QIF_EQUATIONS,
  nmda: NMDA_EQUATIONS,
} as const satisfies Record<string, NeuronModelSpec>;

export type EquationLibraryName = keyof typeof EQUATION_LIBRARY;
