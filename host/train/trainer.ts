/**
 * Trainer: surrogate-gradient training of a TrainNetworkSpec on the GPU. Per batch, one command buffer
 * holds the forward pass (tiled products X W + b, the LIF layers over T steps), the loss and its
 * gradient, the backward pass through time (surrogate derivatives), the weight and bias gradients
 * (products summed over time and batch), the gradient norms and the optimizer update. Per-sample
 * losses collect in a GPU buffer read once per epoch (once per batch only with an onBatch callback).
 * A non-finite gradient halts the updates on the GPU and is reported at that readback. Everything is
 * seeded: the same seed gives the same weights, batches and results.
 */
import { DestroyedError, divergenceMessage, InvalidParameterError, LimitExceededError, NonFiniteGradientError, TrainingDivergedError } from '../errors.js';
import type { GpuContext } from '../gpu/context.js';
import { LifTrainOp, stateLayout } from '../kernels/lifTrain.js';
import { MatmulOp } from '../kernels/matmul.js';
import { OptimizerOp, resolveOptimizer, type OptimizerOptions } from '../kernels/optimizer.js';
import { RateRegOp, resolveRateReg, type RateRegOptions } from '../kernels/rateReg.js';
import type { Bound, PreparedDispatch } from '../kernels/prepared.js';
import { packSparseIndex, planRecTrain, RecTrainOp } from '../kernels/recTrain.js';
import { createReadoutLoss, READOUT_MAX_CLASSES, readoutLossFrame, type ReadoutLoss } from '../kernels/readoutLoss.js';
import { randomWords, uniform01 } from '../random/philox.js';
import { rejectUnknownKeys, requireInteger, requireOneOf, requirePositive } from '../validate.js';
import { resolveTrainNetwork, type ResolvedLayer, type TrainNetworkSpec } from './network.js';
import { decodeWeights, encodeWeights } from './weights-file.js';
import { evaluateInSimulator, type SimulatorEvaluation } from './to-simulator.js';

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
  /** The dataset's inputs are spikes (mostly zeros, as Randman's): the first layer's products follow spikeProducts too. Default false. */
  spikeInputs?: boolean;
  /**
   * Micro-batches per optimizer update (default 1): the gradients of `gradientAccumulation` batches of
   * `batchSize` samples are summed before one update, so a large effective batch fits in the memory
   * of a small one (activations scale with batchSize). Losses and gradients are averaged over the
   * update's samples, as one batch of batchSize x gradientAccumulation would be (up to the order of the sums).
   */
  gradientAccumulation?: number;
  /**
   * Checkpointing for long sequences: the steps run in chunks of this many; activations are kept for
   * one chunk only, each layer's state is stored at every chunk start, and the backward pass
   * recomputes each chunk's forward from its checkpoint before going back through it. Memory for
   * activations falls by about steps / checkpointEvery, for one more forward pass. The forward pass is
   * bit-identical; weight gradients are summed chunk by chunk (equal up to the order of the sums).
   * Default: no checkpointing. Not with rateRegularizer.
   */
  checkpointEvery?: number;
}

export interface EpochStats {
  epoch: number;
  loss: number;
  accuracy: number;
  /** Wall time of the epoch (s). */
  seconds: number;
  validation?: { loss: number; accuracy: number };
  /** Set when the epoch's loss diverged (FitOptions.onDivergence). */
  diverged?: boolean;
}

export interface FitOptions {
  epochs: number;
  /** Shuffle the training set every epoch (seeded). Default true. */
  shuffle?: boolean;
  validation?: Dataset;
  onEpoch?: (s: EpochStats) => void;
  onBatch?: (b: { epoch: number; batch: number; batches: number; loss: number; accuracy: number }) => void;
  /**
   * What to do when an epoch's mean loss exceeds DIVERGENCE_FACTOR times the loss of the first batch
   * (or is not finite): 'warn' (default: console.warn once per fit, and EpochStats.diverged), 'error'
   * (throw TrainingDivergedError after that epoch) or 'ignore'.
   */
  onDivergence?: 'warn' | 'error' | 'ignore';
}

/** An epoch whose mean loss is this many times the first batch's loss has diverged. */
export const DIVERGENCE_FACTOR = 100;

