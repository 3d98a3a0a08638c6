/**
 * The oracle side of the equation language: evaluates the same tree the WGSL emitter prints, in plain
 * TypeScript. `evalF32` rounds to f32 (Math.fround) after every operation in the emitter's order,
 * which is what the kernel does (products are kept out of fused multiply-adds by noContract);
 * `evalF64` computes a derived constant on the host in f64 (rounded once by the caller).
 * Where WGSL's function is not correctly rounded (exp, log, sqrt, tanh, sin, cos, pow), the oracle
 * gives the correctly rounded value and verify() compares within a tolerance (ast.ts INEXACT_FUNCTIONS).
 */
import type { Expr } from './ast.js';

const f = Math.fround;
const I32_MIN = -2147483648;
const I32_MAX_F32 = 2147483520; // the largest f32 below 2^31

export interface Env {
  state(name: string): number;
  param(name: string): number;
  temp(name: string): number;
  dt: number;
  active: boolean;
  /** The draw-th normal number of this neuron and step (randn(); the oracle's Philox twin). */
  randn?(draw: number): number;
}

type V = number | boolean;

function evalWith(e: Expr, env: Env, r: (x: number) => number): V {
  const n = (x: Expr): number => evalWith(x, env, r) as number;
  const b = (x: Expr): boolean => evalWith(x, env, r) as boolean;
  switch (e.k) {
    case 'num': return r(e.value);
    case 'state': return env.state(e.name);
    case 'param': return env.param(e.name);
    case 'temp': return env.temp(e.name);
    case 'dt': return r(env.dt);
    case 'active': return env.active;
    case 'randn': {
      if (!env.randn) throw new Error('oracle: randn() without a random stream');
      return env.randn(e.draw);
    }
    case 'neg': return -n(e.a);
    case 'bin': {
      const x = n(e.a);
      const y = n(e.b);
      return r(e.op === '+' ? x + y : e.op === '-' ? x - y : e.op === '*' ? x * y : x / y);
    }
    case 'cmp': {
      const x = n(e.a);
      const y = n(e.b);
      switch (e.op) {
        case '<': return x < y;
        case '<=': return x <= y;
        case '>': return x > y;
        case '>=': return x >= y;
        case '==': return x === y;
        case '!=': return x !== y;
      }
      return false;
    }
    case 'and': return b(e.a) && b(e.b);
    case 'or': return b(e.a) || b(e.b);
    case 'not': return !b(e.a);
    case 'call': {
      const a = e.args;
      switch (e.fn) {
        case 'exp': return r(Math.exp(n(a[0] as Expr)));
        case 'log': return r(Math.log(n(a[0] as Expr)));
        case 'sqrt': return r(Math.sqrt(n(a[0] as Expr)));
        case 'tanh': return r(Math.tanh(n(a[0] as Expr)));
        case 'sin': return r(Math.sin(n(a[0] as Expr)));
        case 'cos': return r(Math.cos(n(a[0] as Expr)));
        case 'abs': return Math.abs(n(a[0] as Expr));
        case 'pow': return r(Math.pow(n(a[0] as Expr), n(a[1] as Expr)));
        case 'min': return Math.min(n(a[0] as Expr), n(a[1] as Expr));
        case 'max': return Math.max(n(a[0] as Expr), n(a[1] as Expr));
        case 'clip': return Math.min(Math.max(n(a[0] as Expr), n(a[1] as Expr)), n(a[2] as Expr));
        case 'where': return b(a[0] as Expr) ? n(a[1] as Expr) : n(a[2] as Expr);
        case 'int': {
          const v = evalWith(a[0] as Expr, env, r);
          if (typeof v === 'boolean') return v ? 1 : 0;
          return Math.min(Math.max(Math.trunc(v), I32_MIN), I32_MAX_F32);
        }
      }
      return NaN;
    }
    case 'pow': case 'name': throw new Error(`oracle: unresolved node ${e.k}`);
  }
}

/** The kernel's value: f32 rounding after every operation. */
export function evalF32(e: Expr, env: Env): V {
  return evalWith(e, env, f);
}

/** A host-side value in f64 (derived constants, initial values, refractory periods). */
export function evalF64(e: Expr, env: Env): V {
  return evalWith(e, env, (x) => x);
}
