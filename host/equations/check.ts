/**
 * The checker: reads a neuron model's fields (parse), resolves every name to a state variable, a
 * parameter, a subexpression (inlined), a unit (folded: units have scale 1) or dt, checks the
 * dimensions of every expression and statement, and returns the checked model the integrator and
 * the emitters work from. Any name that is not declared is an EquationError with its position.
 */
import type { Expr, Pos, Statement } from './ast.js';
import { nameProblem } from './names.js';
import { parseEquations, parseExpression, parseStatements, Source, unitPos } from './parser.js';
import { equationRhs, expectDim, makeResolver, parameterVar, startValue, type Declaration, type Draws, type Resolve } from './resolve.js';
import { DIMENSIONLESS, UNITS, parseUnit, type Dim } from './units.js';
import { InvalidParameterError } from '../errors.js';

export type Schedule = 'update-first' | 'threshold-first' | 'update-last';
export const SCHEDULES: readonly Schedule[] = ['update-first', 'threshold-first', 'update-last'];

/**
 * The phases of one step in each schedule, read by the WGSL emitter and the oracle alike:
 * 'equations' (the integrator's step), 'update' (the update statements), 'fire' (threshold and reset).
 */
export const SCHEDULE_PHASES: Readonly<Record<Schedule, readonly ('equations' | 'update' | 'fire')[]>> = {
  'update-first': ['equations', 'update', 'fire'],
  'threshold-first': ['fire', 'equations', 'update'],
  'update-last': ['equations', 'fire', 'update'],
};
export type IntegrationMethod = 'exact' | 'exponential_euler' | 'euler' | 'rk2' | 'rk4';
export const INTEGRATION_METHODS: readonly IntegrationMethod[] = ['exact', 'exponential_euler', 'euler', 'rk2', 'rk4'];

/** A neuron model written as equations (docs/models.md). Units: mV, nA, ms, MOhm, uS, nF. */
export interface NeuronModelSpec {
  /** A name for messages and the pipeline cache. Default 'equations'. */
  name?: string;
  /** Differential equations `dX/dt = ... : unit (flags)`, subexpressions `X = ... : unit` and parameters `X : unit`, one per line. */
  equations: string;
  /** Spike condition, e.g. `v >= vThreshold`. Absent: the model never spikes. */
  threshold?: string;
  /** Statements run after a spike, one per line or separated by `;`, e.g. `v = vReset; w += b`. */
  reset?: string;
  /**
   * Statements run every step after the differential equations advance, in order (GeNN's sim_code):
   * e.g. a hand-written integration step `v += dt*(...)`, or a noise kick `v += sigma*randn()`. The
   * variables they assign are state variables.
   */
  update?: string;
  /**
   * The order of one step. 'update-first' (default, as Brian2 and GeNN): equations and update, then
   * the threshold and reset. 'threshold-first': the threshold and reset test the state of the step
   * before, then the equations and update run (Izhikevich's net.m). 'update-last': the equations,
   * then the threshold and reset, then the update (Brian2's run_regularly(when='after_resets')):
   * statements that must see this step's spike, such as an adaptation that decays after the
   * threshold has read it.
   */
  schedule?: Schedule;
  /** After a spike: a time in ms (a number, or an expression of parameters such as `tRef`), or a condition that holds while refractory. */
  refractory?: number | string;
  /**
   * Integration method; default the strictest that applies (exact, then exponential_euler, then rk4).
   * An object gives a single-step method (exact, exponential_euler, euler) per variable, e.g.
   * { v: 'euler', gExc: 'exact' }; variables left out get the strictest that applies to them.
   */
  method?: IntegrationMethod | Readonly<Record<string, IntegrationMethod>>;
  /** Default values of the parameters (in the declared units). A parameter without one must be given per population. */
  parameters?: Record<string, number>;
  /** Initial values of state variables: numbers, or expressions of parameters such as `vRest`. Default 0. */
  initial?: Record<string, number | string>;
  /** The state variable each synaptic input channel adds to (a jump at the start of the step). Default I_exc / I_inh. */
  inputs?: { exc?: string; inh?: string };
}

export interface StateVar {
  name: string;
  dim: Dim;
  /** The right-hand side dX/dt, resolved; null for a variable changed only by the reset. */
  rhs: Expr | null;
  /** Held (not integrated) while the neuron is refractory. */
  unlessRefractory: boolean;
}

