/**
 * Training datasets: the Dataset shape, its checks against a network (typed errors naming the field),
 * a batch's packing into the GPU's input and target layout, and the seeded shuffle. Pure host code.
 */
import { InvalidParameterError } from '../errors.js';
import { randomWords, uniform01 } from '../random/philox.js';
import { requireInteger, requireOneOf } from '../validate.js';

export interface Dataset {
  /** Sample features: [size][features] (constant currents over the steps) or [size][steps][features] ('sequence'). */
  inputs: Float32Array;
  /** Class of each sample (classification losses), in [0, readout size). */
  labels: Uint32Array;
  size: number;
  features: number;
  /** 'current' (default): each sample's features are input currents held for all steps; 'sequence': one vector per step. */
  encoding?: 'current' | 'sequence';
  /** Target readout traces [size][steps][outputs] for the 'mse' loss (labels are then unused). */
  targets?: Float32Array;
}

/** What a dataset must fit: the network's inputs and outputs, the steps per sample, and the loss. */
export interface DatasetShape {
  inputs: number;
  outputs: number;
  steps: number;
  /** Targets (the 'mse' loss) instead of labels. */
  mse: boolean;
}

/** Throws InvalidParameterError (naming `name` and the field) unless `d` fits `shape`. */
export function checkDataset(name: string, d: Dataset, shape: DatasetShape): void {
  const object = `Trainer dataset '${name}'`;
  if (typeof d !== 'object' || d === null) throw new InvalidParameterError(object, 'dataset', d, '{ inputs, labels, size, features }');
  const size = requireInteger(object, 'size', d.size, 1, Number.MAX_SAFE_INTEGER);
  const features = requireInteger(object, 'features', d.features, 1, 1 << 24);
  if (features !== shape.inputs) throw new InvalidParameterError(object, 'features', features, `${shape.inputs} (the network's inputs)`);
  const encoding = requireOneOf(object, 'encoding', d.encoding ?? 'current', ['current', 'sequence'] as const);
  const per = encoding === 'current' ? features : shape.steps * features;
  if (!(d.inputs instanceof Float32Array) || d.inputs.length !== size * per) {
    throw new InvalidParameterError(object, 'inputs', d.inputs, `a Float32Array of shape [${size}][${encoding === 'current' ? features : `${shape.steps}][${features}`}] (${size * per} values)`);
  }
  for (let k = 0; k < d.inputs.length; k++) {
    if (!Number.isFinite(d.inputs[k])) throw new InvalidParameterError(object, `inputs[${k}]`, d.inputs[k], 'a finite number (sample ' + Math.floor(k / per) + ')');
  }
  const classes = shape.outputs;
  if (shape.mse) {
    const n = size * shape.steps * classes;
    if (!(d.targets instanceof Float32Array) || d.targets.length !== n) {
      throw new InvalidParameterError(object, 'targets', d.targets, `a Float32Array of shape [${size}][${shape.steps}][${classes}] (${n} values) for the 'mse' loss`);
    }
    for (let k = 0; k < n; k++) if (!Number.isFinite(d.targets[k])) throw new InvalidParameterError(object, `targets[${k}]`, d.targets[k], 'a finite number');
    return;
  }
  if (!(d.labels instanceof Uint32Array) || d.labels.length !== size) throw new InvalidParameterError(object, 'labels', d.labels, `a Uint32Array of length ${size}`);
  for (let k = 0; k < size; k++) {
    if ((d.labels[k] as number) >= classes) throw new InvalidParameterError(object, `labels[${k}]`, d.labels[k], `a class in [0, ${classes - 1}]`);
  }
}

/**
 * The batch of samples `order[from .. from + batch)` in the GPU layout: inputs x [T][B][inputs], and
 * labels y [B] (u32) or, for 'mse', targets [T][B][outputs]. A short batch repeats its last sample
 * (the kernels mask rows past `valid`).
 */
export function packBatch(d: Dataset, order: Uint32Array, from: number, batch: number, shape: DatasetShape): { x: Float32Array<ArrayBuffer>; y: Float32Array<ArrayBuffer> | Uint32Array<ArrayBuffer>; valid: number } {
  const { steps: T, inputs: F, outputs: O, mse } = shape;
  const B = batch;
  const valid = Math.min(B, order.length - from);
  const x = new Float32Array(T * B * F);
  const y = mse ? new Float32Array(T * B * O) : new Uint32Array(B);
  const sequence = d.encoding === 'sequence';
  for (let b = 0; b < B; b++) {
    const s = order[from + Math.min(b, valid - 1)] as number;
    if (!mse) y[b] = d.labels[s] as number;
    for (let t = 0; t < T; t++) {
      const src = sequence ? (s * T + t) * F : s * F;
      x.set(d.inputs.subarray(src, src + F), (t * B + b) * F);
      if (mse) y.set(d.targets!.subarray((s * T + t) * O, (s * T + t + 1) * O), (t * B + b) * O);
    }
  }
  return { x, y, valid };
}

const SHUFFLE_STREAM = 0x7100;

/** A seeded permutation of [0, n) for epoch `epoch` (Fisher-Yates on Philox words). */
export function permutation(n: number, seed: number, epoch: number): Uint32Array {
  const p = Uint32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(uniform01(randomWords(seed, SHUFFLE_STREAM, epoch, i)[0]) * (i + 1));
    const t = p[i] as number;
    p[i] = p[j] as number;
    p[j] = t;
  }
  return p;
}

const PERMUTE_STREAM = 0x7200;

/**
 * The dataset with its input features permuted by a seeded permutation (the same for every sample and
 * step): "permuted" variants of a task for continual-learning experiments (as permuted MNIST).
 */
export function permuteFeatures(d: Dataset, seed: number): Dataset {
  const F = d.features;
  const perm = Uint32Array.from({ length: F }, (_, i) => i);
  for (let i = F - 1; i > 0; i--) {
    const j = Math.floor(uniform01(randomWords(seed, PERMUTE_STREAM, 0, i)[0]) * (i + 1));
    const t = perm[i] as number;
    perm[i] = perm[j] as number;
    perm[j] = t;
  }
  const inputs = new Float32Array(d.inputs.length);
  for (let r = 0; r < d.inputs.length / F; r++) for (let u = 0; u < F; u++) inputs[r * F + perm[u]!] = d.inputs[r * F + u]!;
  return { ...d, inputs };
}
