/**
 * stdp: pair-based spike-timing-dependent plasticity (Bi & Poo 1998; Song, Miller & Abbott 2000) with
 * a presynaptic trace x (tau+) and a postsynaptic trace y (tau-):
 *   at a presynaptic spike (LTD):  w <- w - A- f-(w) y
 *   at a postsynaptic spike (LTP): w <- w + A+ f+(w) x
 * (the framework then keeps w in [wMin, wMax]),
 * so an isolated pair with post - pre = dt > 0 changes w by A+ exp(-dt/tau+), and by -A- exp(dt/tau-)
 * for dt < 0. Pairing: 'allToAll' (x += 1 at every presynaptic spike: every earlier spike counts) or
 * 'nearest' (x = 1: only the nearest earlier spike counts; Morrison et al. 2008's symmetric nearest
 * spike). Weight dependence:
 *   'additive'       f+ = f- = 1, hard bounds (Song et al. 2000);
 *   'multiplicative' f+ = (wMax - w) / (wMax - wMin), f- = (w - wMin) / (wMax - wMin) (soft bounds);
 *   'gutig'          the same fractions to the power mu (Gütig et al. 2003; mu = 0 additive, 1 multiplicative);
 *   'vanRossum'      f+ = 1, f- = w: additive LTP, multiplicative LTD (van Rossum et al. 2000; A- is then per unit w).
 * Oracle twin: kernels-tests/oracle/rules/stdp.ts; spec: kernels-tests/stdp.spec.ts.
 */
import { InvalidParameterError } from '../../errors.js';
import { requireNonNegative, requireOneOf, requirePositive } from '../../validate.js';
import { pairTraces, requireWeightRange, type RuleInstance, type SynapseRule } from '../rule.js';

export type StdpDependence = 'additive' | 'multiplicative' | 'gutig' | 'vanRossum';

export interface StdpParams {
  /** 'allToAll' (default) or 'nearest'. */
  pairing?: 'allToAll' | 'nearest';
  /** Time constants of the pre and post traces (ms). Defaults 20 and 20. */
  tauPlus?: number;
  tauMinus?: number;
  /** LTP and LTD amplitudes (in weight units; vanRossum's A- per unit weight). Defaults 0.01 wMax and 1.05 A+ (Song et al. 2000). */
  aPlus?: number;
  aMinus?: number;
  /** Weight bounds, in the weight's unit. wMin defaults to 0; wMax is required. */
  wMin?: number;
  wMax: number;
  /** Default 'additive'. */
  dependence?: StdpDependence;
  /** Exponent of 'gutig' (> 0). */
  mu?: number;
}

const KEYS = ['pairing', 'tauPlus', 'tauMinus', 'aPlus', 'aMinus', 'wMin', 'wMax', 'dependence', 'mu'] as const;

/** The factor f(w) of each dependence as WGSL (in terms of the weight fraction of the range). */
function factors(dep: StdpDependence): { plus: string; minus: string } {
  switch (dep) {
    case 'additive': return { plus: '1.0', minus: '1.0' };
    case 'multiplicative': return { plus: 'nc((R.wMax - w) * R.invRange)', minus: 'nc((w - R.wMin) * R.invRange)' };
    case 'gutig': return { plus: 'pow(nc((R.wMax - w) * R.invRange), R.mu)', minus: 'pow(nc((w - R.wMin) * R.invRange), R.mu)' };
    case 'vanRossum': return { plus: '1.0', minus: 'w' };
  }
}

export const stdpRule: SynapseRule = {
  name: 'stdp',
  summary: 'pair STDP: all-to-all or nearest-spike pairing; additive, multiplicative, Gütig (mu) or van Rossum weight dependence',
  keys: KEYS,
  resolve(object, params): RuleInstance {
    const p = params as Partial<StdpParams>;
    const { wMin, wMax } = requireWeightRange(object, p, 'STDP');
    const traces = pairTraces(object, p, { tauPlus: 20, tauMinus: 20, pairing: 'allToAll' });
    const dependence = requireOneOf(object, 'dependence', p.dependence ?? 'additive', ['additive', 'multiplicative', 'gutig', 'vanRossum'] as const);
    const aPlus = requireNonNegative(object, 'aPlus', p.aPlus ?? 0.01 * Math.abs(wMax), 'weight unit');
    const aMinus = requireNonNegative(object, 'aMinus', p.aMinus ?? 1.05 * aPlus, dependence === 'vanRossum' ? 'per unit weight' : 'weight unit');
    if (p.mu !== undefined && dependence !== 'gutig') throw new InvalidParameterError(object, 'mu', p.mu, "to be left out unless dependence is 'gutig'");
    if (dependence === 'gutig' && p.mu === undefined) throw new InvalidParameterError(object, 'mu', undefined, "the Gütig exponent, a number > 0 (0 would be additive, 1 multiplicative)");
    const mu = dependence === 'gutig' ? requirePositive(object, 'mu', p.mu, '') : 0;
    const f = Math.fround;
    const fx = factors(dependence);
    return {
      rule: 'stdp',
      constants: { aPlus: f(aPlus), aMinus: f(aMinus), invRange: f(1 / (wMax - wMin)), mu: f(mu) },
      preTraces: traces.preTraces,
      postTraces: traces.postTraces,
      onPre: `w = w - nc(nc(R.aMinus * ${fx.minus}) * post_y);`,
      onPost: `w = w + nc(nc(R.aPlus * ${fx.plus}) * pre_x);`,
      wMin, wMax,
      variant: dependence,
      // WGSL's pow is not correctly rounded (and differs between implementations): gutig is checked within this.
      tolerance: dependence === 'gutig' ? 1e-5 : 0,
    };
  },
};