export interface ParamVar {
  name: string;
  dim: Dim;
  default: number | undefined;
}

export type Refractory = { kind: 'none' } | { kind: 'time'; expr: Expr } | { kind: 'condition'; expr: Expr };

export interface Assignment { target: string; value: Expr }

export interface CheckedModel {
  object: string;
  name: string;
  states: StateVar[];
  params: ParamVar[];
  threshold: Expr | null;
  /** Reset statements with += etc. expanded (x = x + e). */
  reset: Assignment[];
  /** Update statements (every step, after the equations), expanded as the reset. */
  update: Assignment[];
  schedule: Schedule;
  refractory: Refractory;
  /** Initial value of each state variable: an expression of parameters (numbers included). */
  initial: Record<string, Expr>;
  inputs: { exc: string; inh: string };
  /** The method asked for (the integrator picks one when undefined): one for all, or per variable. */
  method: IntegrationMethod | Readonly<Record<string, IntegrationMethod>> | undefined;
  /** The fields' texts, for error messages of later stages. */
  sources: Record<string, Source>;
  /** randn() calls in the update and reset statements (draws 0 .. draws-1 of every neuron and step). */
  draws: number;
}

const SPEC_KEYS = ['name', 'equations', 'threshold', 'reset', 'update', 'schedule', 'refractory', 'method', 'parameters', 'initial', 'inputs'];

function requireText(object: string, field: string, v: unknown, required: boolean): string | undefined {
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string') throw new InvalidParameterError(object, field, v, 'a string of equations');
  return v;
}

