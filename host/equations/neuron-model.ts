/**
 * A neuron model written as equations, compiled once: check (check.ts) -> integrate (integrate.ts)
 * -> hoist constants -> WGSL body for the neuron frame (emit-wgsl.ts) and the oracle (oracle.ts),
 * both from the same statements. `defineNeuronModel(spec)` returns a NeuronModel; a population takes
 * it as its `model` (createPopulation, Simulator.addPopulation, a network file's model object).
 *
 * One step of a neuron (the frame supplies inExc/inInh, p, s, spiked):
 *   1. the inputs jump: s[inputs.exc] += inExc; s[inputs.inh] += inInh
 *   2. active = not refractory (refractory counter > 0, or the refractory condition holds); the
 *      refractory counter counts down when not active
 *   3. every variable with an equation advances by the method; (unless refractory) ones only when active;
 *      then the update statements run in order
 *   4. when active and the threshold holds: spike, reset statements in order, the counter starts at
 *      round(refractory / dt) steps.
 * With schedule 'threshold-first', 4 runs before 3 (active is the one of step 2 in both); with
 * 'update-last', the update statements of 3 run after 4.
 */
import type { Expr } from './ast.js';
import { checkNeuronModel, SCHEDULE_PHASES, type Assignment, type CheckedModel, type NeuronModelSpec } from './check.js';
import { NEURON_NAMES, wgslExpr, wgslNumber } from './emit-wgsl.js';
import { evalF64, type Env } from './evaluate.js';
import { integrate, type Program } from './integrate.js';
import { digest, hoister, usesInexact, type Derived } from './hoist.js';
import { formatDim } from './units.js';
import { InvalidParameterError } from '../errors.js';
import { defineStruct, type StructLayout, type StructValues } from '../gpu/layout.js';
import { CLOCK } from '../gpu/clock.js';
import { perNeuron, rejectUnknownKeys, requireFinite, type NumberOrArray } from '../validate.js';
import { NEURON_FRAME, refractorySteps, type NeuronKernel, type ResolvedNeuronParams } from '../kernels/neuron-kernel.js';
import { neuronFrameWgsl, type NeuronParts } from '../../shaders/common/neuron-frame.wgsl.js';
import { NO_CONTRACT_WGSL } from '../../shaders/common/no-contract.wgsl.js';
import { PHILOX_WGSL } from '../../shaders/common/philox.wgsl.js';
import { GAUSS4_WGSL } from '../../shaders/common/gauss4.wgsl.js';

export type { NeuronModelSpec, IntegrationMethod } from './check.js';

/** Per-population values of a custom model: its parameters, and start values of state variables (by name). */
export type EquationParams = Record<string, NumberOrArray>;

export interface NeuronModel {
  readonly kind: 'equations';
  readonly name: string;
  /** The spec it was compiled from (as given). */
  readonly spec: Readonly<NeuronModelSpec>;
  /** The integration method used (the one asked for, or the strictest that applies): a name, or per variable ("euler (v), exact (gExc, gInh)"). */
  readonly method: string;
  /** The stored state variables (the struct each neuron keeps between steps). */
  readonly stateVariables: readonly string[];
  /**
   * State variables that start every step at the same constant, so they are not stored: each is
   * held in a register during the step (an input every step clears, as izhikevich's Iexc = 0).
   * A variable is transient when it has no differential equation, its start value is a number c,
   * and the last statement of every step that writes it is the update statement `name = c`.
   */
  readonly transientVariables: readonly string[];
  readonly parameters: readonly { name: string; unit: string; default: number | undefined }[];
  /** Whether kernel and oracle are expected to agree bit for bit (no inexact WGSL function on the state). */
  readonly exact: boolean;
  /** A short digest of the generated WGSL: the pipeline cache key of the model. */
  readonly key: string;
  readonly kernel: NeuronKernel<EquationParams>;
  /** The parameters as kernel.resolve gives them, but every value in f64 (for EquationOracle's f64 mode). */
  resolveF64(object: string, params: EquationParams | undefined, size: number, dt: number): ResolvedNeuronParams;
  /** What the compiler produced, for the oracle and for reading. */
  readonly compiled: CompiledNeuronModel;
}

