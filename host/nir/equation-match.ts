/**
 * NIR export of a population written as equations: NIR's nodes are fixed models, so an equation
 * model exports where it *is* one of the built-in models NIR export knows (lif -> LIF / CubaLIF, iaf ->
 * IF / CubaIF), that is, where it compiles to the very statements of that model's equation file
 * (host/equations/library/: lif, lifSoft, iaf, iafSoft; each bit for bit its hand-written kernel,
 * kernels-tests/equations.spec.ts) with the same refractory period and start values. The match is on
 * the generated code (the model's key: state and parameter layouts and the WGSL body), so the model's
 * name and its parameters' defaults do not matter, while any change of a line (even its order) does.
 */
import { defineNeuronModel, type NeuronModelSpec } from '../equations/neuron-model.js';
import { IAF_EQUATIONS, IAF_SOFT_EQUATIONS } from '../equations/library/iaf.js';
import { LIF_EQUATIONS, LIF_SOFT_EQUATIONS } from '../equations/library/lif.js';

const CANDIDATES: { spec: NeuronModelSpec; model: 'lif' | 'iaf'; reset: 'hard' | 'soft' }[] = [
  { spec: LIF_EQUATIONS, model: 'lif', reset: 'hard' },
  { spec: LIF_SOFT_EQUATIONS, model: 'lif', reset: 'soft' },
  { spec: IAF_EQUATIONS, model: 'iaf', reset: 'hard' },
  { spec: IAF_SOFT_EQUATIONS, model: 'iaf', reset: 'soft' },
];

let keys: string[] | null = null;

/** JSON of a value with object keys sorted (a comparison of spec fields that ignores key order). */
const canonical = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))) : x));

/**
 * The built-in model and its params equal to a population written as equations, or null when its
 * equations are no built-in model's. `params`: the population's values (parameters and start values).
 */
export function builtinForEquations(spec: NeuronModelSpec, params: Record<string, unknown> | undefined): { model: 'lif' | 'iaf'; params: Record<string, unknown>; name: string } | null {
  keys ??= CANDIDATES.map((c) => defineNeuronModel(c.spec).key);
  const key = defineNeuronModel(spec).key;
  const k = keys.indexOf(key);
  if (k < 0) return null;
  const c = CANDIDATES[k]!;
  if (canonical(spec.refractory) !== canonical(c.spec.refractory) || canonical(spec.initial ?? {}) !== canonical(c.spec.initial)) return null;
  const out: Record<string, unknown> = { ...(spec.parameters ?? {}), reset: c.reset };
  for (const [n, v] of Object.entries(params ?? {})) {
    if (n === 'v') out.v0 = v;
    else out[n] = v;
  }
  return { model: c.model, params: out, name: c.spec.name ?? c.model };
}
