/**
 * A projection's synapse model, resolved: 'static' (fixed i32 weights, the default) or a learning
 * rule from the registry (host/learn/rules/) with its parameters and the framework's own fields
 * (dendriticDelayMs, and the modulator of rules that read one). Shared by the validator and the
 * Simulator, so both read a model the same way.
 */
import { InvalidParameterError } from '../errors.js';
import { requireNonNegative } from '../validate.js';
import { resolveModulator, type ModulatorSpec, type ResolvedModulator } from './modulator.js';
import { requireBounds, ruleParams, SYNAPSE_FRAMEWORK_KEYS, type RuleInstance } from './rule.js';
import { defineSynapseRule, type SynapseEquationRule } from '../equations/synapse-rule.js';
import { SYNAPSE_RULE_FIELDS, type SynapseRuleSpec } from '../equations/synapse-check.js';
import { rejectUnknownKeys, requireFinite } from '../validate.js';
import { RULES, ruleNamed } from './rules/index.js';
import { resolveStructural, type ResolvedStructural, type StructuralSpec } from './structural.js';
import { gatedRule, resolveSynapseConsolidation, type SynapseConsolidationSpec } from './synapse-consolidation.js';

/** A plastic synapse in a model: `{ rule: 'stdp', wMax: 1, ... }`; the rule's file documents its parameters. */
export interface PlasticSynapse {
  /** A registered rule (host/learn/rules/index.ts): 'stdp'. */
  rule: string;
  /** Steps a postsynaptic spike takes to reach the synapse (ms, a multiple of dt, >= 0). Default 0. */
  dendriticDelayMs?: number;
  /** The neuromodulator of three-factor rules (host/learn/modulator.ts). */
  modulator?: ModulatorSpec;
  /** Structural plasticity: pruning and regrowth on the GPU (host/learn/structural.ts). Default none. */
  structural?: StructuralSpec;
  /** Importance-gated consolidation of the synapses (host/learn/synapse-consolidation.ts). Default none. */
  consolidation?: SynapseConsolidationSpec;
  [param: string]: unknown;
}

export type SynapseModel = 'static' | PlasticSynapse | EquationSynapse;

export interface ResolvedPlasticity {
  rule: RuleInstance;
  /** Dendritic delay in steps. */
  dendriticDelay: number;
  /** The modulator of rules that read M; null otherwise. */
  modulator: ResolvedModulator | null;
  /** Structural plasticity; null without. */
  structural: ResolvedStructural | null;
  /** Importance-gated consolidation (the rule is then gated); null without. */
  consolidation: { strength: number } | null;
}

/**
 * null for static synapses; else the resolved rule. Errors name the projection, `path` (e.g.
 * projections[2].synapse), the rule and the field.
 */
export function resolveSynapse(object: string, path: string, synapse: unknown, dt: number, projection = ''): ResolvedPlasticity | null {
  if (synapse === undefined || synapse === 'static') return null;
  const names = RULES.map((r) => JSON.stringify(r.name)).join(', ');
  if (typeof synapse !== 'object' || synapse === null || Array.isArray(synapse)) {
    throw new InvalidParameterError(object, path, synapse, `'static' or an object { rule: ${names}, ...parameters }`);
  }
  const s = synapse as Record<string, unknown>;
  let instance: RuleInstance;
  let where: string;
  const ruleName = (): string => instance.rule;
  if (isEquationSynapse(s)) {
    if (s.rule !== undefined) throw new InvalidParameterError(object, `${path}.rule`, s.rule, 'to be left out: a synapse written as equations is its own rule', 'Give either rule (a shipped rule) or equations.');
    where = `${object} ${path}${projection ? ` (projection '${projection}')` : ''}`;
    instance = equationRule(where, s, dt);
  } else {
    const rule = ruleNamed(s.rule as string);
    if (typeof s.rule !== 'string' || !rule) throw new InvalidParameterError(object, `${path}.rule`, s.rule, `one of ${names}, or a rule written as equations { equations, onPre, onPost, ... }`);
    where = `${object} ${path} (${projection ? `projection '${projection}', ` : ''}rule '${rule.name}')`;
    instance = rule.resolve(where, ruleParams(where, s, rule), dt);
  }
  const ms = requireNonNegative(where, 'dendriticDelayMs', s.dendriticDelayMs ?? 0, 'ms');
  const steps = Math.round(ms / dt);
  if (Math.abs(steps * dt - ms) > 1e-9 * Math.max(1, ms)) throw new InvalidParameterError(where, 'dendriticDelayMs', ms, `a multiple of dt = ${dt} ms`);
  if (!instance.modulated && s.modulator !== undefined) {
    throw new InvalidParameterError(where, 'modulator', s.modulator, `to be left out: rule '${ruleName()}' reads no neuromodulator (three-factor rules do: ${RULES.filter((r) => r.modulated).map((r) => `'${r.name}'`).join(', ')})`);
  }
  const modulator = instance.modulated ? resolveModulator(where, s.modulator, dt) : null;
  if (modulator) Object.assign(instance.constants, { modDecay: modulator.decay, modPerSpike: modulator.perSpike, modBaseline: modulator.baseline });
  const structural = s.structural === undefined ? null : resolveStructural(where, s.structural, dt, instance);
  const consolidation = s.consolidation === undefined ? null : resolveSynapseConsolidation(where, s.consolidation);
  return { rule: consolidation ? gatedRule(where, instance) : instance, dendriticDelay: steps, modulator, structural, consolidation };
}

/** Whether a synapse object is a rule written as equations (it has equations or statements of its own). */
export function isEquationSynapse(s: Record<string, unknown>): boolean {
  return s.equations !== undefined || s.onPre !== undefined || s.onPost !== undefined || s.onStep !== undefined;
}

/** A synapse written as equations: the rule's fields, wMin (default 0) and wMax, and the framework's. */
export type EquationSynapse = SynapseRuleSpec & {
  wMin?: number;
  wMax: number;
  dendriticDelayMs?: number;
  modulator?: ModulatorSpec;
  structural?: StructuralSpec;
  consolidation?: SynapseConsolidationSpec;
};

const compiledRules = new WeakMap<object, SynapseEquationRule>();

/** The rule of a synapse object written as equations, compiled once per object and resolved at dt. */
function equationRule(where: string, s: Record<string, unknown>, dt: number): RuleInstance {
  rejectUnknownKeys(where, s, [...SYNAPSE_RULE_FIELDS, 'wMin', 'wMax', ...SYNAPSE_FRAMEWORK_KEYS.filter((k) => k !== 'rule')]);
  if (s.wMax === undefined) throw new InvalidParameterError(where, 'wMax', undefined, 'the largest weight (a finite number, in the weight unit)', 'The framework keeps every weight in [wMin, wMax].');
  const wMax = requireFinite(where, 'wMax', s.wMax);
  const wMin = requireFinite(where, 'wMin', s.wMin ?? 0);
  requireBounds(where, wMin, wMax);
  let rule = compiledRules.get(s);
  if (!rule) {
    const spec: Record<string, unknown> = {};
    for (const k of SYNAPSE_RULE_FIELDS) if (s[k] !== undefined) spec[k] = s[k];
    rule = defineSynapseRule(spec as SynapseRuleSpec, where);
    compiledRules.set(s, rule);
  }
  return rule.resolve(where, { wMin, wMax, ...(s.parameters !== undefined ? { parameters: s.parameters as Record<string, unknown> } : {}) }, dt);
}
