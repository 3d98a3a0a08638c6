/**
 * Trainer: surrogate-gradient training of a TrainNetworkSpec on the GPU. Per batch, one command buffer
 * holds the forward pass (tiled products X W + b, the LIF layers over T steps), the loss and its
 * gradient, the backward pass through time (surrogate derivatives), the weight and bias gradients
 * (products summed over time and batch), the gradient norms and the optimizer update. Per-sample
 * losses collect in a GPU buffer read once per epoch (once per batch only with an onBatch callback).
 * A non-finite gradient halts the updates on the GPU and is reported at that readback. Everything is
 * seeded: the same seed gives the same weights, batches and results.
 */
import { DestroyedError, InvalidParameterError, LimitExceededError, NonFiniteGradientError } from '../errors';
import type { GpuContext } from '../gpu/context';
import { LifTrainOp, paramGradLayout } from '../kernels/lifTrain';
import { MatmulOp } from '../kernels/matmul';
import { OptimizerOp, resolveOptimizer, type OptimizerOptions } from '../kernels/optimizer';
import { RateRegOp, resolveRateReg, type RateRegOptions } from '../kernels/rateReg';
import type { Bound, PreparedDispatch } from '../kernels/prepared';
import { packSparseIndex, planRecTrain, RecTrainOp } from '../kernels/recTrain';
import { createReadoutLoss, READOUT_MAX_CLASSES, readoutLossFrame, type ReadoutLoss } from '../kernels/readoutLoss';
import { randomWords, uniform01 } from '../random/philox';
import { rejectUnknownKeys, requireInteger, requireOneOf, requirePositive } from '../validate';
import { resolveTrainNetwork, type ResolvedLayer, type TrainNetworkSpec } from './network';
import { decodeWeights, encodeWeights } from './weights-file';
import { evaluateInSimulator, type SimulatorEvaluation } from './to-simulator';

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

export interface TrainerOptions {
  /** Steps per sample (T), >= 1. */
  steps: number;
  /** Samples per batch (B), >= 1. */
  batchSize: number;
  /** Time step (ms). Default 1. */
  dt?: number;
  /** Seed of the initial weights and of the shuffling. Default 1. */
  seed?: number;
  /**
   * Readout loss: 'maxOverTime' (default; cross-entropy on each readout neuron's maximum over time),
   * 'meanOverTime' (on the mean), or 'mse' (mean squared error to the dataset's target traces; accuracy
   * is then reported as 0).
   */
  loss?: ReadoutLoss;
  optimizer?: OptimizerOptions;
  /** Initial weights uniform in +-gain / sqrt(fan-in). Default 1 (hidden layers), readout the same. */
  initGain?: number;
  /** Firing-rate regularisers on every hidden layer (Zenke & Vogels 2021); their loss adds to the reported loss. */
  rateRegularizer?: RateRegOptions;
  /**
   * Products whose left operand is a layer's spikes (the next layer's X W + b, its weight gradient
   * Z^T GI, the recurrent weight gradient): 'events' sums only the spikes (matmul's event-driven
   * strategy: one workgroup per output row, the same bits as the dense product); 'dense' uses the
   * dense product; 'auto' (default) uses 'events' for products at least SPIKE_EVENTS_MIN_COLUMNS wide.
   * On llvmpipe at 10 % spike density the event-driven product won from about 48 output columns
   * (5.5x at 512 columns) and lost on thin ones (13 ms against 0.5 ms at 3): docs/benchmarks.md.
   */
  spikeProducts?: 'auto' | 'events' | 'dense';
  /**
   * Micro-batches per optimizer update (default 1): the gradients of `gradientAccumulation` batches of
   * `batchSize` samples are summed before one update, so a large effective batch fits in the memory
   * of a small one (activations scale with batchSize). Losses and gradients are averaged over the
   * update's samples, as one batch of batchSize x gradientAccumulation would be (up to the order of the sums).
   */
  gradientAccumulation?: number;
}

export interface EpochStats {
  epoch: number;
  loss: number;
  accuracy: number;
  /** Wall time of the epoch (s). */
  seconds: number;
  validation?: { loss: number; accuracy: number };
}

export interface FitOptions {
  epochs: number;
  /** Shuffle the training set every epoch (seeded). Default true. */
  shuffle?: boolean;
  validation?: Dataset;
  onEpoch?: (s: EpochStats) => void;
  onBatch?: (b: { epoch: number; batch: number; batches: number; loss: number; accuracy: number }) => void;
}

interface Tensor {
  name: string;
  shape: number[];
  offset: number;
  length: number;
}

type Encodable = { encode(pass: GPUComputePassEncoder): void };

/** spikeProducts 'auto': the event-driven product from this many output columns (measured crossover on llvmpipe: about 48). */
export const SPIKE_EVENTS_MIN_COLUMNS = 64;