interface Tensor {
  name: string;
  shape: number[];
  offset: number;
  length: number;
}

type Encodable = { encode(pass: GPUComputePassEncoder): void };
/** A compute operation, or a buffer copy between compute passes: [source, offset, destination, offset, bytes]. */
type Step = Encodable | { copy: [GPUBuffer, number, GPUBuffer, number, number] };

/** Encodes steps into compute passes, ending a pass for each copy. */
function encodeSteps(encoder: GPUCommandEncoder, steps: readonly Step[], label: string): void {
  let pass: GPUComputePassEncoder | null = null;
  for (const s of steps) {
    if ('copy' in s) {
      pass?.end();
      pass = null;
      encoder.copyBufferToBuffer(...s.copy);
      continue;
    }
    pass ??= encoder.beginComputePass({ label });
    s.encode(pass);
  }
  pass?.end();
}

/** spikeProducts 'auto': the event-driven product from this many output columns (measured crossover on llvmpipe: about 48). */
export const SPIKE_EVENTS_MIN_COLUMNS = 64;

const ALIGN_FLOATS = 64; // 256 bytes: binding offsets stay aligned
const alignUp = (n: number): number => Math.ceil(n / ALIGN_FLOATS) * ALIGN_FLOATS;
const WEIGHT_STREAM = 0x7000;
const SHUFFLE_STREAM = 0x7100;

