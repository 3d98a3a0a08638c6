/**
 * Synapse rules written as equations (host/equations/synapse-rule.ts): the shipped stdp and rstdp in
 * the language, each bit for bit its hand-written rule (host/learn/rules/stdp.ts, rstdp.ts) on the
 * plastic specs' networks (kernels-tests/equation-rules.spec.ts). A projection's synapse takes one
 * with the bounds and its parameters: `{ ...EQUATION_RULES.stdp, wMax: 1, parameters: { aPlus: 0.01 } }`.
 */
import type { SynapseRuleSpec } from '../synapse-check.js';

const PAIR_TRACES = `
dx/dt = -x/tauPlus : 1 (event-driven)   # presynaptic trace, per pre neuron
dy/dt = -y/tauMinus : 1 (event-driven)  # postsynaptic trace, per post neuron
tauPlus : ms
tauMinus : ms
aPlus : 1
aMinus : 1`;

/**
 * Pair STDP, additive, all-to-all pairing (Song, Miller & Abbott 2000): at a presynaptic spike
 * w -= aMinus y, at a postsynaptic spike w += aPlus x; the framework keeps w in [wMin, wMax].
 * = { rule: 'stdp' } with the same parameters.
 */
export const STDP_EQUATIONS: SynapseRuleSpec = {
  name: 'stdpEquations',
  equations: PAIR_TRACES,
  onPre: 'x += 1\nw = w - aMinus*y',
  onPost: 'y += 1\nw = w + aPlus*x',
  parameters: { tauPlus: 20, tauMinus: 20, aPlus: 0.01, aMinus: 0.0105 },
};

/** Pair STDP with nearest-spike pairing (a spike sets its trace to 1): = { rule: 'stdp', pairing: 'nearest' }. */
export const STDP_NEAREST_EQUATIONS: SynapseRuleSpec = {
  ...STDP_EQUATIONS,
  name: 'stdpNearestEquations',
  onPre: 'x = 1\nw = w - aMinus*y',
  onPost: 'y = 1\nw = w + aPlus*x',
};

/**
 * Multiplicative (soft-bound) STDP: LTP scaled by (wMax - w), LTD by (w - wMin), each times
 * invRange = 1 / (wMax - wMin) (a parameter, so the factor is the hand-written kernel's multiply, not
 * a division): = { rule: 'stdp', dependence: 'multiplicative' } with invRange = 1 / (wMax - wMin).
 */
export const STDP_MULTIPLICATIVE_EQUATIONS: SynapseRuleSpec = {
  name: 'stdpMultiplicativeEquations',
  equations: `${PAIR_TRACES}\ninvRange : 1`,
  onPre: 'x += 1\nw = w - aMinus*((w - wMin)*invRange)*y',
  onPost: 'y += 1\nw = w + aPlus*((wMax - w)*invRange)*x',
  parameters: { tauPlus: 20, tauMinus: 20, aPlus: 0.01, aMinus: 0.0105, invRange: 1 },
};

/**
 * Reward-modulated STDP with an eligibility trace (Izhikevich 2007): STDP pairings drive c, each step
 * w += eta dt M c, then c decays with tauC (a clock-driven equation, solved exactly). Nearest-spike
 * traces as in his code. = { rule: 'rstdp' } (updateEveryMs = dt) with the same parameters.
 */
export const RSTDP_EQUATIONS: SynapseRuleSpec = {
  name: 'rstdpEquations',
  equations: `${PAIR_TRACES}
dc/dt = -c/tauC : 1 (clock-driven)      # eligibility, per synapse
tauC : ms
eta : 1/ms`,
  onPre: 'x = 1\nc = c - aMinus*y',
  onPost: 'y = 1\nc = c + aPlus*x',
  onStep: 'w = w + eta*dt*M*c',
  parameters: { tauPlus: 20, tauMinus: 20, aPlus: 0.1, aMinus: 0.15, tauC: 1000, eta: 0.1 },
};

export const EQUATION_RULES = {
  stdp: STDP_EQUATIONS,
  stdpNearest: STDP_NEAREST_EQUATIONS,
  stdpMultiplicative: STDP_MULTIPLICATIVE_EQUATIONS,
  rstdp: RSTDP_EQUATIONS,
} as const satisfies Record<string, SynapseRuleSpec>;

export type EquationRuleName = keyof typeof EQUATION_RULES;
