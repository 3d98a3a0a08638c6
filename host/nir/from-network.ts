/**
 * A Simulator network as a NIR graph: spike sources become Input nodes, lif populations LIF (tauSyn 0),
 * CubaLIF, or LI / CubaLI (a threshold of 1e30 or more: a non-spiking readout), and each projection a
 * Linear node (post x pre, the synapses the Simulator builds from the same seed: fixed-point weights
 * as simulated) per distinct delay, followed by a Delay node where the delay exceeds spikegpu's
 * one-step minimum. The inverse of nirToNetwork under the same discretisation: importing the graph
 * gives the same network (weights, delays, parameters). What NIR cannot hold is refused or reported.
 */
import { builtinForEquations } from './equation-match.js';
import type { NeuronModelSpec } from '../equations/neuron-model.js';
import { InvalidParameterError } from '../errors.js';
import { DEFAULT_INPUT_FRACTION_BITS } from '../kernels/neuron-kernel.js';
import type { NetworkModel } from '../model/network.js';
import { validateNetwork } from '../model/validate-network.js';
import { connect } from '../random/rows.js';
import { requirePositive } from '../validate.js';
import { nirGraph, nirNode, tensor, type NirGraph, type NirNode } from './graph.js';
import { resolveDiscretisation, type NirImportOptions } from './to-network.js';

export interface NirExportOptions {
  /** Time step (ms) the network runs at. */
  dt: number;
  /** Seed of the network's random connectivity (as Simulator.build's), default 1. */
  seed?: number;
  timeUnit?: 's' | 'ms';
  /** The discretisation the weights are scaled for (importing with the same one gives the network back). Default 'exact'. */
  discretisation?: NirImportOptions['discretisation'];
  /** Current weights of plastic projections (Simulator.weights): exported instead of their initial ones. */
  weights?: Map<string, { pre: ArrayLike<number>; post: ArrayLike<number>; weights: ArrayLike<number> }>;
}

export interface NirExport {
  graph: NirGraph;
  /** What NIR does not hold (Poisson rates, refractory periods, plasticity), one line each. */
  warnings: string[];
}

type Params = Record<string, number | number[] | string | undefined>;
const perNeuron = (v: unknown, size: number, def: number): Float64Array => {
  if (v === undefined) return new Float64Array(size).fill(def);
  if (typeof v === 'number') return new Float64Array(size).fill(v);
  return Float64Array.from(v as number[]);
};
const same = (a: Float64Array, b: Float64Array): boolean => a.every((x, i) => x === b[i]);