export function checkNeuronModel(spec: NeuronModelSpec, object = 'neuron model'): CheckedModel {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) throw new InvalidParameterError(object, 'model', spec, 'an object { equations, threshold, reset, ... }');
  for (const k of Object.keys(spec)) if (!SPEC_KEYS.includes(k)) throw new InvalidParameterError(object, k, (spec as unknown as Record<string, unknown>)[k], `one of the model fields ${SPEC_KEYS.join(', ')}`);
  const name = spec.name ?? 'equations';
  if (typeof name !== 'string' || !/^[A-Za-z][A-Za-z0-9_]{0,47}$/.test(name)) throw new InvalidParameterError(object, 'name', name, 'a name of letters, digits and _ (at most 48 characters, starting with a letter)');
  object = `${object} '${name}'`;
  const sources: Record<string, Source> = {};
  const src = (field: string, text: string): Source => (sources[field] = new Source(object, field, text));
  const eqSrc = src('equations', requireText(object, 'equations', spec.equations, true) as string);
  const lines = parseEquations(eqSrc);
  const thresholdText = requireText(object, 'threshold', spec.threshold, false);
  const resetText = requireText(object, 'reset', spec.reset, false);
  const resetSrc = resetText !== undefined ? src('reset', resetText) : undefined;
  const resetStmts = resetSrc ? parseStatements(resetSrc) : [];
  const updateText = requireText(object, 'update', spec.update, false);
  const updateSrc = updateText !== undefined ? src('update', updateText) : undefined;
  const updateStmts = updateSrc ? parseStatements(updateSrc) : [];
  const schedule = spec.schedule ?? 'update-first';
  if (!SCHEDULES.includes(schedule)) throw new InvalidParameterError(object, 'schedule', schedule, `one of ${SCHEDULES.join(', ')}`);

  // Declarations: every name once.
  const declared = new Map<string, Declaration>();
  for (const line of lines) {
    const why = nameProblem(line.name);
    if (why) throw eqSrc.error(line.pos, why, 'Rename it.');
    if (declared.has(line.name)) throw eqSrc.error(line.pos, `'${line.name}' is declared twice`);
    const dim = parseUnit(eqSrc, line.unit, unitPos(line));
    for (const flag of line.flags) {
      const ok = (line.k === 'ode' && flag === 'unless refractory') || (line.k === 'decl' && flag === 'constant');
      if (!ok) throw eqSrc.error(line.pos, `the flag (${flag}) is not allowed on this line`, line.k === 'ode' ? 'A differential equation takes (unless refractory).' : line.k === 'decl' ? 'A parameter takes (constant).' : 'A subexpression takes no flags.');
    }
    declared.set(line.name, { line, dim });
  }
  const assigned = new Set([...resetStmts, ...updateStmts].map((s) => s.target));
  const kindOf = (n: string): 'state' | 'param' | 'sub' | undefined => {
    const d = declared.get(n);
    if (!d) return undefined;
    if (d.line.k === 'ode') return 'state';
    if (d.line.k === 'sub') return 'sub';
    return assigned.has(n) || (spec.initial !== undefined && Object.prototype.hasOwnProperty.call(spec.initial, n)) ? 'state' : 'param';
  };

  const known = (): string => [...declared.keys()].join(', ') || 'none';
  const resolve = makeResolver(eqSrc, declared, kindOf);

  const states: StateVar[] = [];
  const params: ParamVar[] = [];
  const defaults = spec.parameters ?? {};
  if (typeof defaults !== 'object' || defaults === null || Array.isArray(defaults)) throw new InvalidParameterError(object, 'parameters', defaults, 'an object of parameter values');
  for (const [n, { line, dim }] of declared) {
    const kind = kindOf(n);
    if (kind === 'sub') {
      resolve(eqSrc, { k: 'name', name: n, pos: line.pos }, false);
      continue;
    }
    if (kind === 'param') {
      params.push(parameterVar(object, n, dim, defaults as Record<string, unknown>));
      continue;
    }
    const rhs = line.k === 'ode' ? equationRhs(eqSrc, resolve, n, dim, line.rhs) : null;
    states.push({ name: n, dim, rhs, unlessRefractory: line.flags.includes('unless refractory') });
  }
  for (const k of Object.keys(defaults)) {
    if (kindOf(k) !== 'param') throw new InvalidParameterError(object, `parameters.${k}`, defaults[k], `a declared parameter (parameters: ${params.map((p) => p.name).join(', ') || 'none'})`, kindOf(k) === 'state' ? `'${k}' is a state variable: give its start value in initial.` : 'Declare it in equations as `name : unit`.');
  }
  if (states.length === 0) throw eqSrc.error(eqSrc.pos(0), 'the model has no state variable', 'Give at least one differential equation, e.g. dv/dt = -v/tau : mV.');

  let threshold: Expr | null = null;
  if (thresholdText !== undefined) {
    const s = src('threshold', thresholdText);
    const r = resolve(s, parseExpression(s), false);
    if (r.d !== 'bool') throw s.error(s.pos(0), 'the threshold must be a condition, e.g. v >= vThreshold');
    threshold = r.e;
  }
  // randn() calls are numbered in the order of the text: update statements, then reset statements.
  const draws: Draws = { count: 0 };
  const update = assignments(updateSrc, updateStmts, declared, kindOf, resolve, known, 'an update', draws);
  const reset = assignments(resetSrc, resetStmts, declared, kindOf, resolve, known, 'a reset', draws);
  if (reset.length && threshold === null) throw (resetSrc as Source).error((resetSrc as Source).pos(0), 'a reset without a threshold never runs', 'Give a threshold.');

  let refractory: Refractory = { kind: 'none' };
  const refr = spec.refractory;
  if (refr !== undefined) {
    if (typeof refr === 'number') {
      if (!Number.isFinite(refr) || refr < 0) throw new InvalidParameterError(object, 'refractory', refr, 'a time >= 0 (ms), or a string: an expression of parameters (ms) or a condition');
      if (refr > 0) refractory = { kind: 'time', expr: { k: 'num', value: refr, pos: { field: 'refractory', offset: 0 } } };
    } else if (typeof refr === 'string') {
      const s = src('refractory', refr);
      const e = parseExpression(s);
      const r = resolve(s, e, false);
      if (r.d === 'bool') refractory = { kind: 'condition', expr: r.e };
      else {
        const t = resolve(s, e, true);
        expectDim(s, e.pos, t.d, UNITS.ms as Dim, 'the refractory period');
        refractory = { kind: 'time', expr: t.e };
      }
    } else throw new InvalidParameterError(object, 'refractory', refr, 'a time in ms (number), or a string: an expression of parameters (ms) or a condition');
    if (threshold === null) throw new InvalidParameterError(object, 'refractory', refr, 'no refractory period on a model without a threshold');
  }
  if (states.some((v) => v.unlessRefractory) && refractory.kind === 'none') {
    const v = states.find((x) => x.unlessRefractory) as StateVar;
    throw eqSrc.error((declared.get(v.name) as { line: { pos: Pos } }).line.pos, `d${v.name}/dt is (unless refractory) but the model has no refractory period`, 'Give refractory, or drop the flag.');
  }

  const initialSpec = spec.initial ?? {};
  if (typeof initialSpec !== 'object' || initialSpec === null || Array.isArray(initialSpec)) throw new InvalidParameterError(object, 'initial', initialSpec, 'an object of start values');
  const initial: Record<string, Expr> = {};
  for (const [k, v] of Object.entries(initialSpec)) {
    if (kindOf(k) !== 'state') throw new InvalidParameterError(object, `initial.${k}`, v, `a state variable (${states.map((x) => x.name).join(', ')})`);
    const dim = (declared.get(k) as { dim: Dim }).dim;
    initial[k] = startValue(object, k, v, dim, resolve, src);
  }
  for (const v of states) initial[v.name] ??= { k: 'num', value: 0, pos: { field: 'initial', offset: 0 } };

  const inputsSpec = spec.inputs ?? {};
  if (typeof inputsSpec !== 'object' || inputsSpec === null || Array.isArray(inputsSpec)) throw new InvalidParameterError(object, 'inputs', inputsSpec, 'an object { exc, inh } naming state variables');
  for (const k of Object.keys(inputsSpec)) if (k !== 'exc' && k !== 'inh') throw new InvalidParameterError(object, `inputs.${k}`, k, "'exc' or 'inh' (the two synaptic input channels)");
  const input = (ch: 'exc' | 'inh'): string => {
    const given = inputsSpec[ch];
    const n = given ?? (ch === 'exc' ? 'I_exc' : 'I_inh');
    if (kindOf(n) !== 'state') {
      throw new InvalidParameterError(object, `inputs.${ch}`, given ?? n, `a state variable the ${ch === 'exc' ? 'excitatory' : 'inhibitory'} synaptic input adds to (${states.map((x) => x.name).join(', ')})`,
        given === undefined ? `Without inputs.${ch} the model must have a state variable ${n}.` : undefined);
    }
    return n;
  };
  const method = spec.method;
  if (typeof method === 'object' && method !== null && !Array.isArray(method)) {
    for (const [k, m] of Object.entries(method)) {
      const v = states.find((x) => x.name === k);
      if (!v || v.rhs === null) throw new InvalidParameterError(object, `method.${k}`, m, `a variable with a differential equation (${states.filter((x) => x.rhs).map((x) => x.name).join(', ')})`);
      if (!['exact', 'exponential_euler', 'euler'].includes(m)) throw new InvalidParameterError(object, `method.${k}`, m, "'exact', 'exponential_euler' or 'euler' (rk2 and rk4 integrate all variables together: give them as the method of the model)");
    }
  } else if (method !== undefined && !INTEGRATION_METHODS.includes(method as IntegrationMethod)) throw new InvalidParameterError(object, 'method', method, `one of ${INTEGRATION_METHODS.join(', ')}, or an object of single-step methods per variable`);
  return { object, name, states, params, threshold, reset, update, schedule, refractory, initial, inputs: { exc: input('exc'), inh: input('inh') }, method, sources, draws: draws.count };
}