const ALIGN_FLOATS = 64; // 256 bytes: binding offsets stay aligned
const alignUp = (n: number): number => Math.ceil(n / ALIGN_FLOATS) * ALIGN_FLOATS;
const WEIGHT_STREAM = 0x7000;
const SHUFFLE_STREAM = 0x7100;

export class Trainer {
  /** Optimizer updates done. */
  updates = 0;
  /** Epochs trained (all fit calls). */
  epochsDone = 0;
  private destroyed = false;

  private constructor(
    private readonly ctx: GpuContext,
    readonly layers: readonly ResolvedLayer[],
    readonly steps: number,
    readonly batchSize: number,
    readonly seed: number,
    readonly lossKind: ReadoutLoss,
    readonly tensors: readonly Tensor[],
    private readonly bufs: Record<string, GPUBuffer>,
    private readonly forwardOps: { encode(pass: GPUComputePassEncoder): void }[],
    private readonly loss: PreparedDispatch,
    private readonly backwardOps: { encode(pass: GPUComputePassEncoder): void }[],
    private readonly optimizer: OptimizerOp,
    private readonly releasables: { release(): void }[],
    readonly spec: TrainNetworkSpec,
    readonly dt: number,
    private readonly regOps: readonly RateRegOp[] = [],
    /** Micro-batches of batchSize per optimizer update. */
    readonly accumulation = 1,
  ) {}

  static async create(ctx: GpuContext, spec: TrainNetworkSpec, options: TrainerOptions): Promise<Trainer> {
    ctx.check();
    const object = 'Trainer options';
    rejectUnknownKeys(object, options, ['steps', 'batchSize', 'dt', 'seed', 'loss', 'optimizer', 'initGain', 'rateRegularizer', 'spikeProducts', 'gradientAccumulation']);
    const accumulation = requireInteger(object, 'gradientAccumulation', options.gradientAccumulation ?? 1, 1, 1 << 16);
    const acc = accumulation > 1;
    const spikeProducts = requireOneOf(object, 'spikeProducts', options.spikeProducts ?? 'auto', ['auto', 'events', 'dense'] as const);
    const spikeStrategy = (columns: number): 'events' | 'auto' =>
      spikeProducts === 'events' || (spikeProducts === 'auto' && columns >= SPIKE_EVENTS_MIN_COLUMNS) ? 'events' : 'auto';
    const reg = options.rateRegularizer ? resolveRateReg(options.rateRegularizer) : undefined;
    const steps = requireInteger(object, 'steps', options.steps, 1, 1 << 20);
    const B = requireInteger(object, 'batchSize', options.batchSize, 1, 1 << 20);
    const dt = requirePositive(object, 'dt', options.dt ?? 1, 'ms');
    const seed = requireInteger(object, 'seed', options.seed ?? 1, 0, Number.MAX_SAFE_INTEGER);
    const lossKind = requireOneOf(object, 'loss', options.loss ?? 'maxOverTime', ['maxOverTime', 'meanOverTime', 'spikeCount', 'mse'] as const);
    const gain = requirePositive(object, 'initGain', options.initGain ?? 1);
    const opt = resolveOptimizer(options.optimizer);
    const layers = resolveTrainNetwork(spec, dt);
    const readout = layers[layers.length - 1]!;
    if (lossKind !== 'mse' && readout.size > READOUT_MAX_CLASSES) throw new InvalidParameterError('TrainNetworkSpec.readout', 'size', readout.size, `at most ${READOUT_MAX_CLASSES} classes for ${lossKind}`);
    if ((lossKind === 'spikeCount') !== readout.spiking) {
      throw new InvalidParameterError(object, 'loss', lossKind, readout.spiking ? "'spikeCount' (the readout spikes)" : "'maxOverTime', 'meanOverTime' or 'mse' (a leaky-integrator readout; set readout.spiking for 'spikeCount')");
    }
    for (const l of layers) if (l.recurrent) planRecTrain(ctx, `TrainNetworkSpec ${l.name}`, l.size, l.recurrent.kind === 'sparse' ? l.recurrent.sparse : undefined);

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
    }
    const tensor = (name: string): Tensor => tensors.find((t) => t.name === name)!;
    // Memory estimate first: per layer I, V, GZ, GI (and Z, A, PG, GS), the input, parameters x 4.
    const TB = steps * B;
    const perLayer = (l: ResolvedLayer): number => (4 + (l.spiking ? 1 : 0) + (l.lif.model === 'alif' && l.spiking ? 1 : 0)) * (TB + B) * l.size
      + (l.trainAlpha || l.trainThreshold || l.recurrent ? paramGradLayout(B * l.size, l.recurrent !== undefined).floats : 0);
    const activations = layers.reduce((a, l) => a + perLayer(l), 0);
    const bytes = 4 * (activations + TB * spec.inputs + 4 * count + TB);
    const limit = ctx.limits.maxStorageBufferBindingSize;
    const biggest = Math.max(...layers.map((l) => 4 * (TB + B) * l.size), 4 * TB * spec.inputs, 4 * count);
    if (biggest > limit) {
      throw new LimitExceededError('Trainer', 'batchSize', B, Math.max(1, Math.floor((B * limit) / biggest)),
        `One activation buffer of ${biggest} bytes (steps x batch x layer size; ${bytes} bytes in all) exceeds maxStorageBufferBindingSize = ${limit}. Use a smaller batch (with gradientAccumulation to keep the samples per update) or fewer steps.`);
    }

