/**
 * Name resolution and dimensional checking of one expression of a model (check.ts): every name becomes
 * a state variable, a parameter, an inlined subexpression, a folded unit (units have scale 1), dt or
 * not_refractory; every operation's dimensions are checked. Anything else is an EquationError with
 * its position in the field's text.
 */
import { FUNCTIONS, MAX_DRAWS, type EquationLine, type Expr, type FunctionName, type Pos } from './ast.js';
import type { EquationError } from './errors.js';
import { parseExpression, type Source } from './parser.js';
import { InvalidParameterError } from '../errors.js';
import { DIMENSIONLESS, UNITS, dimDiv, dimEq, dimMul, dimPow, formatDim, isDimensionless, type Dim } from './units.js';

/** The dimension of a checked expression: a unit, 'any' (a literal 0) or 'bool' (a condition). */
export type D = Dim | 'any' | 'bool';
export interface Declaration { line: EquationLine; dim: Dim }
export type NameKind = 'state' | 'param' | 'sub' | undefined;
/** The randn() draws of a model: statements that may draw pass one counter, in the order of their text. */
export interface Draws { count: number }
/** `draws`: where randn() may appear (update and reset statements of a neuron model); absent elsewhere. */
export type Resolve = (s: Source, e: Expr, paramOnly: boolean, draws?: Draws) => { e: Expr; d: D };

/** A resolver over the model's declarations; `paramOnly` refuses state variables (initial values, refractory times). */
export function makeResolver(eqSrc: Source, declared: ReadonlyMap<string, Declaration>, kindOf: (n: string) => NameKind): Resolve {
  const known = (): string => [...declared.keys()].join(', ') || 'none';
  const inlining = new Set<string>();
  const subCache = new Map<string, { e: Expr; d: D }>();

  const resolve: Resolve = (s, e, paramOnly, draws) => {
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
          if (n === 'not_refractory') {
            if (paramOnly) throw err(x.pos, "'not_refractory' changes while the model runs; only parameters and numbers may appear here");
            return { e: { k: 'active', pos: x.pos }, d: 'bool' };
          }
          if (n === 't') throw err(x.pos, "the time t is not available (a kernel's f32 clock would lose precision over long runs)", 'Keep a state variable that counts time, e.g. dtime/dt = 1 : 1 (unless refractory).');
          const kind = kindOf(n);
          if (kind === undefined) throw err(x.pos, `'${n}' is not declared (declared: ${known()})`, 'Declare it in equations as `name : unit` (a parameter) or give it an equation.');
          const d = (declared.get(n) as { dim: Dim }).dim;
          if (kind === 'sub') {
            // Cached per mode: a subexpression of state variables is refused where only parameters may appear.
            const cached = subCache.get(`${paramOnly}:${n}`);
            if (cached) return cached;
            if (inlining.has(n)) throw err(x.pos, `the subexpression '${n}' depends on itself`);
            inlining.add(n);
            const line = (declared.get(n) as { line: { rhs: Expr } }).line;
            const r = resolve(eqSrc, line.rhs, paramOnly);
            inlining.delete(n);
            if (r.d === 'bool') throw eqSrc.error(line.rhs.pos, `the subexpression '${n}' is a condition; use int(...)`);
            if (r.d !== 'any' && !dimEq(r.d, d)) throw eqSrc.error(line.rhs.pos, `'${n}' is declared ${formatDim(d)} but its expression is ${formatDim(r.d)}`);
            const out = { e: r.e, d: d as D };
            subCache.set(`${paramOnly}:${n}`, out);
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
          if (x.args.length !== arity) throw err(x.pos, `${fn}() takes ${arity === 0 ? 'no' : arity} argument${arity === 1 ? '' : 's'}, not ${x.args.length}`);
          if (fn === 'randn') {
            if (!draws || paramOnly) {
              throw err(x.pos, 'randn() draws a new number every step: it may appear only in the update and reset statements of a neuron model',
                "For noise in an equation (Brian2's xi), add it in an update: `+ sigma*sqrt(2/tau)*xi` in dv/dt is `v += sigma*sqrt(2*dt/tau)*randn()` (Euler-Maruyama).");
            }
            if (draws.count >= MAX_DRAWS) throw err(x.pos, `more than ${MAX_DRAWS} calls of randn() in one model`);
            return { e: { k: 'randn', draw: draws.count++, pos: x.pos }, d: DIMENSIONLESS };
          }
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
  return resolve;
}

/** Throws unless `got` is the dimension `want` (a literal 0 fits any). */
export function expectDim(s: Source, at: Pos, got: D, want: Dim, what: string): void {
  if (got === 'bool') throw s.error(at, `${what} is a condition, not a value of ${formatDim(want)}`);
  if (got !== 'any' && !dimEq(got, want)) throw s.error(at, `${what} has the unit ${formatDim(got)}, expected ${formatDim(want)}`);
}

/**
 * One start value of a variable (a model's or a rule's `initial.<name>`): a finite number, or an
 * expression of parameters of the variable's unit. `src` makes the Source of the field's text.
 */
export function startValue(object: string, name: string, v: unknown, dim: Dim, resolve: Resolve, src: (field: string, text: string) => Source): Expr {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new InvalidParameterError(object, `initial.${name}`, v, 'a finite number or an expression of parameters');
    return { k: 'num', value: v, pos: { field: `initial.${name}`, offset: 0 } };
  }
  if (typeof v !== 'string') throw new InvalidParameterError(object, `initial.${name}`, v, 'a number or an expression of parameters');
  const s = src(`initial.${name}`, v);
  const r = resolve(s, parseExpression(s), true);
  expectDim(s, s.pos(0), r.d, dim, `the start value of ${name}`);
  return r.e;
}

/** A parameter declaration with its default from `parameters` (undefined, or a finite number). */
export function parameterVar(object: string, name: string, dim: Dim, defaults: Record<string, unknown>): { name: string; dim: Dim; default: number | undefined } {
  const v = defaults[name];
  if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v))) throw new InvalidParameterError(object, `parameters.${name}`, v, 'a finite number');
  return { name, dim, default: v as number | undefined };
}

/** The resolved right-hand side of dX/dt = rhs, checked to have X's unit per ms. */
export function equationRhs(eqSrc: Source, resolve: Resolve, name: string, dim: Dim, rhs: Expr): Expr {
  const r = resolve(eqSrc, rhs, false);
  expectDim(eqSrc, rhs.pos, r.d, dimDiv(dim, UNITS.ms as Dim), `d${name}/dt`);
  return r.e;
}
