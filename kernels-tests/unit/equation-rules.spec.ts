/**
 * Synapse rules written as equations on the CPU (host/equations/synapse-check.ts, synapse-rule.ts):
 * the statements the plastic kernels get (snapshots: the same as the hand-written stdp and rstdp),
 * the constants, traces and variables, the generated oracle twin against the hand-written one, and
 * every kind of bad rule refused with its field, line and column.
 */
import { expect, test } from '@playwright/test';
import { defineSynapseRule, type SynapseRuleSpec } from '../../host/equations/synapse-rule';
import { EQUATION_RULES } from '../../host/equations/library/rules';
import { resolveSynapse } from '../../host/learn/plasticity';
import { rstdpRule } from '../../host/learn/rules/rstdp';
import { stdpRule } from '../../host/learn/rules/stdp';
import { EquationError } from '../../host/equations/errors';
import { InvalidParameterError } from '../../host/errors';
import { RULE_TWINS } from '../oracle/rules/index';
import { ruleValues } from '../../host/kernels/plastic';
import { testRandom } from '../cases/common';

function errorOf(spec: SynapseRuleSpec): InvalidParameterError {
  try {
    defineSynapseRule(spec).resolve('test', { wMin: 0, wMax: 1 }, 0.1);
  } catch (e) {
    if (e instanceof InvalidParameterError) return e;
    throw e;
  }
  throw new Error('expected the rule to be refused');
}

test('stdp written as equations: the statements, traces and constants the plastic kernels get', () => {
  const r = defineSynapseRule(EQUATION_RULES.stdp);
  expect(r.method).toBe('none');
  expect(r.exact).toBe(true);
  expect(r.modulated).toBe(false);
  expect(r.traces).toEqual([{ name: 'x', side: 'pre', onSpike: 'add' }, { name: 'y', side: 'post', onSpike: 'add' }]);
  const i = r.resolve('t', { wMin: 0, wMax: 1, parameters: { tauPlus: 16.8 } }, 0.1);
  expect(i.onPre).toBe('w = (w - nc(R.p_aMinus * post_y));');
  expect(i.onPost).toBe('w = (w + nc(R.p_aPlus * pre_x));');
  expect(i.onStep).toBeUndefined();
  expect(i.preTraces).toEqual([{ name: 'x', tauMs: 16.8, onSpike: 'add', amount: 1 }]);
  expect(i.postTraces).toEqual([{ name: 'y', tauMs: 20, onSpike: 'add', amount: 1 }]);
  expect(i.constants).toEqual({ p_aMinus: Math.fround(0.0105), p_aPlus: Math.fround(0.01) });
  // The nearest-spike file sets the traces.
  const n = defineSynapseRule(EQUATION_RULES.stdpNearest).resolve('t', { wMin: 0, wMax: 1 }, 0.1);
  expect(n.preTraces[0]!.onSpike).toBe('set');
});

test('rstdp written as equations: eligibility from the pairings, w += eta dt M c, then the clock-driven decay solved exactly', () => {
  const r = defineSynapseRule(EQUATION_RULES.rstdp);
  expect(r.method).toBe('exact');
  expect(r.modulated).toBe(true);
  expect(r.variables).toEqual(['c']);
  const i = r.resolve('t', { wMin: 0, wMax: 1, parameters: { tauC: 200, eta: 0.5 } }, 0.5);
  expect(i.onPre).toBe('v_c = (v_c - nc(R.p_aMinus * post_y));');
  expect(i.onStep).toBe('w = (w + nc(nc(R.sg_c0 * M) * v_c));\n    let sg_n_c = nc(v_c * R.sg_c1);\n    v_c = sg_n_c;');
  // The hand-written rule's constants, from the same f64 expressions rounded once.
  const hand = rstdpRule.resolve('t', { tauC: 200, eta: 0.5, wMax: 1 }, 0.5);
  expect(i.constants.sg_c0).toBe(hand.constants.etaDt);
  expect(i.constants.sg_c1).toBe(hand.constants.decayC);
  expect(i.synapseVars).toEqual([{ name: 'c', local: 'v_c', initial: 0 }]);
});