    const pool = ctx.pool;
    const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    const made: GPUBuffer[] = [];
    const sizes: Record<string, number> = {};
    const buf = (label: string, floats: number): GPUBuffer => {
      const b = pool.acquire({ label: `trainer.${label}`, size: 4 * Math.max(4, floats), usage });
      made.push(b);
      sizes[label] = floats;
      return b;
    };
    const bufs: Record<string, GPUBuffer> = {
      P: buf('params', count), G: buf('grads', count), M1: buf('m1', count), M2: buf('m2', count),
      X: buf('input', TB * spec.inputs), ones: buf('ones', TB), stats: buf('stats', 3 * B),
      // Labels [B] (u32) for classification, target traces [T][B][outputs] (f32) for mse.
      target: buf('target', lossKind === 'mse' ? TB * readout.size : B),
    };
    const layerBuf = (l: ResolvedLayer, what: string, floats: number): void => {
      bufs[`${l.name}.${what}`] = buf(`${l.name}.${what}`, floats);
    };
    const encoder = ctx.device.createCommandEncoder({ label: 'trainer.init' });
    for (const l of layers) {
      const N = l.size;
      layerBuf(l, 'I', TB * N);
      layerBuf(l, 'V', TB * N);
      // Spiking layers: Z and GZ have T + 1 rows (z_t at row t + 1; dL/dz_{T-1} at row T, which only a regulariser or the spike-count loss writes).
      layerBuf(l, 'GZ', l.spiking ? TB * N + B * N : TB * N);
      layerBuf(l, 'GI', TB * N);
      if (l.spiking) layerBuf(l, 'Z', TB * N + B * N);
      if (l.spiking && l.lif.model === 'alif') layerBuf(l, 'A', TB * N);
      // Per-instance parameter gradients (recurrent layers: after the backward carry, in one buffer).
      if (l.trainAlpha || l.trainThreshold || l.recurrent) layerBuf(l, 'PG', paramGradLayout(B * N, l.recurrent !== undefined).floats);
    }
    for (const b of made) encoder.clearBuffer(b);
    // The sparse recurrent index arrays (after the clear).
    for (const l of layers) {
      if (l.recurrent?.kind !== 'sparse') continue;
      const { data } = packSparseIndex(l.recurrent.sparse);
      layerBuf(l, 'idx', data.length);
      ctx.device.queue.writeBuffer(bufs[`${l.name}.idx`]!, 0, data as Uint32Array<ArrayBuffer>);
    }
    ctx.device.queue.submit([encoder.finish()]);
    ctx.device.queue.writeBuffer(bufs.ones!, 0, new Float32Array(TB).fill(1));
    ctx.device.queue.writeBuffer(bufs.P!, 0, initialParams(layers, tensors, count, seed, gain));

