/**
 * The checker of a synapse rule written as equations (docs/models.md, "Synapse rules"): reads the
 * rule's fields, resolves every name, checks units, and sorts the variables into what the plastic
 * kernels have (DESIGN §4a):
 *  - `w`, the weight (implicit; `w : unit` gives it a unit), and per-synapse variables: a line
 *    `c : 1` that a statement assigns (or that has an initial value), or a (clock-driven) equation;
 *  - traces: (event-driven) equations dx/dt = -x/tau, solved in closed form. A trace is assigned
 *    only at its own neuron's spikes, by one statement `x += amount` (all-to-all) or `x = amount`
 *    (nearest spike) in onPre (a presynaptic trace, per pre neuron) or in onPost (per post neuron);
 *  - parameters (`name : unit` lines, values from `parameters`), wMin and wMax (the bounds), dt, and
 *    `M`, the projection's neuromodulator (a rule that reads it is a three-factor rule).
 * Reads of a trace in its own block after its assignment see the value after the spike, as in
 * Brian2's on_pre; before it, the value before. Any other name is an EquationError with its position.
 */
import type { Expr, Statement } from './ast.js';
import type { Assignment, IntegrationMethod, ParamVar, StateVar } from './check.js';
import { INTEGRATION_METHODS } from './check.js';
import { nameProblem } from './names.js';
import { parseEquations, parseStatements, Source, unitPos } from './parser.js';
import { equationRhs, expectDim, makeResolver, parameterVar, startValue, type Declaration } from './resolve.js';
import { DIMENSIONLESS, parseUnit, type Dim } from './units.js';
import { InvalidParameterError } from '../errors.js';

/** A synapse rule written as equations (a projection's `synapse` object holds these fields, with wMin, wMax and the framework's). */
export interface SynapseRuleSpec {
  /** A name for messages, the kernels' comments and the pipeline cache. Default 'equations'. */
  name?: string;
  /**
   * One per line: (event-driven) traces `dx/dt = -x/tau : 1 (event-driven)`, (clock-driven) equations of
   * per-synapse variables, per-synapse variables and parameters `name : unit`, subexpressions `X = ... : unit`.
   */
  equations?: string;
  /** Statements per synapse at a presynaptic spike (after it delivered w), in order; a pre trace's `x += a` or `x = a` among them. */
  onPre?: string;
  /** Statements per synapse at a postsynaptic spike, in order; a post trace's `x += a` or `x = a` among them. */
  onPost?: string;
  /** Statements per synapse every step after the spikes passed (GeNN's synapse dynamics), before the (clock-driven) equations advance. */
  onStep?: string;
  /** Integration method of the (clock-driven) equations (default: the strictest that applies). */
  method?: IntegrationMethod;
  /** Values of the parameters (in the declared units). */
  parameters?: Record<string, number>;
  /** Start values of per-synapse variables: numbers or expressions of parameters. Default 0. */
  initial?: Record<string, number | string>;
}

export const SYNAPSE_RULE_FIELDS = ['name', 'equations', 'onPre', 'onPost', 'onStep', 'method', 'parameters', 'initial'] as const;
export type RuleBlock = 'onPre' | 'onPost' | 'onStep';

export interface CheckedTrace {
  name: string;
  side: 'pre' | 'post';
  /** The time constant (ms) as an expression of parameters. */
  tau: Expr;
  mode: 'add' | 'set';
  /** The amount added or set at a spike, an expression of parameters. */
  amount: Expr;
  /** Index, in its block's statements (trace statements included), of the statement that takes the spike. */
  at: number;
}

export interface CheckedRule {
  object: string;
  name: string;
  /** Per-synapse variables besides w; with an equation when (clock-driven). */
  vars: StateVar[];
  /** w's (clock-driven) equation, if it has one. */
  wRhs: Expr | null;
  traces: CheckedTrace[];
  params: ParamVar[];
  /** The statements of each block with trace statements left out; each keeps its index among the block's statements. */
  blocks: Record<RuleBlock, (Assignment & { index: number })[]>;
  initial: Record<string, Expr>;
  method: IntegrationMethod | undefined;
  sources: Record<string, Source>;
}

