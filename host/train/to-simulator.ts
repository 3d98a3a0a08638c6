/**
 * Runs a trained network, unchanged, in the event-driven Simulator: each sample gets its own copy of
 * the network (one population per layer, sample-major), spikes travel through explicit projections
 * with the trained weights (one-step delay, as in training), and the constant input currents and
 * biases enter the synaptic currents every step from a source that fires every step (its first step
 * is added with Population.addInput, since a spike arrives one step after it is emitted). ALIF layers
 * become alif populations, recurrent weights a projection from a layer onto itself (one-step delay,
 * as in training), trained per-neuron decays and thresholds per-neuron tauMem, tauSyn and vThreshold. A
 * leaky-integrator readout is a LIF population that cannot fire (threshold 1e30); its class is the
 * arg-max of each neuron's maximum (or mean) membrane potential over the steps, as the loss uses. A
 * spiking readout's class is its arg-max spike count. Weights become the
 * simulator's fixed-point input (2^-16), so single spikes can differ and accuracy is compared.
 */
import type { GpuContext } from '../gpu/context.js';
import type { NetworkModel } from '../model/network.js';
import { Simulator } from '../sim/simulator.js';
import type { Dataset } from './dataset.js';
import type { ResolvedLayer } from './network.js';

export interface SimulatorEvaluation {
  accuracy: number;
  predicted: Uint32Array;
  /** Spikes per sample and hidden neuron over the run. */
  meanHiddenRate: number;
  wallSeconds: number;
}

/** The network for `samples` samples (constant-current inputs): model and the step-0 inputs. */
export function toSimulatorModel(layers: readonly ResolvedLayer[], weights: Record<string, ArrayLike<number>>, d: Dataset, samples: number[], steps: number, dt: number): NetworkModel {
  const S = samples.length;
  const populations: NetworkModel['populations'] = [];
  const projections: NetworkModel['projections'] = [];
  // One source per sample firing at steps 0 .. T-2 (its spikes arrive at steps 1 .. T-1).
  const times: number[] = [];
  const indices: number[] = [];
  for (let t = 0; t < steps - 1; t++) for (let s = 0; s < S; s++) {
    times.push(t * dt);
    indices.push(s);
  }
  populations.push({ name: 'drive', model: 'spikeArray', size: S, params: { times, indices } });
  const explicit = (name: string, from: string, to: string, pre: number[], post: number[], weight: number[]): void => {
    projections.push({ name, pre: from, post: to, target: 'exc', connectivity: { rule: 'explicit', pre, post, weight }, weight: 0 });
  };
  const perSample = (values: ArrayLike<number>, map: (x: number) => number): number[] => {
    const out: number[] = [];
    for (let s = 0; s < S; s++) for (let h = 0; h < values.length; h++) out.push(map(values[h]!));
    return out;
  };
  layers.forEach((l, li) => {
    const fr = l.lif.frame as Record<string, number>;
    const tauOf = (alpha: number): number => -dt / Math.log(Math.min(1 - 1e-7, Math.max(1e-30, alpha)));
    // A synaptic decay of 0 is a plain LIF (tauSyn 0).
    const tauSynOf = (alpha: number): number => (alpha <= 0 ? 0 : tauOf(alpha));
    const synapticTaus = (tau: number | number[]): { tauSynExc: number | number[]; tauSynInh: number | number[] } => ({ tauSynExc: tau, tauSynInh: tau });
    const tauSyn = fr.alphaSyn! > 0 ? -dt / Math.log(fr.alphaSyn!) : 0;
    const alif = l.spiking && l.lif.model === 'alif';
    populations.push({
      name: l.name, model: alif ? 'alif' : 'lif', size: S * l.size,
      params: {
        tauMem: l.trainAlpha ? perSample(weights[`${l.name}.alpha`]!, tauOf) : l.params.tauMem ?? tauOf(fr.alphaMem!), vRest: 0, vReset: 0,
        vThreshold: !l.spiking ? 1e30 : l.trainThreshold ? perSample(weights[`${l.name}.threshold`]!, (x) => x) : fr.threshold!, rMem: fr.rMem!,
        refractoryMs: 0, ...synapticTaus(l.trainAlphaSyn ? perSample(weights[`${l.name}.alphaSyn`]!, tauSynOf) : l.params.tauSyn ?? tauSyn),
        reset: l.spiking ? l.lif.reset : 'hard',
        ...(alif ? { beta: fr.beta!, tauAdapt: l.params.tauAdapt ?? 200 } : {}),
      },
    });
    const W = weights[`${l.name}.weight`]!;
    const b = weights[`${l.name}.bias`]!;
    // The drive: the first layer's input currents x W + b, the others' biases.
    const pre: number[] = [];
    const post: number[] = [];
    const weight: number[] = [];
    for (let s = 0; s < S; s++) for (let h = 0; h < l.size; h++) {
      let c = b[h]!;
      if (li === 0) for (let f = 0; f < l.inputs; f++) c += d.inputs[samples[s]! * l.inputs + f]! * W[f * l.size + h]!;
      pre.push(s);
      post.push(s * l.size + h);
      weight.push(c);
    }
    explicit(`drive->${l.name}`, 'drive', l.name, pre, post, weight);
    if (li > 0) {
      const prev = layers[li - 1]!;
      const p2: number[] = [];
      const q2: number[] = [];
      const w2: number[] = [];
      for (let s = 0; s < S; s++) for (let i = 0; i < prev.size; i++) for (let h = 0; h < l.size; h++) {
        p2.push(s * prev.size + i);
        q2.push(s * l.size + h);
        w2.push(W[i * l.size + h]!);
      }
      explicit(`${prev.name}->${l.name}`, prev.name, l.name, p2, q2, w2);
    }
    if (l.recurrent) {
      const R = weights[`${l.name}.recurrent`]!;
      const N = l.size;
      const p3: number[] = [];
      const q3: number[] = [];
      const w3: number[] = [];
      for (let s = 0; s < S; s++) {
        if (l.recurrent.kind === 'dense') {
          for (let j = 0; j < N; j++) for (let n = 0; n < N; n++) { p3.push(s * N + j); q3.push(s * N + n); w3.push(R[j * N + n]!); }
        } else {
          const sp = l.recurrent.sparse;
          for (let e = 0; e < sp.pre.length; e++) { p3.push(s * N + sp.pre[e]!); q3.push(s * N + sp.post[e]!); w3.push(R[e]!); }
        }
      }
      explicit(`${l.name}->${l.name}`, l.name, l.name, p3, q3, w3);
    }
  });
  return { populations, projections };
}

