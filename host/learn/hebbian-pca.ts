/**
 * HebbianPca: principal components learned by a local Hebbian rule on the GPU (Oja's rule, its
 * subspace form, or Sanger's generalised Hebbian algorithm), rate-based: y = W x and
 * dW = eta (y x^T - LT[y y^T] W) (Sanger) or eta (y x^T - y y^T W) (Oja), averaged over mini-batches.
 * Kernel: shaders/hebbian.wgsl.ts (binding host/kernels/hebbian.ts, oracle kernels-tests/oracle/hebbian.ts).
 *
 *   const pca = await hebbianPca(gpu, { inputs: 16, components: 4 });
 *   await pca.fit(samples, { epochs: 30 });    // Float32Array [samples][inputs]
 *   const W = await pca.weights();             // Float32Array [components][inputs], rows ~ eigenvectors
 */
import { DestroyedError, InvalidParameterError, LearningDivergedError } from '../errors.js';
import type { GpuContext } from '../gpu/context.js';
import { HebbianOp, HEBBIAN_SLOTS, type HebbianRule, type HebbianUpdate } from '../kernels/hebbian.js';
import { randomWords, uniform01 } from '../random/philox.js';
import { permutation } from '../train/dataset.js';
import { rejectUnknownKeys, requireInteger, requireOneOf, requirePositive } from '../validate.js';

export type { HebbianRule } from '../kernels/hebbian.js';

/** eta at update u: constant, or eta0 / (1 + u / updates) (Robbins–Monro: the sum diverges, the sum of squares does not). */
export type HebbianSchedule = { kind: 'constant' } | { kind: 'inverse'; updates: number };

export interface HebbianPcaOptions {
  /** Inputs per sample (n), 1..16384. */
  inputs: number;
  /** Components to learn (k), 1..inputs. */
  components: number;
  /** 'sanger' (default: rows converge to the eigenvectors, in order) or 'oja' (Oja's subspace rule: an orthonormal basis of their span; for one component, Oja's rule). */
  rule?: HebbianRule;
  /** eta0 (> 0). Default 0.01. Keep eta x (largest variance of the inputs) well below 1. */
  learningRate?: number;
  /** Default { kind: 'constant' }. */
  schedule?: HebbianSchedule;
  /** Samples per update, 1..8192 (the last batch of an epoch may be shorter). Default 32. */
  batchSize?: number;
  /** Seed of the initial weights and of the shuffles. Default 1. */
  seed?: number;
  /** Subtract the mean of each fit's data (PCA of the covariance). Default true; false: of the second moments. */
  center?: boolean;
}

export interface HebbianFitOptions {
  epochs: number;
  /** Visit the samples in a new seeded order every epoch. Default true. */
  shuffle?: boolean;
}

const OBJECT = 'hebbianPca';
const INIT_STREAM = 0x4e00;
const SHUFFLE_SEED_SALT = 0x4e01;
const MAX_INPUTS = 16384;
const MAX_BATCH = 8192;

/** Initial weights: uniform in +-1/sqrt(inputs) from Philox (seed, component, input). */
export function hebbianInitialWeights(inputs: number, components: number, seed: number): Float32Array<ArrayBuffer> {
  const w = new Float32Array(components * inputs);
  const a = 1 / Math.sqrt(inputs);
  for (let i = 0; i < components; i++) {
    for (let j = 0; j < inputs; j++) w[i * inputs + j] = (2 * uniform01(randomWords(seed, INIT_STREAM, i, j)[0]) - 1) * a;
  }
  return w;
}

/** The learning rate of update `u` (counted over every fit of the learner). */
export function hebbianLearningRate(eta0: number, schedule: HebbianSchedule, u: number): number {
  return schedule.kind === 'constant' ? eta0 : eta0 / (1 + u / schedule.updates);
}

/** An epoch's updates over `samples` in batches of `batch`: start row, rows and f32(eta_u / rows), from update `firstUpdate`. */
export function hebbianEpochUpdates(samples: number, batch: number, eta0: number, schedule: HebbianSchedule, firstUpdate: number): HebbianUpdate[] {
  const out: HebbianUpdate[] = [];
  for (let start = 0, u = firstUpdate; start < samples; start += batch, u++) {
    const rows = Math.min(batch, samples - start);
    out.push({ start, rows, scale: Math.fround(hebbianLearningRate(eta0, schedule, u) / rows) });
  }
  return out;
}

/** The epoch's sample order (a seeded shuffle, or the identity). */
export function hebbianOrder(samples: number, seed: number, epoch: number, shuffle: boolean): Uint32Array<ArrayBuffer> {
  return shuffle ? permutation(samples, seed ^ SHUFFLE_SEED_SALT, epoch) as Uint32Array<ArrayBuffer> : Uint32Array.from({ length: samples }, (_, i) => i);
}

