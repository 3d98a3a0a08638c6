/**
 * Importance-gated consolidation of a plastic projection (the `consolidation` field of its synapse
 * object), for any rule. Each synapse keeps, per instance, three framework variables besides the
 * rule's: `change`, the net weight change since the last consolidation; `importance` Omega; and
 * `gate` = 1 / (1 + strength Omega). Every rule statement's weight change is scaled by the gate:
 *   w <- w0 + (clamp(w_rule, wMin, wMax) - w0) * gate,   change <- change + (w - w0)
 * (bit-identical to the plain rule while gate = 1). Simulator.consolidate(projection) ends a task:
 * Omega += max(0, change) (a synapse is protected by how much it was potentiated: synaptic tagging
 * and capture, Frey & Morris 1997), change = 0, gate recomputed. The oracle twin wraps the rule's
 * twin the same way (kernels-tests/oracle/plastic.ts: gatedTwin).
 */
import { InvalidParameterError } from '../errors.js';
import { rejectUnknownKeys, requireNonNegative } from '../validate.js';
import type { RuleInstance } from './rule.js';

export interface SynapseConsolidationSpec {
  /** c >= 0 in gate = 1 / (1 + c Omega): how strongly importance slows a synapse's learning. */
  strength: number;
}

/** The framework's synapse variables, after the rule's own. */
export const CONSOLIDATION_VARS = ['change', 'importance', 'gate'] as const;

export function resolveSynapseConsolidation(where: string, spec: unknown): { strength: number } {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) throw new InvalidParameterError(where, 'consolidation', spec, '{ strength }');
  rejectUnknownKeys(`${where} consolidation`, spec, ['strength']);
  const strength = requireNonNegative(where, 'consolidation.strength', (spec as { strength?: unknown }).strength);
  if (!Number.isFinite(Math.fround(strength))) throw new InvalidParameterError(where, 'consolidation.strength', strength, 'a finite f32');
  return { strength };
}

/** The rule with its statements gated and the framework's variables added. */
export function gatedRule(where: string, rule: RuleInstance): RuleInstance {
  const own = (rule.synapseVars ?? []).map((v) => v.name);
  const clash = CONSOLIDATION_VARS.find((n) => own.includes(n));
  if (clash) throw new InvalidParameterError(where, 'consolidation', clash, `a rule without a synapse variable named ${CONSOLIDATION_VARS.map((n) => `'${n}'`).join(', ')}`);
  // A weight that became Inf or NaN passes through to the framework's check (settle) untouched.
  const gate = (stmt: string): string => (stmt.trim() === '' ? stmt : `{
    let w0_ = w;
    ${stmt}
    if ((bitcast<u32>(w) & 0x7f800000u) != 0x7f800000u) {
      let w1_ = clamp(w, R.wMin, R.wMax);
      w = select(w1_, w0_ + nc((w1_ - w0_) * gate), gate != 1.0);
      change = change + (w - w0_);
    }
  }`);
  return {
    ...rule,
    variant: `${rule.variant}|gated`,
    synapseVars: [...(rule.synapseVars ?? []), { name: 'change', initial: 0 }, { name: 'importance', initial: 0 }, { name: 'gate', initial: 1 }],
    onPre: gate(rule.onPre),
    onPost: gate(rule.onPost),
    ...(rule.onStep !== undefined ? { onStep: gate(rule.onStep) } : {}),
  };
}

/** A consolidation on the host arrays (each [instance][position]): Omega += max(0, change), change = 0, gate = f32(1 / (1 + c Omega)). */
export function consolidateSynapses(change: Float32Array, importance: Float32Array, gate: Float32Array, strength: number): void {
  for (let k = 0; k < change.length; k++) {
    importance[k] = Math.fround(importance[k]! + Math.max(0, change[k]!));
    change[k] = 0;
    gate[k] = Math.fround(1 / (1 + strength * importance[k]!));
  }
}
