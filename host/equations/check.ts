/**
 * The checker: reads a neuron model's fields (parse), resolves every name to a state variable, a
 * parameter, a subexpression (inlined), a unit (folded: units have scale 1) or dt, checks the
 * dimensions of every expression and statement, and returns the checked model the integrator and
 * the emitters work from. Any name that is not declared is an EquationError with its position.
 */
import { FUNCTIONS, type Expr, type FunctionName, type Pos } from './ast.js';
import { EquationError } from './errors.js';
import { nameProblem } from './names.js';
import { parseEquations, parseExpression, parseStatements, Source, unitPos } from './parser.js';
import { DIMENSIONLESS, UNITS, dimDiv, dimEq, dimMul, dimPow, formatDim, isDimensionless, parseUnit, type Dim } from './units.js';
import { InvalidParameterError } from '../errors.js';

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

export interface CheckedModel {
  object: string;
  name: string;
  states: StateVar[];
  params: ParamVar[];
  threshold: Expr | null;
  /** Reset statements with += etc. expanded (x = x + e). */
  reset: { target: string; value: Expr }[];
  refractory: Refractory;
  /** Initial value of each state variable: an expression of parameters (numbers included). */
  initial: Record<string, Expr>;
  inputs: { exc: string; inh: string };
  /** The method asked for (the integrator picks one when undefined): one for all, or per variable. */
  method: IntegrationMethod | Readonly<Record<string, IntegrationMethod>> | undefined;
  /** The fields' texts, for error messages of later stages. */
  sources: Record<string, Source>;
}