/** The data the kernel sees: f32(x - mean) per input (mean in f64), or the data itself. */
export function hebbianCentered(data: Float32Array, inputs: number, center: boolean): { x: Float32Array<ArrayBuffer>; mean: Float64Array } {
  const samples = data.length / inputs;
  const mean = new Float64Array(inputs);
  if (center) {
    for (let s = 0; s < samples; s++) for (let j = 0; j < inputs; j++) mean[j] = mean[j]! + data[s * inputs + j]!;
    for (let j = 0; j < inputs; j++) mean[j] = mean[j]! / samples;
  }
  const x = new Float32Array(data.length);
  for (let s = 0; s < samples; s++) for (let j = 0; j < inputs; j++) x[s * inputs + j] = data[s * inputs + j]! - mean[j]!;
  return { x, mean };
}

export class HebbianPca {
  /** Updates done (over every fit). */
  updates = 0;
  /** Epochs done (over every fit). */
  epochs = 0;
  /** The mean subtracted from the last fit's data (zeros with center: false). */
  mean: Float64Array;
  private destroyed = false;

  private constructor(
    private readonly ctx: GpuContext,
    readonly inputs: number,
    readonly components: number,
    readonly rule: HebbianRule,
    readonly learningRate: number,
    readonly schedule: HebbianSchedule,
    readonly batchSize: number,
    readonly seed: number,
    readonly center: boolean,
    private readonly W: [GPUBuffer, GPUBuffer],
    private readonly Y: GPUBuffer,
    private readonly C: GPUBuffer,
  ) {
    this.mean = new Float64Array(inputs);
  }

  static async create(ctx: GpuContext, options: HebbianPcaOptions): Promise<HebbianPca> {
    ctx.check();
    if (typeof options !== 'object' || options === null) throw new InvalidParameterError(OBJECT, 'options', options, '{ inputs, components, ... }');
    rejectUnknownKeys(OBJECT, options, ['inputs', 'components', 'rule', 'learningRate', 'schedule', 'batchSize', 'seed', 'center']);
    const inputs = requireInteger(OBJECT, 'inputs', options.inputs, 1, MAX_INPUTS);
    const components = requireInteger(OBJECT, 'components', options.components, 1, inputs);
    const rule = requireOneOf(OBJECT, 'rule', options.rule ?? 'sanger', ['sanger', 'oja'] as const);
    const learningRate = requirePositive(OBJECT, 'learningRate', options.learningRate ?? 0.01);
    const schedule = options.schedule ?? { kind: 'constant' as const };
    if (typeof schedule !== 'object' || schedule === null) throw new InvalidParameterError(OBJECT, 'schedule', schedule, "{ kind: 'constant' } or { kind: 'inverse', updates }");
    const kind = requireOneOf(OBJECT, 'schedule.kind', schedule.kind, ['constant', 'inverse'] as const);
    if (kind === 'inverse') requirePositive(OBJECT, 'schedule.updates', (schedule as { updates?: unknown }).updates, 'updates');
    const batchSize = requireInteger(OBJECT, 'batchSize', options.batchSize ?? 32, 1, MAX_BATCH);
    const seed = requireInteger(OBJECT, 'seed', options.seed ?? 1, 0, 0xffffffff);
    const center = options.center ?? true;
    if (typeof center !== 'boolean') throw new InvalidParameterError(OBJECT, 'center', center, 'true or false');
    const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    const pool = ctx.pool;
    const bytes = 4 * components * inputs;
    const W: [GPUBuffer, GPUBuffer] = [pool.acquire({ label: 'hebbianPca.W0', size: bytes, usage }), pool.acquire({ label: 'hebbianPca.W1', size: bytes, usage })];
    const Y = pool.acquire({ label: 'hebbianPca.Y', size: 4 * batchSize * components, usage });
    const C = pool.acquire({ label: 'hebbianPca.C', size: 4 * components * components, usage });
    ctx.device.queue.writeBuffer(W[0], 0, hebbianInitialWeights(inputs, components, seed));
    return new HebbianPca(ctx, inputs, components, rule, learningRate, schedule, batchSize, seed, center, W, Y, C);
  }

  private check(): void {
    if (this.destroyed) throw new DestroyedError('HebbianPca');
    this.ctx.check();
  }

  /** Checks `data` ([samples][inputs], finite) and returns the sample count. */
  private samplesOf(data: Float32Array, field: string): number {
    if (!(data instanceof Float32Array) || data.length === 0 || data.length % this.inputs !== 0) {
      throw new InvalidParameterError(OBJECT, field, data, `a Float32Array of shape [samples][${this.inputs}] (a non-zero multiple of ${this.inputs} values)`);
    }
    for (let k = 0; k < data.length; k++) if (!Number.isFinite(data[k])) throw new InvalidParameterError(OBJECT, `${field}[${k}]`, data[k], 'a finite number');
    return data.length / this.inputs;
  }