test('the generated oracle twins equal the hand-written twins on random synapse states, traces and M, bit for bit', () => {
  const rnd = testRandom(7);
  const cases = [
    { eq: EQUATION_RULES.stdp, hand: stdpRule, params: { aPlus: 0.02, aMinus: 0.021 }, handParams: { aPlus: 0.02, aMinus: 0.021 }, variant: 'additive' },
    { eq: EQUATION_RULES.stdpMultiplicative, hand: stdpRule, params: { aPlus: 0.02, aMinus: 0.021, invRange: 1 / 0.7 }, handParams: { aPlus: 0.02, aMinus: 0.021, dependence: 'multiplicative', wMin: 0.3 }, variant: 'multiplicative', wMin: 0.3 },
    { eq: EQUATION_RULES.rstdp, hand: rstdpRule, params: { tauC: 200, eta: 0.5 }, handParams: { tauC: 200, eta: 0.5, pairing: 'nearest' }, variant: 'rstdp' },
  ];
  let compared = 0;
  const mismatches: string[] = [];
  for (const c of cases) {
    const wMin = c.wMin ?? 0;
    const eq = defineSynapseRule(c.eq).resolve('t', { wMin, wMax: 1, parameters: c.params }, 0.5);
    const hand = c.hand.resolve('t', { ...c.handParams, wMax: 1 }, 0.5);
    const Re = ruleValues(eq, 0.5) as Record<string, number>;
    const Rh = ruleValues(hand, 0.5) as Record<string, number>;
    const twinH = RULE_TWINS[hand.rule]!;
    const twinE = eq.twin!;
    for (let k = 0; k < 2000; k++) {
      const f = Math.fround;
      const s0 = { w: f(wMin + (1 - wMin) * rnd()), c: f(rnd() - 0.5) };
      const pre = { x: f(rnd() * 3) };
      const post = { y: f(rnd() * 3) };
      const M = f(rnd() * 2 - 0.5);
      for (const hook of ['onPre', 'onPost', 'onStep'] as const) {
        const a = { ...s0 };
        const b = { ...s0 };
        if (hook === 'onStep') {
          twinH.onStep?.(Rh, hand.variant, a, M);
          twinE.onStep?.(Re, eq.variant, b, M);
        } else {
          twinH[hook]?.(Rh, hand.variant, a, pre, post, M);
          twinE[hook]?.(Re, eq.variant, b, pre, post, M);
        }
        // One expect at the end (an expect per value costs milliseconds each).
        if (!Object.is(b.w, a.w) || (c.hand === rstdpRule && !Object.is(b.c, a.c))) mismatches.push(`${c.variant} ${hook}: hand ${JSON.stringify(a)} equations ${JSON.stringify(b)}`);
        compared++;
      }
    }
  }
  expect(mismatches.slice(0, 5)).toEqual([]);
  expect(compared).toBe(3 * 2000 * 3);
});

test('a trace read after its spike statement sees the value after the spike (as in Brian2), before it the value before', () => {
  const spec: SynapseRuleSpec = { equations: 'dx/dt = -x/tau : 1 (event-driven)\ntau : ms\na : 1\nc : 1', onPre: 'c = x\nx += a\nw = w + x', parameters: { tau: 10, a: 0.5 } };
  const i = defineSynapseRule(spec).resolve('t', { wMin: 0, wMax: 10 }, 0.1);
  expect(i.onPre).toBe('v_c = pre_x;\n    w = (w + (pre_x + R.amount_pre_x));');
  const set = defineSynapseRule({ ...spec, equations: 'dx/dt = -x/tau : 1 (event-driven)\ntau : ms\na : 1', onPre: 'x = a\nw = w + x' }).resolve('t', { wMin: 0, wMax: 10 }, 0.1);
  expect(set.onPre).toBe('w = (w + R.amount_pre_x);');
  // The oracle twin: the framework's own increment, f32(x + amount).
  const s = { w: 1, c: 0 };
  i.twin!.onPre!(ruleValues(i, 0.1) as Record<string, number>, i.variant, s, { x: 0.25 }, {}, 0);
  expect(s).toEqual({ w: 1.75, c: 0.25 });
});

const RULE: SynapseRuleSpec = { equations: 'dx/dt = -x/tau : 1 (event-driven)\ntau : ms\na : 1', onPre: 'x += 1\nw = w + a*x', parameters: { tau: 10, a: 0.01 } };