    const releasables: { release(): void }[] = [];
    try {
      const f = (name: string): Bound => [bufs[name]!, 4 * Math.max(4, sizes[name]!)];
      const forwardOps: Encodable[] = [];
      const backwardOps: Encodable[] = [];
      const gradOps: Encodable[] = [];
      const layerOps: { backward: Encodable }[] = [];
      for (const [li, l] of layers.entries()) {
        const W = tensor(`${l.name}.weight`);
        const bT = tensor(`${l.name}.bias`);
        const input = li === 0 ? 'X' : `${layers[li - 1]!.name}.Z`;
        // Products whose left operand is spikes (every layer after the first) can skip the zeros.
        const strategy = li === 0 ? 'auto' as const : spikeStrategy(l.size);
        const mm = await MatmulOp.create(ctx, { label: `${l.name}.forward`, m: TB, k: l.inputs, n: l.size, a: bufs[input]!, b: bufs.P!, bOffset: 4 * W.offset, c: bufs[`${l.name}.I`]!, bias: bufs.P!, biasOffset: 4 * bT.offset, strategy });
        releasables.push(mm);
        const own = (what: string): Partial<Record<string, Bound>> => (bufs[`${l.name}.${what}`] ? { [what]: f(`${l.name}.${what}`) } : {});
        const io = { ...own('I'), ...own('V'), ...own('Z'), ...own('A'), ...own('GZ'), ...own('GI'), P: [bufs.P!, 4 * Math.max(4, count)] as Bound };
        const trainable = { alpha: l.trainAlpha, threshold: l.trainThreshold };
        const offsets = { qaAt: l.trainAlpha ? tensor(`${l.name}.alpha`).offset : 0, qtAt: l.trainThreshold ? tensor(`${l.name}.threshold`).offset : 0 };
        const pg = paramGradLayout(B * l.size, l.recurrent !== undefined);
        let op: { forward: Encodable; backward: Encodable; release(): void };
        if (l.recurrent) {
          const sparse = l.recurrent.kind === 'sparse' ? l.recurrent.sparse : undefined;
          const R = tensor(`${l.name}.recurrent`);
          const rec = await RecTrainOp.create(ctx, l.name, l.lif, steps, B, l.size, {
            ...io, S: f(`${l.name}.PG`), G: [bufs.G!, 4 * Math.max(4, R.length), 4 * R.offset], ...own('idx'),
          }, { ...(sparse ? { sparse } : {}), trainable, offsets: { ...offsets, rAt: R.offset }, accumulateGrad: acc });
          op = rec;
          // Recurrent weight gradient: dense, Z[0..T)^T GI (row t of Z holds z_{t-1}); sparse, per entry.
          if (sparse) gradOps.push(rec.weightGrad);
          else {
            const dR = await MatmulOp.create(ctx, { label: `${l.name}.dR`, m: l.size, k: TB, n: l.size, transA: true, a: bufs[`${l.name}.Z`]!, b: bufs[`${l.name}.GI`]!, c: bufs.G!, cOffset: 4 * R.offset, strategy: spikeStrategy(l.size), accumulate: acc });
            releasables.push(dR);
            gradOps.push(dR);
          }
        } else {
          op = await LifTrainOp.create(ctx, l.name, l.lif, l.spiking, steps, B, l.size, { ...io, ...own('PG') }, true, trainable, offsets);
        }
        releasables.push(op);
        layerOps.push(op);
        forwardOps.push(mm, op.forward);
        // Gradients of this layer's weights and bias from dL/dI; per-neuron parameters summed over the batch.
        const dW = await MatmulOp.create(ctx, { label: `${l.name}.dW`, m: l.inputs, k: TB, n: l.size, transA: true, a: bufs[input]!, b: bufs[`${l.name}.GI`]!, c: bufs.G!, cOffset: 4 * W.offset, strategy, accumulate: acc });
        const db = await MatmulOp.create(ctx, { label: `${l.name}.db`, m: 1, k: TB, n: l.size, a: bufs.ones!, b: bufs[`${l.name}.GI`]!, c: bufs.G!, cOffset: 4 * bT.offset, accumulate: acc });
        releasables.push(dW, db);
        gradOps.push(dW, db);
        for (const [flag, name, from] of [[l.trainAlpha, 'alpha', pg.pgAlpha], [l.trainThreshold, 'threshold', pg.pgThreshold]] as const) {
          if (!flag) continue;
          const t = tensor(`${l.name}.${name}`);
          const d = await MatmulOp.create(ctx, { label: `${l.name}.d${name}`, m: 1, k: B, n: l.size, a: bufs.ones!, b: bufs[`${l.name}.PG`]!, bOffset: 4 * from, c: bufs.G!, cOffset: 4 * t.offset, accumulate: acc });
          releasables.push(d);
          gradOps.push(d);
        }
      }
      const outRows = readout.spiking ? 'Z' : 'V';
      const loss = await createReadoutLoss(ctx, 'trainer.loss', lossKind, steps, B, readout.size, {
        U: f(`${readout.name}.${outRows}`), target: f('target'), GU: f(`${readout.name}.GZ`), stats: f('stats'),
      });
      releasables.push(loss);
      // Backward: the readout, then each hidden layer from dL/dz = GI_next W_next^T.
      backwardOps.push(layerOps[layers.length - 1]!.backward);
      const regOps: RateRegOp[] = [];
      for (let li = layers.length - 2; li >= 0; li--) {
        const l = layers[li]!;
        const next = layers[li + 1]!;
        const Wn = tensor(`${next.name}.weight`);
        const gz = await MatmulOp.create(ctx, { label: `${l.name}.dZ`, m: TB, k: next.size, n: l.size, transB: true, a: bufs[`${next.name}.GI`]!, b: bufs.P!, bOffset: 4 * Wn.offset, c: bufs[`${l.name}.GZ`]! });
        releasables.push(gz);
        backwardOps.push(gz);
        if (reg) {
          const op = await RateRegOp.create(ctx, `${l.name}.rateReg`, reg, steps, B, l.size, { Z: f(`${l.name}.Z`), GZ: f(`${l.name}.GZ`), stats: f('stats') });
          releasables.push(op);
          regOps.push(op);
          backwardOps.push(op);
        }
        backwardOps.push(layerOps[li]!.backward);
      }
      backwardOps.push(...gradOps);
      const optimizer = await OptimizerOp.create(ctx, opt, tensors, { P: bufs.P!, G: bufs.G!, M1: bufs.M1!, M2: bufs.M2!, count });
      releasables.push(optimizer);
      return new Trainer(ctx, layers, steps, B, seed, lossKind, tensors, bufs, forwardOps, loss, backwardOps, optimizer, releasables, spec, dt, regOps, accumulation);
    } catch (e) {
      for (const r of releasables) r.release();
      for (const b of made) pool.release(b);
      throw e;
    }
  }

  private check(): void {
    if (this.destroyed) throw new DestroyedError('Trainer');
    this.ctx.check();
  }

  private checkDataset(name: string, d: Dataset): void {
    const object = `Trainer dataset '${name}'`;
    if (typeof d !== 'object' || d === null) throw new InvalidParameterError(object, 'dataset', d, '{ inputs, labels, size, features }');
    const size = requireInteger(object, 'size', d.size, 1, Number.MAX_SAFE_INTEGER);
    const features = requireInteger(object, 'features', d.features, 1, 1 << 24);
    if (features !== this.spec.inputs) throw new InvalidParameterError(object, 'features', features, `${this.spec.inputs} (the network's inputs)`);
    const encoding = requireOneOf(object, 'encoding', d.encoding ?? 'current', ['current', 'sequence'] as const);
    const per = encoding === 'current' ? features : this.steps * features;
    if (!(d.inputs instanceof Float32Array) || d.inputs.length !== size * per) {
      throw new InvalidParameterError(object, 'inputs', d.inputs, `a Float32Array of shape [${size}][${encoding === 'current' ? features : `${this.steps}][${features}`}] (${size * per} values)`);
    }
    for (let k = 0; k < d.inputs.length; k++) {
      if (!Number.isFinite(d.inputs[k])) throw new InvalidParameterError(object, `inputs[${k}]`, d.inputs[k], 'a finite number (sample ' + Math.floor(k / per) + ')');
    }
    const classes = this.layers[this.layers.length - 1]!.size;
    if (this.lossKind === 'mse') {
      const n = size * this.steps * classes;
      if (!(d.targets instanceof Float32Array) || d.targets.length !== n) {
        throw new InvalidParameterError(object, 'targets', d.targets, `a Float32Array of shape [${size}][${this.steps}][${classes}] (${n} values) for the 'mse' loss`);
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
   * Writes the batch of samples `order[from .. from + B)` (short batches padded, masked by `valid`);
   * losses are averaged over `total` samples (the update's, when gradients accumulate).
   */
  private upload(d: Dataset, order: Uint32Array, from: number, total?: number): number {
    const B = this.batchSize;
    const T = this.steps;
    const F = this.spec.inputs;
    const valid = Math.min(B, order.length - from);
    const x = new Float32Array(T * B * F);
    const mse = this.lossKind === 'mse';
    const O = this.layers[this.layers.length - 1]!.size;
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
    this.ctx.device.queue.writeBuffer(this.bufs.X!, 0, x);
    this.ctx.device.queue.writeBuffer(this.bufs.target!, 0, y);
    this.loss.setFrame(readoutLossFrame(T, B, this.layers[this.layers.length - 1]!.size, valid, total ?? valid));
    for (const r of this.regOps) r.setValid(valid, total ?? valid);
    return valid;
  }

  /**
   * Encodes one (micro-)batch: forward and loss; with `train`, the backward pass (gradients added up
   * over an update's micro-batches, from zero at its `first`) and, at its `last`, 'update' (norms and
   * the optimizer) or 'norms' (norms only); copies the per-sample stats into `ring` at `at`.
   */
  private encodeBatch(train: boolean, ring: GPUBuffer | null, at: number, micro: { first: boolean; last: 'update' | 'norms' | false } = { first: true, last: 'update' }): GPUCommandEncoder {
    const encoder = this.ctx.device.createCommandEncoder({ label: train ? 'trainer.step' : 'trainer.forward' });
    if (train && micro.first && this.accumulation > 1) encoder.clearBuffer(this.bufs.G!);
    const pass = encoder.beginComputePass({ label: train ? 'trainer.step' : 'trainer.forward' });
    for (const op of this.forwardOps) op.encode(pass);
    this.loss.encode(pass);
    if (train) {
      for (const op of this.backwardOps) op.encode(pass);
      if (micro.last === 'update') this.optimizer.encode(pass);
      if (micro.last === 'norms') this.optimizer.encodeNorms(pass);
    }
    pass.end();
    if (ring) encoder.copyBufferToBuffer(this.bufs.stats!, 0, ring, at, 12 * this.batchSize);
    return encoder;
  }

  /** A buffer for `batches` batches of per-sample stats (read back once). */
  private statsRing(batches: number): GPUBuffer {
    return this.ctx.pool.acquire({ label: 'trainer.statsRing', size: 12 * this.batchSize * batches + 16, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC, storage: false });
  }

  /** Submits without waiting, but lets at most a few dozen batches queue up. */
  private async submitBatch(encoder: GPUCommandEncoder, k: number): Promise<void> {
    this.ctx.device.queue.submit([encoder.finish()]);
    if (k % 32 === 31) await this.ctx.device.queue.onSubmittedWorkDone();
  }

  /** Reads the optimizer's halt record; throws NonFiniteGradientError (after clearing it) when set. */
  private async checkHalt(epoch: number): Promise<void> {
    const h = new Uint32Array(await this.ctx.read(this.optimizer.halt, 0, 12));
    if (h[0] === 0) return;
    this.optimizer.clearHalt();
    this.updates = h[1] as number;
    throw new NonFiniteGradientError(this.tensors[h[2] as number]?.name ?? `tensor ${h[2]}`, h[1] as number, epoch);
  }

  /**
   * Wall time (ms) of each GPU operation of one training batch, each submitted and awaited alone
   * (for benchmarks and profiling; the batch is the first `batchSize` samples of `d`).
   */
  async profileBatch(d: Dataset): Promise<{ op: string; ms: number }[]> {
    this.check();
    this.checkDataset('profile', d);
    this.upload(d, Uint32Array.from({ length: d.size }, (_, i) => i), 0);
    const named: [string, { encode(pass: GPUComputePassEncoder): void }][] = [
      ...this.forwardOps.map((op, k) => [`forward ${k}`, op] as [string, typeof op]),
      ['loss', this.loss],
      ...this.backwardOps.map((op, k) => [`backward ${k}`, op] as [string, typeof op]),
      ['optimizer', this.optimizer],
    ];
    const out: { op: string; ms: number }[] = [];
    for (const [op, x] of named) {
      let best = Infinity;
      for (let r = 0; r < 3; r++) {
        const enc = this.ctx.device.createCommandEncoder();
        const pass = enc.beginComputePass();
        x.encode(pass);
        pass.end();
        const t0 = performance.now();
        this.ctx.device.queue.submit([enc.finish()]);
        await this.ctx.device.queue.onSubmittedWorkDone();
        best = Math.min(best, performance.now() - t0);
      }
      out.push({ op, ms: best });
    }
    return out;
  }

  /** A seeded permutation of [0, n) for epoch `epoch` (Fisher-Yates on Philox words). */
  private permutation(n: number, epoch: number): Uint32Array {
    const p = Uint32Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(uniform01(randomWords(this.seed, SHUFFLE_STREAM, epoch, i)[0]) * (i + 1));
      const t = p[i] as number;
      p[i] = p[j] as number;
      p[j] = t;
    }
    return p;
  }

  /** Trains for `epochs` epochs; returns the per-epoch statistics. */
  async fit(train: Dataset, options: FitOptions): Promise<EpochStats[]> {
    this.check();
    rejectUnknownKeys('Trainer.fit options', options, ['epochs', 'shuffle', 'validation', 'onEpoch', 'onBatch']);
    const epochs = requireInteger('Trainer.fit options', 'epochs', options.epochs, 0, 1 << 20);
    this.checkDataset('train', train);
    if (options.validation) this.checkDataset('validation', options.validation);
    const history: EpochStats[] = [];
    const B = this.batchSize;
    const n = this.accumulation;
    const perUpdate = B * n;
    const batches = Math.ceil(train.size / perUpdate);
    const ring = this.statsRing(batches * n);
    try {
      for (let e = 0; e < epochs; e++) {
        const t0 = performance.now();
        const order = options.shuffle === false ? Uint32Array.from({ length: train.size }, (_, i) => i) : this.permutation(train.size, this.epochsDone);
        const valids: number[] = [];
        const divisors: number[] = [];
        for (let k = 0; k < batches; k++) {
          const total = Math.min(perUpdate, train.size - k * perUpdate);
          const micros = Math.ceil(total / B);
          const firstSlot = valids.length;
          this.optimizer.setStep(this.updates);
          for (let q = 0; q < micros; q++) {
            // Each micro-batch is its own submit: its inputs are written to the queue before it.
            const slot = valids.length;
            valids.push(this.upload(train, order, k * perUpdate + q * B, total));
            divisors.push(total);
            const encoder = this.encodeBatch(true, ring, 12 * B * slot, { first: q === 0, last: q === micros - 1 ? 'update' : false });
            if (options.onBatch && q === micros - 1) await this.ctx.submit('Trainer batch', [encoder.finish()]);
            else await this.submitBatch(encoder, slot);
          }
          this.updates++;
          if (!options.onBatch) continue;
          // With an onBatch callback: one readback per update.
          await this.checkHalt(e);
          const one = summariseStats(await this.ctx.read(ring, 12 * B * firstSlot, 12 * B * micros), B, valids.slice(firstSlot), divisors.slice(firstSlot));
          options.onBatch({ epoch: e, batch: k, batches, loss: one.loss / total, accuracy: one.correct / total });
        }
        // One readback per epoch: every batch's per-sample losses, and the halt record.
        await this.checkHalt(e);
        const { loss, correct } = summariseStats(await this.ctx.read(ring, 0, 12 * B * valids.length), B, valids, divisors);
        const s: EpochStats = { epoch: e, loss: loss / train.size, accuracy: correct / train.size, seconds: (performance.now() - t0) / 1000 };
        if (options.validation) s.validation = await this.evaluate(options.validation);
        this.epochsDone++;
        history.push(s);
        options.onEpoch?.(s);
      }
    } finally {
      this.ctx.pool.release(ring);
    }
    return history;
  }

  /** Mean loss and accuracy over a dataset (forward passes only). */
  async evaluate(d: Dataset): Promise<{ loss: number; accuracy: number }> {
    const r = await this.forwardAll(d);
    return { loss: r.loss, accuracy: r.correct / d.size };
  }

  /** Predicted class of every sample. */
  async predict(d: Dataset): Promise<Uint32Array> {
    return (await this.forwardAll(d)).predicted;
  }

  private async forwardAll(d: Dataset): Promise<{ loss: number; correct: number; predicted: Uint32Array }> {
    this.check();
    this.checkDataset('evaluate', d);
    const B = this.batchSize;
    const order = Uint32Array.from({ length: d.size }, (_, i) => i);
    const batches = Math.ceil(d.size / B);
    const ring = this.statsRing(batches);
    try {
      const valids: number[] = [];
      for (let k = 0; k < batches; k++) {
        valids.push(this.upload(d, order, k * B));
        await this.submitBatch(this.encodeBatch(false, ring, 12 * B * k), k);
      }
      const { loss, correct, predicted } = summariseStats(await this.ctx.read(ring, 0, 12 * B * batches), B, valids, valids);
      return { loss: loss / d.size, correct, predicted };
    } finally {
      this.ctx.pool.release(ring);
    }
  }

  /** The parameters by tensor name (`hidden0.weight` [inputs][size], `hidden0.bias`, ..., `readout.weight`, `readout.bias`). */
  async getWeights(): Promise<Record<string, Float32Array>> {
    this.check();
    const all = new Float32Array(await this.ctx.read(this.bufs.P!, 0, this.bufs.P!.size));
    return Object.fromEntries(this.tensors.map((t) => [t.name, all.slice(t.offset, t.offset + t.length)]));
  }

  /** Replaces parameters (each given tensor must have its full length); resets the optimizer state. */
  setWeights(weights: Readonly<Record<string, ArrayLike<number>>>): void {
    this.check();
    for (const [name, v] of Object.entries(weights)) {
      const t = this.tensors.find((x) => x.name === name);
      if (!t) throw new InvalidParameterError('Trainer.setWeights', name, name, `one of ${this.tensors.map((x) => x.name).join(', ')}`);
      if (v.length !== t.length) throw new InvalidParameterError('Trainer.setWeights', name, v, `${t.length} values (shape [${t.shape.join(', ')}])`);
      const data = Float32Array.from(v);
      for (let k = 0; k < data.length; k++) if (!Number.isFinite(data[k])) throw new InvalidParameterError('Trainer.setWeights', `${name}[${k}]`, data[k], 'a finite number');
      this.ctx.device.queue.writeBuffer(this.bufs.P!, 4 * t.offset, data);
    }
    const encoder = this.ctx.device.createCommandEncoder({ label: 'trainer.resetOptimizer' });
    encoder.clearBuffer(this.bufs.M1!);
    encoder.clearBuffer(this.bufs.M2!);
    this.ctx.device.queue.submit([encoder.finish()]);
    this.optimizer.clearHalt();
    this.updates = 0;
  }

  /** Gradients of the last training batch, by tensor name (for checks). */
  async getGradients(): Promise<Record<string, Float32Array>> {
    this.check();
    const all = new Float32Array(await this.ctx.read(this.bufs.G!, 0, this.bufs.G!.size));
    return Object.fromEntries(this.tensors.map((t) => [t.name, all.slice(t.offset, t.offset + t.length)]));
  }

  /** Reads a named activation buffer ([T][B][N]; Z has T + 1 steps, the first all zero). */
  async readActivation(name: string): Promise<Float32Array> {
    this.check();
    const b = this.bufs[name];
    if (!b) throw new InvalidParameterError('Trainer.readActivation', 'name', name, 'a layer buffer such as hidden0.V, hidden0.Z, readout.V');
    return new Float32Array(await this.ctx.read(b, 0, b.size));
  }

  /**
   * Computes the loss gradients of one batch (samples `indices`, in order) without updating the
   * weights: for gradient checks against the oracle, PyTorch and finite differences.
   */
  async gradientsOf(d: Dataset, indices: number[]): Promise<{ gradients: Record<string, Float32Array>; loss: number }> {
    this.check();
    this.checkDataset('gradient', d);
    const B = this.batchSize;
    const most = B * this.accumulation;
    if (indices.length === 0 || indices.length > most) throw new InvalidParameterError('Trainer.gradientsOf', 'indices', indices, `1 to ${most} sample indices (batchSize x gradientAccumulation)`);
    const order = Uint32Array.from(indices);
    const micros = Math.ceil(indices.length / B);
    let loss = 0;
    for (let q = 0; q < micros; q++) {
      const valid = this.upload(d, order, q * B, indices.length);
      const encoder = this.encodeBatch(true, null, 0, { first: q === 0, last: q === micros - 1 ? 'norms' : false });
      await this.ctx.submit('Trainer gradients', [encoder.finish()]);
      const stats = new Float32Array(await this.ctx.read(this.bufs.stats!, 0, 12 * B));
      for (let b = 0; b < valid; b++) loss += stats[3 * b] as number;
    }
    return { gradients: await this.getGradients(), loss };
  }

  /**
   * Accuracy of the trained network run unchanged in the event-driven Simulator (true spikes, fixed-point
   * synaptic input, one copy of the network per sample): see host/train/to-simulator.ts.
   */
  async evaluateInSimulator(d: Dataset, options: { chunk?: number } = {}): Promise<SimulatorEvaluation> {
    this.check();
    this.checkDataset('simulator', d);
    if (d.encoding === 'sequence') throw new InvalidParameterError('Trainer.evaluateInSimulator', 'encoding', 'sequence', "'current' (constant input currents)");
    if (this.lossKind === 'mse') throw new InvalidParameterError('Trainer.evaluateInSimulator', 'loss', 'mse', "a classification loss ('maxOverTime', 'meanOverTime' or 'spikeCount')");
    return evaluateInSimulator(this.ctx, this.layers, await this.getWeights(), d, { steps: this.steps, dt: this.dt, loss: this.lossKind, ...(options.chunk ? { chunk: options.chunk } : {}) });
  }

  /** The weights in the versioned file format (host/train/weights-file.ts). */
  async save(): Promise<Uint8Array> {
    const w = await this.getWeights();
    // Explicit recurrent pairs as plain arrays (typed arrays do not survive JSON).
    const spec: TrainNetworkSpec = {
      ...this.spec,
      hidden: this.spec.hidden.map((h) => {
        const r = h.recurrent;
        return typeof r === 'object' && r !== null && 'pre' in r ? { ...h, recurrent: { pre: Array.from(r.pre), post: Array.from(r.post) } } : h;
      }),
    };
    return encodeWeights({
      spec, trainer: { steps: this.steps, dt: this.dt, loss: this.lossKind },
      tensors: Object.fromEntries(this.tensors.map((t) => [t.name, { shape: t.shape, values: w[t.name]! }])),
    });
  }

  /** A trainer for the network in a weights file, with its weights (options default to the file's). */
  static async load(ctx: GpuContext, bytes: Uint8Array, options: Partial<TrainerOptions> = {}): Promise<Trainer> {
    const file = decodeWeights(bytes);
    const t = await Trainer.create(ctx, file.spec, {
      steps: file.trainer.steps, dt: file.trainer.dt, loss: file.trainer.loss as ReadoutLoss, batchSize: 32, ...options,
    });
    try {
      t.setWeights(Object.fromEntries(Object.entries(file.tensors).map(([k, v]) => [k, v.values])));
    } catch (e) {
      t.destroy();
      throw e;
    }
    return t;
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const r of this.releasables) r.release();
    for (const b of Object.values(this.bufs)) this.ctx.pool.release(b);
  }
}

/**
 * Per-sample stats of consecutive batches ([batch][B][loss, correct, predicted], the loss scaled by
 * 1/divisor, the samples the batch's loss was averaged over): the summed per-sample loss, the correct
 * count, and the predictions in sample order.
 */
function summariseStats(data: ArrayBuffer, B: number, valids: readonly number[], divisors: readonly number[]): { loss: number; correct: number; predicted: Uint32Array } {
  const f = new Float32Array(data);
  const u = new Uint32Array(data);
  const predicted = new Uint32Array(valids.reduce((a, v) => a + v, 0));
  let loss = 0;
  let correct = 0;
  valids.forEach((valid, k) => {
    let bl = 0;
    for (let b = 0; b < valid; b++) {
      const q = 3 * (k * B + b);
      bl += f[q] as number;
      correct += u[q + 1] as number;
      predicted[k * B + b] = u[q + 2] as number;
    }
    loss += bl * divisors[k]!;
  });
  return { loss, correct, predicted };
}

/**
 * Initial parameters: weights uniform in +-gain/sqrt(fan-in) from Philox (seed, layer), recurrent
 * weights the same with the mean recurrent fan-in, biases 0, per-neuron alpha and threshold the layer's.
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
  });
  return p;
}
