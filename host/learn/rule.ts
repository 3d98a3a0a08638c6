/**
 * The synapse-model contract (DESIGN.md §4a), modelled on GeNN's weight-update models and Brian2's
 * on_pre / on_post with (event-driven) and (clock-driven) variables. A rule declares, in one file
 * (host/learn/rules/):
 *  - its parameters, validated with units, resolved to f32 constants (WGSL: `R.<name>`);
 *  - its per-neuron traces on the pre and the post side: each decays by exp(-dt/tau) per step in
 *    closed form from its last update and, at a spike of its neuron, is incremented ('add', the
 *    all-to-all pairing), set ('set', the nearest-spike pairing) or left to the rule ('keep': the
 *    rule's onPreSpike assigns it, as short-term plasticity's u and x);
 *  - its per-synapse variables besides w (`synapseVars`: an eligibility trace), f32 per instance;
 *  - WGSL statements: `onPreSpike` once per arriving presynaptic spike; `deliver`, the amount each
 *    synapse delivers (default w); `onPre` per synapse at a presynaptic spike (after it delivered);
 *    `onPost` per synapse at a postsynaptic spike (through the transposed index); `onStep` per
 *    synapse every step after the spike passes (clock-driven terms). After each statement that may
 *    change w, the framework records a weight that became Inf or NaN (NonFiniteWeightError) and keeps
 *    w in the rule's [wMin, wMax] (R.wMin, R.wMax are always in the uniform);
 *  - `modulated`: its statements read `M`, the projection's neuromodulator (host/learn/modulator.ts).
 * Its CPU oracle twin (kernels-tests/oracle/rules/<name>.ts) does the same in f32 steps. The plastic
 * kernels (shaders/plastic.wgsl.ts) and the simulator assemble rules from these parts; adding a rule
 * never edits them.
 *
 * In the statements: `w` and each synapse variable (var f32: read and assign), `pre_<trace>` and
 * `post_<trace>` (f32, decayed to this step; a trace of the spiking neuron itself is its value before
 * this spike's increment), `M` (modulated rules), `R.<constant>`, and `nc(x)` (blocks FMA
 * contraction: write every product that feeds an add as nc(a * b), so the GPU rounds as the oracle does).
 */
import { InvalidParameterError } from '../errors.js';
import { rejectUnknownKeys, requireFinite, requireOneOf, requirePositive } from '../validate.js';
import type { RuleParts, TraceSpec } from '../../shaders/plastic.wgsl.js';

export type { SynapseVarSpec, TraceSpec } from '../../shaders/plastic.wgsl.js';

/** A rule with its parameters resolved: what the kernels (RuleParts), the simulator and the oracle need. */
export interface RuleInstance extends RuleParts {
  /** Bounds every weight is kept in (initial weights and setWeights are checked against them). */
  wMin: number;
  wMax: number;
  /** A declared tolerance (relative) where the statements use WGSL functions that are not exact (pow); 0 = bit-identical. */
  tolerance: number;
  /**
   * The rule's CPU oracle twin, when it is generated with the statements (rules written as equations,
   * host/equations/synapse-rule.ts). A hand-written rule's twin is kernels-tests/oracle/rules/<name>.ts.
   */
  twin?: RuleTwin;
}

/** A synapse's w and rule variables, by name (assigned by the statements). */
export type SynapseState = Record<string, number>;

/**
 * A rule's statements on the CPU, in f32 steps: each assigns w and the synapse variables of `s`
 * (before the framework's clamp of w to [wMin, wMax]). `R` holds the rule's uniform values
 * (host/kernels/plastic.ts ruleValues); `pre` and `post` the traces by name, decayed to this step;
 * `M` is the modulator plus its baseline (0 for rules that read none).
 */