/** Accuracy of the trained network on `d` in the event-driven Simulator (samples in chunks of `chunk`). */
export async function evaluateInSimulator(ctx: GpuContext, layers: readonly ResolvedLayer[], weights: Record<string, ArrayLike<number>>, d: Dataset,
  o: { steps: number; dt: number; loss: 'maxOverTime' | 'meanOverTime' | 'spikeCount'; chunk?: number }): Promise<SimulatorEvaluation> {
  const t0 = performance.now();
  const predicted = new Uint32Array(d.size);
  const readout = layers[layers.length - 1]!;
  const O = readout.size;
  let correct = 0;
  let hiddenSpikes = 0;
  const chunk = o.chunk ?? 250;
  for (let from = 0; from < d.size; from += chunk) {
    const samples = Array.from({ length: Math.min(chunk, d.size - from) }, (_, k) => from + k);
    const model = toSimulatorModel(layers, weights, d, samples, o.steps, o.dt);
    const sim = await Simulator.build(ctx, model, { dt: o.dt, maxDelayMs: o.dt, fused: 'off' });
    // Step 0's drive (the source's spikes arrive from step 1 on).
    for (const p of model.projections.filter((q) => q.pre === 'drive')) {
      const pop = sim.population(p.post);
      const add = new Float64Array(pop.size);
      const c = p.connectivity as { post: number[]; weight: number[] };
      c.post.forEach((j, k) => { add[j] = add[j]! + c.weight[k]!; });
      await pop.addInput('exc', add);
    }
    const S = samples.length;
    const best = new Float64Array(S * O).fill(-Infinity);
    const sum = new Float64Array(S * O);
    if (o.loss === 'spikeCount') {
      // The readout's spike counts: its spikes of steps 0 .. T-1.
      const counts = (await sim.run({ steps: o.steps, record: [readout.name] })).spikes[readout.name]!.countsPerNeuron(0);
      for (let k = 0; k < S * O; k++) sum[k] = counts[k]!;
    } else {
      for (let t = 0; t < o.steps; t++) {
        await sim.run({ steps: 1 });
        const v = (await sim.population(readout.name).readState()).v!;
        for (let k = 0; k < S * O; k++) {
          best[k] = Math.max(best[k]!, v[k]!);
          sum[k] = sum[k]! + v[k]!;
        }
      }
    }
    const counters = await sim.readCounters();
    for (const l of layers) if (l.spiking && l !== readout) hiddenSpikes += counters.populations[l.name]!.spikes;
    for (let s = 0; s < S; s++) {
      let top = 0;
      for (let q = 1; q < O; q++) {
        const a = o.loss === 'maxOverTime' ? best[s * O + q]! : sum[s * O + q]!;
        const b = o.loss === 'maxOverTime' ? best[s * O + top]! : sum[s * O + top]!;
        if (a > b) top = q;
      }
      predicted[samples[s]!] = top;
      if (top === d.labels[samples[s]!]) correct++;
    }
    sim.destroy();
  }
  const hiddenNeurons = layers.filter((l) => l.spiking && l !== readout).reduce((a, l) => a + l.size, 0);
  return { accuracy: correct / d.size, predicted, meanHiddenRate: hiddenSpikes / (d.size * hiddenNeurons), wallSeconds: (performance.now() - t0) / 1000 };
}
