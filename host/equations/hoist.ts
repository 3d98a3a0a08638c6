/**
 * Derived constants of the equation language, shared by neuron models (neuron-model.ts) and synapse
 * rules (synapse-rule.ts): constant subtrees become host-computed constants (f64, rounded once), as the
 * hand-written kernels do; and the small helpers both compilers use (inexact operations, a digest).
 */
import { INEXACT_FUNCTIONS, type Expr } from './ast.js';
import { isConstant } from './integrate.js';

/** A host-computed constant: its name (sg_c0, sg_c1, ...) and its expression of parameters, numbers and dt. */
export interface Derived { name: string; expr: Expr }

const keyOf = (e: Expr): string => {
  switch (e.k) {
    case 'num': return `#${e.value}`;
    case 'param': return `p.${e.name}`;
    case 'dt': return 'dt';
    case 'neg': return `-(${keyOf(e.a)})`;
    case 'bin': case 'pow': return `(${keyOf(e.a)}${e.k === 'bin' ? e.op : '**'}${keyOf(e.b)})`;
    case 'call': return `${e.fn}(${e.args.map(keyOf).join(',')})`;
    default: return `?${e.k}`;
  }
};

/** Whether e holds dt or a function call. */
const holdsDtOrCall = (e: Expr): boolean => {
  switch (e.k) {
    case 'dt': case 'call': return true;
    case 'neg': case 'not': return holdsDtOrCall(e.a);
    case 'bin': case 'pow': case 'cmp': case 'and': case 'or': return holdsDtOrCall(e.a) || holdsDtOrCall(e.b);
    default: return false;
  }
};

/**
 * Replaces maximal constant subtrees that hold an operation by derived constants (computed on the host
 * in f64, rounded once). `integrator`: the integrator's statements, where every constant subtree is
 * derived and x / constant becomes x * (1 / constant). Otherwise (threshold, reset, update, refractory
 * condition: statements the user wrote) only constant subtrees that hold dt or a function are derived
 * (exp(-dt/tau), dt/2); arithmetic of parameters runs as written, in f32.
 */
export function hoister(): { hoist: (e: Expr, integrator: boolean) => Expr; derived: Derived[] } {
  const derived: Derived[] = [];
  const byKey = new Map<string, string>();
  const hoist = (e: Expr, integrator: boolean): Expr => {
    if (e.k === 'num' || e.k === 'param' || e.k === 'dt' || e.k === 'state' || e.k === 'temp' || e.k === 'active') return e;
    if (isConstant(e) && (integrator || holdsDtOrCall(e))) {
      const key = keyOf(e);
      let name = byKey.get(key);
      if (name === undefined) {
        name = `sg_c${derived.length}`;
        byKey.set(key, name);
        derived.push({ name, expr: e });
      }
      return { k: 'param', name, pos: e.pos };
    }
    const h = (x: Expr): Expr => hoist(x, integrator);
    switch (e.k) {
      case 'neg': case 'not': return { ...e, a: h(e.a) };
      case 'bin':
        // x / constant becomes x * (1 / constant), the reciprocal derived on the host: no division on the GPU
        // (WGSL allows 2.5 ulps for one), and a multiply is cheaper.
        if (integrator && e.op === '/' && isConstant(e.b)) return { k: 'bin', op: '*', a: h(e.a), b: h({ k: 'bin', op: '/', a: { k: 'num', value: 1, pos: e.pos }, b: e.b, pos: e.pos }), pos: e.pos };
        return { ...e, a: h(e.a), b: h(e.b) };
      case 'cmp': return { ...e, a: h(e.a), b: h(e.b) };
      case 'and': case 'or': return { ...e, a: h(e.a), b: h(e.b) };
      case 'call': return { ...e, args: e.args.map(h) };
      default: return e;
    }
  };
  return { hoist, derived };
}

/** Whether e computes something WGSL does not promise to round correctly: an inexact function, or a division (2.5 ulps allowed). */
export const usesInexact = (e: Expr): boolean => {
  switch (e.k) {
    case 'call': return INEXACT_FUNCTIONS.has(e.fn) || e.args.some(usesInexact);
    case 'bin': return e.op === '/' || usesInexact(e.a) || usesInexact(e.b);
    case 'neg': case 'not': return usesInexact(e.a);
    case 'cmp': case 'and': case 'or': case 'pow': return usesInexact(e.a) || usesInexact(e.b);
    default: return false;
  }
};

/** FNV-1a over the text, 8 hex digits twice (two seeds): a cache key, not a security hash. */
export function digest(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

