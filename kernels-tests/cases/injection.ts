/**
 * Shader-code injection: every string field of a network model (names, model and rule names, enum
 * values, parameter keys) is set in turn to a payload that would end a WGSL comment and add a loop
 * if it were pasted into a shader. Each must be refused with a typed error before any shader is
 * built, by Simulator.build on both paths (fused and per-step) and by the JSON Schema of model files.
 */
import type { NeuronModelSpec } from '../../host/equations/check';
import { EquationError } from '../../host/equations/errors';
import { SpikeGpuError } from '../../host/errors';
import type { GpuContext } from '../../host/gpu/context';
import { validateNetworkSchema } from '../../host/model/schema';
import type { NetworkModel } from '../../host/model/network';
import { createPopulation, type PopulationOptions } from '../../host/sim/population';
import { Simulator } from '../../host/sim/simulator';

export const INJECTION_PAYLOAD = "x'\nfor (var i = 0u; i < 4000000000u; i = i + 1u) { atomicAdd(&hdr[0], 1u); }\n//";

export interface InjectionReport {
  field: string;
  path: 'fused' | 'per-step' | 'schema' | 'population';
  threw: boolean;
  name: string;
  message: string;
  /** Where an EquationError put the payload: its line in the field's text. */
  line?: number;
}

/**
 * A population written as equations (docs/models.md), so that every string field of that format
 * (name, equations, threshold, reset, update, schedule, refractory, method, initial values, inputs) and its keys are tried.
 */
const EQUATION_MODEL: NeuronModelSpec = {
  name: 'leaky',
  equations: 'dv/dt = (vRest - v + rMem*(I_exc + I_inh))/tauMem : mV (unless refractory)\ndI_exc/dt = -I_exc/tauSyn : nA\ndI_inh/dt = -I_inh/tauSyn : nA\nvRest : mV\nvTh : mV\nrMem : MOhm\ntauMem : ms\ntauSyn : ms\nvMax : mV',
  threshold: 'v > vTh',
  reset: 'v = vRest',
  update: 'vMax = max(vMax, v)',
  schedule: 'update-first',
  refractory: 'v > vTh + 100*mV',
  method: { v: 'exponential_euler', I_exc: 'exact', I_inh: 'exact' },
  parameters: { vRest: -65, vTh: -50, rMem: 40, tauMem: 10, tauSyn: 5 },
  initial: { v: 'vRest' },
  inputs: { exc: 'I_exc', inh: 'I_inh' },
};

/**
 * The fields of a model written as equations that hold the language's text. A JSON Schema cannot
 * parse them (it only bounds their length), so for these the schema may accept the payload: the
 * refusal must come from the equation parser, as an EquationError (an InvalidParameterError) that
 * names the field, the line and the column. A name, method, input or key is refused by the schema too.
 */
export const FREE_TEXT_FIELD = /^populations\.3\.model\.(equations|threshold|reset|update|refractory|initial\.v)( \+ payload)?$/;

/** The same for a synapse rule written as equations (the plastic model's projection 0). */
export const FREE_TEXT_RULE_FIELD = /^plastic: projections\.0\.synapse\.(equations|onPre|onPost|onStep|initial\.c)( \+ payload)?$/;

/** A synapse rule written as equations with every field of that format: traces, a clock-driven variable, three blocks, an initial expression. */
const EQUATION_RULE = {
  name: 'injected',
  equations: 'dx/dt = -x/tau : 1 (event-driven)\ndy/dt = -y/tau : 1 (event-driven)\ndc/dt = -c/tau : 1 (clock-driven)\ntau : ms\na : 1',
  onPre: 'x += 1\nc = c - a*y',
  onPost: 'y += 1\nc = c + a*x',
  onStep: 'w = w + a*c',
  method: 'exact',
  parameters: { tau: 20, a: 0.01 },
  initial: { c: 'a' },
  wMin: 0,
  wMax: 3,
};

/** A plastic network (per-step path only: plastic projections do not run fused) whose projection 0 learns by the rule above. */
function plasticModel(): NetworkModel {
  return {
    populations: [
      { name: 'in', model: 'poisson', size: 8, params: { rates: 50 } },
      { name: 'e', model: 'lif', size: 20, params: { tauMem: 10 } },
    ],
    projections: [
      { name: 'in->e', pre: 'in', post: 'e', target: 'exc', connectivity: { rule: 'allToAll' }, weight: 2, synapse: EQUATION_RULE },
    ],
  } as NetworkModel;
}