export interface CompiledNeuronModel {
  checked: CheckedModel;
  program: Program;
  /** Host-computed constants (f64, rounded once): sg_c0, sg_c1, ... */
  derived: Derived[];
  threshold: Expr | null;
  reset: Assignment[];
  /** The update statements (every step, after the equations). */
  update: Assignment[];
  refractoryCondition: Expr | null;
  /** Refractory period in ms, as an expression of parameters (counter models). */
  refractoryTime: Expr | null;
  /** The transient variables (NeuronModel.transientVariables) and the constant each starts a step at. */
  transients: ReadonlyMap<string, number>;
  body: string;
}

/** The transient variables of a checked model (NeuronModel.transientVariables) and their constants. */
function transientStates(m: CheckedModel, program: Program): Map<string, number> {
  const out = new Map<string, number>();
  const integrated = new Set(program.updates.map((u) => u.name));
  for (const { name } of m.states) {
    const start = m.initial[name];
    if (integrated.has(name) || start?.k !== 'num') continue;
    const last = [...m.update].reverse().find((u) => u.target === name);
    if (last?.value.k !== 'num' || !Object.is(last.value.value, start.value)) continue;
    // With the update first, the reset runs after the update statements and could leave another value.
    if (m.schedule === 'update-first' && m.reset.some((r) => r.target === name)) continue;
    out.set(name, start.value);
  }
  return out;
}

