/**
 * A synapse rule written as equations, compiled once onto the plastic-synapse contract (DESIGN §4a,
 * host/learn/rule.ts): check (synapse-check.ts) -> integrate the (clock-driven) equations
 * (integrate.ts) -> hoist constants (hoist.ts) -> the WGSL statements of the plastic kernels'
 * passes (emit-wgsl.ts) and their CPU oracle twin (evaluate.ts), both from the same statements.
 * A projection takes it as its `synapse`: `{ equations, onPre, onPost, onStep, parameters, initial,
 * wMin, wMax, ... }` (resolveSynapse in host/learn/plasticity.ts).
 *
 * In the kernels: w is the local `w`, a per-synapse variable c the local `v_c`, a trace x of the pre
 * (post) side `pre_x` (`post_x`), a parameter `R.p_<name>`, a host-derived constant `R.sg_c<k>`, the
 * bounds `R.wMin`/`R.wMax`, dt `R.sg_dt`, the modulator `M`; products go through nc() (no fused
 * multiply-add), so the oracle's Math.fround after every operation gives the same bits.
 */
import type { Expr } from './ast.js';
import { wgslExpr, type WgslNames } from './emit-wgsl.js';
import { evalF32, evalF64, type Env } from './evaluate.js';
import { digest, hoister, usesInexact, type Derived } from './hoist.js';
import { integrate } from './integrate.js';
import { checkSynapseRule, type CheckedRule, type CheckedTrace, type RuleBlock, type SynapseRuleSpec } from './synapse-check.js';
import { DIMENSIONLESS, formatDim } from './units.js';
import { InvalidParameterError } from '../errors.js';
import type { RuleInstance, RuleTwin, SynapseState, TraceSpec } from '../learn/rule.js';

export type { SynapseRuleSpec } from './synapse-check.js';

const RULE_NAMES: WgslNames = {
  state: (n) => (n === 'w' ? 'w' : `v_${n}`),
  param: (n) => `R.${n}`,
  temp: (n) => n,
  dt: 'R.sg_dt',
  noContract: 'nc',
};

interface Stmt { target: string; value: Expr }

export interface CompiledSynapseRule {
  checked: CheckedRule;
  /** The statements of each block as the kernels run them (names as the kernels print them); onStep ends with the equations' step. */
  blocks: Record<RuleBlock, Stmt[]>;
  /** The (clock-driven) equations over one step: temporaries, then every new value assigned together. */
  clock: { lets: Stmt[]; updates: Stmt[]; method: string };
  derived: Derived[];
  /** The user's parameters the kernels read. */
  usedParams: string[];
  usesDt: boolean;
  modulated: boolean;
  /** Whether kernel and oracle agree bit for bit (no inexact WGSL function or division in the statements). */
  exact: boolean;
  wgsl: Record<RuleBlock, string>;
  key: string;
}

export interface SynapseEquationRule {
  readonly kind: 'synapseEquations';
  readonly name: string;
  readonly spec: Readonly<SynapseRuleSpec>;
  /** The integration method of the (clock-driven) equations ('none' without any). */
  readonly method: string;
  readonly modulated: boolean;
  readonly exact: boolean;
  readonly variables: readonly string[];
  readonly traces: readonly { name: string; side: 'pre' | 'post'; onSpike: 'add' | 'set' }[];
  readonly parameters: readonly { name: string; unit: string; default: number | undefined }[];
  readonly compiled: CompiledSynapseRule;
  /** The rule at time step dt with these parameters (over the spec's defaults) and weight bounds: what the plastic kernels and the oracle take. */
  resolve(object: string, options: { wMin: number; wMax: number; parameters?: Record<string, unknown> }, dt: number): RuleInstance;
}

function walk(e: Expr, visit: (x: Expr) => void): void {
  visit(e);
  if (e.k === 'neg' || e.k === 'not') walk(e.a, visit);
  else if (e.k === 'bin' || e.k === 'cmp' || e.k === 'and' || e.k === 'or' || e.k === 'pow') { walk(e.a, visit); walk(e.b, visit); } else if (e.k === 'call') e.args.forEach((a) => walk(a, visit));
}

/** Rewrites the tree's names into the plastic kernels' (see the file's comment); `own`: the trace read after its spike statement in this block. */
function rename(e: Expr, c: CheckedRule, own: (tr: CheckedTrace) => boolean): Expr {
  const r = (x: Expr): Expr => rename(x, c, own);
  switch (e.k) {
    case 'state': {
      if (e.name === 'M') return { k: 'temp', name: 'M', pos: e.pos };
      const tr = c.traces.find((t) => t.name === e.name);
      if (!tr) return e;
      const local: Expr = { k: 'temp', name: `${tr.side}_${tr.name}`, pos: e.pos };
      if (!own(tr)) return local;
      const amount: Expr = { k: 'param', name: `amount_${tr.side}_${tr.name}`, pos: e.pos };
      return tr.mode === 'add' ? { k: 'bin', op: '+', a: local, b: amount, pos: e.pos } : amount;
    }
    case 'param': return e.name === 'wMin' || e.name === 'wMax' || e.name.startsWith('sg_') ? e : { ...e, name: `p_${e.name}` };
    case 'neg': case 'not': return { ...e, a: r(e.a) };
    case 'bin': case 'pow': case 'cmp': return { ...e, a: r(e.a), b: r(e.b) } as Expr;
    case 'and': case 'or': return { ...e, a: r(e.a), b: r(e.b) };
    case 'call': return { ...e, args: e.args.map(r) };
    default: return e;
  }
}

