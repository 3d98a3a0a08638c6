/**
 * rstdp: reward-modulated STDP with an eligibility trace, as in Izhikevich 2007 (Cerebral Cortex
 * 17:2443, "Solving the distal reward problem"). Each synapse keeps an eligibility c:
 *   at a presynaptic spike:  c <- c - A- y      (y: the post trace, tauMinus)
 *   at a postsynaptic spike: c <- c + A+ x      (x: the pre trace, tauPlus)
 *   every step (or every updateEveryMs), after the spikes: w <- w + eta dt M c, then c <- c exp(-dt / tauC)
 * where M is the projection's neuromodulator (dopamine: give `modulator: { tauMs: 200 }` and reward
 * events or a dopamine population; host/learn/modulator.ts). The framework keeps w in [wMin, wMax].
 * Defaults are Izhikevich's published code: nearest-spike traces set to 1 with tau 20 ms, A+ = 0.1,
 * A- = 0.15, tauC = 1 s, eta = 0.1 per ms (his weight step every 10 ms of (0.002 + DA) c, with the
 * 0.002 as the modulator's baseline).
 * Oracle twin: kernels-tests/oracle/rules/rstdp.ts; spec: kernels-tests/rstdp.spec.ts.
 */
import { InvalidParameterError } from '../../errors.js';
import { requireNonNegative, requirePositive } from '../../validate.js';
import { pairTraces, requireWeightRange, type RuleInstance, type SynapseRule } from '../rule.js';

export interface RstdpParams {
  pairing?: 'allToAll' | 'nearest';
  tauPlus?: number;
  tauMinus?: number;
  /** Eligibility added per pairing (pre before post) and removed (post before pre). Defaults 0.1 and 0.15. */
  aPlus?: number;
  aMinus?: number;
  /** Eligibility time constant (ms). Default 1000. */
  tauC?: number;
  /** Learning rate (per ms): dw/dt = eta M c. Default 0.1. */
  eta?: number;
  /**
   * Interval (ms, a multiple of dt) of the clock-driven update: every `updateEveryMs`, w += eta
   * updateEveryMs M c, then c decays by exp(-updateEveryMs / tauC) (Izhikevich's code: 10 ms). Default dt.
   */
  updateEveryMs?: number;
  wMin?: number;
  wMax: number;
}

const KEYS = ['pairing', 'tauPlus', 'tauMinus', 'aPlus', 'aMinus', 'tauC', 'eta', 'updateEveryMs', 'wMin', 'wMax'] as const;

export const rstdpRule: SynapseRule = {
  name: 'rstdp',
  modulated: true,
  summary: 'reward-modulated STDP with an eligibility trace (Izhikevich 2007): dw/dt = eta M c, c driven by STDP and decaying with tauC',
  keys: KEYS,
  resolve(object, params, dt): RuleInstance {
    const p = params as Partial<RstdpParams>;
    const { wMin, wMax } = requireWeightRange(object, p, 'R-STDP');
    const traces = pairTraces(object, p, { tauPlus: 20, tauMinus: 20, pairing: 'nearest' });
    const f = Math.fround;
    const aPlus = requireNonNegative(object, 'aPlus', p.aPlus ?? 0.1, 'eligibility');
    const aMinus = requireNonNegative(object, 'aMinus', p.aMinus ?? 0.15, 'eligibility');
    const tauC = requirePositive(object, 'tauC', p.tauC ?? 1000, 'ms');
    const eta = requireNonNegative(object, 'eta', p.eta ?? 0.1, 'per ms');
    const everyMs = requirePositive(object, 'updateEveryMs', p.updateEveryMs ?? dt, 'ms');
    const every = Math.round(everyMs / dt);
    if (every < 1 || Math.abs(every * dt - everyMs) > 1e-9 * everyMs) throw new InvalidParameterError(object, 'updateEveryMs', everyMs, `a multiple of dt = ${dt} ms`);
    return {
      rule: 'rstdp',
      constants: { aPlus: f(aPlus), aMinus: f(aMinus), etaDt: f(eta * every * dt), decayC: f(Math.exp((-every * dt) / tauC)) },
      ...traces,
      synapseVars: [{ name: 'c', initial: 0 }],
      stepEvery: every,
      modulated: true,
      onPre: 'c = c - nc(R.aMinus * post_y);',
      onPost: 'c = c + nc(R.aPlus * pre_x);',
      onStep: 'w = w + nc(nc(R.etaDt * M) * c);\n    c = c * R.decayC;',
      wMin, wMax,
      variant: `${traces.pairing}.every${every}`,
      tolerance: 0,
    };
  },
};