function baseModel(): NetworkModel {
  return {
    populations: [
      { name: 'in', model: 'poisson', size: 8, params: { rates: 50 } },
      { name: 'e', model: 'lif', size: 20, params: { reset: 'hard', tauMem: 10 } },
      { name: 'i', model: 'lif', size: 10 },
      { name: 'q', size: 6, model: EQUATION_MODEL, params: { tauMem: 12 } },
    ],
    projections: [
      { name: 'in->e', pre: 'in', post: 'e', target: 'exc', connectivity: { rule: 'fixedProbability', p: 0.5 }, weight: { dist: 'uniform', low: 1, high: 2 }, delayMs: { dist: 'uniform', low: 0.5, high: 1.5 } },
      { name: 'e->i', pre: 'e', post: 'i', target: 'exc', connectivity: { rule: 'allToAll' }, weight: 0.5, storage: 'sparse' },
      { name: 'i->e', pre: 'i', post: 'e', target: 'inh', connectivity: { rule: 'fixedOutDegree', k: 3 }, weight: -1 },
      { name: 'in->q', pre: 'in', post: 'q', target: 'exc', connectivity: { rule: 'allToAll' }, weight: 2 },
    ],
  };
}

/** Every string-valued field of the base model, and a setter putting the payload there. */
function stringFields(): Array<[string, (m: Record<string, any>) => void]> { // eslint-disable-line @typescript-eslint/no-explicit-any -- free-form JSON
  return fieldsOf(baseModel());
}

/** Every string-valued field of the plastic model (prefixed 'plastic: '), and a setter. */
function plasticFields(): Array<[string, (m: Record<string, any>) => void]> { // eslint-disable-line @typescript-eslint/no-explicit-any -- free-form JSON
  const fields = fieldsOf(plasticModel(), false).map(([f, set]) => [`plastic: ${f}`, set] as [string, typeof set]);
  const syn = (m: Record<string, any>) => m.projections[0].synapse; // eslint-disable-line @typescript-eslint/no-explicit-any -- free-form JSON
  fields.push(['plastic: projections.0.synapse.parameters.<key>', (m) => { syn(m).parameters[INJECTION_PAYLOAD] = 1; }]);
  fields.push(['plastic: projections.0.synapse.initial.<key>', (m) => { syn(m).initial[INJECTION_PAYLOAD] = 0; }]);
  fields.push(['plastic: projections.0.synapse.<key>', (m) => { syn(m)[INJECTION_PAYLOAD] = 1; }]);
  for (const f of ['equations', 'onPre', 'onPost', 'onStep'] as const) fields.push([`plastic: projections.0.synapse.${f} + payload`, (m) => { syn(m)[f] += INJECTION_PAYLOAD; }]);
  fields.push(['plastic: projections.0.synapse.initial.c + payload', (m) => { syn(m).initial.c += INJECTION_PAYLOAD; }]);
  return fields;
}