  /**
   * Learns from `data` ([samples][inputs]) for `epochs` epochs, without a readback until the end, where
   * the weights are read once and checked (LearningDivergedError when they are not finite).
   */
  async fit(data: Float32Array, options: HebbianFitOptions): Promise<void> {
    this.check();
    if (typeof options !== 'object' || options === null) throw new InvalidParameterError(`${OBJECT}.fit`, 'options', options, '{ epochs, shuffle? }');
    rejectUnknownKeys(`${OBJECT}.fit`, options, ['epochs', 'shuffle']);
    const epochs = requireInteger(`${OBJECT}.fit`, 'epochs', options.epochs, 0, 1 << 20);
    const shuffle = options.shuffle ?? true;
    if (typeof shuffle !== 'boolean') throw new InvalidParameterError(`${OBJECT}.fit`, 'shuffle', shuffle, 'true or false');
    const samples = this.samplesOf(data, 'data');
    const { x, mean } = hebbianCentered(data, this.inputs, this.center);
    this.mean = mean;
    const pool = this.ctx.pool;
    const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST;
    const X = pool.acquire({ label: 'hebbianPca.X', size: x.byteLength, usage });
    const order = pool.acquire({ label: 'hebbianPca.order', size: 4 * samples, usage });
    let op: HebbianOp | undefined;
    try {
      this.ctx.device.queue.writeBuffer(X, 0, x);
      op = await HebbianOp.create(this.ctx, 'hebbianPca', { n: this.inputs, k: this.components, rule: this.rule, maxRows: this.batchSize }, { X, order, W: this.W, Y: this.Y, C: this.C });
      for (let e = 0; e < epochs; e++) {
        this.ctx.device.queue.writeBuffer(order, 0, hebbianOrder(samples, this.seed, this.epochs, shuffle));
        const updates = hebbianEpochUpdates(samples, this.batchSize, this.learningRate, this.schedule, this.updates);
        for (let c = 0; c < updates.length; c += HEBBIAN_SLOTS) {
          const chunk = updates.slice(c, c + HEBBIAN_SLOTS);
          const encoder = this.ctx.device.createCommandEncoder({ label: 'hebbianPca.fit' });
          op.encode(encoder, chunk, this.updates % 2);
          await this.ctx.submit('hebbianPca.fit', [encoder.finish()]);
          this.updates += chunk.length;
        }
        this.epochs++;
      }
      if (epochs > 0) {
        const w = await this.weights();
        if (!w.every(Number.isFinite)) {
          throw new LearningDivergedError(OBJECT, this.epochs - 1, this.learningRate,
            'Lower learningRate: eta times the largest variance of the (centred) inputs should stay well below 1; or scale the inputs.');
        }
      }
    } finally {
      op?.release();
      pool.release(X);
      pool.release(order);
    }
  }

  /** The weights [components][inputs] (rows: the learned components). */
  async weights(): Promise<Float32Array> {
    this.check();
    return new Float32Array(await this.ctx.read(this.W[this.updates % 2]!, 0, 4 * this.components * this.inputs));
  }

  /** Replaces the weights ([components][inputs], finite). */
  setWeights(w: ArrayLike<number>): void {
    this.check();
    if (!w || w.length !== this.components * this.inputs) throw new InvalidParameterError(`${OBJECT}.setWeights`, 'weights', w, `${this.components * this.inputs} values ([${this.components}][${this.inputs}])`);
    const f = Float32Array.from(w);
    for (let k = 0; k < f.length; k++) if (!Number.isFinite(f[k])) throw new InvalidParameterError(`${OBJECT}.setWeights`, `weights[${k}]`, f[k], 'a finite number');
    this.ctx.device.queue.writeBuffer(this.W[this.updates % 2]!, 0, f);
  }

  /** The projections y = W (x - mean) of `data` ([samples][inputs]) on the learned components: [samples][components] (host, f64 sums). */
  async transform(data: Float32Array): Promise<Float32Array> {
    const samples = this.samplesOf(data, 'data');
    const w = await this.weights();
    const n = this.inputs;
    const k = this.components;
    const out = new Float32Array(samples * k);
    for (let s = 0; s < samples; s++) {
      for (let i = 0; i < k; i++) {
        let y = 0;
        for (let j = 0; j < n; j++) y += w[i * n + j]! * (data[s * n + j]! - this.mean[j]!);
        out[s * k + i] = y;
      }
    }
    return out;
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const b of [...this.W, this.Y, this.C]) this.ctx.pool.release(b);
  }
}

/** A HebbianPca learner on `gpu` (see HebbianPcaOptions). */
export function hebbianPca(gpu: GpuContext, options: HebbianPcaOptions): Promise<HebbianPca> {
  return HebbianPca.create(gpu, options);
}