export interface RuleTwin {
  onPre?(R: Record<string, number>, variant: string, s: SynapseState, pre: Record<string, number>, post: Record<string, number>, M: number): void;
  onPost?(R: Record<string, number>, variant: string, s: SynapseState, pre: Record<string, number>, post: Record<string, number>, M: number): void;
  onStep?(R: Record<string, number>, variant: string, s: SynapseState, M: number): void;
  /** Once per arriving presynaptic spike: may assign 'keep' pre traces in `pre`; returns values `deliver` reads. */
  onPreSpike?(R: Record<string, number>, variant: string, pre: Record<string, number>): Record<string, number>;
  /** The amount a synapse delivers (default w). */
  deliver?(R: Record<string, number>, variant: string, s: SynapseState, spike: Record<string, number>): number;
}

export interface SynapseRule {
  name: string;
  /** Whether its statements read the neuromodulator M (a projection may then give a `modulator`). */
  modulated?: boolean;
  summary: string;
  /** Parameter names the rule accepts (besides 'rule'), for messages and the docs. */
  keys: readonly string[];
  /** Validates the user's synapse object (without 'rule') and resolves it at time step dt (ms). */
  resolve(object: string, params: Record<string, unknown>, dt: number): RuleInstance;
}

/** Fields of a projection's `synapse` object that belong to the framework, not to the rule. */
export const SYNAPSE_FRAMEWORK_KEYS = ['rule', 'dendriticDelayMs', 'modulator', 'structural', 'consolidation'] as const;

/** Checks a synapse object's shape and its keys against the rule's; returns the rule's own params. */
export function ruleParams(object: string, synapse: Record<string, unknown>, rule: SynapseRule): Record<string, unknown> {
  rejectUnknownKeys(object, synapse, [...SYNAPSE_FRAMEWORK_KEYS, ...rule.keys]);
  const params: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(synapse)) if (!(SYNAPSE_FRAMEWORK_KEYS as readonly string[]).includes(k)) params[k] = v;
  return params;
}

/** wMin < wMax, both finite; initial weights and writes are kept in [wMin, wMax]. */
export function requireBounds(object: string, wMin: number, wMax: number): void {
  if (!(wMin < wMax)) throw new InvalidParameterError(object, 'wMin', wMin, `a value below wMax = ${wMax}`);
}

/** wMax (required) and wMin (default 0), finite, wMin < wMax. */
export function requireWeightRange(object: string, p: { wMin?: unknown; wMax?: unknown }, what: string): { wMin: number; wMax: number } {
  if (p.wMax === undefined) throw new InvalidParameterError(object, 'wMax', undefined, 'the largest weight (a finite number, in the weight unit)', `${what} keeps every weight in [wMin, wMax].`);
  const wMax = requireFinite(object, 'wMax', p.wMax);
  const wMin = requireFinite(object, 'wMin', p.wMin ?? 0);
  requireBounds(object, wMin, wMax);
  return { wMin, wMax };
}

/**
 * The pre trace x (tauPlus) and post trace y (tauMinus) of pair-based rules, each +1 at a spike of
 * its neuron ('allToAll') or set to 1 ('nearest').
 */
export function pairTraces(object: string, p: { pairing?: unknown; tauPlus?: unknown; tauMinus?: unknown }, defaults: { tauPlus: number; tauMinus: number; pairing: 'allToAll' | 'nearest' }): { preTraces: TraceSpec[]; postTraces: TraceSpec[]; pairing: 'allToAll' | 'nearest' } {
  const pairing = requireOneOf(object, 'pairing', p.pairing ?? defaults.pairing, ['allToAll', 'nearest'] as const);
  const mode = pairing === 'allToAll' ? 'add' : 'set';
  return {
    pairing,
    preTraces: [{ name: 'x', tauMs: requirePositive(object, 'tauPlus', p.tauPlus ?? defaults.tauPlus, 'ms'), onSpike: mode, amount: 1 }],
    postTraces: [{ name: 'y', tauMs: requirePositive(object, 'tauMinus', p.tauMinus ?? defaults.tauMinus, 'ms'), onSpike: mode, amount: 1 }],
  };
}
