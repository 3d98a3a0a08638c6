/**
 * A NIR graph as a Simulator network: each neuron node a population, each top-level Input a
 * spikeArray population, and every path of linear nodes (Affine, Linear, Scale, Delay, Conv, pooling,
 * Flatten, nested graphs' Input / Output) from a population to a neuron node composed into one
 * explicit projection (several edges into a node are summed; recurrent paths become recurrent
 * projections). Discretisation, units and the reset rule are the caller's choice, stated in
 * docs/nir.md and in the result.
 */
import { FileFormatError, InvalidParameterError, LimitExceededError } from '../errors.js';
import type { NetworkModel, PopulationModel, ProjectionModel } from '../model/network.js';
import { requireInteger, requireOneOf, requirePositive } from '../validate.js';
import { elements, type NirGraph } from './graph.js';
import { flattenGraph, isNeuron, values, type FlatNode } from './flat.js';
import { applyBias, applyOp, identityOp, nodeOp, sumMaps, type SparseMap } from './ops.js';

/**
 * How NIR's continuous-time equations become steps of dt. `integrator`: 'exponential' (exact decay
 * exp(-dt/tau) with the input current held over the step, spikegpu's kernels) or 'euler' (forward
 * Euler, decay 1 - dt/tau). `input`: 'impulse' (a spike is a Dirac impulse of area 1, as NIR's
 * equations read: it moves I by w_in/tau_syn, or v by r/tau) or 'step' (a spike is an input of 1
 * held for one step, as discrete-time frameworks export their models).
 */
export interface NirDiscretisation {
  integrator: 'exponential' | 'euler';
  input: 'impulse' | 'step';
  /**
   * A subtractive reset takes effect with the next step's decay: v_t = decay v_{t-1} + input - threshold
   * (snnTorch's default, reset_delay=True). Default false: the threshold is subtracted in the spike's step.
   */
  delayedReset?: boolean;
}

/** Named discretisations: 'exact' (default), 'euler' (Norse-like), 'snntorch' (beta = 1 - dt/tau, one step per input). */
export const NIR_DISCRETISATIONS = {
  exact: { integrator: 'exponential', input: 'impulse' },
  euler: { integrator: 'euler', input: 'impulse' },
  snntorch: { integrator: 'euler', input: 'step', delayedReset: true },
  zoh: { integrator: 'exponential', input: 'step' },
} as const satisfies Record<string, NirDiscretisation>;
export type NirDiscretisationName = keyof typeof NIR_DISCRETISATIONS;

export interface NirImportOptions {
  /** Time step (ms), > 0. */
  dt: number;
  /** Unit of the file's time constants and delays: 's' (NIR's convention, default) or 'ms'. */
  timeUnit?: 's' | 'ms';
  /** Default 'exact'. */
  discretisation?: NirDiscretisationName | NirDiscretisation;
  /**
   * Reset of LIF / CubaLIF after a spike: 'auto' (default: to v_reset where the node stores it, as NIR
   * >= 1.0.6; by subtracting the threshold where it does not, as NIR before 1.0.6, with a warning),
   * 'to-v-reset' (always to v_reset, 0 when absent: what NIR >= 1.0.6's reader does) or 'subtract'.
   */
  reset?: 'auto' | 'to-v-reset' | 'subtract';
  /**
   * The most elements (the inputs and outputs of every node, summed) the import plans for, default
   * NIR_IMPORT_MAX_ELEMENTS (2^26): a graph declaring more is refused with a LimitExceededError
   * before anything is allocated.
   */
  maxElements?: number;
  /** Spikes of each top-level Input node (by NIR name): times (ms) and element indices. Default none. */
  inputs?: Map<string, { times: number[]; indices: number[] }> | Record<string, { times: number[]; indices: number[] }>;
}

export interface NirNetwork {
  network: NetworkModel;
  /** NIR node path ("." joined) -> population name, for every neuron and Input node. */
  populations: Map<string, string>;
  inputs: { node: string; population: string; size: number }[];
  /** Each top-level Output, the population it reads and whether that population spikes (LI / CubaLI do not: read their membrane). */
  outputs: { node: string; population: string; spiking: boolean }[];
  discretisation: NirDiscretisation;
  dt: number;
  warnings: string[];
}

/** The default of NirImportOptions.maxElements: 2^26 elements, a few GiB of host memory at most. */
export const NIR_IMPORT_MAX_ELEMENTS = 2 ** 26;

const NAME_OK = /^[A-Za-z0-9_][A-Za-z0-9_.>-]{0,63}$/;

