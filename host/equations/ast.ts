/**
 * The syntax tree of spikegpu's equation language (docs/models.md). The parser (parser.ts) makes it,
 * the checker (check.ts) resolves every name and checks units on it, the integrator (integrate.ts)
 * rewrites it into update statements, and the two emitters (emit-wgsl.ts, oracle.ts) read it. Nothing
 * but these node kinds exists: no text of a model reaches WGSL except through an emitter that prints
 * declared names, numbers and operators.
 */

/** Where a node came from: the field (`equations`, `threshold`, `reset`, ...) and the offset in it. */
export interface Pos {
  field: string;
  offset: number;
}

export type BinaryOp = '+' | '-' | '*' | '/';
export type CompareOp = '<' | '<=' | '>' | '>=' | '==' | '!=';

/** Functions a model may call, with their arity. */
export const FUNCTIONS = {
  exp: 1, log: 1, sqrt: 1, abs: 1, tanh: 1, sin: 1, cos: 1, int: 1,
  min: 2, max: 2, pow: 2, clip: 3, where: 3, randn: 0,
} as const;

/** randn() calls a neuron model may make (each call in its text is one draw per neuron and step). */
export const MAX_DRAWS = 64;
export type FunctionName = keyof typeof FUNCTIONS;

/** Functions whose WGSL result may differ from the correctly rounded one (the oracle's): compared within a tolerance. */
export const INEXACT_FUNCTIONS: ReadonlySet<FunctionName> = new Set(['exp', 'log', 'sqrt', 'tanh', 'sin', 'cos', 'pow']);

export type Expr =
  | { k: 'num'; value: number; pos: Pos }
  /** A name before resolution (parser output). */
  | { k: 'name'; name: string; pos: Pos }
  /** After resolution: state variable, parameter, derived constant, temporary, built-in. */
  | { k: 'state'; name: string; pos: Pos }
  | { k: 'param'; name: string; pos: Pos }
  | { k: 'temp'; name: string; pos: Pos }
  | { k: 'dt'; pos: Pos }
  /** True when the neuron is not refractory this step (the integrator's guard of (unless refractory) equations). */
  | { k: 'active'; pos: Pos }
  | { k: 'neg'; a: Expr; pos: Pos }
  | { k: 'bin'; op: BinaryOp; a: Expr; b: Expr; pos: Pos }
  /** a ** b (b an integer literal becomes repeated products in the checker). */
  | { k: 'pow'; a: Expr; b: Expr; pos: Pos }
  | { k: 'call'; fn: FunctionName; args: Expr[]; pos: Pos }
  /** randn(): the draw-th normal number of this neuron and step (one per call in the model's text). */
  | { k: 'randn'; draw: number; pos: Pos }
  | { k: 'cmp'; op: CompareOp; a: Expr; b: Expr; pos: Pos }
  | { k: 'and' | 'or'; a: Expr; b: Expr; pos: Pos }
  | { k: 'not'; a: Expr; pos: Pos };

/** One line of `equations`. */
export type EquationLine =
  /** dX/dt = rhs : unit (flags) */
  | { k: 'ode'; name: string; rhs: Expr; unit: string; flags: string[]; pos: Pos }
  /** X = expr : unit — a subexpression, inlined where it is used. */
  | { k: 'sub'; name: string; rhs: Expr; unit: string; flags: string[]; pos: Pos }
  /** X : unit (flags) — a parameter (or, when a reset assigns it, a state variable without dynamics). */
  | { k: 'decl'; name: string; unit: string; flags: string[]; pos: Pos };

export type AssignOp = '=' | '+=' | '-=' | '*=' | '/=';

/** A statement of `reset` (or a synapse's on_pre / on_post). */
export interface Statement {
  target: string;
  op: AssignOp;
  value: Expr;
  pos: Pos;
}

/** True for nodes whose value is a truth value (conditions), false for numbers. */
export function isBoolean(e: Expr): boolean {
  return e.k === 'active' || e.k === 'cmp' || e.k === 'and' || e.k === 'or' || e.k === 'not';
}