export function compileSynapseRule(c: CheckedRule): CompiledSynapseRule {
  const { hoist, derived } = hoister();
  const blocks = {} as Record<RuleBlock, Stmt[]>;
  for (const b of ['onPre', 'onPost', 'onStep'] as const) {
    const side = b === 'onPre' ? 'pre' : b === 'onPost' ? 'post' : null;
    blocks[b] = c.blocks[b].map((st) => ({ target: st.target, value: rename(hoist(st.value, false), c, (tr) => tr.side === side && st.index > tr.at) }));
  }
  const states = [...(c.wRhs ? [{ name: 'w', dim: DIMENSIONLESS, rhs: c.wRhs, unlessRefractory: false }] : []), ...c.vars.filter((v) => v.rhs !== null)];
  const program = states.length ? integrate({ object: c.object, states, method: c.method }) : { method: 'none', lets: [], updates: [] };
  const clock = {
    method: program.method,
    lets: program.lets.map((l) => ({ target: l.name, value: rename(hoist(l.value, true), c, () => false) })),
    updates: program.updates.map((u) => ({ target: u.name, value: rename(hoist(u.value, true), c, () => false) })),
  };
  const everything = [...Object.values(blocks).flat(), ...clock.lets, ...clock.updates].map((s) => s.value);
  const usedParams = new Set<string>();
  let usesDt = false;
  let modulated = false;
  for (const e of everything) {
    walk(e, (x) => {
      if (x.k === 'param' && x.name.startsWith('p_')) usedParams.add(x.name.slice(2));
      if (x.k === 'dt') usesDt = true;
      if (x.k === 'temp' && x.name === 'M') modulated = true;
    });
  }
  const lhs = (n: string): string => RULE_NAMES.state(n);
  const ind = '\n    ';
  const stmts = (list: Stmt[]): string[] => list.map((s) => `${lhs(s.target)} = ${wgslExpr(s.value, RULE_NAMES)};`);
  const stepLines = [
    ...stmts(blocks.onStep),
    ...clock.lets.map((l) => `let ${l.target} = ${wgslExpr(l.value, RULE_NAMES)};`),
    ...clock.updates.map((u) => `let sg_n_${u.target} = ${wgslExpr(u.value, RULE_NAMES)};`),
    ...clock.updates.map((u) => `${lhs(u.target)} = sg_n_${u.target};`),
  ];
  const wgsl = { onPre: stmts(blocks.onPre).join(ind), onPost: stmts(blocks.onPost).join(ind), onStep: stepLines.join(ind) };
  const traceKey = c.traces.map((t) => `${t.side}:${t.name}:${t.mode}`).join(',');
  const key = digest(`${c.name}|${wgsl.onPre}|${wgsl.onPost}|${wgsl.onStep}|${traceKey}|${c.vars.map((v) => v.name).join(',')}`);
  return { checked: c, blocks, clock, derived, usedParams: [...usedParams], usesDt, modulated, exact: !everything.some(usesInexact), wgsl, key };
}

/** The oracle twin: the same statements evaluated with f32 rounding after every operation. */
function makeTwin(k: CompiledSynapseRule): RuleTwin {
  const env = (R: Record<string, number>, s: SynapseState, pre: Record<string, number>, post: Record<string, number>, M: number, temps: Map<string, number>): Env => ({
    state: (n) => s[n] as number,
    param: (n) => R[n] as number,
    temp: (n) => (n === 'M' ? M : n.startsWith('pre_') ? pre[n.slice(4)] as number : n.startsWith('post_') ? post[n.slice(5)] as number : temps.get(n) as number),
    dt: R.sg_dt ?? NaN,
    active: true,
  });
  const run = (list: Stmt[], e: Env, s: SynapseState): void => {
    for (const st of list) s[st.target] = evalF32(st.value, e) as number;
  };
  const twin: RuleTwin = {};
  if (k.blocks.onPre.length) twin.onPre = (R, _v, s, pre, post, M) => run(k.blocks.onPre, env(R, s, pre, post, M, new Map()), s);
  if (k.blocks.onPost.length) twin.onPost = (R, _v, s, pre, post, M) => run(k.blocks.onPost, env(R, s, pre, post, M, new Map()), s);
  if (k.wgsl.onStep.trim() !== '') {
    twin.onStep = (R, _v, s, M) => {
      const temps = new Map<string, number>();
      const e = env(R, s, {}, {}, M, temps);
      run(k.blocks.onStep, e, s);
      for (const l of k.clock.lets) temps.set(l.target, evalF32(l.value, e) as number);
      const next = k.clock.updates.map((u) => evalF32(u.value, e) as number);
      k.clock.updates.forEach((u, j) => { s[u.target] = next[j] as number; });
    };
  }
  return twin;
}