export class Trainer {
  /** Optimizer updates done. */
  updates = 0;
  /** Mean loss of the first batch this Trainer trained on (the divergence reference); reset with the weights. */
  private initialLoss: number | undefined;
  /** Epochs trained (all fit calls). */
  epochsDone = 0;
  /** GPU memory of the trainer's buffers (bytes): parameters, optimizer state, inputs, activations, checkpoints. */
  memoryBytes = 0;
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
    private readonly forwardSteps: Step[],
    private readonly loss: PreparedDispatch,
    private readonly backwardSteps: Step[],
    private readonly optimizer: OptimizerOp,
    private readonly releasables: { release(): void }[],
    readonly spec: TrainNetworkSpec,
    readonly dt: number,
    private readonly regOps: readonly RateRegOp[] = [],
    /** Micro-batches of batchSize per optimizer update. */
    readonly accumulation = 1,
    /** Gradients are summed into a cleared buffer (micro-batches or checkpoint chunks). */
    private readonly accumulates = false,
    /** Steps per checkpoint chunk (steps: no checkpointing). */
    readonly checkpointEvery = steps,
  ) {}

  static async create(ctx: GpuContext, spec: TrainNetworkSpec, options: TrainerOptions): Promise<Trainer> {
    ctx.check();
    const object = 'Trainer options';
    rejectUnknownKeys(object, options, ['steps', 'batchSize', 'dt', 'seed', 'loss', 'optimizer', 'initGain', 'rateRegularizer', 'spikeProducts', 'spikeInputs', 'gradientAccumulation', 'checkpointEvery']);
    const spikeInputs = options.spikeInputs ?? false;
    if (typeof spikeInputs !== 'boolean') throw new InvalidParameterError(object, 'spikeInputs', spikeInputs, 'true or false');
    const accumulation = requireInteger(object, 'gradientAccumulation', options.gradientAccumulation ?? 1, 1, 1 << 16);
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
      if (l.trainAlphaSyn) addTensor(`${l.name}.alphaSyn`, [l.size]);
    }
    const tensor = (name: string): Tensor => tensors.find((t) => t.name === name)!;
    // Checkpointing: the steps in chunks of `checkpointEvery`; activation buffers hold one chunk.
    const C = options.checkpointEvery === undefined ? steps : requireInteger(object, 'checkpointEvery', options.checkpointEvery, 1, steps);
    const chunkSteps: number[] = [];
    for (let t = 0; t < steps; t += C) chunkSteps.push(Math.min(C, steps - t));
    const K = chunkSteps.length;
    const chunked = K > 1;
    if (chunked && reg) {
      throw new InvalidParameterError(object, 'rateRegularizer', options.rateRegularizer, 'not set together with checkpointEvery (the regularisers need every step of the spikes at once)');
    }
    const acc = accumulation > 1 || chunked;
    const F = spec.inputs;
    const TB = steps * B;
    const RB = C * B; // rows of one chunk
    // Buffer sizes (floats) first, for the memory check: per layer I, V, A (chunk rows), Z, GZ, GI (one row more), S.
    const sizes: Record<string, number> = {
      params: count, grads: count, m1: count, m2: count, input: TB * F, ones: Math.max(TB, RB), stats: 3 * B,
      // Labels [B] (u32) for classification, target traces [T][B][outputs] (f32) for mse.
      target: lossKind === 'mse' ? TB * readout.size : B,
    };
    if (chunked) sizes.inputChunk = RB * F;
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
    const bytes = 4 * Object.values(sizes).reduce((a, x) => a + x, 0);
    const limit = ctx.limits.maxStorageBufferBindingSize;
    const [bigName, bigFloats] = Object.entries(sizes).reduce((a, x) => (x[1] > a[1] ? x : a));
    if (4 * bigFloats > limit) {
      const fix = bigName === 'input' || bigName.startsWith('readout.') || bigName === 'target'
        ? 'Use a smaller batch (with gradientAccumulation to keep the samples per update) or fewer steps.'
        : 'Use checkpointEvery (activations for one chunk of steps), a smaller batch (with gradientAccumulation to keep the samples per update) or fewer steps.';
      throw new LimitExceededError('Trainer', 'batchSize', B, Math.max(1, Math.floor((B * limit) / (4 * bigFloats))),
        `The buffer ${bigName} of ${4 * bigFloats} bytes (${bytes} bytes in all) exceeds maxStorageBufferBindingSize = ${limit}. ${fix}`);
    }

    const pool = ctx.pool;
    const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    const made: GPUBuffer[] = [];
    const bufs: Record<string, GPUBuffer> = {};
    const encoder = ctx.device.createCommandEncoder({ label: 'trainer.init' });
    for (const [name, floats] of Object.entries(sizes)) {
      const b = pool.acquire({ label: `trainer.${name}`, size: 4 * Math.max(4, floats), usage });
      made.push(b);
      encoder.clearBuffer(b);
      bufs[name] = b;
    }
    bufs.P = bufs.params!;
    bufs.G = bufs.grads!;
    bufs.M1 = bufs.m1!;
    bufs.M2 = bufs.m2!;
    bufs.X = bufs.input!;
    ctx.device.queue.submit([encoder.finish()]);
    for (const l of layers) {
      if (l.recurrent?.kind === 'sparse') ctx.device.queue.writeBuffer(bufs[`${l.name}.idx`]!, 0, packSparseIndex(l.recurrent.sparse).data as Uint32Array<ArrayBuffer>);
    }
    ctx.device.queue.writeBuffer(bufs.ones!, 0, new Float32Array(sizes.ones!).fill(1));
    ctx.device.queue.writeBuffer(bufs.P!, 0, initialParams(layers, tensors, count, seed, gain));

    const releasables: { release(): void }[] = [];
    try {
      const f = (name: string): Bound => [bufs[name]!, 4 * Math.max(4, sizes[name]!)];
      const own = (l: ResolvedLayer, what: string): Partial<Record<string, Bound>> => (bufs[`${l.name}.${what}`] ? { [what]: f(`${l.name}.${what}`) } : {});
      const mm = async (spec: Parameters<typeof MatmulOp.create>[1]): Promise<MatmulOp> => {
        const op = await MatmulOp.create(ctx, spec);
        releasables.push(op);
        return op;
      };
      const inputOf = (li: number): string => (li === 0 ? (chunked ? 'inputChunk' : 'input') : `${layers[li - 1]!.name}.Z`);
      // The layers' chunked dispatches.
      const layerOps: { forwardChunk(c: number): Encodable; backwardChunk(c: number): Encodable; weightGradChunk?(c: number): Encodable }[] = [];
      for (const l of layers) {
        const io = { ...own(l, 'I'), ...own(l, 'V'), ...own(l, 'Z'), ...own(l, 'A'), ...own(l, 'GZ'), ...own(l, 'GI'), ...own(l, 'S'), P: f('params') };
        const trainable = { alpha: l.trainAlpha, threshold: l.trainThreshold, alphaSyn: l.trainAlphaSyn };
        const at = (flag: boolean, name: string): number => (flag ? tensor(`${l.name}.${name}`).offset : 0);
        const offsets = { qaAt: at(l.trainAlpha, 'alpha'), qtAt: at(l.trainThreshold, 'threshold'), qsAt: at(l.trainAlphaSyn, 'alphaSyn') };
        if (l.recurrent) {
          const sparse = l.recurrent.kind === 'sparse' ? l.recurrent.sparse : undefined;
          const R = tensor(`${l.name}.recurrent`);
          const rec = await RecTrainOp.create(ctx, l.name, l.lif, steps, B, l.size, {
            ...io, G: [bufs.G!, 4 * Math.max(4, R.length), 4 * R.offset], ...own(l, 'idx'),
          }, { ...(sparse ? { sparse } : {}), trainable, offsets: { ...offsets, rAt: R.offset }, accumulateGrad: acc, chunkSteps });
          releasables.push(rec);
          layerOps.push(rec);
        } else {
          const op = await LifTrainOp.create(ctx, l.name, l.lif, l.spiking, steps, B, l.size, io, true, trainable, offsets, chunkSteps);
          releasables.push(op);
          layerOps.push({ forwardChunk: (c) => op.forwardChunks[c]!, backwardChunk: (c) => op.backwardChunks[c]! });
        }
      }
      // The products, per distinct chunk length.
      interface Products { forward: MatmulOp[]; gz: (MatmulOp | undefined)[]; grads: Encodable[][] }
      const products = new Map<number, Products>();
      for (const L of new Set(chunkSteps)) {
        const rows = L * B;
        const p: Products = { forward: [], gz: [], grads: [] };
        for (const [li, l] of layers.entries()) {
          const W = tensor(`${l.name}.weight`);
          const bT = tensor(`${l.name}.bias`);
          // Products whose left operand is spikes (every layer after the first) can skip the zeros.
          const strategy = li === 0 && !spikeInputs ? 'auto' as const : spikeStrategy(l.size);
          const input = bufs[inputOf(li)]!;
          p.forward.push(await mm({ label: `${l.name}.forward`, m: rows, k: l.inputs, n: l.size, a: input, b: bufs.P!, bOffset: 4 * W.offset, c: bufs[`${l.name}.I`]!, bias: bufs.P!, biasOffset: 4 * bT.offset, strategy }));
          // dL/dz of this layer from the next one's dL/dI (row r of GZ from row r of GI; chunked: one row more, the step after the chunk).
          const next = layers[li + 1];
          p.gz.push(next ? await mm({ label: `${l.name}.dZ`, m: chunked ? rows + B : rows, k: next.size, n: l.size, transB: true, a: bufs[`${next.name}.GI`]!, b: bufs.P!, bOffset: 4 * tensor(`${next.name}.weight`).offset, c: bufs[`${l.name}.GZ`]! }) : undefined);
          const grads: Encodable[] = [
            await mm({ label: `${l.name}.dW`, m: l.inputs, k: rows, n: l.size, transA: true, a: input, b: bufs[`${l.name}.GI`]!, c: bufs.G!, cOffset: 4 * W.offset, strategy, accumulate: acc }),
            await mm({ label: `${l.name}.db`, m: 1, k: rows, n: l.size, a: bufs.ones!, b: bufs[`${l.name}.GI`]!, c: bufs.G!, cOffset: 4 * bT.offset, accumulate: acc }),
          ];
          // Recurrent weight gradient: dense, Z[0..L)^T GI (row t of Z holds z_{t-1}); sparse, per entry (recTrain).
          if (l.recurrent?.kind === 'dense') {
            const R = tensor(`${l.name}.recurrent`);
            grads.push(await mm({ label: `${l.name}.dR`, m: l.size, k: rows, n: l.size, transA: true, a: bufs[`${l.name}.Z`]!, b: bufs[`${l.name}.GI`]!, c: bufs.G!, cOffset: 4 * R.offset, strategy: spikeStrategy(l.size), accumulate: acc }));
          }
          p.grads.push(grads);
        }
        products.set(L, p);
      }
      // Per-neuron parameter gradients: each instance's sums (in S) over the batch, once per batch.
      const paramGrads: Encodable[] = [];
      for (const l of layers) {
        const layout = stateLayout(B * l.size, K);
        for (const [flag, name, from] of [[l.trainAlpha, 'alpha', layout.pgAlpha], [l.trainThreshold, 'threshold', layout.pgThreshold], [l.trainAlphaSyn, 'alphaSyn', layout.pgAlphaSyn]] as const) {
          if (!flag) continue;
          const t = tensor(`${l.name}.${name}`);
          paramGrads.push(await mm({ label: `${l.name}.d${name}`, m: 1, k: B, n: l.size, a: bufs.ones!, b: bufs[`${l.name}.S`]!, bOffset: 4 * from, c: bufs.G!, cOffset: 4 * t.offset, accumulate: acc }));
        }
      }
      const O = readout.size;
      const U = chunked ? 'readout.U' : `readout.${readout.spiking ? 'Z' : 'V'}`;
      const GU = chunked ? 'readout.GU' : 'readout.GZ';
      const loss = await createReadoutLoss(ctx, 'trainer.loss', lossKind, steps, B, O, { U: f(U), target: f('target'), GU: f(GU), stats: f('stats') });
      releasables.push(loss);
      // Chunk c's steps: its start and the copies of the input rows in, the readout rows out, and the loss gradient rows in.
      const starts = chunkSteps.map((_, c) => c * C);
      const shift = readout.spiking ? B * O : 0; // a spiking readout's rows are one later (Z row t + 1 holds z_t)
      const copyInput = (c: number): Step => ({ copy: [bufs.input!, 4 * starts[c]! * B * F, bufs.inputChunk!, 0, 4 * chunkSteps[c]! * B * F] });
      const copyReadoutOut = (c: number): Step => ({ copy: [bufs[`readout.${readout.spiking ? 'Z' : 'V'}`]!, 4 * shift, bufs['readout.U']!, 4 * (starts[c]! * B * O + shift), 4 * chunkSteps[c]! * B * O] });
      const copyReadoutGradIn = (c: number): Step => ({ copy: [bufs['readout.GU']!, 4 * (starts[c]! * B * O + shift), bufs['readout.GZ']!, 4 * shift, 4 * chunkSteps[c]! * B * O] });
      const forwardChunk = (c: number): Step[] => {
        const p = products.get(chunkSteps[c]!)!;
        return [...(chunked ? [copyInput(c)] : []), ...layers.flatMap((_, li) => [p.forward[li]!, layerOps[li]!.forwardChunk(c)])];
      };
      const forwardSteps: Step[] = [];
      for (let c = 0; c < K; c++) forwardSteps.push(...forwardChunk(c), ...(chunked ? [copyReadoutOut(c)] : []));
      // Backward, last chunk first: (chunked: recompute the chunk's forward from its checkpoints), the
      // readout, then each hidden layer from dL/dz = GI_next W_next^T, then the chunk's weight gradients.
      const backwardSteps: Step[] = [];
      const regOps: RateRegOp[] = [];
      for (let c = K - 1; c >= 0; c--) {
        const p = products.get(chunkSteps[c]!)!;
        if (chunked) backwardSteps.push(...forwardChunk(c), copyReadoutGradIn(c));
        backwardSteps.push(layerOps[layers.length - 1]!.backwardChunk(c));
        for (let li = layers.length - 2; li >= 0; li--) {
          const l = layers[li]!;
          backwardSteps.push(p.gz[li]!);
          if (reg) {
            const rows = TB * l.size + B * l.size;
            const op = await RateRegOp.create(ctx, `${l.name}.rateReg`, reg, steps, B, l.size, { Z: [bufs[`${l.name}.Z`]!, 4 * rows], GZ: [bufs[`${l.name}.GZ`]!, 4 * rows], stats: f('stats') });
            releasables.push(op);
            regOps.push(op);
            backwardSteps.push(op);
          }
          backwardSteps.push(layerOps[li]!.backwardChunk(c));
        }
        for (const [li, l] of layers.entries()) {
          backwardSteps.push(...p.grads[li]!);
          if (l.recurrent?.kind === 'sparse') backwardSteps.push(layerOps[li]!.weightGradChunk!(c));
        }
      }
      backwardSteps.push(...paramGrads);
      const optimizer = await OptimizerOp.create(ctx, opt, tensors, { P: bufs.P!, G: bufs.G!, M1: bufs.M1!, M2: bufs.M2!, count });
      releasables.push(optimizer);
      const trainer = new Trainer(ctx, layers, steps, B, seed, lossKind, tensors, bufs, forwardSteps, loss, backwardSteps, optimizer, releasables, spec, dt, regOps, accumulation, acc, C);
      trainer.memoryBytes = bytes;
      return trainer;
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
    const label = train ? 'trainer.step' : 'trainer.forward';
    const encoder = this.ctx.device.createCommandEncoder({ label });
    if (train && micro.first && this.accumulates) encoder.clearBuffer(this.bufs.G!);
    const last: Step[] = !train ? [] : micro.last === 'update' ? [this.optimizer] : micro.last === 'norms' ? [{ encode: (p) => this.optimizer.encodeNorms(p) }] : [];
    encodeSteps(encoder, [...this.forwardSteps, this.loss, ...(train ? this.backwardSteps : []), ...last], label);
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
   * Wall time (ms) of each GPU operation of one training batch, each submitted and awaited alone,
   * best of 3 (for benchmarks and profiling; the batch is the first `batchSize` samples of `d`); the
   * last entry, 'whole batch', is all of them in one pass.
   */
  async profileBatch(d: Dataset): Promise<{ op: string; ms: number }[]> {
    this.check();
    this.checkDataset('profile', d);
    this.upload(d, Uint32Array.from({ length: d.size }, (_, i) => i), 0);
    const named: [string, Encodable[]][] = [
      ...this.forwardSteps.flatMap((op, k) => ('copy' in op ? [] : [[`forward ${k}`, [op]] as [string, Encodable[]]])),
      ['loss', [this.loss]],
      ...this.backwardSteps.flatMap((op, k) => ('copy' in op ? [] : [[`backward ${k}`, [op]] as [string, Encodable[]]])),
      ['optimizer', [this.optimizer]],
    ];
    // Last, every operation above in one pass: what they cost together without a submit each.
    named.push(['whole batch', named.flatMap(([, ops]) => ops)]);
    const out: { op: string; ms: number }[] = [];
    for (const [op, ops] of named) {
      let best = Infinity;
      for (let r = 0; r < 3; r++) {
        const enc = this.ctx.device.createCommandEncoder();
        const pass = enc.beginComputePass();
        for (const x of ops) x.encode(pass);
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
    rejectUnknownKeys('Trainer.fit options', options, ['epochs', 'shuffle', 'validation', 'onEpoch', 'onBatch', 'onDivergence']);
    const epochs = requireInteger('Trainer.fit options', 'epochs', options.epochs, 0, 1 << 20);
    const onDivergence = requireOneOf('Trainer.fit options', 'onDivergence', options.onDivergence ?? 'warn', ['warn', 'error', 'ignore'] as const);
    let warned = false;
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
        const data = await this.ctx.read(ring, 0, 12 * B * valids.length);
        const { loss, correct } = summariseStats(data, B, valids, divisors);
        const s: EpochStats = { epoch: e, loss: loss / train.size, accuracy: correct / train.size, seconds: (performance.now() - t0) / 1000 };
        // The first batch's loss, before any update of this Trainer: the reference for divergence.
        if (this.initialLoss === undefined) {
          const first = Math.ceil(Math.min(perUpdate, train.size) / B);
          this.initialLoss = summariseStats(data, B, valids.slice(0, first), divisors.slice(0, first)).loss / Math.min(perUpdate, train.size);
        }
        if (onDivergence !== 'ignore' && !(s.loss <= DIVERGENCE_FACTOR * Math.abs(this.initialLoss))) {
          s.diverged = true;
          if (onDivergence === 'error') throw new TrainingDivergedError(s.loss, this.initialLoss, e, this.optimizer.resolved.lr);
          if (!warned) console.warn(divergenceMessage(s.loss, this.initialLoss, e, this.optimizer.resolved.lr));
          warned = true;
        }
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
    this.initialLoss = undefined;
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
    for (const b of new Set(Object.values(this.bufs))) this.ctx.pool.release(b);
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
