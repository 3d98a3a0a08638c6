/**
 * Trainer networks (weights files) as NIR graphs and back. A network is the chain Input -> Affine ->
 * (LIF | CubaLIF) -> Affine -> ... -> (LI | CubaLI | LIF | CubaLIF) -> Output, recurrent weights a
 * Linear from a layer back onto itself. The Trainer integrates exactly as spikegpu's 'zoh'
 * discretisation (exponential decay, the input current of a step held over it), so that is what the
 * export states; the import takes any discretisation with the exponential integrator and scales the
 * weights into the Trainer's convention. Values NIR does not hold (surrogate, loss, steps, which
 * parameters train) travel in the graph's metadata and are used when present.
 */
import { FileFormatError, InvalidParameterError } from '../errors.js';
import type { TrainLifParams } from '../kernels/lifTrain.js';
import { resolveTrainNetwork, type TrainNetworkSpec } from '../train/network.js';
import type { WeightsFile } from '../train/weights-file.js';
import { elements, nirGraph, nirNode, tensor, type NirGraph, type NirNode, type NirTensor } from './graph.js';
import { asTensor, flattenGraph, isNeuron, values, type FlatNode } from './flat.js';
import { metadataDiscretisation, resolveDiscretisation, type NirImportOptions } from './to-network.js';

const META = 'spikegpu_trainer';

/** Exports a Trainer's network and weights (a decoded weights file) as a NIR graph (time in seconds). */
export function trainerToNir(w: WeightsFile): { graph: NirGraph; warnings: string[] } {
  const dt = w.trainer.dt;
  const layers = resolveTrainNetwork(w.spec, dt);
  const warnings: string[] = [];
  const t64 = (v: ArrayLike<number>, n: number): NirTensor => tensor(v, [n], 'float64');
  const get = (name: string): Float32Array => {
    const t = w.tensors[name];
    if (!t) throw new InvalidParameterError('NIR export', `tensor ${JSON.stringify(name)}`, undefined, 'present in the weights file');
    return t.values;
  };
  const nodes: [string, NirNode][] = [['input', nirNode('Input', { shape: tensor([w.spec.inputs], [1], 'int64') })]];
  const edges: [string, string][] = [];
  let prev = 'input';
  for (const l of layers) {
    if (l.spiking && l.lif.model === 'alif') throw new InvalidParameterError('NIR export', `layer ${l.name} model`, 'alif', "'lif' layers (NIR has no adaptive-threshold neuron)");
    const fr = l.lif.frame as Record<string, number>;
    const N = l.size;
    const W = get(`${l.name}.weight`);
    const wt = new Float64Array(N * l.inputs);
    for (let f = 0; f < l.inputs; f++) for (let h = 0; h < N; h++) wt[h * l.inputs + f] = W[f * N + h]!;
    nodes.push([`${l.name}.fc`, nirNode('Affine', { weight: tensor(wt, [N, l.inputs]), bias: tensor(get(`${l.name}.bias`), [N]) })]);
    edges.push([prev, `${l.name}.fc`], [`${l.name}.fc`, l.name]);
    const alpha = l.trainAlpha ? get(`${l.name}.alpha`) : new Float64Array(N).fill(fr.alphaMem!);
    const tauOf = (a: number, given: number | undefined): number => (given !== undefined ? given : -dt / Math.log(a)) / 1000;
    const tauMem = Array.from(alpha, (a) => tauOf(a, l.trainAlpha ? undefined : l.params.tauMem ?? 10));
    const cuba = l.trainAlphaSyn || fr.alphaSyn! > 0;
    const params: Record<string, NirTensor> = { r: t64(new Float64Array(N).fill(fr.rMem!), N), v_leak: t64(new Float64Array(N), N) };
    let metadata: Record<string, string> | undefined;
    if (l.spiking) {
      params.v_threshold = l.trainThreshold ? tensor(get(`${l.name}.threshold`), [N]) : t64(new Float64Array(N).fill(fr.threshold!), N);
      if (l.lif.reset === 'hard') params.v_reset = t64(new Float64Array(N), N);
      else metadata = { reset: 'subtract' };
    }
    if (cuba) {
      const alphaSyn = l.trainAlphaSyn ? get(`${l.name}.alphaSyn`) : new Float64Array(N).fill(fr.alphaSyn!);
      params.tau_mem = t64(tauMem, N);
      params.tau_syn = t64(Array.from(alphaSyn, (a) => tauOf(a, l.trainAlphaSyn ? undefined : l.params.tauSyn)), N);
      // One unit of NIR input is one unit of the Trainer's per-step current: w_in (1 - alphaSyn) = 1.
      params.w_in = t64(Array.from(alphaSyn, (a) => 1 / (1 - a)), N);
      nodes.push([l.name, nirNode(l.spiking ? 'CubaLIF' : 'CubaLI', params, metadata)]);
    } else {
      params.tau = t64(tauMem, N);
      nodes.push([l.name, nirNode(l.spiking ? 'LIF' : 'LI', params, metadata)]);
    }
    if (l.recurrent) {
      const R = get(`${l.name}.recurrent`);
      const m = new Float64Array(N * N);
      if (l.recurrent.kind === 'dense') for (let j = 0; j < N; j++) for (let n = 0; n < N; n++) m[n * N + j] = R[j * N + n]!;
      else l.recurrent.sparse.pre.forEach((j, e) => { m[l.recurrent!.kind === 'sparse' ? l.recurrent!.sparse.post[e]! * N + j : 0] = R[e]!; });
      nodes.push([`${l.name}.rec`, nirNode('Linear', { weight: tensor(m, [N, N]) })]);
      edges.push([l.name, `${l.name}.rec`], [`${l.name}.rec`, l.name]);
    }
    prev = l.name;
  }
  nodes.push(['output', nirNode('Output', { shape: tensor([layers.at(-1)!.size], [1], 'int64') })]);
  edges.push([prev, 'output']);
  if (w.consolidation) warnings.push('the consolidation state (importance, anchor) is not part of NIR and is not exported');
  const meta = { generator: 'spikegpu', dt_ms: dt, discretisation: 'exponential/step', [META]: JSON.stringify({ spec: w.spec, trainer: w.trainer }) };
  return { graph: nirGraph(nodes, edges, meta), warnings };
}