function populationName(path: string[], used: Set<string>): string {
  let base = path.join('.').replace(/[^A-Za-z0-9_.>-]/g, '_').replace(/^[.>-]+/, '');
  if (base === '') base = 'node';
  base = base.slice(0, 56);
  let name = NAME_OK.test(base) ? base : `n_${base}`.slice(0, 56);
  for (let k = 2; used.has(name); k++) name = `${base}_${k}`;
  used.add(name);
  return name;
}

/** The discretisation a name or object stands for (validated). */
export function resolveDiscretisation(d: NirImportOptions['discretisation']): NirDiscretisation {
  if (d === undefined) return NIR_DISCRETISATIONS.exact;
  if (typeof d === 'string') {
    requireOneOf('NIR import', 'discretisation', d, Object.keys(NIR_DISCRETISATIONS) as NirDiscretisationName[]);
    return NIR_DISCRETISATIONS[d];
  }
  if (typeof d !== 'object' || d === null) throw new InvalidParameterError('NIR import', 'discretisation', d, `one of ${Object.keys(NIR_DISCRETISATIONS).join(', ')} or { integrator, input }`);
  requireOneOf('NIR import', 'discretisation.integrator', d.integrator, ['exponential', 'euler'] as const);
  requireOneOf('NIR import', 'discretisation.input', d.input, ['impulse', 'step'] as const);
  if (d.delayedReset !== undefined && typeof d.delayedReset !== 'boolean') throw new InvalidParameterError('NIR import', 'discretisation.delayedReset', d.delayedReset, 'true or false');
  return { integrator: d.integrator, input: d.input, ...(d.delayedReset ? { delayedReset: true } : {}) };
}

const compact = (v: Float64Array): number | number[] => (v.every((x) => x === v[0]) ? v[0]! : Array.from(v));

/** The discretisation spikegpu's exporter recorded in a graph's metadata, if any. */
export function metadataDiscretisation(graph: NirGraph): NirImportOptions['discretisation'] {
  const m = graph.metadata?.get('discretisation');
  if (typeof m !== 'string') return undefined;
  const [integrator, input] = m.split('/');
  if ((integrator === 'exponential' || integrator === 'euler') && (input === 'impulse' || input === 'step')) return { integrator, input };
  return undefined;
}