/** Checks and compiles a model written as equations. Throws EquationError / InvalidParameterError. */
export function defineNeuronModel(spec: NeuronModelSpec, object = 'neuron model'): NeuronModel {
  const checked = checkNeuronModel(spec, object);
  const program = integrate(checked);
  const { hoist, derived } = hoister();
  program.lets = program.lets.map((l) => ({ name: l.name, value: hoist(l.value, true) }));
  program.updates = program.updates.map((u) => ({ name: u.name, value: hoist(u.value, true) }));
  const user = (e: Expr): Expr => hoist(e, false);
  const threshold = checked.threshold && user(checked.threshold);
  const reset = checked.reset.map((r) => ({ target: r.target, value: user(r.value) }));
  const update = checked.update.map((r) => ({ target: r.target, value: user(r.value) }));
  const refractoryCondition = checked.refractory.kind === 'condition' ? user(checked.refractory.expr) : null;
  const refractoryTime = checked.refractory.kind === 'time' ? checked.refractory.expr : null;
  const counter = refractoryTime !== null;

  const transients = transientStates(checked, program);
  const stateNames = checked.states.map((s) => s.name).filter((n) => !transients.has(n));
  const stateLayout = defineStruct('State', [...stateNames.map((n) => [n, 'f32'] as const), ...(counter ? [['sg_refr', 'i32'] as const] : [])]);
  // The GPU gets the parameters the kernel reads (the others only feed derived constants) and the derived constants.
  const used = new Set<string>();
  const collect = (e: Expr): void => {
    if (e.k === 'param') used.add(e.name);
    else if (e.k === 'neg' || e.k === 'not') collect(e.a);
    else if (e.k === 'bin' || e.k === 'cmp' || e.k === 'and' || e.k === 'or' || e.k === 'pow') { collect(e.a); collect(e.b); } else if (e.k === 'call') e.args.forEach(collect);
  };
  const everything = [...program.lets.map((l) => l.value), ...program.updates.map((u) => u.value), ...update.map((u) => u.value), ...(threshold ? [threshold] : []),
    ...reset.map((r) => r.value), ...(refractoryCondition ? [refractoryCondition] : [])];
  everything.forEach(collect);
  const paramFields: [string, 'f32' | 'i32'][] = [...checked.params.filter((p) => used.has(p.name)).map((p) => [p.name, 'f32'] as [string, 'f32']),
    ...derived.map((d) => [d.name, 'f32'] as [string, 'f32'])];
  if (counter) paramFields.push(['sg_refrSteps', 'i32']);
  // WGSL needs a struct member: a model with no parameter at all gets a placeholder.
  if (paramFields.length === 0) paramFields.push(['sg_none', 'f32']);
  const paramsLayout = defineStruct('Params', paramFields);

  const ind = '    ';
  const lines: string[] = [];
  // A transient variable is a local of the step (sg_t_<name>: spikegpu's prefix, so no declared name shadows it).
  const sv = (n: string): string => (transients.has(n) ? `sg_t_${n}` : `s.${n}`);
  const names = { ...NEURON_NAMES, state: sv };
  const w = (e: Expr): string => wgslExpr(e, names);
  for (const [n, c] of transients) lines.push(`${ind}var ${sv(n)}: f32 = ${wgslNumber(c)};`);
  lines.push(`${ind}${sv(checked.inputs.exc)} = ${sv(checked.inputs.exc)} + inExc;`);
  lines.push(`${ind}${sv(checked.inputs.inh)} = ${sv(checked.inputs.inh)} + inInh;`);
  lines.push(`${ind}let sg_active = ${counter ? '!(s.sg_refr > 0)' : refractoryCondition ? `!${w(refractoryCondition)}` : 'true'};`);
  if (counter) lines.push(`${ind}if (!sg_active) {\n${ind}  s.sg_refr = s.sg_refr - 1;\n${ind}}`);
  const advance = (): void => {
    for (const l of program.lets) lines.push(`${ind}let ${l.name} = ${w(l.value)};`);
    for (const u of program.updates) lines.push(`${ind}let sg_n_${u.name} = ${w(u.value)};`);
    for (const u of program.updates) lines.push(`${ind}${sv(u.name)} = sg_n_${u.name};`);
  };
  const statements = (): void => {
    for (const u of update) lines.push(`${ind}${sv(u.target)} = ${w(u.value)};`);
  };
  const fire = (): void => {
    if (!threshold) return;
    lines.push(`${ind}if (sg_active && ${w(threshold)}) {`, `${ind}  spiked = true;`);
    for (const r of reset) lines.push(`${ind}  ${sv(r.target)} = ${w(r.value)};`);
    if (counter) lines.push(`${ind}  s.sg_refr = p.sg_refrSteps;`);
    lines.push(`${ind}}`);
  };
  for (const phase of SCHEDULE_PHASES[checked.schedule]) (phase === 'equations' ? advance : phase === 'update' ? statements : fire)();
  const body = `\n${lines.join('\n')}`;
  const header = `// ${checked.name}: a neuron model written as equations (host/equations), ${program.method} integration, ${checked.schedule}.\n` +
    `// State: ${stateNames.join(', ')}${counter ? ', sg_refr (refractory steps left)' : ''}${transients.size ? `; not stored (every step starts them at a constant): ${[...transients.keys()].join(', ')}` : ''}. Parameters: ${checked.params.map((p) => p.name).join(', ') || 'none'}.`;
  // randn(): Philox and the four-uniform normal draw (shaders/common/gauss4.wgsl.ts).
  const helpers = NO_CONTRACT_WGSL + (checked.draws > 0 ? PHILOX_WGSL + GAUSS4_WGSL : '');
  const parts: NeuronParts = { header, helpers, body, finite: stateNames };
  const exact = !everything.some(usesInexact);
  const key = digest(`${stateLayout.wgsl}\n${paramsLayout.wgsl}\n${body}`);
  const compiled: CompiledNeuronModel = { checked, program, derived, threshold, reset, update, refractoryCondition, refractoryTime, transients, body };
  const kernel = makeKernel(checked, compiled, paramsLayout, stateLayout, parts, key);
  return {
    kind: 'equations', name: checked.name, spec, method: program.method, stateVariables: stateNames, transientVariables: [...transients.keys()],
    parameters: checked.params.map((p) => ({ name: p.name, unit: formatDim(p.dim), default: p.default })), exact, key, kernel, compiled,
    resolveF64: (object, params, size, dt) => resolveParams(checked, compiled, null, key, object, params ?? {}, size, dt, false),
  };
}

function makeKernel(m: CheckedModel, c: CompiledNeuronModel, paramsLayout: StructLayout, stateLayout: StructLayout, parts: NeuronParts, key: string): NeuronKernel<EquationParams> {
  const onGpu = new Set(paramsLayout.fields.map((fl) => fl.name));
  return {
    name: m.name,
    paramsLayout,
    stateLayout,
    resolve: (object, params = {}, size, dt) => resolveParams(m, c, onGpu, key, object, params, size, dt, true),
    shader: (o) => neuronFrameWgsl({
      kernel: m.name, ...parts, workgroupSize: o.workgroupSize, perNeuronParams: o.perNeuronParams,
      frameStruct: NEURON_FRAME.wgsl, paramsStruct: paramsLayout.wgsl, stateStruct: stateLayout.wgsl, clockStruct: CLOCK.wgsl,
    }),
    parts: () => parts,
  };
}

