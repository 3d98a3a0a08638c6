/**
 * Integration as a tree rewrite: the checked differential equations become a list of temporaries
 * and the new value of every state variable over one step dt, so the WGSL emitter and the oracle
 * integrate identically. Then (neuron-model.ts) every subtree of the update made only of parameters,
 * numbers and dt (with at least one operation) is hoisted into a derived constant that the host
 * computes once in f64 and rounds to f32 (exp(-dt/tau), dt/C, C/tau, ...), as the hand-written
 * kernels do; threshold, reset and refractory condition are evaluated as written, in f32.
 *
 * Methods (for each variable x with dx/dt = f; all variables advance from the values at the start of
 * the step, after the input jumps):
 *  - exponential_euler: f linear in x, f = A + B x with A, B free of x (other variables held over the
 *    step): x' = xInf + (x - xInf) exp(B dt), xInf = -A/B; with f = N / D (D free of x) and
 *    N = A_N + B_N x: xInf = A_N / -B_N and exp(B_N dt / D); with B = 0: x' = x + (dt/D) N.
 *  - exact: the same closed form, allowed when B is a constant and A depends on no variable that
 *    changes during the step (then it is the exact solution).
 *  - euler: x' = x + dt f (x + (dt/D) N for f = N / D with D constant);
 *  - rk2 (midpoint), rk4 (classic): stages with temporaries.
 * A variable flagged (unless refractory) is held while the neuron is refractory (its derivative is 0).
 */
import type { Expr, Pos } from './ast.js';
import type { CheckedModel, IntegrationMethod } from './check.js';
import { InvalidParameterError } from '../errors.js';

export interface Program {
  /** The method used: one name, or per variable ("euler (v), exact (gExc, gInh)"). */
  method: string;
  /** Temporaries, evaluated in order (each may use the earlier ones). */
  lets: { name: string; value: Expr }[];
  /** The new value of every variable with an equation, assigned together after the temporaries. */
  updates: { name: string; value: Expr }[];
}

/** What the integrator reads of a model: its variables (with their equations) and the method asked for. */
export type IntegrationInput = Pick<CheckedModel, 'object' | 'states' | 'method'>;

const P: Pos = { field: 'integration', offset: 0 };
export const num = (value: number): Expr => ({ k: 'num', value, pos: P });
/** e is the number v (0 matches -0 too). */
const isNum = (e: Expr, v: number): boolean => e.k === 'num' && e.value === v;
export const mk = {
  neg: (a: Expr): Expr => (a.k === 'num' ? num(-a.value) : a.k === 'neg' ? a.a : { k: 'neg', a, pos: a.pos }),
  add: (a: Expr, b: Expr): Expr => (isNum(a, 0) ? b : isNum(b, 0) ? a : { k: 'bin', op: '+', a, b, pos: a.pos }),
  sub: (a: Expr, b: Expr): Expr => (isNum(b, 0) ? a : isNum(a, 0) ? mk.neg(b) : { k: 'bin', op: '-', a, b, pos: a.pos }),
  mul: (a: Expr, b: Expr): Expr => {
    if (isNum(a, 0) || isNum(b, 0)) return num(0);
    if (isNum(a, 1)) return b;
    if (isNum(b, 1)) return a;
    if (isNum(a, -1)) return mk.neg(b);
    if (isNum(b, -1)) return mk.neg(a);
    return { k: 'bin', op: '*', a, b, pos: a.pos };
  },
  div: (a: Expr, b: Expr): Expr => (isNum(a, 0) ? num(0) : isNum(b, 1) ? a : isNum(b, -1) ? mk.neg(a) : { k: 'bin', op: '/', a, b, pos: a.pos }),
  call: (fn: 'exp' | 'where', args: Expr[]): Expr => ({ k: 'call', fn, args, pos: P }),
  temp: (name: string): Expr => ({ k: 'temp', name, pos: P }),
};

/** Whether e mentions the state variable x (or, with x undefined, any of `names`). */
export function mentions(e: Expr, test: (name: string) => boolean): boolean {
  switch (e.k) {
    case 'state': return test(e.name);
    case 'neg': case 'not': return mentions(e.a, test);
    case 'bin': case 'pow': case 'cmp': case 'and': case 'or': return mentions(e.a, test) || mentions(e.b, test);
    case 'call': return e.args.some((a) => mentions(a, test));
    default: return false;
  }
}

/** Only numbers, parameters and dt (the host can compute it once). */
export function isConstant(e: Expr): boolean {
  switch (e.k) {
    case 'num': case 'param': case 'dt': return true;
    case 'neg': return isConstant(e.a);
    case 'bin': case 'pow': return isConstant(e.a) && isConstant(e.b);
    case 'call': return e.args.every(isConstant);
    default: return false;
  }
}

