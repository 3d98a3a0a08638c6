/**
 * The built-in alif model (host/kernels/alif.ts, Bellec et al. 2018's LSNN neuron) written as equations:
 * lif's membrane and currents, and a threshold raised by beta * a, where a low-passes the spike train.
 * As the hand-written kernel, the spike is tested against the threshold of the adaptation before this
 * step's decay, and a <- rho a + (1 - rho) z after it (z = 1 on a spike): schedule update-last runs the
 * update after the threshold and reset, and the reset marks the spike in z, which every step clears (a
 * transient variable, not stored). So the two agree bit for bit and keep the same state
 * (kernels-tests/equations.spec.ts).
 */
import type { NeuronModelSpec } from '../check.js';
import { LIF_EQUATIONS } from './lif.js';

export const ALIF_EQUATIONS = {
  ...LIF_EQUATIONS,
  name: 'alif_eq',
  equations: `${LIF_EQUATIONS.equations}
    a : 1
    z : 1
    tauAdapt : ms
    beta : mV`,
  schedule: 'update-last',
  threshold: 'v >= vThreshold + beta*a',
  reset: `
    v = vReset
    z = 1`,
  update: `
    a = a*exp(-dt/tauAdapt) + (1 - exp(-dt/tauAdapt))*z
    z = 0`,
  // beta has no default: the hand-written alif asks for it too.
  parameters: { ...LIF_EQUATIONS.parameters, tauAdapt: 200 },
} as const satisfies NeuronModelSpec;

/** alif with the soft reset (v <- v - (vThreshold + beta*a - vReset)). */
export const ALIF_SOFT_EQUATIONS = {
  ...ALIF_EQUATIONS,
  name: 'alif_soft_eq',
  reset: `
    v = v - (vThreshold + beta*a - vReset)
    z = 1`,
} as const satisfies NeuronModelSpec;