function fieldsOf(base: NetworkModel, extras = true): Array<[string, (m: Record<string, any>) => void]> { // eslint-disable-line @typescript-eslint/no-explicit-any -- free-form JSON
  const fields: Array<[string, (m: Record<string, any>) => void]> = []; // eslint-disable-line @typescript-eslint/no-explicit-any -- free-form JSON
  const walk = (value: unknown, path: (string | number)[]): void => {
    if (typeof value === 'string') {
      fields.push([path.join('.'), (m) => {
        let o = m;
        for (const k of path.slice(0, -1)) o = o[k];
        o[path[path.length - 1]!] = INJECTION_PAYLOAD;
      }]);
    } else if (Array.isArray(value)) value.forEach((v, k) => walk(v, [...path, k]));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
  };
  walk(base, []);
  if (!extras) return fields;
  // Keys are strings too: a parameter, an initialiser field and a top-level key named by the payload.
  fields.push(['populations.1.params.<key>', (m) => { m.populations[1].params[INJECTION_PAYLOAD] = 1; }]);
  fields.push(['projections.0.weight.<key>', (m) => { m.projections[0].weight[INJECTION_PAYLOAD] = 1; }]);
  fields.push(['<key>', (m) => { m[INJECTION_PAYLOAD] = []; }]);
  fields.push(['populations.3.model.parameters.<key>', (m) => { m.populations[3].model.parameters[INJECTION_PAYLOAD] = 1; }]);
  fields.push(['populations.3.model.initial.<key>', (m) => { m.populations[3].model.initial[INJECTION_PAYLOAD] = 0; }]);
  fields.push(['populations.3.model.method.<key>', (m) => { m.populations[3].model.method[INJECTION_PAYLOAD] = 'exact'; }]);
  fields.push(['populations.3.params.<key>', (m) => { m.populations[3].params[INJECTION_PAYLOAD] = 1; }]);
  // Valid text with the payload after it: the parser must refuse the rest, not stop at the first line.
  for (const f of ['equations', 'threshold', 'reset', 'update', 'refractory'] as const) {
    fields.push([`populations.3.model.${f} + payload`, (m) => { m.populations[3].model[f] += INJECTION_PAYLOAD; }]);
  }
  fields.push(['populations.3.model.initial.v + payload', (m) => { m.populations[3].model.initial.v += INJECTION_PAYLOAD; }]);
  return fields;
}

async function attempt(field: string, path: InjectionReport['path'], fn: () => unknown): Promise<InjectionReport> {
  try {
    const r = await fn();
    (r as { destroy?: () => void } | undefined)?.destroy?.();
    return { field, path, threw: false, name: '', message: '' };
  } catch (e) {
    const report: InjectionReport = { field, path, threw: true, name: e instanceof SpikeGpuError ? e.name : `untyped ${(e as Error).name}`, message: String((e as Error).message) };
    if (e instanceof EquationError) report.line = e.line;
    return report;
  }
}

export async function injectionAttempts(ctx: GpuContext): Promise<{ reports: InjectionReport[]; controlSpikes: number; controlFused: boolean }> {
  // The unmodified model builds and runs on both paths, so each refusal below is the payload's doing.
  let controlSpikes = 0;
  let controlFused = false;
  for (const fused of ['on', 'off'] as const) {
    const sim = await Simulator.build(ctx, baseModel(), { dt: 0.5, fused, seed: 3 });
    if (fused === 'on') controlFused = sim.isFused;
    await sim.run({ steps: 200 });
    const c = await sim.readCounters();
    controlSpikes += Object.values(c.populations).reduce((a, p) => a + p.spikes, 0);
    sim.destroy();
  }
  const reports: InjectionReport[] = [];
  for (const [field, set] of stringFields()) {
    const model = structuredClone(baseModel()) as unknown as Record<string, unknown>;
    set(model);
    reports.push(await attempt(field, 'schema', () => validateNetworkSchema(model)));
    reports.push(await attempt(field, 'fused', () => Simulator.build(ctx, model as unknown as NetworkModel, { dt: 0.5, fused: 'on' })));
    reports.push(await attempt(field, 'per-step', () => Simulator.build(ctx, model as unknown as NetworkModel, { dt: 0.5, fused: 'off' })));
  }
  // The plastic model: it builds and learns per step; each field's payload is refused by the schema and the build.
  const control = await Simulator.build(ctx, plasticModel(), { dt: 0.5, seed: 3 });
  await control.run({ steps: 200 });
  controlSpikes += Object.values((await control.readCounters()).populations).reduce((a, p) => a + p.spikes, 0);
  control.destroy();
  for (const [field, set] of plasticFields()) {
    const model = structuredClone(plasticModel()) as unknown as Record<string, unknown>;
    set(model);
    reports.push(await attempt(field, 'schema', () => validateNetworkSchema(model)));
    reports.push(await attempt(field, 'per-step', () => Simulator.build(ctx, model as unknown as NetworkModel, { dt: 0.5 })));
  }
  for (const model of ['lif', 'izhikevich', 'poisson'] as const) {
    const params = model === 'poisson' ? { rates: 1 } : {};
    reports.push(await attempt(`createPopulation(${model}).name`, 'population', () => createPopulation(ctx, { model, size: 4, dt: 1, name: INJECTION_PAYLOAD, params } as PopulationOptions)));
  }
  return { reports, controlSpikes, controlFused };
}
