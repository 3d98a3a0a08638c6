/**
 * The built-in izhikevich model (host/kernels/izhikevich.ts; Izhikevich 2003, IEEE Trans. Neural
 * Networks 14:1569) written as equations, in Brian2's units for it (v in mV, u and the current in
 * mV/ms). As the paper's net.m and the hand-written kernel: the spike test and reset come first in a
 * step (schedule threshold-first), then v takes two half-steps of dt/2 and u one step of dt with the
 * new v, written as update statements (GeNN's sim_code). The input is a direct current: each step's
 * synaptic input lands in Iexc and Iinh and is cleared after use (so they are transient: not stored).
 * Bit for bit the hand-written kernel without its noise current (noiseSd = 0); IZHIKEVICH_NOISE_EQUATIONS
 * adds it, bit for bit the kernel with noiseSd (kernels-tests/equations.spec.ts).
 */
import type { NeuronModelSpec } from '../check.js';

export const IZHIKEVICH_EQUATIONS = {
  name: 'izhikevich_eq',
  equations: `
    v : mV
    u : mV/ms
    Iexc : mV/ms
    Iinh : mV/ms
    a : 1/ms
    b : 1/ms
    c : mV
    d : mV/ms
    vPeak : mV
    biasCurrent : mV/ms
    k2 : 1/mV/ms
    k1 : 1/ms
    k0 : mV/ms
    I = biasCurrent + Iexc + Iinh : mV/ms`,
  schedule: 'threshold-first',
  threshold: 'v >= vPeak',
  reset: `
    v = c
    u += d`,
  update: `
    v += (dt/2)*(k2*v*v + k1*v + k0 - u + I)
    v += (dt/2)*(k2*v*v + k1*v + k0 - u + I)
    u += dt*(a*(b*v - u))
    Iexc = 0*mV/ms
    Iinh = 0*mV/ms`,
  parameters: { a: 0.02, b: 0.2, c: -65, d: 8, vPeak: 30, biasCurrent: 0, k2: 0.04, k1: 5, k0: 140 },
  initial: { v: -65, u: '-65*mV*b' },
  inputs: { exc: 'Iexc', inh: 'Iinh' },
} as const satisfies NeuronModelSpec;

/**
 * izhikevich with the hand-written kernel's noise current (the paper's thalamic input, 5*randn for
 * excitatory and 2*randn for inhibitory neurons): a fresh normal draw times noiseSd every step, held
 * for both half-steps of v (so it is drawn once, into Inoise, and cleared at the end of the step).
 */
export const IZHIKEVICH_NOISE_EQUATIONS = {
  ...IZHIKEVICH_EQUATIONS,
  name: 'izhikevich_noise_eq',
  equations: `${IZHIKEVICH_EQUATIONS.equations.replace('I = biasCurrent + Iexc + Iinh : mV/ms', 'I = biasCurrent + Iexc + Iinh + Inoise : mV/ms')}
    Inoise : mV/ms
    noiseSd : mV/ms`,
  update: `
    Inoise = noiseSd*randn()${IZHIKEVICH_EQUATIONS.update}
    Inoise = 0*mV/ms`,
  parameters: { ...IZHIKEVICH_EQUATIONS.parameters, noiseSd: 0 },
} as const satisfies NeuronModelSpec;