/** Exports a network model (validated first) as a NIR graph. */
export function networkToNir(model: NetworkModel, o: NirExportOptions): NirExport {
  const dt = requirePositive('NIR export', 'dt', o.dt, 'ms');
  const toMs = (o.timeUnit ?? 's') === 's' ? 1000 : 1;
  const disc = resolveDiscretisation(o.discretisation);
  validateNetwork(model, dt);
  const warnings: string[] = [];
  const nodes: [string, NirNode][] = [];
  const edges: [string, string][] = [];
  const sizes = new Map(model.populations.map((p) => [p.name, p.size]));
  /** Per post population: the gain from a NIR unit weight to spikegpu's current jump (see nirToNetwork). */
  const gain = new Map<string, Float64Array>();
  // A population written as equations exports where its equations are a built-in model's (equation-match.ts).
  const populations = model.populations.map((p) => {
    if (typeof p.model !== 'object') return p;
    const spec = p.model as NeuronModelSpec;
    const where = `population '${p.name}'`;
    const builtin = builtinForEquations(spec, p.params as Record<string, unknown> | undefined);
    if (!builtin) {
      throw new InvalidParameterError('NIR export', `${where} model`, `equations model '${spec.name ?? 'equations'}'`, "lif, iaf, spikeArray or poisson populations, or equations that are lif's or iaf's (host/equations/library)",
        "NIR's nodes are fixed models (LIF, CubaLIF, IF, ...): these equations match none of them; use the built-in lif or iaf (or their equation files) to export.");
    }
    warnings.push(`${where}: its equations are the ${builtin.name} equation file's (the built-in ${builtin.model} model, bit for bit), exported as ${builtin.model}`);
    return { ...p, model: builtin.model, params: builtin.params } as (typeof model.populations)[number];
  });
  for (const p of populations) {
    const where = `population '${p.name}'`;
    if (p.model === 'spikeArray' || p.model === 'poisson') {
      warnings.push(`${where}: a ${p.model === 'poisson' ? 'Poisson source' : 'spike array'} becomes an Input node; its ${p.model === 'poisson' ? 'rates are' : 'spikes are'} not part of NIR (give input spikes at run time)`);
      nodes.push([p.name, nirNode('Input', { shape: tensor([p.size], [1], 'int64') })]);
      continue;
    }
    if (p.model !== 'lif' && p.model !== 'iaf') {
      throw new InvalidParameterError('NIR export', `${where} model`, p.model, 'lif, iaf, spikeArray or poisson populations (NIR has no adaptive, Izhikevich or conductance-based neuron)');
    }
    const q = (p.params ?? {}) as Params;
    const n = p.size;
    if (p.model === 'iaf') {
      nodes.push([p.name, iafNode(p.name, q, n, dt, toMs, disc.input, gain, warnings)]);
      continue;
    }
    if (q.poissonRateHz !== undefined && perNeuron(q.poissonRateHz, n, 0).some((x) => x > 0)) {
      throw new InvalidParameterError('NIR export', `${where} params.poissonRateHz`, q.poissonRateHz, '0 (NIR has no per-neuron Poisson input; model it as an Input population)');
    }
    if (perNeuron(q.refractoryMs, n, 0).some((x) => x > 0)) warnings.push(`${where}: NIR has no refractory period; ${String(q.refractoryMs)} ms is dropped`);
    const tauMem = perNeuron(q.tauMem, n, 20);
    const tauExc = perNeuron(q.tauSynExc, n, 5);
    const tauInh = perNeuron(q.tauSynInh, n, 10);
    if (!same(tauExc, tauInh)) throw new InvalidParameterError('NIR export', `${where} params.tauSynInh`, q.tauSynInh, `equal to tauSynExc (${String(q.tauSynExc ?? 5)}): NIR's CubaLIF has one synaptic time constant`);
    const vRest = perNeuron(q.vRest ?? q.vLeak, n, -70);
    const rMem = perNeuron(q.rMem, n, 1);
    const bias = perNeuron(q.biasCurrent, n, 0);
    const thr = perNeuron(q.vThreshold, n, -50);
    const v0 = q.v0 === undefined ? vRest : perNeuron(q.v0, n, 0);
    if (!same(v0, vRest)) warnings.push(`${where}: NIR has no initial state; v0 is dropped (NIR neurons start at v_leak)`);
    const spiking = thr.some((x) => x < 1e29);
    const cuba = tauExc.some((x) => x > 0);
    if (cuba && tauExc.some((x) => x === 0)) throw new InvalidParameterError('NIR export', `${where} params.tauSynExc`, q.tauSynExc, 'all > 0 or all 0 (a NIR node is CubaLIF or LIF throughout)');
    // A constant bias current moves the resting point: v_leak + r * bias (exact for the membrane equation).
    const vLeak = vRest.map((v, i) => v + rMem[i]! * bias[i]!);
    const t = (v: Float64Array): ReturnType<typeof tensor> => tensor(v, [n], 'float64');
    const alphaM = tauMem.map((tau) => (disc.integrator === 'exponential' ? Math.exp(-dt / tau) : 1 - dt / tau));
    // Time constants back in the file's unit (forward Euler: the tau whose 1 - dt/tau is the kernel's decay).
    const back = (tau: Float64Array): Float64Array => tau.map((x) => (disc.integrator === 'exponential' ? x : dt / (1 - Math.exp(-dt / x))) / toMs);
    const params: Record<string, ReturnType<typeof tensor>> = { r: t(rMem), v_leak: t(vLeak) };
    let metadata: Record<string, string> | undefined;
    if (spiking) {
      params.v_threshold = t(thr);
      if (q.reset === 'soft') {
        const vReset = perNeuron(q.vReset, n, -70);
        if (vReset.some((x) => x !== 0)) throw new InvalidParameterError('NIR export', `${where} params.vReset`, q.vReset, "0 with reset 'soft' (NIR's subtractive reset subtracts the threshold itself)");
        metadata = { reset: 'subtract' };
        warnings.push(`${where}: reset 'soft' (subtract the threshold) is written as NIR before 1.0.6 did (no v_reset); readers of NIR >= 1.0.6 reset to 0 instead`);
      } else params.v_reset = t(perNeuron(q.vReset, n, -70));
    }
    if (cuba) {
      const tauSynNir = back(tauExc);
      const alphaS = tauExc.map((tau) => (disc.integrator === 'exponential' ? Math.exp(-dt / tau) : 1 - dt / tau));
      // w_in chosen so a unit NIR weight is a unit spikegpu current jump: weights carry over unchanged.
      params.w_in = t(disc.input === 'impulse' ? tauSynNir : alphaS.map((a) => 1 / (1 - a)));
      gain.set(p.name, new Float64Array(n).fill(1));
      nodes.push([p.name, nirNode(spiking ? 'CubaLIF' : 'CubaLI', { tau_mem: t(back(tauMem)), tau_syn: t(tauSynNir), ...params }, metadata)]);
    } else {
      const tauNir = back(tauMem);
      gain.set(p.name, disc.input === 'impulse' ? alphaM.map((a, i) => a / (tauNir[i]! * (1 - a))) : new Float64Array(n).fill(1));
      nodes.push([p.name, nirNode(spiking ? 'LIF' : 'LI', { tau: t(tauNir), ...params }, metadata)]);
    }
  }
  // Every neuron population that projects nowhere is an output of the graph.
  for (const p of populations) {
    if ((p.model !== 'lif' && p.model !== 'iaf') || model.projections.some((q) => q.pre === p.name)) continue;
    nodes.push([`${p.name}.output`, nirNode('Output', { shape: tensor([p.size], [1], 'int64') })]);
    edges.push([p.name, `${p.name}.output`]);
  }

  const seed = o.seed ?? 1;
  const maxDelaySteps = 1 << 20;
  model.projections.forEach((proj, index) => {
    const nPre = sizes.get(proj.pre)!;
    const nPost = sizes.get(proj.post)!;
    if (proj.synapse !== undefined && proj.synapse !== 'static') {
      warnings.push(`projection '${proj.name}': NIR has no plasticity; its ${o.weights?.has(proj.name) ? 'current' : 'initial'} weights are exported as static ones`);
    }
    const sign = proj.target === 'inh' ? -1 : 1;
    const byDelay = new Map<number, Float64Array>();
    const add = (pre: number, post: number, w: number, steps: number): void => {
      let m = byDelay.get(steps);
      if (!m) byDelay.set(steps, (m = new Float64Array(nPre * nPost)));
      m[post * nPre + pre] = m[post * nPre + pre]! + w;
    };
    const current = o.weights?.get(proj.name);
    const rows = connect(proj, index, nPre, nPost, proj.pre === proj.post, { seed, dt, fractionBits: DEFAULT_INPUT_FRACTION_BITS, maxDelaySteps });
    const scale = 2 ** DEFAULT_INPUT_FRACTION_BITS;
    const g = gain.get(proj.post)!;
    // Rows are padded to maxRow: synapse s of row i sits at i * maxRow + s.
    const delayOf = new Map<number, number>();
    for (let i = 0; i < nPre; i++) {
      for (let s = 0; s < rows.rowLength[i]!; s++) {
        const at = i * rows.maxRow + s;
        const j = rows.ind[at]!;
        const steps = rows.delay ? rows.delay[at]! : rows.constDelay;
        if (current) delayOf.set(i * nPost + j, steps);
        else add(i, j, (sign * rows.weight[at]!) / scale / g[j]!, steps);
      }
    }
    if (current) {
      if (current.weights.length !== current.pre.length || current.post.length !== current.pre.length) {
        throw new InvalidParameterError('NIR export', `weights of '${proj.name}'`, current.weights.length, 'pre, post and weights of equal length (Simulator.weights)');
      }
      for (let e = 0; e < current.pre.length; e++) {
        const [i, j] = [current.pre[e]!, current.post[e]!];
        add(i, j, (sign * current.weights[e]!) / g[j]!, delayOf.get(i * nPost + j) ?? rows.constDelay);
      }
    }
    for (const [steps, m] of [...byDelay].sort((a, b) => a[0] - b[0])) {
      const base = byDelay.size > 1 ? `${proj.name}.d${steps}` : proj.name;
      nodes.push([base, nirNode('Linear', { weight: tensor(m, [nPost, nPre]) })]);
      edges.push([proj.pre, base]);
      if (steps > 1) {
        nodes.push([`${base}.delay`, nirNode('Delay', { delay: tensor(new Float64Array(nPost).fill(((steps - 1) * dt) / toMs), [nPost]) })]);
        edges.push([base, `${base}.delay`], [`${base}.delay`, proj.post]);
      } else edges.push([base, proj.post]);
    }
  });
  const taken = new Set<string>();
  for (const [name] of nodes) {
    if (taken.has(name)) throw new InvalidParameterError('NIR export', 'node name', name, 'unique node names (a population or projection name clashes with a generated one)');
    taken.add(name);
  }
  return { graph: nirGraph(nodes, edges, { generator: 'spikegpu', dt_ms: dt, discretisation: `${disc.integrator}/${disc.input}` }), warnings };
}