test('bad rules are refused with the field, the line and the column', () => {
  const cases: [SynapseRuleSpec, RegExp][] = [
    [{ ...RULE, onPre: 'x += 1\nw = w + b*x' }, /onPre, line 2 column 9: 'b' is not declared/],
    [{ ...RULE, onPre: 'x += 1\nw = w + a*x*1*mV' }, /onPre, line 2.*unit/],
    [{ ...RULE, equations: 'dx/dt = -x/tau : 1\ntau : ms\na : 1' }, /needs one flag: \(event-driven\)/],
    [{ ...RULE, equations: 'dx/dt = -x/tau + a/tau : 1 (event-driven)\ntau : ms\na : 1' }, /must be a decay/],
    [{ ...RULE, onPost: 'x += 1' }, /the trace x is assigned in onPre and onPost/],
    [{ ...RULE, onPre: 'w = w + a*x' }, /the trace x never takes a spike/],
    [{ ...RULE, onPre: 'x *= 2\nw = w + a*x' }, /changes the trace x by \*=/],
    [{ ...RULE, onPre: 'x += w\nw = w + a*x' }, /'w' is a state variable; only parameters/],
    [{ ...RULE, onPre: 'x += 1\nx += 1\nw = w + a*x' }, /assigned twice in onPre/],
    [{ ...RULE, onPre: 'x += 1\nM = 2' }, /M, the neuromodulator, is read-only/],
    [{ ...RULE, onPre: 'x += 1\nwMax = 2' }, /a bound of the weight/],
    [{ ...RULE, equations: `${RULE.equations}\nM : 1` }, /'M' is given by spikegpu/],
    [{ ...RULE, equations: `${RULE.equations}\ndc/dt = -c/tau + x/tau : 1 (clock-driven)` }, /reads the trace x/],
    [{ ...RULE, onStep: 'w = w + a*x' }, /onStep reads the trace x/],
    [{ ...RULE, onPre: 'x += 1\nw = where(not_refractory, w, 0)' }, /not_refractory' belongs to neuron models/],
    [{ ...RULE, equations: 'dx/dt = -x/tau : 1 (event-driven)\ntau : ms\na : 1\nsg_k : 1' }, /starts with sg_/],
    [{ ...RULE, equations: 'dx/dt = -x/tau : 1 (event-driven, constant)\ntau : ms\na : 1' }, /needs one flag|not allowed/],
    [{ ...RULE, onPre: 'x += 1\nw = w + a*v_post' }, /'v_post' is not declared/],
    [{ equations: 'a : 1' }, /statements that change the synapse/],
  ];
  for (const [spec, want] of cases) {
    const e = errorOf(spec);
    expect(e.message, JSON.stringify(spec)).toMatch(want);
  }
  expect(errorOf({ ...RULE, onPre: 'x += 1\nw = w + b*x' })).toBeInstanceOf(EquationError);
  // randn() belongs to neuron models' update and reset statements only.
  expect(errorOf({ ...RULE, onPre: 'x += 1\nw = w + a*x*randn()' }).message).toContain('randn() draws a new number every step');
  // Values: parameters that are not declared, missing, not finite; tau <= 0; initial of w.
  expect(errorOf({ ...RULE, parameters: { tau: 10, a: 1, b: 2 } }).message).toMatch(/parameters\.b.*declared parameter/);
  expect(errorOf({ ...RULE, parameters: { tau: 10 } }).message).toMatch(/parameters\.a.*no default/);
  expect(errorOf({ ...RULE, parameters: { tau: -1, a: 1 } }).message).toMatch(/time constant > 0 ms/);
  expect(errorOf({ ...RULE, parameters: { tau: 10, a: 1e39 } }).message).toMatch(/parameters\.a.*f32 range/);
  expect(errorOf({ ...RULE, initial: { w: 1 } }).message).toMatch(/initial\.w.*projection's weights/);
});

test('resolveSynapse: a synapse object written as equations; wMax required; rule and equations exclusive; unknown keys and modulator without M refused', () => {
  const obj = { ...RULE, wMax: 1 };
  const r = resolveSynapse('net', 'projections[0].synapse', obj, 0.1, 'a->b');
  expect(r?.rule.rule).toBe('equations');
  expect(r?.rule.twin).toBeDefined();
  const msg = (s: unknown): string => {
    try {
      resolveSynapse('net', 'projections[0].synapse', s, 0.1, 'a->b');
    } catch (e) {
      return (e as Error).message;
    }
    return 'no error';
  };
  expect(msg({ ...RULE })).toMatch(/wMax/);
  expect(msg({ ...obj, rule: 'stdp' })).toMatch(/synapse\.rule.*left out/);
  expect(msg({ ...obj, tauPlus: 3 })).toMatch(/tauPlus/);
  expect(msg({ ...obj, modulator: { tauMs: 10 } })).toMatch(/modulator.*reads no neuromodulator/);
  expect(msg({ ...obj, wMin: 2 })).toMatch(/wMin/);
  expect(msg({ ...EQUATION_RULES.rstdp, wMax: 1 })).toBe('no error');
});