type Getter = { scalar: boolean; at: (i: number) => number };

/**
 * A population's parameters of model m, validated per neuron. `round`: the f32 values the GPU gets
 * (derived constants computed from the f64 parameters, rounded once); otherwise every value in f64
 * (NeuronModel.resolveF64, for an f64 run of the same statements).
 */
function resolveParams(m: CheckedModel, c: CompiledNeuronModel, onGpu: ReadonlySet<string> | null, key: string, object: string, params: EquationParams,
  size: number, dt: number, round: boolean): ResolvedNeuronParams {
  const stateNames = m.states.map((s) => s.name).filter((n) => !c.transients.has(n));
  for (const [n, v] of c.transients) {
    if (params[n] !== undefined) {
      throw new InvalidParameterError(object, `params.${n}`, params[n], `no start value: '${n}' is not stored, every step starts it at ${v} (its last update statement sets it so)`);
    }
  }
  rejectUnknownKeys(`${object} params`, params, [...m.params.map((p) => p.name), ...stateNames]);
  const get = new Map<string, Getter>();
  for (const p of m.params) {
    const v = params[p.name] ?? p.default;
    if (v === undefined) throw new InvalidParameterError(object, `params.${p.name}`, undefined, `a value (${formatDim(p.dim)}): the model gives '${p.name}' no default`);
    get.set(p.name, perNeuron(object, `params.${p.name}`, v, size, requireFinite));
  }
  const init = new Map<string, Getter>();
  for (const s of stateNames) if (params[s] !== undefined) init.set(s, perNeuron(object, `params.${s}`, params[s], size, requireFinite));
  const scalar = [...get.values(), ...init.values()].every((g) => g.scalar);
  const env = (i: number): Env => ({ state: () => NaN, temp: () => NaN, active: true, dt, param: (n) => (get.get(n) as Getter).at(i) });
  const num = (e: Expr, i: number): number => evalF64(e, env(i)) as number;
  const f = round ? Math.fround : (x: number): number => x;
  return {
    scalar,
    options: { equations: key },
    at: (i): StructValues => {
      const out: Record<string, number> = {};
      for (const p of m.params) if (!onGpu || onGpu.has(p.name)) out[p.name] = f((get.get(p.name) as Getter).at(i));
      for (const d of c.derived) out[d.name] = f(num(d.expr, i));
      if (c.refractoryTime) {
        const ms = num(c.refractoryTime, i);
        if (!(ms >= 0) || !Number.isFinite(ms)) throw new InvalidParameterError(object, scalar ? 'refractory' : `refractory[${i}]`, ms, 'a period >= 0 ms');
        out.sg_refrSteps = refractorySteps(object, 'refractory', ms, dt);
      }
      if (onGpu?.has('sg_none')) out.sg_none = 0;
      return out;
    },
    initialState: (i): StructValues => {
      const out: Record<string, number> = {};
      for (const s of stateNames) out[s] = f(init.has(s) ? (init.get(s) as Getter).at(i) : num(m.initial[s] as Expr, i));
      if (c.refractoryTime) out.sg_refr = 0;
      return out;
    },
  };
}

/** True when `model` is a compiled equation model (not a built-in model's name). */
export function isNeuronModel(model: unknown): model is NeuronModel {
  return typeof model === 'object' && model !== null && (model as { kind?: unknown }).kind === 'equations' && typeof (model as { kernel?: unknown }).kernel === 'object';
}

const compiledSpecs = new WeakMap<object, NeuronModel>();

/**
 * A population's `model` when it is not a built-in name: a compiled NeuronModel as is, or a spec
 * object (a network file's model object) compiled once per object. Undefined for anything else.
 */
export function neuronModelOf(model: unknown, object = 'neuron model'): NeuronModel | undefined {
  if (isNeuronModel(model)) return model;
  if (typeof model !== 'object' || model === null || Array.isArray(model)) return undefined;
  let m = compiledSpecs.get(model);
  if (!m) {
    m = defineNeuronModel(model as NeuronModelSpec, object);
    compiledSpecs.set(model, m);
  }
  return m;
}