/** Converts a NIR graph into a Simulator network model (see NirImportOptions). `file` names it in errors. */
export function nirToNetwork(graph: NirGraph, o: NirImportOptions, file = 'NIR graph'): NirNetwork {
  const dt = requirePositive('NIR import', 'dt', o.dt, 'ms');
  const unit = requireOneOf('NIR import', 'timeUnit', o.timeUnit ?? 's', ['s', 'ms'] as const);
  const toMs = unit === 's' ? 1000 : 1;
  const disc = resolveDiscretisation(o.discretisation ?? metadataDiscretisation(graph));
  const resetRule = requireOneOf('NIR import', 'reset', o.reset ?? 'auto', ['auto', 'to-v-reset', 'subtract'] as const);
  const inputSpikes = o.inputs instanceof Map ? o.inputs : new Map(Object.entries(o.inputs ?? {}));
  const maxElements = o.maxElements === undefined ? NIR_IMPORT_MAX_ELEMENTS : requireInteger('NIR import', 'maxElements', o.maxElements, 1, Number.MAX_SAFE_INTEGER);
  const flat = flattenGraph(graph, file);
  // The import's plan, from the shapes alone: every element of every node costs host memory here
  // (parameters, gains, identity maps, operators), so a graph that declares more than maxElements is
  // refused before anything is made; the Simulator's plan then bounds what the device must hold.
  let total = 0;
  for (const n of flat.nodes.values()) {
    total += elements(n.inShape) + elements(n.outShape);
    if (total > maxElements) {
      throw new LimitExceededError('NIR import', `the elements of its nodes' inputs and outputs (node ${JSON.stringify(n.path.join('.'))} has shape (${n.outShape.join(', ')}))`, total, maxElements,
        'Import a smaller graph, or raise the maxElements option (about 100 bytes of host memory per element).', "the import's plan (option maxElements) allows");
    }
  }
  const warnings: string[] = [];
  const populations: PopulationModel[] = [];
  const names = new Map<string, string>();
  const used = new Set<string>();
  const dotted = (n: FlatNode): string => n.path.join('.');
  const at = (n: FlatNode): string => `node/${n.path.map((p) => `nodes/${p}`).join('/')}`;
  const decay = (tauNir: Float64Array, n: FlatNode, field: string): Float64Array => tauNir.map((tau) => {
    if (!(tau > 0)) throw new FileFormatError(file, at(n), field, `a time constant of ${tau}`, 'time constants > 0');
    if (disc.integrator === 'euler' && tau * toMs <= dt) throw new FileFormatError(file, at(n), field, `tau = ${tau} ${unit} is not longer than dt = ${dt} ms`, 'tau > dt for forward Euler (or use the exact discretisation)');
    // As the kernels hold it: an f32 decay factor.
    return Math.fround(disc.integrator === 'exponential' ? Math.exp(-dt / (tau * toMs)) : 1 - dt / (tau * toMs));
  });
  /**
   * The reset of a spiking node (see NirImportOptions.reset). A delayed subtractive reset (snnTorch's)
   * subtracts threshold / decay in the spike's step, which is the threshold after the next step's decay.
   */
  const resetOf = (n: FlatNode, type: string, decay?: Float64Array): { reset: 'soft' | 'hard'; vReset: number | number[] } => {
    const stored = n.node.params.has('v_reset');
    const saysSubtract = n.node.metadata?.get('reset') === 'subtract';
    if (resetRule === 'auto' && !stored && !saysSubtract) {
      warnings.push(`${type} ${JSON.stringify(dotted(n))} has no v_reset (a file written before NIR 1.0.6, when neurons reset by subtracting the threshold): spikegpu subtracts the threshold; pass reset: 'to-v-reset' to reset to 0 as NIR >= 1.0.6 reads it`);
    }
    if (resetRule === 'subtract' || (resetRule === 'auto' && !stored)) {
      if (!disc.delayedReset || decay === undefined) return { reset: 'soft', vReset: 0 };
      const thr = values(flat, n, 'v_threshold');
      return { reset: 'soft', vReset: compact(thr.map((t, i) => t - t / decay[i]!)) };
    }
    return { reset: 'hard', vReset: compact(values(flat, n, 'v_reset', 0)) };
  };
  // tau (ms) whose exp(-dt/tau) is the decay alpha (forward Euler's 1 - dt/tau is matched through it).
  const tauFor = (alpha: Float64Array): Float64Array => alpha.map((a) => (a <= 0 ? 1e-30 : -dt / Math.log(a)));
  /** Per-neuron gain from one unit of NIR input to the spikegpu current jump. */
  const gains = new Map<string, Float64Array>();
  const biasGain = new Map<string, Float64Array>();
  const spiking = new Map<string, boolean>();

  for (const n of flat.nodes.values()) {
    if (n.node.type === 'Input' && n.top) {
      const name = populationName(n.path, used);
      names.set(n.id, name);
      const s = inputSpikes.get(dotted(n)) ?? { times: [], indices: [] };
      populations.push({ name, model: 'spikeArray', size: elements(n.outShape), params: { times: s.times, indices: s.indices } });
      continue;
    }
    if (!isNeuron(n.node.type)) continue;
    const type = n.node.type;
    const size = elements(n.outShape);
    const name = populationName(n.path, used);
    names.set(n.id, name);
    const cuba = type === 'CubaLIF' || type === 'CubaLI';
    const fires = type !== 'LI' && type !== 'CubaLI' && type !== 'I';
    spiking.set(n.id, fires);
    if (type === 'IF' || type === 'I') {
      // dv/dt = r I: an iaf population with cm = 1/r (in ms: toMs / r); a unit impulse moves v by r.
      const r = values(flat, n, 'r');
      if (r.some((x) => !(x > 0))) throw new FileFormatError(file, at(n), 'r', `a resistance of ${r.find((x) => !(x > 0))}`, 'r > 0');
      const params: Record<string, number | number[] | string> = { cm: compact(r.map((x) => toMs / x)), tauSynExc: 0, tauSynInh: 0, v0: 0 };
      if (type === 'IF') {
        params.vThreshold = compact(values(flat, n, 'v_threshold'));
        Object.assign(params, resetOf(n, type));
      } else {
        params.vThreshold = 1e30;
        params.vReset = 0;
      }
      populations.push({ name, model: 'iaf', size, params } as PopulationModel);
      gains.set(n.id, new Float64Array(size).fill(disc.input === 'impulse' ? toMs / dt : 1));
      biasGain.set(n.id, new Float64Array(size).fill(1));
      continue;
    }
    if (type === 'Threshold') {
      const thr = values(flat, n, 'threshold');
      populations.push({ name, model: 'lif', size, params: {
        tauMem: 1e-30, vRest: 0, rMem: 1, vThreshold: compact(thr), vReset: compact(thr.map((x) => x - 1)),
        tauSynExc: 0, tauSynInh: 0, refractoryMs: 0, v0: 0,
      } });
      gains.set(n.id, new Float64Array(size).fill(1));
      biasGain.set(n.id, new Float64Array(size).fill(1));
      continue;
    }
    const tauField = cuba ? 'tau_mem' : 'tau';
    const tauMem = values(flat, n, tauField);
    const alphaM = decay(tauMem, n, tauField);
    const r = values(flat, n, 'r');
    const vLeak = values(flat, n, 'v_leak');
    const exact = disc.integrator === 'exponential';
    const params: Record<string, number | number[] | string> = { tauMem: compact(exact ? tauMem.map((t) => t * toMs) : tauFor(alphaM)), rMem: compact(r), vRest: compact(vLeak), v0: compact(vLeak), refractoryMs: 0 };
    if (r.some((x) => !(x > 0))) throw new FileFormatError(file, at(n), 'r', `a resistance of ${r.find((x) => !(x > 0))}`, 'r > 0');
    if (cuba) {
      const tauSyn = values(flat, n, 'tau_syn');
      const alphaS = decay(tauSyn, n, 'tau_syn');
      const wIn = values(flat, n, 'w_in', 1);
      params.tauSynExc = params.tauSynInh = compact(exact ? tauSyn.map((t) => t * toMs) : tauFor(alphaS));
      gains.set(n.id, disc.input === 'impulse' ? wIn.map((w, i) => w / tauSyn[i]!) : wIn.map((w, i) => w * (1 - alphaS[i]!)));
      biasGain.set(n.id, wIn);
    } else {
      params.tauSynExc = params.tauSynInh = 0;
      gains.set(n.id, disc.input === 'impulse' ? alphaM.map((a, i) => a / (tauMem[i]! * (1 - a))) : new Float64Array(size).fill(1));
      biasGain.set(n.id, new Float64Array(size).fill(1));
    }
    if (fires) {
      const thr = values(flat, n, 'v_threshold');
      params.vThreshold = compact(thr);
      Object.assign(params, resetOf(n, type, alphaM));
    } else {
      params.vThreshold = 1e30;
      params.vReset = 0;
    }
    populations.push({ name, model: 'lif', size, params } as PopulationModel);
  }

  // Compose every path of linear nodes into per-source synapse maps (and biases).
  const preds = new Map<string, string[]>();
  for (const [a, b] of flat.edges) preds.set(b, [...(preds.get(b) ?? []), a]);
  const memo = new Map<string, { maps: Map<string, SparseMap[]>; bias?: Float64Array }>();
  const visiting = new Set<string>();
  const isPopulation = (id: string): boolean => names.has(id);
  /** What arrives at node `id`'s input: maps from source populations (post side = id's input elements) and a bias. */
  const arriving = (id: string): { maps: Map<string, SparseMap[]>; bias?: Float64Array } => {
    const maps = new Map<string, SparseMap[]>();
    let bias: Float64Array | undefined;
    for (const p of preds.get(id) ?? []) {
      const pn = flat.nodes.get(p)!;
      if (isPopulation(p)) {
        if (spiking.get(p) === false) {
          throw new FileFormatError(file, at(flat.nodes.get(id)!), '', `it receives the membrane potential of ${pn.node.type} ${JSON.stringify(dotted(pn))}, a continuous signal`, 'LI / CubaLI nodes to feed only Output nodes (spikegpu sends spikes)');
        }
        const size = elements(pn.outShape);
        const m: SparseMap = { pre: Array.from({ length: size }, (_, i) => i), post: Array.from({ length: size }, (_, i) => i), w: new Array<number>(size).fill(1), d: new Array<number>(size).fill(0) };
        maps.set(p, [...(maps.get(p) ?? []), m]);
        continue;
      }
      const out = memo.get(p) ?? through(p);
      for (const [src, ms] of out.maps) maps.set(src, [...(maps.get(src) ?? []), ...ms]);
      if (out.bias) bias = bias ? bias.map((x, i) => x + out.bias![i]!) : Float64Array.from(out.bias);
    }
    return { maps, ...(bias ? { bias } : {}) };
  };
  const cycle = (id: string): FileFormatError => new FileFormatError(file, at(flat.nodes.get(id)!), '', 'a cycle of linear nodes with no neuron on it', 'every cycle to pass through a neuron node');
  /**
   * What leaves linear node `id`: its operator applied to what arrives. The linear nodes it reads are
   * composed first, in a depth-first post-order kept on an explicit stack (a chain of any length
   * cannot exhaust the call stack); `visiting` holds the current path, so a linear cycle is refused.
   */
  const through = (id: string): { maps: Map<string, SparseMap[]>; bias?: Float64Array } => {
    const stack: { id: string; expanded: boolean }[] = [{ id, expanded: false }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (memo.has(top.id)) {
        stack.pop();
        continue;
      }
      if (!top.expanded) {
        if (visiting.has(top.id)) throw cycle(top.id);
        top.expanded = true;
        visiting.add(top.id);
        for (const p of preds.get(top.id) ?? []) {
          if (isPopulation(p) || memo.has(p)) continue;
          if (visiting.has(p)) throw cycle(p);
          stack.push({ id: p, expanded: false });
        }
        continue;
      }
      stack.pop();
      const n = flat.nodes.get(top.id)!;
      const op = n.node.type === 'Input' && !n.top ? identityOp(elements(n.outShape)) : nodeOp(file, n);
      const a = arriving(top.id); // every linear node it reads is in memo by now: no recursion
      const maps = new Map<string, SparseMap[]>();
      for (const [src, ms] of a.maps) maps.set(src, [applyOp(sumMaps(ms), op)]);
      const bias = applyBias(a.bias, op);
      visiting.delete(top.id);
      memo.set(top.id, { maps, ...(bias ? { bias } : {}) });
    }
    return memo.get(id)!;
  };

  const projections: ProjectionModel[] = [];
  const usedProj = new Set<string>();
  for (const n of flat.nodes.values()) {
    if (!isNeuron(n.node.type)) continue;
    const post = names.get(n.id)!;
    const g = gains.get(n.id)!;
    const a = arriving(n.id);
    if (a.bias) {
      const pop = populations.find((p) => p.name === post)! as unknown as { params: Record<string, unknown> };
      const bg = biasGain.get(n.id)!;
      pop.params.biasCurrent = compact(a.bias.map((b, i) => b * bg[i]!));
    }
    for (const [src, ms] of a.maps) {
      const m = sumMaps(ms);
      if (m.pre.length === 0) continue;
      const delays = m.d.map((d) => dt * (1 + Math.round((d * toMs) / dt)));
      const pre = names.get(src)!;
      let pname = `${pre}->${post}`;
      if (!NAME_OK.test(pname)) pname = `p${projections.length}`;
      for (let k = 2; usedProj.has(pname); k++) pname = `${pre}->${post}_${k}`.slice(-64);
      usedProj.add(pname);
      projections.push({
        name: pname, pre, post, target: 'exc', weight: 0,
        connectivity: { rule: 'explicit', pre: m.pre, post: m.post, weight: m.w.map((w, e) => w * g[m.post[e]!]!), ...(delays.some((d) => d !== dt) ? { delayMs: delays } : {}) },
      });
    }
  }

  const outputs: NirNetwork['outputs'] = [];
  for (const n of flat.nodes.values()) {
    if (n.node.type !== 'Output' || !n.top) continue;
    let src = (preds.get(n.id) ?? []).map((p) => flat.nodes.get(p)!);
    // Through nested graphs' Output / Input nodes (pass-throughs) to the node that feeds them.
    while (src.length === 1 && !names.has(src[0]!.id) && (src[0]!.node.type === 'Output' || src[0]!.node.type === 'Input') && !src[0]!.top) {
      src = (preds.get(src[0]!.id) ?? []).map((p) => flat.nodes.get(p)!);
    }
    const pop = src.length === 1 && names.has(src[0]!.id) ? src[0]! : undefined;
    if (pop === undefined) {
      throw new FileFormatError(file, at(n), '', src.length === 0 ? 'an Output with no incoming edge' : 'an Output fed by something other than one neuron node',
        'each Output fed directly by one neuron node (spikegpu records populations)');
    }
    outputs.push({ node: dotted(n), population: names.get(pop.id)!, spiking: spiking.get(pop.id) !== false });
  }
  const inputs = [...flat.nodes.values()].filter((n) => n.node.type === 'Input' && n.top).map((n) => ({ node: dotted(n), population: names.get(n.id)!, size: elements(n.outShape) }));
  for (const k of inputSpikes.keys()) {
    if (!inputs.some((i) => i.node === k)) throw new InvalidParameterError('NIR import', `inputs[${JSON.stringify(k)}]`, k, `the name of a top-level Input node (${inputs.map((i) => JSON.stringify(i.node)).join(', ')})`);
  }
  const populationNames = new Map([...names].map(([id, name]) => [flat.nodes.get(id)!.path.join('.'), name]));
  return { network: { populations, projections }, populations: populationNames, inputs, outputs, discretisation: disc, dt, warnings };
}
