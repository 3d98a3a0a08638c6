/**
 * A Trainer's plan, pure host code (unit-testable without a GPU): the parameter tensors and their
 * offsets in one buffer, every buffer's size, the checkpoint chunks, and the ordered operations of
 * the forward and backward passes as symbolic steps (host/train/assemble.ts turns them into GPU work).
 */
import { LimitExceededError } from '../errors.js';
import { consolidationBuffers } from '../kernels/consolidation.js';
import { stateLayout } from '../kernels/lifTrain.js';
import { packSparseIndex } from '../kernels/recTrain.js';
import { randomWords, uniform01 } from '../random/philox.js';
import type { ResolvedLayer } from './network.js';
import type { ResolvedTrainerOptions } from './options.js';

/** A parameter tensor in the flat parameter buffer (floats). */
export interface Tensor {
  name: string;
  shape: number[];
  offset: number;
  length: number;
}

/**
 * One operation of a pass. `layer` indexes the plan's layers; `chunk` the checkpoint chunks.
 * - copyInput: the chunk's input rows into the chunk input buffer (checkpointing only);
 * - product: the layer's input current X W + b; layerForward / layerBackward: the layer kernel over the chunk;
 * - copyReadoutOut / copyReadoutGradIn: the readout's rows of the chunk out to, or its loss gradient in from,
 *   the all-steps readout buffers (checkpointing only);
 * - gradZ: dL/dz of `layer` from the next layer's dL/dI (GI_next W_next^T);
 * - rateReg: the firing-rate regulariser's gradient added to the layer's dL/dz;
 * - weightGrads: dW, db (and a dense recurrent dR) of the chunk, summed; sparseRecGrad: a sparse recurrent layer's dR;
 * - paramGrads: the per-neuron alpha, threshold and alphaSyn gradients, summed over the batch.
 */
export type PlanStep =
  | { op: 'copyInput' | 'copyReadoutOut' | 'copyReadoutGradIn'; chunk: number }
  | { op: 'product' | 'layerForward' | 'layerBackward' | 'gradZ' | 'weightGrads' | 'sparseRecGrad'; layer: number; chunk: number }
  | { op: 'rateReg'; layer: number }
  | { op: 'paramGrads' };

export interface TrainerPlan {
  tensors: Tensor[];
  /** Floats of the parameter buffer (and of the gradient and optimizer-moment buffers). */
  paramFloats: number;
  /** Steps of each checkpoint chunk (one chunk of all steps without checkpointing). */
  chunkSteps: number[];
  chunked: boolean;
  /** Gradients are summed into a cleared buffer (micro-batches or chunks) rather than written. */
  accumulates: boolean;
  /** Floats of every buffer by name (params, grads, m1, m2, input, ones, stats, target, <layer>.I/V/Z/A/GZ/GI/S/idx, ...). */
  sizes: Record<string, number>;
  /** GPU memory of all buffers (bytes). */
  bytes: number;
  forward: PlanStep[];
  /** Backward, after the loss: chunks last first, then the per-neuron parameter gradients. */
  backward: PlanStep[];
}

const ALIGN_FLOATS = 64; // 256 bytes: binding offsets stay aligned
const alignUp = (n: number): number => Math.ceil(n / ALIGN_FLOATS) * ALIGN_FLOATS;