type D = Dim | 'any' | 'bool';
const SPEC_KEYS = ['name', 'equations', 'threshold', 'reset', 'refractory', 'method', 'parameters', 'initial', 'inputs'];

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

  // Declarations: every name once.
  const declared = new Map<string, { line: (typeof lines)[number]; dim: Dim }>();
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
  const resetTargets = new Set(resetStmts.map((s) => s.target));
  const kindOf = (n: string): 'state' | 'param' | 'sub' | undefined => {
    const d = declared.get(n);
    if (!d) return undefined;
    if (d.line.k === 'ode') return 'state';
    if (d.line.k === 'sub') return 'sub';
    return resetTargets.has(n) || (spec.initial !== undefined && Object.prototype.hasOwnProperty.call(spec.initial, n)) ? 'state' : 'param';
  };

  const known = (): string => [...declared.keys()].join(', ') || 'none';
  const inlining = new Set<string>();
  const subCache = new Map<string, { e: Expr; d: D }>();

  /** Resolves names and checks dimensions; `paramOnly` refuses state variables (initial values, refractory times). */
  const resolve = (s: Source, e: Expr, paramOnly: boolean): { e: Expr; d: D } => {
    const err = (pos: Pos, why: string, hint?: string): EquationError => s.error(pos, why, hint);
    const same = (a: D, b: D, pos: Pos, what: string): D => {
      if (a === 'bool' || b === 'bool') throw err(pos, `${what} of a condition; a condition is not a number (use int(cond) for 0 or 1)`);
      if (a === 'any') return b;
      if (b === 'any') return a;
      if (!dimEq(a, b)) throw err(pos, `${what} of ${formatDim(a)} and ${formatDim(b)}: the units differ`);
      return a;
    };
    const num = (a: D, pos: Pos, what: string): Dim | 'any' => {
      if (a === 'bool') throw err(pos, `${what} of a condition; use int(cond) for 0 or 1`);
      return a;
    };
    const dimless = (a: D, pos: Pos, what: string): void => {
      const x = num(a, pos, what);
      if (x !== 'any' && !isDimensionless(x)) throw err(pos, `${what} must be dimensionless, not ${formatDim(x)}`);
    };
    const go = (x: Expr): { e: Expr; d: D } => {
      switch (x.k) {
        case 'num': return { e: x, d: x.value === 0 ? 'any' : DIMENSIONLESS };
        case 'name': {
          const n = x.name;
          if (UNITS[n]) return { e: { k: 'num', value: 1, pos: x.pos }, d: UNITS[n] as Dim };
          if (n === 'dt') return { e: { k: 'dt', pos: x.pos }, d: UNITS.ms as Dim };
          if (n === 't') throw err(x.pos, "the time t is not available (a kernel's f32 clock would lose precision over long runs)", 'Keep a state variable that counts time, e.g. dtime/dt = 1 : 1 (unless refractory).');
          const kind = kindOf(n);
          if (kind === undefined) throw err(x.pos, `'${n}' is not declared (declared: ${known()})`, 'Declare it in equations as `name : unit` (a parameter) or give it an equation.');
          const d = (declared.get(n) as { dim: Dim }).dim;
          if (kind === 'sub') {
            const cached = subCache.get(n);
            if (cached) return cached;
            if (inlining.has(n)) throw err(x.pos, `the subexpression '${n}' depends on itself`);
            inlining.add(n);
            const line = (declared.get(n) as { line: { rhs: Expr } }).line;
            const r = resolve(eqSrc, line.rhs, paramOnly);
            inlining.delete(n);
            if (r.d === 'bool') throw eqSrc.error(line.rhs.pos, `the subexpression '${n}' is a condition; use int(...)`);
            if (r.d !== 'any' && !dimEq(r.d, d)) throw eqSrc.error(line.rhs.pos, `'${n}' is declared ${formatDim(d)} but its expression is ${formatDim(r.d)}`);
            const out = { e: r.e, d: d as D };
            subCache.set(n, out);
            return out;
          }
          if (kind === 'state' && paramOnly) throw err(x.pos, `'${n}' is a state variable; only parameters and numbers may appear here`);
          return { e: { k: kind, name: n, pos: x.pos }, d };
        }
        case 'neg': {
          const a = go(x.a);
          num(a.d, x.pos, 'the negation');
          return { e: a.e.k === 'num' ? { k: 'num', value: -a.e.value, pos: x.pos } : { k: 'neg', a: a.e, pos: x.pos }, d: a.d };
        }
        case 'bin': {
          // A unit name multiplies or divides by 1: fold it, keep its dimension.
          const isUnit = (y: Expr): y is { k: 'name'; name: string; pos: Pos } => y.k === 'name' && UNITS[y.name] !== undefined;
          if ((x.op === '*' || x.op === '/') && isUnit(x.b)) {
            const a = go(x.a);
            const ad = num(a.d, x.pos, 'a unit');
            const u = UNITS[x.b.name] as Dim;
            return { e: a.e, d: ad === 'any' ? 'any' : x.op === '*' ? dimMul(ad, u) : dimDiv(ad, u) };
          }
          if (x.op === '*' && isUnit(x.a)) {
            const b = go(x.b);
            const bd = num(b.d, x.pos, 'a unit');
            return { e: b.e, d: bd === 'any' ? 'any' : dimMul(UNITS[x.a.name] as Dim, bd) };
          }
          const a = go(x.a);
          const b = go(x.b);
          let d: D;
          if (x.op === '+' || x.op === '-') d = same(a.d, b.d, x.pos, x.op === '+' ? 'a sum' : 'a difference');
          else {
            const ad = num(a.d, x.pos, 'a product');
            const bd = num(b.d, x.pos, 'a product');
            d = ad === 'any' ? 'any' : bd === 'any' ? (x.op === '*' ? 'any' : dimPow(ad, 1)) : x.op === '*' ? dimMul(ad, bd) : dimDiv(ad, bd);
          }
          if (a.e.k === 'num' && b.e.k === 'num') {
            const v = x.op === '+' ? a.e.value + b.e.value : x.op === '-' ? a.e.value - b.e.value : x.op === '*' ? a.e.value * b.e.value : a.e.value / b.e.value;
            if (!Number.isFinite(v)) throw err(x.pos, 'this constant expression is not finite');
            return { e: { k: 'num', value: v, pos: x.pos }, d };
          }
          return { e: { k: 'bin', op: x.op, a: a.e, b: b.e, pos: x.pos }, d };
        }
        case 'pow': return power(x.a, x.b, x.pos);
        case 'call': {
          const fn = x.fn as string;
          if (!Object.prototype.hasOwnProperty.call(FUNCTIONS, fn)) throw err(x.pos, `'${fn}' is not a function of the equation language`, `Functions: ${Object.keys(FUNCTIONS).join(', ')}.`);
          const arity = FUNCTIONS[fn as FunctionName];
          if (x.args.length !== arity) throw err(x.pos, `${fn}() takes ${arity} argument${arity > 1 ? 's' : ''}, not ${x.args.length}`);
          if (fn === 'pow') return power(x.args[0] as Expr, x.args[1] as Expr, x.pos);
          const args = x.args.map(go);
          const ds = args.map((a) => a.d);
          let d: D;
          switch (fn) {
            case 'exp': case 'log': case 'tanh': case 'sin': case 'cos':
              dimless(ds[0] as D, x.pos, `the argument of ${fn}()`); d = DIMENSIONLESS; break;
            case 'sqrt': {
              const a = num(ds[0] as D, x.pos, 'sqrt()');
              if (a !== 'any' && a.some((p) => p % 2 !== 0)) throw err(x.pos, `sqrt() of ${formatDim(a)}: the unit has no square root`);
              d = a === 'any' ? 'any' : dimPow(a, 0.5); break;
            }
            case 'abs': d = num(ds[0] as D, x.pos, 'abs()'); break;
            case 'int': if (ds[0] !== 'bool') dimless(ds[0] as D, x.pos, 'the argument of int()'); d = DIMENSIONLESS; break;
            case 'min': case 'max': d = same(ds[0] as D, ds[1] as D, x.pos, `${fn}()`); break;
            case 'clip': d = same(same(ds[0] as D, ds[1] as D, x.pos, 'clip()'), ds[2] as D, x.pos, 'clip()'); break;
            case 'where':
              if (ds[0] !== 'bool') throw err(x.pos, 'the first argument of where() must be a condition');
              d = same(ds[1] as D, ds[2] as D, x.pos, 'where()'); break;
            default: throw err(x.pos, `'${fn}' is not a function`);
          }
          return { e: { k: 'call', fn: fn as FunctionName, args: args.map((a) => a.e), pos: x.pos }, d };
        }
        case 'cmp': {
          const a = go(x.a);
          const b = go(x.b);
          same(a.d, b.d, x.pos, 'a comparison');
          return { e: { k: 'cmp', op: x.op, a: a.e, b: b.e, pos: x.pos }, d: 'bool' };
        }
        case 'and': case 'or': {
          const a = go(x.a);
          const b = go(x.b);
          if (a.d !== 'bool' || b.d !== 'bool') throw err(x.pos, `'${x.k}' joins conditions, not numbers`);
          return { e: { k: x.k, a: a.e, b: b.e, pos: x.pos }, d: 'bool' };
        }
        case 'not': {
          const a = go(x.a);
          if (a.d !== 'bool') throw err(x.pos, "'not' takes a condition, not a number");
          return { e: { k: 'not', a: a.e, pos: x.pos }, d: 'bool' };
        }
        default: throw err(x.pos, 'unexpected node');
      }
    };
    /** a ** b: an integer exponent from -4 to 4 becomes exact products (1/products); others pow(). */
    const power = (ax: Expr, bx: Expr, pos: Pos): { e: Expr; d: D } => {
      const a = go(ax);
      const b = go(bx);
      const ad = num(a.d, pos, 'a power');
      if (b.e.k === 'num') {
        const n = b.e.value;
        const d: D = ad === 'any' ? 'any' : dimPow(ad, n);
        if (d !== 'any' && ad !== 'any' && d.some((p) => !Number.isInteger(p))) throw err(pos, `${formatDim(ad)} to the power ${n} has no unit`);
        if (Number.isInteger(n) && Math.abs(n) <= 4) {
          if (n === 0) return { e: { k: 'num', value: 1, pos }, d: DIMENSIONLESS };
          let e = a.e;
          for (let k = 1; k < Math.abs(n); k++) e = { k: 'bin', op: '*', a: e, b: a.e, pos };
          return { e: n < 0 ? { k: 'bin', op: '/', a: { k: 'num', value: 1, pos }, b: e, pos } : e, d };
        }
        if (ad !== 'any' && !isDimensionless(ad)) throw err(pos, `a non-integer power of ${formatDim(ad)}; only a dimensionless value takes one`);
        return { e: { k: 'call', fn: 'pow', args: [a.e, b.e], pos }, d: DIMENSIONLESS };
      }
      dimless(ad, pos, 'the base of a power with a variable exponent');
      dimless(b.d, pos, 'the exponent');
      return { e: { k: 'call', fn: 'pow', args: [a.e, b.e], pos }, d: DIMENSIONLESS };
    };
    return go(e);
  };

  const expectDim = (s: Source, at: Pos, got: D, want: Dim, what: string): void => {
    if (got === 'bool') throw s.error(at, `${what} is a condition, not a value of ${formatDim(want)}`);
    if (got !== 'any' && !dimEq(got, want)) throw s.error(at, `${what} has the unit ${formatDim(got)}, expected ${formatDim(want)}`);
  };

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
      const v = (defaults as Record<string, unknown>)[n];
      if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v))) throw new InvalidParameterError(object, `parameters.${n}`, v, 'a finite number');
      params.push({ name: n, dim, default: v as number | undefined });
      continue;
    }
    let rhs: Expr | null = null;
    if (line.k === 'ode') {
      const r = resolve(eqSrc, line.rhs, false);
      expectDim(eqSrc, line.rhs.pos, r.d, dimDiv(dim, UNITS.ms as Dim), `d${n}/dt`);
      rhs = r.e;
    }
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
  const reset: CheckedModel['reset'] = [];
  for (const st of resetStmts) {
    const s = resetSrc as Source;
    const kind = kindOf(st.target);
    if (kind !== 'state') throw s.error(st.pos, kind === undefined ? `'${st.target}' is not declared (declared: ${known()})` : `'${st.target}' is a subexpression; a reset assigns state variables`);
    const dim = (declared.get(st.target) as { dim: Dim }).dim;
    const r = resolve(s, st.value, false);
    if (st.op === '*=' || st.op === '/=') expectDim(s, st.value.pos, r.d, DIMENSIONLESS, `the factor of ${st.op}`);
    else expectDim(s, st.value.pos, r.d, dim, `the value assigned to ${st.target}`);
    const cur: Expr = { k: 'state', name: st.target, pos: st.pos };
    const value: Expr = st.op === '=' ? r.e : { k: 'bin', op: st.op[0] as '+' | '-' | '*' | '/', a: cur, b: r.e, pos: st.pos };
    reset.push({ target: st.target, value });
  }
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
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new InvalidParameterError(object, `initial.${k}`, v, 'a finite number or an expression of parameters');
      initial[k] = { k: 'num', value: v, pos: { field: `initial.${k}`, offset: 0 } };
    } else if (typeof v === 'string') {
      const s = src(`initial.${k}`, v);
      const r = resolve(s, parseExpression(s), true);
      expectDim(s, s.pos(0), r.d, dim, `the start value of ${k}`);
      initial[k] = r.e;
    } else throw new InvalidParameterError(object, `initial.${k}`, v, 'a number or an expression of parameters');
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
  return { object, name, states, params, threshold, reset, refractory, initial, inputs: { exc: input('exc'), inh: input('inh') }, method, sources };
}
