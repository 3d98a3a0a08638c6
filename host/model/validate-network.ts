/**
 * Validates a NetworkModel before anything is allocated. Errors name the JSON path of the field
 * (e.g. `projections[2].connectivity.p`), the value and what is allowed.
 */
import { InvalidParameterError } from '../errors.js';
import { MODEL_NAMES, MODELS, type ModelName } from '../kernels/models.js';
import { resolveNeuronParams } from '../kernels/neuron-kernel.js';
import { neuronModelOf } from '../equations/neuron-model.js';
import type { Initializer, ProjectionModel } from './network.js';
import { resolveSynapse } from '../learn/plasticity.js';
import { proceduralSupport } from '../kernels/procedural.js';
import { requireFinite, requireInteger, requireName, requireNonNegative, requireOneOf, rejectUnknownKeys } from '../validate.js';

const RULES = ['allToAll', 'oneToOne', 'fixedProbability', 'fixedInDegree', 'fixedOutDegree', 'fixedTotalNumber', 'explicit'] as const;

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

export function validateInitializer(object: string, path: string, init: unknown, kind: 'weight' | 'delay'): void {
  if (typeof init === 'number') {
    requireFinite(object, path, init);
    return;
  }
  if (!isObject(init)) throw new InvalidParameterError(object, path, init, 'a number or { dist: "constant" | "uniform" | "normal" | "lognormal", ... }');
  const dist = requireOneOf(object, `${path}.dist`, init.dist, kind === 'delay' ? ['constant', 'uniform', 'normal'] as const : ['constant', 'uniform', 'normal', 'lognormal'] as const);
  const keys: Record<string, string[]> = { constant: ['value'], uniform: ['low', 'high'], normal: ['mean', 'sd', 'low', 'high'], lognormal: ['mu', 'sigma'] };
  rejectUnknownKeys(`${object} ${path}`, init, ['dist', ...(keys[dist] ?? [])]);
  for (const k of keys[dist] ?? []) {
    if (init[k] === undefined && (dist !== 'normal' || (k !== 'low' && k !== 'high'))) {
      throw new InvalidParameterError(object, `${path}.${k}`, undefined, 'a finite number');
    }
    if (init[k] !== undefined) requireFinite(object, `${path}.${k}`, init[k]);
  }
  if (dist === 'uniform' && (init.low as number) > (init.high as number)) {
    throw new InvalidParameterError(object, `${path}.high`, init.high, `a value >= low = ${String(init.low)}`);
  }
  if (dist === 'normal') requireNonNegative(object, `${path}.sd`, init.sd);
  if (dist === 'normal' && kind === 'delay' && init.low !== undefined) requireNonNegative(object, `${path}.low`, init.low, 'ms');
  if (dist === 'lognormal') requireNonNegative(object, `${path}.sigma`, init.sigma);
}

/** Conductances cannot be negative: every weight a projection can produce must be >= 0. */
function requireNonNegativeWeights(object: string, path: string, q: Record<string, unknown>): void {
  const allowed = 'a weight >= 0 (conductance-based channels of lifCond take conductances in uS; use target "inh" for inhibition)';
  const c = q.connectivity as Record<string, unknown>;
  if (c.rule === 'explicit' && Array.isArray(c.weight)) {
    c.weight.forEach((w: number, s: number) => { if (w < 0) throw new InvalidParameterError(object, `${path}.connectivity.weight[${s}]`, w, allowed); });
    return;
  }
  const w = q.weight as Initializer;
  if (typeof w === 'number') {
    if (w < 0) throw new InvalidParameterError(object, `${path}.weight`, w, allowed);
    return;
  }
  const lowest = w.dist === 'constant' ? w.value : w.dist === 'uniform' ? w.low : w.dist === 'normal' ? (w.low ?? -Infinity) : 0;
  if (lowest < 0) {
    throw new InvalidParameterError(object, `${path}.weight${w.dist === 'constant' ? '.value' : '.low'}`, w.dist === 'normal' ? (w.low ?? '(unbounded)') : lowest, allowed);
  }
}

/** Initial weights of a plastic projection lie within its rule's bounds. */
function requireWithin(object: string, field: string, w: number, rule: { wMin: number; wMax: number }): void {
  if (!(w >= rule.wMin && w <= rule.wMax)) throw new InvalidParameterError(object, field, w, `a weight within the rule's bounds [wMin, wMax] = [${rule.wMin}, ${rule.wMax}]`);
}

/** True when a delay initialiser gives every synapse the same delay. */
export function oneDelay(d: unknown): boolean {
  return d === undefined || typeof d === 'number' || (typeof d === 'object' && d !== null && (d as { dist?: string }).dist === 'constant');
}