/** Names a rule gives a meaning to: the weight, its bounds and the neuromodulator. */
export const RULE_BUILTINS = ['w', 'wMin', 'wMax', 'M'] as const;

const P0 = { field: 'equations', offset: 0 };

function text(object: string, field: string, v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new InvalidParameterError(object, field, v, 'a string of statements or equations');
  return v;
}

export function checkSynapseRule(spec: SynapseRuleSpec, object = 'synapse rule'): CheckedRule {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) throw new InvalidParameterError(object, 'synapse', spec, 'an object { equations, onPre, onPost, ... }');
  const name = spec.name ?? 'equations';
  if (typeof name !== 'string' || !/^[A-Za-z][A-Za-z0-9_]{0,47}$/.test(name)) throw new InvalidParameterError(object, 'name', name, 'a name of letters, digits and _ (at most 48 characters, starting with a letter)');
  object = `${object} '${name}'`;
  const sources: Record<string, Source> = {};
  const src = (field: string, t: string): Source => (sources[field] = new Source(object, field, t));
  const eqSrc = src('equations', text(object, 'equations', spec.equations) ?? '');
  const lines = parseEquations(eqSrc);
  const blockSrc = {} as Record<RuleBlock, Source | undefined>;
  const stmts = {} as Record<RuleBlock, Statement[]>;
  for (const b of ['onPre', 'onPost', 'onStep'] as const) {
    const t = text(object, b, spec[b]);
    blockSrc[b] = t === undefined ? undefined : src(b, t);
    stmts[b] = blockSrc[b] ? parseStatements(blockSrc[b] as Source) : [];
  }
  if (stmts.onPre.length + stmts.onPost.length + stmts.onStep.length === 0 && !lines.some((l) => l.k === 'ode' && l.flags.includes('clock-driven'))) {
    throw new InvalidParameterError(object, 'onPre', spec.onPre, 'statements that change the synapse (onPre, onPost or onStep), or a (clock-driven) equation', "A synapse that never changes is 'static'.");
  }
  const method = spec.method;
  if (method !== undefined && !INTEGRATION_METHODS.includes(method)) throw new InvalidParameterError(object, 'method', method, `one of ${INTEGRATION_METHODS.join(', ')}`);

  const declared = new Map<string, Declaration>();
  let wDim: Dim = DIMENSIONLESS;
  for (const line of lines) {
    const why = nameProblem(line.name);
    if (why) throw eqSrc.error(line.pos, why, 'Rename it.');
    if (line.name === 'M' || line.name === 'wMin' || line.name === 'wMax') {
      throw eqSrc.error(line.pos, `'${line.name}' is given by spikegpu: ${line.name === 'M' ? "the projection's neuromodulator" : "a bound of the weight (the synapse object's wMin and wMax)"}`, 'Rename it.');
    }
    if (declared.has(line.name)) throw eqSrc.error(line.pos, `'${line.name}' is declared twice`);
    const dim = parseUnit(eqSrc, line.unit, unitPos(line));
    const flags = line.flags;
    for (const flag of flags) {
      const ok = (line.k === 'ode' && (flag === 'event-driven' || flag === 'clock-driven')) || (line.k === 'decl' && flag === 'constant');
      if (!ok) throw eqSrc.error(line.pos, `the flag (${flag}) is not allowed on this line`, line.k === 'ode' ? 'A synapse\'s equation is (event-driven) or (clock-driven).' : line.k === 'decl' ? 'A parameter takes (constant).' : 'A subexpression takes no flags.');
    }
    if (line.k === 'ode' && flags.length !== 1) throw eqSrc.error(line.pos, `d${line.name}/dt needs one flag: (event-driven) (a trace, solved in closed form between spikes) or (clock-driven) (integrated every step)`);
    if (line.name === 'w') {
      if (line.k === 'sub' || (line.k === 'ode' && flags[0] === 'event-driven')) throw eqSrc.error(line.pos, "w is the weight: declare it as 'w : unit', or give it a (clock-driven) equation");
      wDim = dim;
    }
    declared.set(line.name, { line, dim });
  }
  if (!declared.has('w')) declared.set('w', { line: { k: 'decl', name: 'w', unit: '1', flags: [], pos: P0 }, dim: wDim });
  declared.set('wMin', { line: { k: 'decl', name: 'wMin', unit: '', flags: [], pos: P0 }, dim: wDim });
  declared.set('wMax', { line: { k: 'decl', name: 'wMax', unit: '', flags: [], pos: P0 }, dim: wDim });
  declared.set('M', { line: { k: 'decl', name: 'M', unit: '1', flags: [], pos: P0 }, dim: DIMENSIONLESS });

  const isTrace = (n: string): boolean => { const l = declared.get(n)?.line; return l?.k === 'ode' && l.flags[0] === 'event-driven'; };
  const assigned = new Set([...stmts.onPre, ...stmts.onPost, ...stmts.onStep].map((s) => s.target));
  const initialSpec = spec.initial ?? {};
  if (typeof initialSpec !== 'object' || initialSpec === null || Array.isArray(initialSpec)) throw new InvalidParameterError(object, 'initial', initialSpec, 'an object of start values');
  const hasInitial = (n: string): boolean => Object.prototype.hasOwnProperty.call(initialSpec, n);
  const kindOf = (n: string): 'state' | 'param' | 'sub' | undefined => {
    const d = declared.get(n);
    if (!d) return undefined;
    if (n === 'w' || n === 'M' || d.line.k === 'ode') return 'state';
    if (n === 'wMin' || n === 'wMax') return 'param';
    if (d.line.k === 'sub') return 'sub';
    return assigned.has(n) || hasInitial(n) ? 'state' : 'param';
  };
  const resolve = makeResolver(eqSrc, declared, kindOf);
  const known = (): string => [...declared.keys()].join(', ');

  // Traces: the side and the spike statement of each.
  const traces: CheckedTrace[] = [];
  for (const [n, { line, dim }] of declared) {
    if (!isTrace(n)) continue;
    const where = (['onPre', 'onPost', 'onStep'] as const).filter((b) => stmts[b].some((s) => s.target === n));
    if (where.length === 0) throw eqSrc.error(line.pos, `the trace ${n} never takes a spike`, `Add '${n} += 1' to onPre (a presynaptic trace) or to onPost (a postsynaptic trace).`);
    if (where.length > 1 || where[0] === 'onStep') {
      throw eqSrc.error(line.pos, `the trace ${n} is assigned in ${where.join(' and ')}`, 'A trace (event-driven) lives on one side\'s neurons: assign it only in onPre (presynaptic) or only in onPost (postsynaptic); a per-synapse value changed by both is a variable `name : unit`.');
    }
    const block = where[0] as 'onPre' | 'onPost';
    const bs = blockSrc[block] as Source;
    const mine = stmts[block].map((s, i) => ({ s, i })).filter(({ s }) => s.target === n);
    if (mine.length > 1) throw bs.error((mine[1] as { s: Statement }).s.pos, `the trace ${n} is assigned twice in ${block}`, 'A spike adds to a trace once (x += a) or sets it once (x = a).');
    const { s, i } = mine[0] as { s: Statement; i: number };
    let mode: 'add' | 'set';
    let amountX: Expr;
    if (s.op === '+=') { mode = 'add'; amountX = s.value; } else if (s.op === '=' && s.value.k === 'bin' && s.value.op === '+' && s.value.a.k === 'name' && s.value.a.name === n) { mode = 'add'; amountX = s.value.b; } else if (s.op === '=') { mode = 'set'; amountX = s.value; } else {
      throw bs.error(s.pos, `a spike changes the trace ${n} by ${s.op}`, `Write '${n} += amount' (all-to-all) or '${n} = amount' (nearest spike).`);
    }
    const amount = resolve(bs, amountX, true);
    expectDim(bs, amountX.pos, amount.d, dim, `the amount ${n} takes at a spike`);
    const rhs = equationRhs(eqSrc, resolve, n, dim, (line as { rhs: Expr }).rhs);
    traces.push({ name: n, side: block === 'onPre' ? 'pre' : 'post', tau: traceTau(eqSrc, line.pos, n, rhs), mode, amount: amount.e, at: i });
  }

  // Parameters and per-synapse variables.
  const defaults = spec.parameters ?? {};
  if (typeof defaults !== 'object' || defaults === null || Array.isArray(defaults)) throw new InvalidParameterError(object, 'parameters', defaults, 'an object of parameter values');
  const params: ParamVar[] = [];
  const vars: StateVar[] = [];
  let wRhs: Expr | null = null;
  for (const [n, { line, dim }] of declared) {
    if (isTrace(n) || n === 'M' || n === 'wMin' || n === 'wMax') continue;
    const kind = kindOf(n);
    if (kind === 'sub') { resolve(eqSrc, { k: 'name', name: n, pos: line.pos }, false); continue; }
    if (kind === 'param') {
      params.push(parameterVar(object, n, dim, defaults as Record<string, unknown>));
      continue;
    }
    const rhs = line.k === 'ode' ? equationRhs(eqSrc, resolve, n, dim, line.rhs) : null;
    if (rhs && line.k === 'ode') noTraces(eqSrc, rhs, line.rhs.pos, 'a (clock-driven) equation', isTrace);
    if (n === 'w') wRhs = rhs;
    else vars.push({ name: n, dim, rhs, unlessRefractory: false });
  }
  for (const k of Object.keys(defaults)) {
    if (kindOf(k) !== 'param' || k === 'wMin' || k === 'wMax') {
      throw new InvalidParameterError(object, `parameters.${k}`, defaults[k], `a declared parameter (parameters: ${params.map((p) => p.name).join(', ') || 'none'})`,
        k === 'wMin' || k === 'wMax' ? `Give ${k} in the synapse object, beside equations.` : kindOf(k) === 'state' ? `'${k}' is a variable: give its start value in initial.` : 'Declare it in equations as `name : unit`.');
    }
  }

  // The statements of each block, trace statements left out.
  const blocks = {} as CheckedRule['blocks'];
  for (const b of ['onPre', 'onPost', 'onStep'] as const) {
    const bs = blockSrc[b];
    blocks[b] = [];
    stmts[b].forEach((st, index) => {
      if (isTrace(st.target)) return;
      const s = bs as Source;
      const kind = kindOf(st.target);
      if (st.target === 'M') throw s.error(st.pos, 'M, the neuromodulator, is read-only in a rule', 'Change it through the projection\'s modulator (events, a dopamine population).');
      if (kind !== 'state') throw s.error(st.pos, kind === undefined ? `'${st.target}' is not declared (declared: ${known()})` : kind === 'sub' ? `'${st.target}' is a subexpression; a statement assigns w or a per-synapse variable` : `'${st.target}' is a bound of the weight; a statement assigns w or a per-synapse variable`);
      const dim = (declared.get(st.target) as Declaration).dim;
      const r = resolve(s, st.value, false);
      if (st.op === '*=' || st.op === '/=') expectDim(s, st.value.pos, r.d, DIMENSIONLESS, `the factor of ${st.op}`);
      else expectDim(s, st.value.pos, r.d, dim, `the value assigned to ${st.target}`);
      if (b === 'onStep') noTraces(s, r.e, st.value.pos, 'onStep', isTrace);
      noActive(s, r.e, st.value.pos);
      const cur: Expr = { k: 'state', name: st.target, pos: st.pos };
      blocks[b].push({ target: st.target, value: st.op === '=' ? r.e : { k: 'bin', op: st.op[0] as '+' | '-' | '*' | '/', a: cur, b: r.e, pos: st.pos }, index });
    });
  }

  const initial: Record<string, Expr> = {};
  for (const [k, v] of Object.entries(initialSpec)) {
    const isVar = vars.some((x) => x.name === k);
    if (!isVar) throw new InvalidParameterError(object, `initial.${k}`, v, `a per-synapse variable (${vars.map((x) => x.name).join(', ') || 'none'})`, k === 'w' ? "w starts at the projection's weights." : isTrace(k) ? 'A trace starts at 0.' : undefined);
    const dim = (declared.get(k) as Declaration).dim;
    initial[k] = startValue(object, k, v, dim, resolve, src);
  }
  for (const v of vars) initial[v.name] ??= { k: 'num', value: 0, pos: { field: 'initial', offset: 0 } };
  return { object, name, vars, wRhs, traces, params, blocks, initial, method, sources };
}

