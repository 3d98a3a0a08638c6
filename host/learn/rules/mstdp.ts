/**
 * mstdp: modulated STDP without an eligibility trace (Florian 2007, Neural Computation 19:1468): the
 * STDP update of each spike, scaled by the reward at that step:
 *   at a presynaptic spike:  w <- w + gamma M A- y     (A- is signed: Florian's A- = -1 depresses)
 *   at a postsynaptic spike: w <- w + gamma M A+ x
 * with x, y the pre and post traces (tauPlus, tauMinus) and M the projection's neuromodulator
 * (host/learn/modulator.ts). The framework keeps w in [wMin, wMax]. Defaults: all-to-all, tau+- =
 * 20 ms, A+ = 1, A- = -1.
 * Oracle twin: kernels-tests/oracle/rules/mstdp.ts; spec: kernels-tests/mstdp.spec.ts.
 */
import { InvalidParameterError } from '../../errors.js';
import { requireFinite } from '../../validate.js';
import { pairTraces, requireWeightRange, type RuleInstance, type SynapseRule } from '../rule.js';

export interface MstdpParams {
  pairing?: 'allToAll' | 'nearest';
  tauPlus?: number;
  tauMinus?: number;
  aPlus?: number;
  aMinus?: number;
  /** Learning rate: weight unit per reward unit. Required. */
  gamma: number;
  wMin?: number;
  wMax: number;
}

const KEYS = ['pairing', 'tauPlus', 'tauMinus', 'aPlus', 'aMinus', 'gamma', 'wMin', 'wMax'] as const;

export const mstdpRule: SynapseRule = {
  name: 'mstdp',
  modulated: true,
  summary: 'modulated STDP (Florian 2007): each spike\'s STDP update scaled by gamma times the reward at that step',
  keys: KEYS,
  resolve(object, params): RuleInstance {
    const p = params as Partial<MstdpParams>;
    const { wMin, wMax } = requireWeightRange(object, p, 'MSTDP');
    const traces = pairTraces(object, p, { tauPlus: 20, tauMinus: 20, pairing: 'allToAll' });
    if (p.gamma === undefined) throw new InvalidParameterError(object, 'gamma', undefined, 'the learning rate (weight unit per reward unit), a finite number');
    const f = Math.fround;
    return {
      rule: 'mstdp',
      constants: { aPlus: f(requireFinite(object, 'aPlus', p.aPlus ?? 1)), aMinus: f(requireFinite(object, 'aMinus', p.aMinus ?? -1)), gamma: f(requireFinite(object, 'gamma', p.gamma)) },
      ...traces,
      modulated: true,
      onPre: 'w = w + nc(nc(R.gamma * M) * nc(R.aMinus * post_y));',
      onPost: 'w = w + nc(nc(R.gamma * M) * nc(R.aPlus * pre_x));',
      wMin, wMax,
      variant: traces.pairing,
      tolerance: 0,
    };
  },
};
