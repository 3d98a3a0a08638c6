/**
 * The built-in alif model (host/kernels/alif.ts, Bellec et al. 2018's LSNN neuron) written as equations:
 * lif's membrane and currents, and a threshold raised by beta * a, where a low-passes the spike train.
 * The hand-written kernel tests the spike against the threshold of the adaptation before this step's
 * decay, and adds (1 - rho) to a after a spike; here the update statements keep that threshold in A
 * before a decays, and the reset adds the jump, so the two agree bit for bit
 * (kernels-tests/equations.spec.ts). A costs one f32 of state per neuron the hand-written kernel keeps
 * in a register.
 */
import type { NeuronModelSpec } from '../check.js';
import { LIF_EQUATIONS } from './lif.js';

export const ALIF_EQUATIONS = {
  ...LIF_EQUATIONS,
  name: 'alif_eq',
  equations: `${LIF_EQUATIONS.equations}
    a : 1
    A : mV
    tauAdapt : ms
    beta : mV`,
  update: `
    A = vThreshold + beta*a
    a = a*exp(-dt/tauAdapt)`,
  threshold: 'v >= A',
  reset: `
    v = vReset
    a += 1 - exp(-dt/tauAdapt)`,
  // beta has no default: the hand-written alif asks for it too.
  parameters: { ...LIF_EQUATIONS.parameters, tauAdapt: 200 },
} as const satisfies NeuronModelSpec;

/** alif with the soft reset (v <- v - (A - vReset), A the adaptive threshold). */
export const ALIF_SOFT_EQUATIONS = {
  ...ALIF_EQUATIONS,
  name: 'alif_soft_eq',
  reset: `
    v = v - (A - vReset)
    a += 1 - exp(-dt/tauAdapt)`,
} as const satisfies NeuronModelSpec;