/** e = a + b x with a, b free of x, or null when e is not linear in x. */
export function linearize(e: Expr, x: string): { a: Expr; b: Expr } | null {
  const has = (y: Expr): boolean => mentions(y, (n) => n === x);
  if (!has(e)) return { a: e, b: num(0) };
  switch (e.k) {
    case 'state': return { a: num(0), b: num(1) };
    case 'neg': { const l = linearize(e.a, x); return l && { a: mk.neg(l.a), b: mk.neg(l.b) }; }
    case 'bin': {
      if (e.op === '+' || e.op === '-') {
        const l = linearize(e.a, x);
        const r = linearize(e.b, x);
        if (!l || !r) return null;
        return e.op === '+' ? { a: mk.add(l.a, r.a), b: mk.add(l.b, r.b) } : { a: mk.sub(l.a, r.a), b: mk.sub(l.b, r.b) };
      }
      if (e.op === '*') {
        if (!has(e.b)) { const l = linearize(e.a, x); return l && { a: mk.mul(l.a, e.b), b: mk.mul(l.b, e.b) }; }
        if (!has(e.a)) { const r = linearize(e.b, x); return r && { a: mk.mul(e.a, r.a), b: mk.mul(e.a, r.b) }; }
        return null;
      }
      if (has(e.b)) return null;
      { const l = linearize(e.a, x); return l && { a: mk.div(l.a, e.b), b: mk.div(l.b, e.b) }; }
    }
    default: return null;
  }
}

/** Replaces state variables by expressions (the stage values of a Runge-Kutta method). */
function substitute(e: Expr, map: ReadonlyMap<string, Expr>): Expr {
  switch (e.k) {
    case 'state': return map.get(e.name) ?? e;
    case 'neg': return { ...e, a: substitute(e.a, map) };
    case 'not': return { ...e, a: substitute(e.a, map) };
    case 'bin': case 'pow': case 'cmp': return { ...e, a: substitute(e.a, map), b: substitute(e.b, map) } as Expr;
    case 'and': case 'or': return { ...e, a: substitute(e.a, map), b: substitute(e.b, map) };
    case 'call': return { ...e, args: e.args.map((a) => substitute(a, map)) };
    default: return e;
  }
}

const active: Expr = { k: 'active', pos: P };
const dt: Expr = { k: 'dt', pos: P };

/** Why exponential Euler (or exact) does not apply to variable v, or null. */
function closedFormProblem(m: IntegrationInput, v: CheckedModel['states'][number], exact: boolean): string | null {
  const dynamic = new Set(m.states.filter((x) => x.rhs !== null).map((x) => x.name));
  const l = linearize(v.rhs as Expr, v.name);
  if (!l) return `d${v.name}/dt is not linear in ${v.name}`;
  if (exact && !isConstant(l.b)) return `the coefficient of ${v.name} in d${v.name}/dt depends on state variables`;
  const moving = [...dynamic].filter((n) => n !== v.name && mentions(l.a, (x) => x === n));
  if (exact && moving.length) return `d${v.name}/dt depends on variables that change during the step (${moving.join(', ')}); exponential_euler holds them over the step`;
  return null;
}

/** Splits f = N / D with D free of x and constant-in-time (a parameter expression); null otherwise. */
function overConstant(f: Expr, x: string): { n: Expr; d: Expr } | null {
  if (f.k === 'bin' && f.op === '/' && isConstant(f.b) && !mentions(f.b, (n) => n === x)) return { n: f.a, d: f.b };
  return null;
}

/** The method of every variable with an equation, and a one-line summary ("exponential_euler", "euler (v), exact (gExc, gInh)"). */
export function chooseMethods(m: IntegrationInput): { perVar: Map<string, IntegrationMethod>; summary: string } {
  const odes = m.states.filter((v) => v.rhs !== null);
  const perVar = new Map<string, IntegrationMethod>();
  const asked = m.method;
  const single = (v: (typeof odes)[number], want: IntegrationMethod | undefined, field: string): IntegrationMethod => {
    if (want === undefined) return closedFormProblem(m, v, true) === null ? 'exact' : closedFormProblem(m, v, false) === null ? 'exponential_euler' : 'rk4';
    if (want === 'exact' || want === 'exponential_euler') {
      const why = closedFormProblem(m, v, want === 'exact');
      if (why) throw new InvalidParameterError(m.object, field, want, want === 'exact' ? 'a method that applies: exact needs an equation linear in its variable with constant coefficients, free of variables that change during the step' : 'a method that applies: exponential_euler needs an equation linear in its own variable', `Here ${why}. Use ${want === 'exact' ? 'exponential_euler, ' : ''}rk4, rk2 or euler.`);
    }
    return want;
  };
  if (typeof asked === 'object' && asked !== null) {
    for (const v of odes) {
      const got = single(v, asked[v.name], `method.${v.name}`);
      if (got === 'rk4') throw new InvalidParameterError(m.object, `method.${v.name}`, undefined, 'a method for this variable', `d${v.name}/dt is not linear in ${v.name}: give it 'euler', or give the whole model rk2 or rk4.`);
      perVar.set(v.name, got);
    }
  } else if (asked === 'rk2' || asked === 'rk4' || asked === 'euler') {
    for (const v of odes) perVar.set(v.name, asked);
  } else {
    const each = odes.map((v) => single(v, asked, 'method'));
    // One method for the whole model: the weakest any variable needs.
    const order: IntegrationMethod[] = ['exact', 'exponential_euler', 'rk4'];
    const worst = each.reduce((a, b) => (order.indexOf(b) > order.indexOf(a) ? b : a), asked ?? 'exact');
    for (const v of odes) perVar.set(v.name, worst);
  }
  const groups = new Map<IntegrationMethod, string[]>();
  for (const [n, meth] of perVar) groups.set(meth, [...(groups.get(meth) ?? []), n]);
  const summary = groups.size <= 1 ? [...groups.keys()][0] ?? 'none (no differential equation)' : [...groups].map(([meth, ns]) => `${meth} (${ns.join(', ')})`).join(', ');
  return { perVar, summary };
}