/** The plan of a trainer for `layers` (last one the readout) with `inputs` features per step. */
export function planTrainer(layers: readonly ResolvedLayer[], inputs: number, o: ResolvedTrainerOptions): TrainerPlan {
  // Parameters: per layer a weight [inputs][size], a bias [size], and optionally recurrent weights
  // ([size][size], or one per sparse entry), per-neuron alpha and threshold; 256-byte aligned in one buffer.
  const tensors: Tensor[] = [];
  let count = 0;
  const addTensor = (name: string, shape: number[]): void => {
    const length = shape.reduce((a, x) => a * x, 1);
    tensors.push({ name, shape, offset: count, length });
    count += alignUp(Math.max(1, length));
  };
  for (const l of layers) {
    addTensor(`${l.name}.weight`, [l.inputs, l.size]);
    addTensor(`${l.name}.bias`, [l.size]);
    if (l.recurrent) addTensor(`${l.name}.recurrent`, l.recurrent.kind === 'dense' ? [l.size, l.size] : [l.recurrent.sparse.pre.length]);
    if (l.trainAlpha) addTensor(`${l.name}.alpha`, [l.size]);
    if (l.trainThreshold) addTensor(`${l.name}.threshold`, [l.size]);
    if (l.trainAlphaSyn) addTensor(`${l.name}.alphaSyn`, [l.size]);
  }
  // Checkpointing: the steps in chunks of `checkpointEvery`; activation buffers hold one chunk.
  const { steps, batchSize: B, checkpointEvery: C } = o;
  const chunkSteps: number[] = [];
  for (let t = 0; t < steps; t += C) chunkSteps.push(Math.min(C, steps - t));
  const K = chunkSteps.length;
  const chunked = K > 1;
  const accumulates = o.gradientAccumulation > 1 || chunked;
  const readout = layers[layers.length - 1]!;
  const TB = steps * B;
  const RB = C * B; // rows of one chunk
  // Per layer I, V, A (chunk rows), Z, GZ, GI (one row more), S.
  const sizes: Record<string, number> = {
    params: count, grads: count, m1: count, m2: count, input: TB * inputs, ones: Math.max(TB, RB), stats: 3 * B,
    // Labels [B] (u32) for classification, target traces [T][B][outputs] (f32) for mse.
    target: o.loss === 'mse' ? TB * readout.size : B,
  };
  if (chunked) sizes.inputChunk = RB * inputs;
  for (const l of layers) {
    const N = l.size;
    sizes[`${l.name}.I`] = RB * N;
    sizes[`${l.name}.V`] = RB * N;
    sizes[`${l.name}.GZ`] = l.spiking || chunked ? RB * N + B * N : RB * N;
    sizes[`${l.name}.GI`] = RB * N + B * N;
    if (l.spiking) sizes[`${l.name}.Z`] = RB * N + B * N;
    if (l.spiking && l.lif.model === 'alif') sizes[`${l.name}.A`] = RB * N;
    sizes[`${l.name}.S`] = stateLayout(B * N, K).floats;
    if (l.recurrent?.kind === 'sparse') sizes[`${l.name}.idx`] = packSparseIndex(l.recurrent.sparse).data.length;
  }
  if (chunked) {
    // The readout over all steps, for the loss: V (or Z, one row more) and its gradient.
    const rows = readout.spiking ? TB + B : TB;
    sizes['readout.U'] = rows * readout.size;
    sizes['readout.GU'] = rows * readout.size;
  }
  // Consolidation: per parameter the importance and the anchor (and SI's path integral, previous weights, task gradient).
  if (o.consolidation) for (const name of consolidationBuffers(o.consolidation.method)) sizes[`consolidation.${name}`] = count;
  const bytes = 4 * Object.values(sizes).reduce((a, x) => a + x, 0);

  const layerIds = layers.map((_, li) => li);
  const forwardChunk = (c: number): PlanStep[] => [
    ...(chunked ? [{ op: 'copyInput', chunk: c } as const] : []),
    ...layerIds.flatMap((li) => [{ op: 'product', layer: li, chunk: c } as const, { op: 'layerForward', layer: li, chunk: c } as const]),
  ];
  const forward: PlanStep[] = [];
  for (let c = 0; c < K; c++) forward.push(...forwardChunk(c), ...(chunked ? [{ op: 'copyReadoutOut', chunk: c } as const] : []));
  // Backward, last chunk first: (chunked: recompute the chunk's forward from its checkpoints), the
  // readout, then each hidden layer from dL/dz = GI_next W_next^T, then the chunk's weight gradients.
  const backward: PlanStep[] = [];
  for (let c = K - 1; c >= 0; c--) {
    if (chunked) backward.push(...forwardChunk(c), { op: 'copyReadoutGradIn', chunk: c });
    backward.push({ op: 'layerBackward', layer: layers.length - 1, chunk: c });
    for (let li = layers.length - 2; li >= 0; li--) {
      backward.push({ op: 'gradZ', layer: li, chunk: c });
      if (o.rateRegularizer) backward.push({ op: 'rateReg', layer: li });
      backward.push({ op: 'layerBackward', layer: li, chunk: c });
    }
    for (const [li, l] of layers.entries()) {
      backward.push({ op: 'weightGrads', layer: li, chunk: c });
      if (l.recurrent?.kind === 'sparse') backward.push({ op: 'sparseRecGrad', layer: li, chunk: c });
    }
  }
  backward.push({ op: 'paramGrads' });
  return { tensors, paramFloats: count, chunkSteps, chunked, accumulates, sizes, bytes, forward, backward };
}