/** Throws InvalidParameterError for the first problem found; returns population sizes by name. */
export function validateNetwork(network: unknown, dt: number): Map<string, { index: number; size: number; model: string }> {
  const object = 'network';
  if (!isObject(network)) throw new InvalidParameterError(object, '(root)', network, 'an object { populations, projections }');
  rejectUnknownKeys(object, network, ['populations', 'projections']);
  if (!Array.isArray(network.populations) || network.populations.length === 0) {
    throw new InvalidParameterError(object, 'populations', network.populations, 'a non-empty array of populations');
  }
  const projections = network.projections ?? [];
  if (!Array.isArray(projections)) throw new InvalidParameterError(object, 'projections', projections, 'an array of projections');
  const pops = new Map<string, { index: number; size: number; model: ModelName | 'equations' }>();
  (network.populations as unknown[]).forEach((p, index) => {
    const path = `populations[${index}]`;
    if (!isObject(p)) throw new InvalidParameterError(object, path, p, 'a population object');
    rejectUnknownKeys(`${object} ${path}`, p, ['name', 'size', 'model', 'params']);
    const name = requireName(object, `${path}.name`, p.name);
    if (pops.has(name)) throw new InvalidParameterError(object, `${path}.name`, name, 'a name not used by another population');
    const custom = neuronModelOf(p.model, `${object} ${path}.model`);
    const model = custom ? 'equations' : requireOneOf(object, `${path}.model`, p.model, MODEL_NAMES);
    const size = requireInteger(object, `${path}.size`, p.size, 1, 2 ** 31 - 1);
    const where = `${object} ${path} ('${name}')`;
    if (custom) resolveNeuronParams(custom.kernel, where, p.params, size, dt);
    else MODELS[model as ModelName].check(where, p.params, size, dt);
    pops.set(name, { index, size, model });
  });
  const names = new Set<string>();
  projections.forEach((q: unknown, index: number) => {
    const path = `projections[${index}]`;
    if (!isObject(q)) throw new InvalidParameterError(object, path, q, 'a projection object');
    rejectUnknownKeys(`${object} ${path}`, q, ['name', 'pre', 'post', 'target', 'connectivity', 'weight', 'delayMs', 'storage', 'synapse']);
    const qname = requireName(object, `${path}.name`, q.name);
    if (names.has(qname)) throw new InvalidParameterError(object, `${path}.name`, qname, 'a name not used by another projection');
    names.add(qname);
    const known = [...pops.keys()].map((n) => JSON.stringify(n)).join(', ');
    const pre = pops.get(q.pre as string);
    if (!pre) throw new InvalidParameterError(object, `${path}.pre`, q.pre, `the name of a population (${known})`);
    const post = pops.get(q.post as string);
    if (!post) throw new InvalidParameterError(object, `${path}.post`, q.post, `the name of a population (${known})`);
    if (post.model !== 'equations' && MODELS[post.model].kind === 'source') throw new InvalidParameterError(object, `${path}.post`, q.post, `a neuron population (${post.model} sources take no input)`);
    requireOneOf(object, `${path}.target`, q.target, ['exc', 'inh'] as const);
    const c = q.connectivity;
    if (!isObject(c)) throw new InvalidParameterError(object, `${path}.connectivity`, c, `{ rule: ${RULES.join(' | ')}, ... }`);
    const rule = requireOneOf(object, `${path}.connectivity.rule`, c.rule, RULES);
    const cpath = `${path}.connectivity`;
    const ruleKeys: Record<string, string[]> = {
      allToAll: ['autapses'], oneToOne: [], fixedProbability: ['p', 'autapses'], fixedInDegree: ['k', 'autapses'],
      fixedOutDegree: ['k', 'autapses'], fixedTotalNumber: ['n', 'multapses', 'autapses'], explicit: ['pre', 'post', 'weight', 'delayMs'],
    };
    rejectUnknownKeys(`${object} ${cpath}`, c, ['rule', ...(ruleKeys[rule] ?? [])]);
    if (c.autapses !== undefined && typeof c.autapses !== 'boolean') throw new InvalidParameterError(object, `${cpath}.autapses`, c.autapses, 'true or false');
    if (rule === 'fixedProbability') {
      if (typeof c.p !== 'number' || !(c.p >= 0 && c.p <= 1)) throw new InvalidParameterError(object, `${cpath}.p`, c.p, 'a probability in [0, 1]');
    }
    if (rule === 'fixedInDegree') requireInteger(object, `${cpath}.k`, c.k, 0, pre.size - (q.pre === q.post && c.autapses !== true ? 1 : 0));
    if (rule === 'fixedOutDegree') requireInteger(object, `${cpath}.k`, c.k, 0, post.size - (q.pre === q.post && c.autapses !== true ? 1 : 0));
    if (rule === 'fixedTotalNumber') {
      if (c.multapses !== undefined && typeof c.multapses !== 'boolean') throw new InvalidParameterError(object, `${cpath}.multapses`, c.multapses, 'true or false');
      const pairs = pre.size * (post.size - (q.pre === q.post && c.autapses !== true ? 1 : 0));
      requireInteger(object, `${cpath}.n`, c.n, 0, c.multapses === false ? pairs : pairs > 0 ? 2 ** 32 - 1 : 0);
    }
    if (rule === 'oneToOne' && pre.size !== post.size) {
      throw new InvalidParameterError(object, `${cpath}.rule`, rule, `pre and post of equal size (got ${pre.size} and ${post.size})`);
    }
    if (rule === 'explicit') {
      if (!Array.isArray(c.pre) || !Array.isArray(c.post) || c.pre.length !== c.post.length) {
        throw new InvalidParameterError(object, `${cpath}.post`, c.post, `an array as long as connectivity.pre (${Array.isArray(c.pre) ? c.pre.length : 'missing'})`);
      }
      c.pre.forEach((v: unknown, s: number) => requireInteger(object, `${cpath}.pre[${s}]`, v, 0, pre.size - 1));
      c.post.forEach((v: unknown, s: number) => requireInteger(object, `${cpath}.post[${s}]`, v, 0, post.size - 1));
      for (const k of ['weight', 'delayMs'] as const) {
        const arr = c[k];
        if (arr === undefined) continue;
        if (!Array.isArray(arr) || arr.length !== c.pre.length) throw new InvalidParameterError(object, `${cpath}.${k}`, arr, `an array of length ${c.pre.length}`);
        arr.forEach((v: unknown, s: number) => requireFinite(object, `${cpath}.${k}[${s}]`, v));
      }
    }
    if (!(rule === 'explicit' && Array.isArray(c.weight))) validateInitializer(object, `${path}.weight`, q.weight, 'weight');
    if (post.model === 'lifCond') requireNonNegativeWeights(object, path, q);
    if (q.delayMs !== undefined) validateInitializer(object, `${path}.delayMs`, q.delayMs, 'delay');
    const storage = requireOneOf(object, `${path}.storage`, q.storage ?? 'auto', ['auto', 'sparse', 'dense', 'procedural'] as const);
    const noProcedural = proceduralSupport(q as unknown as ProjectionModel);
    if (storage === 'procedural' && noProcedural) throw new InvalidParameterError(object, `${path}.storage`, storage, `'sparse' or 'auto': ${noProcedural}`);
    if (storage === 'dense' && (rule !== 'allToAll' || !oneDelay(q.delayMs))) {
      throw new InvalidParameterError(object, `${path}.storage`, storage, "'sparse' or 'auto': 'dense' needs allToAll connectivity and one delay for the projection");
    }
    const plastic = resolveSynapse(object, `${path}.synapse`, q.synapse, dt, qname);
    if (plastic) {
      const source = plastic.modulator?.population;
      if (source !== undefined && source !== null && !pops.has(source)) {
        throw new InvalidParameterError(object, `${path}.synapse.modulator.population`, source, `the name of a population (${known})`);
      }
      const why = 'a plastic synapse needs stored weights';
      if (storage === 'procedural') throw new InvalidParameterError(object, `${path}.storage`, storage, `'sparse', 'dense' or 'auto' (${why}; procedural synapses are regenerated, not stored)`);
      if (!oneDelay(q.delayMs) || (rule === 'explicit' && c.delayMs !== undefined)) {
        throw new InvalidParameterError(object, `${path}.delayMs`, q.delayMs ?? c.delayMs, 'one delay for the projection (a plastic synapse sees each spike at one time; use several projections for several delays)');
      }
      if (rule === 'explicit' && Array.isArray(c.weight)) {
        c.weight.forEach((w: number, s: number) => requireWithin(object, `${path}.connectivity.weight[${s}]`, w, plastic.rule));
      } else {
        const w = q.weight as Initializer;
        const range = typeof w === 'number' ? [w, w] : w.dist === 'constant' ? [w.value, w.value] : w.dist === 'uniform' ? [w.low, w.high] : [];
        range.forEach((v, k) => requireWithin(object, `${path}.weight${typeof w === 'number' ? '' : w.dist === 'constant' ? '.value' : k === 0 ? '.low' : '.high'}`, v, plastic.rule));
      }
    }
  });
  return pops;
}