/** An iaf population as NIR's IF (a threshold of 1e30 or more: I, the plain integrator): r = toMs / cm. */
function iafNode(name: string, q: Params, n: number, dt: number, toMs: number, input: 'impulse' | 'step', gain: Map<string, Float64Array>, warnings: string[]): NirNode {
  const where = `population '${name}'`;
  for (const k of ['tauSynExc', 'tauSynInh'] as const) {
    if (perNeuron(q[k], n, 0).some((x) => x > 0)) throw new InvalidParameterError('NIR export', `${where} params.${k}`, q[k], "0 (NIR's IF has no synaptic current)");
  }
  if (perNeuron(q.refractoryMs, n, 0).some((x) => x > 0)) warnings.push(`${where}: NIR has no refractory period; ${String(q.refractoryMs)} ms is dropped`);
  if (perNeuron(q.biasCurrent, n, 0).some((x) => x !== 0)) throw new InvalidParameterError('NIR export', `${where} params.biasCurrent`, q.biasCurrent, "0 (NIR's IF has no bias; drive it through an Input)");
  const r = perNeuron(q.cm, n, 1).map((c) => toMs / c);
  const thr = perNeuron(q.vThreshold, n, 1);
  gain.set(name, new Float64Array(n).fill(input === 'impulse' ? toMs / dt : 1));
  const t = (v: Float64Array): ReturnType<typeof tensor> => tensor(v, [n], 'float64');
  if (thr.every((x) => x >= 1e29)) return nirNode('I', { r: t(r) });
  if (q.reset === 'soft') {
    if (perNeuron(q.vReset, n, 0).some((x) => x !== 0)) throw new InvalidParameterError('NIR export', `${where} params.vReset`, q.vReset, "0 with reset 'soft' (NIR's subtractive reset subtracts the threshold itself)");
    return nirNode('IF', { r: t(r), v_threshold: t(thr) }, { reset: 'subtract' });
  }
  return nirNode('IF', { r: t(r), v_threshold: t(thr), v_reset: t(perNeuron(q.vReset, n, 0)) });
}
