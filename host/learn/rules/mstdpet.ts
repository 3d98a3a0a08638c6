/**
 * mstdpet: modulated STDP with an eligibility trace (Florian 2007, Neural Computation 19:1468).
 * Pre trace P+ (x, tauPlus) and post trace P- (y, tauMinus); each synapse keeps an eligibility z:
 *   at a presynaptic spike:  z <- z + A- y / tauZ     (A- is signed: Florian's A- = -1 depresses)
 *   at a postsynaptic spike: z <- z + A+ x / tauZ
 *   every step, after the spikes: w <- w + gamma dt M z, then z <- z exp(-dt / tauZ)
 * with M the reward r(t), the projection's neuromodulator (host/learn/modulator.ts: written by the
 * host, scheduled as events, or from a population's spikes). Florian's update uses r(t + dt) with the
 * eligibility that includes the spikes of t; here both are of the same step. The framework keeps w in
 * [wMin, wMax]. Defaults: all-to-all, tau+- = 20 ms, tauZ = 25 ms, A+ = 1, A- = -1 (his section 3).
 * Oracle twin: kernels-tests/oracle/rules/mstdpet.ts; spec: kernels-tests/mstdpet.spec.ts.
 */
import { InvalidParameterError } from '../../errors.js';
import { requireFinite, requirePositive } from '../../validate.js';
import { pairTraces, requireWeightRange, type RuleInstance, type SynapseRule } from '../rule.js';

export interface MstdpetParams {
  pairing?: 'allToAll' | 'nearest';
  tauPlus?: number;
  tauMinus?: number;
  /** Signed amplitudes of the pre and post traces. Defaults 1 and -1. */
  aPlus?: number;
  aMinus?: number;
  /** Eligibility time constant (ms). Default 25. */
  tauZ?: number;
  /** Learning rate: weight unit per (reward unit x ms). Required. */
  gamma: number;
  wMin?: number;
  wMax: number;
}

const KEYS = ['pairing', 'tauPlus', 'tauMinus', 'aPlus', 'aMinus', 'tauZ', 'gamma', 'wMin', 'wMax'] as const;

export const mstdpetRule: SynapseRule = {
  name: 'mstdpet',
  modulated: true,
  summary: 'modulated STDP with eligibility trace (Florian 2007): dw/dt = gamma r z, z driven by STDP / tauZ and decaying with tauZ',
  keys: KEYS,
  resolve(object, params, dt): RuleInstance {
    const p = params as Partial<MstdpetParams>;
    const { wMin, wMax } = requireWeightRange(object, p, 'MSTDPET');
    const traces = pairTraces(object, p, { tauPlus: 20, tauMinus: 20, pairing: 'allToAll' });
    if (p.gamma === undefined) throw new InvalidParameterError(object, 'gamma', undefined, 'the learning rate (weight unit per reward unit and ms), a finite number');
    const gamma = requireFinite(object, 'gamma', p.gamma);
    const tauZ = requirePositive(object, 'tauZ', p.tauZ ?? 25, 'ms');
    const f = Math.fround;
    return {
      rule: 'mstdpet',
      constants: { aPlusZ: f(requireFinite(object, 'aPlus', p.aPlus ?? 1) / tauZ), aMinusZ: f(requireFinite(object, 'aMinus', p.aMinus ?? -1) / tauZ), gammaDt: f(gamma * dt), decayZ: f(Math.exp(-dt / tauZ)) },
      ...traces,
      synapseVars: [{ name: 'z', initial: 0 }],
      modulated: true,
      onPre: 'z = z + nc(R.aMinusZ * post_y);',
      onPost: 'z = z + nc(R.aPlusZ * pre_x);',
      onStep: 'w = w + nc(nc(R.gammaDt * M) * z);\n    z = z * R.decayZ;',
      wMin, wMax,
      variant: traces.pairing,
      tolerance: 0,
    };
  },
};