export function integrate(m: IntegrationInput): Program {
  const lets: Program['lets'] = [];
  const updates: Program['updates'] = [];
  const { perVar, summary } = chooseMethods(m);
  const odes = m.states.filter((v) => v.rhs !== null);
  const guard = (v: (typeof odes)[number], e: Expr, held: Expr): Expr => (v.unlessRefractory ? mk.call('where', [active, e, held]) : e);
  const rk = odes.length > 0 && (perVar.get((odes[0] as (typeof odes)[number]).name) === 'rk2' || perVar.get((odes[0] as (typeof odes)[number]).name) === 'rk4');

  if (!rk) {
    for (const v of odes) {
      const x: Expr = { k: 'state', name: v.name, pos: P };
      const f = v.rhs as Expr;
      const split = overConstant(f, v.name);
      let next: Expr;
      if (perVar.get(v.name) === 'euler') {
        next = mk.add(x, split ? mk.mul(mk.div(dt, split.d), split.n) : mk.mul(dt, f));
      } else {
        const l = linearize(split ? split.n : f, v.name) as { a: Expr; b: Expr };
        if (isNum(l.b, 0)) {
          next = mk.add(x, split ? mk.mul(mk.div(dt, split.d), l.a) : mk.mul(dt, l.a));
        } else {
          const inf = mk.div(l.a, mk.neg(l.b));
          const factor = mk.call('exp', [split ? mk.div(mk.mul(l.b, dt), split.d) : mk.mul(l.b, dt)]);
          if (isNum(inf, 0)) next = mk.mul(x, factor);
          else {
            const name = `sg_inf_${v.name}`;
            lets.push({ name, value: inf });
            next = mk.add(mk.temp(name), mk.mul(mk.sub(x, mk.temp(name)), factor));
          }
        }
      }
      updates.push({ name: v.name, value: guard(v, next, x) });
    }
    return { method: summary, lets, updates };
  }
  const method = summary;
  // Runge-Kutta: k_s = f(X_s) for every variable; X_{s+1} = X + c_s dt k_s.
  const stage = (s: number, at: ReadonlyMap<string, Expr>): Map<string, Expr> => {
    const ks = new Map<string, Expr>();
    for (const v of odes) {
      const name = `sg_k${s}_${v.name}`;
      lets.push({ name, value: guard(v, substitute(v.rhs as Expr, at), num(0)) });
      ks.set(v.name, mk.temp(name));
    }
    return ks;
  };
  const advance = (s: number, ks: ReadonlyMap<string, Expr>, h: Expr): Map<string, Expr> => {
    const at = new Map<string, Expr>();
    for (const v of odes) {
      const name = `sg_x${s}_${v.name}`;
      lets.push({ name, value: mk.add({ k: 'state', name: v.name, pos: P }, mk.mul(h, ks.get(v.name) as Expr)) });
      at.set(v.name, mk.temp(name));
    }
    return at;
  };
  const half = mk.div(dt, num(2));
  const k1 = stage(1, new Map());
  if (method === 'rk2') {
    const k2 = stage(2, advance(2, k1, half));
    for (const v of odes) updates.push({ name: v.name, value: mk.add({ k: 'state', name: v.name, pos: P }, mk.mul(dt, k2.get(v.name) as Expr)) });
    return { method, lets, updates };
  }
  const k2 = stage(2, advance(2, k1, half));
  const k3 = stage(3, advance(3, k2, half));
  const k4 = stage(4, advance(4, k3, dt));
  for (const v of odes) {
    const g = (k: Map<string, Expr>): Expr => k.get(v.name) as Expr;
    const sum = mk.add(mk.add(mk.add(g(k1), mk.mul(num(2), g(k2))), mk.mul(num(2), g(k3))), g(k4));
    updates.push({ name: v.name, value: mk.add({ k: 'state', name: v.name, pos: P }, mk.mul(mk.div(dt, num(6)), sum)) });
  }
  return { method, lets, updates };
}