/** tau of a trace dx/dt = -x/tau (or any -k x with k a positive expression of parameters): the expression tau, or -1/b. */
function traceTau(s: Source, at: Expr['pos'], n: string, rhs: Expr): Expr {
  const bad = (): never => { throw s.error(at, `the trace d${n}/dt must be a decay, -${n}/tau (event-driven equations are solved in closed form between spikes)`, 'A per-step term is a (clock-driven) equation of a per-synapse variable.'); };
  const isX = (e: Expr): boolean => e.k === 'state' && e.name === n;
  const constant = (e: Expr): boolean => e.k === 'num' || e.k === 'param' || ((e.k === 'bin') && constant(e.a) && constant(e.b)) || (e.k === 'neg' && constant(e.a));
  // -x / tau, (-x) / tau, -(x / tau)
  if (rhs.k === 'bin' && rhs.op === '/' && rhs.a.k === 'neg' && isX(rhs.a.a) && constant(rhs.b)) return rhs.b;
  if (rhs.k === 'neg' && rhs.a.k === 'bin' && rhs.a.op === '/' && isX(rhs.a.a) && constant(rhs.a.b)) return rhs.a.b;
  // -k * x, -x * k, x * (-k): tau = 1 / k
  if (rhs.k === 'neg' && rhs.a.k === 'bin' && rhs.a.op === '*') {
    const { a, b } = rhs.a;
    if (isX(a) && constant(b)) return { k: 'bin', op: '/', a: { k: 'num', value: 1, pos: at }, b, pos: at };
    if (isX(b) && constant(a)) return { k: 'bin', op: '/', a: { k: 'num', value: 1, pos: at }, b: a, pos: at };
  }
  return bad();
}

function walk(e: Expr, visit: (x: Expr) => void): void {
  visit(e);
  if (e.k === 'neg' || e.k === 'not') walk(e.a, visit);
  else if (e.k === 'bin' || e.k === 'cmp' || e.k === 'and' || e.k === 'or' || e.k === 'pow') { walk(e.a, visit); walk(e.b, visit); } else if (e.k === 'call') e.args.forEach((a) => walk(a, visit));
}

function noTraces(s: Source, e: Expr, at: Expr['pos'], where: string, isTrace: (n: string) => boolean): void {
  walk(e, (x) => {
    if (x.k === 'state' && isTrace(x.name)) throw s.error(x.pos ?? at, `${where} reads the trace ${x.name}`, 'Traces are read at spikes (onPre, onPost); they are not kept up to date every step.');
  });
}

function noActive(s: Source, e: Expr, at: Expr['pos']): void {
  walk(e, (x) => {
    if (x.k === 'active') throw s.error(x.pos ?? at, "'not_refractory' belongs to neuron models, not synapse rules");
  });
}