/** Throws LimitExceededError (naming the largest buffer and what to change) when one exceeds `maxBindingBytes`. */
export function checkTrainerMemory(plan: TrainerPlan, batchSize: number, maxBindingBytes: number): void {
  const [bigName, bigFloats] = Object.entries(plan.sizes).reduce((a, x) => (x[1] > a[1] ? x : a));
  if (4 * bigFloats <= maxBindingBytes) return;
  const fix = bigName === 'input' || bigName.startsWith('readout.') || bigName === 'target'
    ? 'Use a smaller batch (with gradientAccumulation to keep the samples per update) or fewer steps.'
    : 'Use checkpointEvery (activations for one chunk of steps), a smaller batch (with gradientAccumulation to keep the samples per update) or fewer steps.';
  throw new LimitExceededError('Trainer', 'batchSize', batchSize, Math.max(1, Math.floor((batchSize * maxBindingBytes) / (4 * bigFloats))),
    `The buffer ${bigName} of ${4 * bigFloats} bytes (${plan.bytes} bytes in all) exceeds maxStorageBufferBindingSize = ${maxBindingBytes}. ${fix}`);
}

const WEIGHT_STREAM = 0x7000;

/**
 * Initial parameters: weights uniform in +-gain/sqrt(fan-in) from Philox (seed, layer), recurrent
 * weights the same with the mean recurrent fan-in, biases 0, per-neuron alpha, threshold and alphaSyn the layer's.
 */
export function initialParams(layers: readonly ResolvedLayer[], tensors: readonly Tensor[], count: number, seed: number, gain: number): Float32Array<ArrayBuffer> {
  const p = new Float32Array(count);
  const fill = (t: Tensor | undefined, value: (e: number) => number): void => {
    if (t) for (let e = 0; e < t.length; e++) p[t.offset + e] = value(e);
  };
  const find = (name: string): Tensor | undefined => tensors.find((t) => t.name === name);
  layers.forEach((l, li) => {
    const k = gain / Math.sqrt(l.inputs);
    fill(find(`${l.name}.weight`), (e) => (2 * uniform01(randomWords(seed, WEIGHT_STREAM + li, 0, e)[0]) - 1) * k);
    if (l.recurrent) {
      const fanIn = l.recurrent.kind === 'dense' ? l.size : Math.max(1, l.recurrent.sparse.pre.length / l.size);
      const kr = gain / Math.sqrt(fanIn);
      fill(find(`${l.name}.recurrent`), (e) => (2 * uniform01(randomWords(seed, WEIGHT_STREAM + li, 1, e)[0]) - 1) * kr);
    }
    const fr = l.lif.frame as Record<string, number>;
    fill(find(`${l.name}.alpha`), () => fr.alphaMem!);
    fill(find(`${l.name}.threshold`), () => fr.threshold!);
    fill(find(`${l.name}.alphaSyn`), () => fr.alphaSyn!);
  });
  return p;
}