/** Rounds to 12 significant digits: a time constant that went ms -> s -> ms comes back as written. */
const tidy = (x: number): number => Number(x.toPrecision(12));

export interface NirTrainerImportOptions {
  /** Time step (ms); default the graph's metadata dt_ms (spikegpu's export), else required. */
  dt?: number;
  /** Steps per sample and loss; default the metadata's, else 100 and 'maxOverTime'. */
  steps?: number;
  loss?: string;
  timeUnit?: 's' | 'ms';
  /** Default: the graph's metadata (spikegpu's export), else 'exact'. The integrator must be 'exponential'. */
  discretisation?: NirImportOptions['discretisation'];
}

/** A Trainer network and weights (a weights file, for Trainer.load(encodeWeights(...))) from a NIR graph. */
export function nirToTrainer(graph: NirGraph, o: NirTrainerImportOptions = {}, file = 'NIR graph'): WeightsFile {
  const meta = graph.metadata;
  const saved = typeof meta?.get(META) === 'string' ? JSON.parse(meta.get(META) as string) as { spec: TrainNetworkSpec; trainer: WeightsFile['trainer'] } : undefined;
  const metaDt = typeof meta?.get('dt_ms') === 'number' ? meta.get('dt_ms') as number : undefined;
  const dt = o.dt ?? metaDt;
  if (dt === undefined || !(dt > 0)) throw new InvalidParameterError('NIR import', 'dt', dt, 'a time step > 0 ms (this graph does not say which)');
  const disc = resolveDiscretisation(o.discretisation ?? metadataDiscretisation(graph));
  if (disc.integrator !== 'exponential') throw new InvalidParameterError('NIR import', 'discretisation.integrator', disc.integrator, "'exponential' (the Trainer's kernels integrate exactly)");
  const toMs = (o.timeUnit ?? 's') === 's' ? 1000 : 1;
  const flat = flattenGraph(graph, file);
  const at = (n: FlatNode): string => `node/${n.path.map((p) => `nodes/${p}`).join('/')}`;
  const succ = (id: string): FlatNode[] => flat.edges.filter(([a]) => a === id).map(([, b]) => flat.nodes.get(b)!);
  const inputs = [...flat.nodes.values()].filter((n) => n.node.type === 'Input' && n.top);
  if (inputs.length !== 1) throw new FileFormatError(file, 'node', 'nodes', `${inputs.length} Input nodes`, 'one Input node (a Trainer network has one input)');
  const tensors: WeightsFile['tensors'] = {};
  const hidden: TrainNetworkSpec['hidden'] = [];
  let readout: TrainNetworkSpec['readout'] | undefined;
  let cur: FlatNode = inputs[0]!;
  const nInputs = elements(cur.outShape);
  let fanIn = nInputs;
  for (let l = 0; readout === undefined; l++) {
    const next = succ(cur.id).filter((n) => (n.node.type === 'Affine' || n.node.type === 'Linear') && !succ(n.id).some((t) => t.id === cur.id));
    if (next.length !== 1) throw new FileFormatError(file, at(cur), '', `${next.length} Affine / Linear successors`, 'a chain Input -> Affine -> neuron -> Affine -> ... -> Output');
    const fc = next[0]!;
    const neurons = succ(fc.id);
    if (neurons.length !== 1 || !isNeuron(neurons[0]!.node.type)) throw new FileFormatError(file, at(fc), '', 'not followed by exactly one neuron node', 'each Affine / Linear followed by one LIF, CubaLIF, LI or CubaLI node');
    const n = neurons[0]!;
    const type = n.node.type;
    if (!['LIF', 'CubaLIF', 'LI', 'CubaLI'].includes(type)) throw new FileFormatError(file, at(n), 'type', type, 'LIF, CubaLIF, LI or CubaLI (the Trainer\'s neurons)');
    const N = elements(n.outShape);
    const name = n.node.type === 'LI' || n.node.type === 'CubaLI' || succ(n.id).some((s) => s.node.type === 'Output') ? 'readout' : `hidden${l}`;
    const cuba = type === 'CubaLIF' || type === 'CubaLI';
    const spiking = type === 'LIF' || type === 'CubaLIF';
    const vals = (field: string, def?: number): Float64Array => values(file, n, field, def);
    const uniform = (v: Float64Array): boolean => v.every((x) => x === v[0]);
    const tauM = vals(cuba ? 'tau_mem' : 'tau').map((x) => x * toMs);
    const r = vals('r');
    if (!uniform(r)) throw new FileFormatError(file, at(n), 'r', 'different values per neuron', 'one r for the layer (the Trainer has one rMem per layer)');
    if (vals('v_leak').some((x) => x !== 0)) throw new FileFormatError(file, at(n), 'v_leak', 'a non-zero value', 'v_leak = 0 (Trainer neurons rest at 0)');
    const savedLayer = saved ? (name === 'readout' ? saved.spec.readout : saved.spec.hidden[l]) : undefined;
    // Parameters: the file's values; a value is written into the spec only where it differs from the
    // saved spec's (spikegpu's metadata) or, without one, from the Trainer's default.
    const params: TrainLifParams = { ...(savedLayer?.params ?? {}) };
    const train: { tauMem?: boolean; tauSyn?: boolean; threshold?: boolean } = {};
    const set = <K extends 'tauMem' | 'tauSyn' | 'threshold' | 'rMem' | 'reset'>(key: K, value: NonNullable<TrainLifParams[K]>, def: NonNullable<TrainLifParams[K]>, same: (a: TrainLifParams[K], b: TrainLifParams[K]) => boolean): void => {
      const current = params[key] ?? def;
      if (!same(current, value)) params[key] = value;
    };
    const eqNum = (a: number | undefined, b: number | undefined): boolean => a !== undefined && b !== undefined && Math.fround(a) === Math.fround(b);
    const alphaOf = (tau: number): number => Math.fround(Math.exp(-dt / tau));
    const perNeuron = (key: 'tauMem' | 'tauSyn' | 'threshold', v: Float64Array, def: number, tensor: string, toTensor: (x: number) => number): void => {
      if (uniform(v) && !savedLayer?.train?.[key]) {
        set(key, key === 'threshold' ? v[0]! : tidy(v[0]!), def, (a, b) => (key === 'threshold' ? eqNum(a as number, b as number) : a === b));
      } else {
        train[key] = true;
        tensors[`${name}.${tensor}`] = { shape: [N], values: Float32Array.from(v, toTensor) };
      }
    };
    perNeuron('tauMem', tauM, 10, 'alpha', alphaOf);
    const alphaMem = Math.fround(Math.exp(-dt / (params.tauMem ?? 10)));
    set('rMem', Math.fround(r[0]!), 1 / (1 - alphaMem), eqNum as (a: unknown, b: unknown) => boolean);
    let gain = new Float64Array(N).fill(1);
    const alphaM = tauM.map((t) => Math.fround(Math.exp(-dt / t)));
    if (cuba) {
      const tauS = vals('tau_syn').map((x) => x * toMs);
      perNeuron('tauSyn', tauS, 0, 'alphaSyn', alphaOf);
      const wIn = vals('w_in', 1);
      gain = disc.input === 'impulse' ? wIn.map((w, i) => (w * toMs) / tauS[i]!) : wIn.map((w, i) => w * (1 - Math.fround(Math.exp(-dt / tauS[i]!))));
    } else {
      set('tauSyn', 0, 0, (a, b) => a === b);
      if (disc.input === 'impulse') gain = alphaM.map((a, i) => (a * toMs) / (tauM[i]! * (1 - a)));
    }
    // Within rounding of 1 (spikegpu's own export): exactly 1, so weights carry over bit for bit.
    gain = gain.map((g) => (Math.abs(g - 1) < 1e-9 ? 1 : g));
    if (spiking) {
      perNeuron('threshold', vals('v_threshold'), 1, 'threshold', (x) => x);
      const reset = n.node.params.has('v_reset') ? 'hard' : 'soft';
      if (reset === 'hard' && vals('v_reset').some((x) => x !== 0)) throw new FileFormatError(file, at(n), 'v_reset', 'a non-zero value', 'v_reset = 0 (the Trainer resets to 0) or none (subtract the threshold)');
      set('reset', reset, 'soft', (a, b) => a === b);
    }
    const Wn = asTensor(file, fc, 'weight');
    if (Wn.shape[1] !== fanIn) throw new FileFormatError(file, at(fc), 'weight', `${Wn.shape[1]} inputs`, `${fanIn} (the previous layer's size)`);
    const W = new Float32Array(fanIn * N);
    for (let h = 0; h < N; h++) for (let f = 0; f < fanIn; f++) W[f * N + h] = Wn.data[h * fanIn + f]! * gain[h]!;
    tensors[`${name}.weight`] = { shape: [fanIn, N], values: W };
    const b = fc.node.type === 'Affine' ? asTensor(file, fc, 'bias').data : new Float64Array(N);
    tensors[`${name}.bias`] = { shape: [N], values: Float32Array.from({ length: N }, (_, h) => (b.length === 1 ? b[0]! : b[h]!) * gain[h]!) };
    const rec = succ(n.id).find((s) => s.node.type === 'Linear' && succ(s.id).some((t) => t.id === n.id));
    let recurrent: TrainNetworkSpec['hidden'][number]['recurrent'];
    if (rec) {
      const R = asTensor(file, rec, 'weight').data;
      const savedRec = (savedLayer as TrainNetworkSpec['hidden'][number] | undefined)?.recurrent;
      if (savedRec !== undefined && typeof savedRec === 'object' && 'pre' in savedRec) {
        recurrent = savedRec;
        tensors[`${name}.recurrent`] = { shape: [savedRec.pre.length], values: Float32Array.from({ length: savedRec.pre.length }, (_, e) => R[savedRec.post[e]! * N + savedRec.pre[e]!]! * gain[savedRec.post[e]!]!) };
      } else {
        recurrent = true;
        const m = new Float32Array(N * N);
        for (let j = 0; j < N; j++) for (let k = 0; k < N; k++) m[j * N + k] = R[k * N + j]! * gain[k]!;
        tensors[`${name}.recurrent`] = { shape: [N, N], values: m };
      }
    }
    const layerTrain = Object.keys(train).length ? { train } : {};
    if (name === 'readout') {
      if (rec) throw new FileFormatError(file, at(n), '', 'recurrent weights on the readout', 'a readout without recurrence');
      const kept = spiking ? params : Object.fromEntries(Object.entries(params).filter(([k]) => ['tauMem', 'tauSyn', 'rMem'].includes(k)));
      readout = { size: N, ...(spiking ? { spiking: true } : {}), ...(Object.keys(kept).length ? { params: kept } : {}), ...layerTrain };
    } else {
      const savedModel = (savedLayer as TrainNetworkSpec['hidden'][number] | undefined)?.model;
      hidden.push({ size: N, ...(savedModel ? { model: savedModel } : {}), params, ...(recurrent !== undefined ? { recurrent } : {}), ...layerTrain });
    }
    fanIn = N;
    cur = n;
  }
  const spec: TrainNetworkSpec = { inputs: nInputs, hidden, readout };
  resolveTrainNetwork(spec, dt);
  return { spec, trainer: { steps: o.steps ?? saved?.trainer.steps ?? 100, dt, loss: o.loss ?? saved?.trainer.loss ?? 'maxOverTime' }, tensors };
}