/** Checks and compiles a synapse rule written as equations. Throws EquationError / InvalidParameterError. */
export function defineSynapseRule(spec: SynapseRuleSpec, object = 'synapse rule'): SynapseEquationRule {
  const checked = checkSynapseRule(spec, object);
  const compiled = compileSynapseRule(checked);
  const twin = makeTwin(compiled);
  return {
    kind: 'synapseEquations',
    name: checked.name,
    spec,
    method: compiled.clock.method,
    modulated: compiled.modulated,
    exact: compiled.exact,
    variables: checked.vars.map((v) => v.name),
    traces: checked.traces.map((t) => ({ name: t.name, side: t.side, onSpike: t.mode })),
    parameters: checked.params.map((p) => ({ name: p.name, unit: formatDim(p.dim), default: p.default })),
    compiled,
    resolve: (where, options, dt) => resolveRule(compiled, twin, where, options, dt),
  };
}

function resolveRule(k: CompiledSynapseRule, twin: RuleTwin, object: string, o: { wMin: number; wMax: number; parameters?: Record<string, unknown> }, dt: number): RuleInstance {
  const c = k.checked;
  const given = o.parameters ?? {};
  if (typeof given !== 'object' || given === null || Array.isArray(given)) throw new InvalidParameterError(object, 'parameters', given, 'an object of parameter values');
  for (const key of Object.keys(given)) {
    if (!c.params.some((p) => p.name === key)) throw new InvalidParameterError(object, `parameters.${key}`, given[key], `a declared parameter (parameters: ${c.params.map((p) => p.name).join(', ') || 'none'})`);
  }
  const values = new Map<string, number>([['wMin', o.wMin], ['wMax', o.wMax]]);
  for (const p of c.params) {
    const v = given[p.name] ?? p.default;
    if (v === undefined) throw new InvalidParameterError(object, `parameters.${p.name}`, undefined, `a value (${formatDim(p.dim)}): the rule gives '${p.name}' no default`);
    if (typeof v !== 'number' || !Number.isFinite(v) || !Number.isFinite(Math.fround(v))) throw new InvalidParameterError(object, `parameters.${p.name}`, v, 'a finite number (in f32 range)');
    values.set(p.name, v);
  }
  const env: Env = { state: () => NaN, temp: () => NaN, active: true, dt, param: (n) => values.get(n) as number };
  const num = (e: Expr): number => evalF64(e, env) as number;
  const f = Math.fround;
  const constants: Record<string, number> = {};
  for (const n of k.usedParams) constants[`p_${n}`] = f(values.get(n) as number);
  for (const d of k.derived) {
    const v = f(num(d.expr));
    if (!Number.isFinite(v)) throw new InvalidParameterError(object, 'parameters', Object.fromEntries(values), `values for which every derived constant is finite (${d.name} is ${v})`);
    constants[d.name] = v;
  }
  if (k.usesDt) constants.sg_dt = f(dt);
  const traces = (side: 'pre' | 'post'): TraceSpec[] => c.traces.filter((t) => t.side === side).map((t) => {
    const tauMs = num(t.tau);
    if (!(tauMs > 0) || !Number.isFinite(tauMs)) throw new InvalidParameterError(object, 'parameters', Object.fromEntries(values), `values that give the trace ${t.name} a time constant > 0 ms (it is ${tauMs})`);
    const amount = num(t.amount);
    if (!Number.isFinite(f(amount))) throw new InvalidParameterError(object, 'parameters', Object.fromEntries(values), `values that give the trace ${t.name} a finite amount at a spike (it is ${amount})`);
    return { name: t.name, tauMs, onSpike: t.mode, amount };
  });
  const synapseVars = c.vars.map((v) => {
    const init = f(num(c.initial[v.name] as Expr));
    if (!Number.isFinite(init)) throw new InvalidParameterError(object, `initial.${v.name}`, init, 'a finite start value');
    return { name: v.name, local: `v_${v.name}`, initial: init };
  });
  return {
    rule: c.name,
    variant: k.key,
    constants,
    preTraces: traces('pre'),
    postTraces: traces('post'),
    onPre: k.wgsl.onPre,
    onPost: k.wgsl.onPost,
    ...(k.wgsl.onStep.trim() !== '' ? { onStep: k.wgsl.onStep } : {}),
    ...(synapseVars.length ? { synapseVars } : {}),
    ...(k.modulated ? { modulated: true } : {}),
    wMin: o.wMin,
    wMax: o.wMax,
    tolerance: k.exact ? 0 : 1e-5,
    twin,
  };
}

/** True when `rule` is a compiled synapse rule (defineSynapseRule). */
export function isSynapseEquationRule(rule: unknown): rule is SynapseEquationRule {
  return typeof rule === 'object' && rule !== null && (rule as { kind?: unknown }).kind === 'synapseEquations' && typeof (rule as { resolve?: unknown }).resolve === 'function';
}