/** Checks reset or update statements: each assigns a state variable a value of its unit; x op= e becomes x = x op e. */
function assignments(s: Source | undefined, stmts: readonly Statement[], declared: ReadonlyMap<string, Declaration>, kindOf: (n: string) => string | undefined,
  resolve: Resolve, known: () => string, what: string, draws: Draws): Assignment[] {
  const out: Assignment[] = [];
  for (const st of stmts) {
    const src = s as Source;
    const kind = kindOf(st.target);
    if (kind !== 'state') throw src.error(st.pos, kind === undefined ? `'${st.target}' is not declared (declared: ${known()})` : `'${st.target}' is a subexpression; ${what} assigns state variables`);
    const dim = (declared.get(st.target) as Declaration).dim;
    const r = resolve(src, st.value, false, draws);
    if (st.op === '*=' || st.op === '/=') expectDim(src, st.value.pos, r.d, DIMENSIONLESS, `the factor of ${st.op}`);
    else expectDim(src, st.value.pos, r.d, dim, `the value assigned to ${st.target}`);
    const cur: Expr = { k: 'state', name: st.target, pos: st.pos };
    out.push({ target: st.target, value: st.op === '=' ? r.e : { k: 'bin', op: st.op[0] as '+' | '-' | '*' | '/', a: cur, b: r.e, pos: st.pos } });
  }
  return out;
}
