/**
 * Trainer: surrogate-gradient training of a TrainNetworkSpec on the GPU. Per batch, one command buffer
 * holds the forward pass (tiled products X W + b, the LIF layers over T steps), the loss and its
 * gradient, the backward pass through time (surrogate derivatives), the weight and bias gradients
 * (products summed over time and batch), the gradient norms and the optimizer update. Per-sample
 * losses collect in a GPU buffer read once per epoch (once per batch only with an onBatch callback).
 * A non-finite gradient halts the updates on the GPU and is reported at that readback. Everything is
 * seeded: the same seed gives the same weights, batches and results.
 */
import { DestroyedError, divergenceMessage, InvalidParameterError, NonFiniteGradientError, TrainingDivergedError } from '../errors.js';
import type { GpuContext } from '../gpu/context.js';
import type { ConsolidationOp } from '../kernels/consolidation.js';
import type { OptimizerOp } from '../kernels/optimizer.js';
import type { PreparedDispatch } from '../kernels/prepared.js';
import type { RateRegOp } from '../kernels/rateReg.js';
import { readoutLossFrame, type ReadoutLoss } from '../kernels/readoutLoss.js';
import { assembleTrainer, checkTrainerDevice, encodeSteps, type Encodable, type Step } from './assemble.js';
import { checkDataset, packBatch, permutation, type Dataset, type DatasetShape } from './dataset.js';
import type { ResolvedLayer, TrainNetworkSpec } from './network.js';
import { DIVERGENCE_FACTOR, resolveFitOptions, resolveTrainerOptions, type EpochStats, type FitOptions, type TrainerOptions } from './options.js';
import { checkTrainerMemory, planTrainer, type Tensor } from './plan.js';
import { evaluateInSimulator, type SimulatorEvaluation } from './to-simulator.js';
import { summariseStats } from './batch-stats.js';
import { decodeWeights, encodeWeights } from './weights-file.js';

export type { Dataset } from './dataset.js';
export type { TrainerOptions, FitOptions, EpochStats } from './options.js';

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
    private readonly consolidation: ConsolidationOp | undefined = undefined,
  ) {}

  /** Consolidations done (Trainer.consolidate calls). */
  consolidations = 0;
  /** The update count at the last consolidation. */
  private updatesAtConsolidation = 0;

  /**
   * A trainer for `spec`: the options checked and resolved (options.ts), the plan of buffers and
   * passes made and checked against the device's limits (plan.ts), then the GPU side built from the
   * plan (assemble.ts).
   */
  static async create(ctx: GpuContext, spec: TrainNetworkSpec, options: TrainerOptions): Promise<Trainer> {
    ctx.check();
    const { options: o, layers } = resolveTrainerOptions(spec, options);
    checkTrainerDevice(ctx, layers);
    const plan = planTrainer(layers, spec.inputs, o);
    checkTrainerMemory(plan, o.batchSize, ctx.limits.maxStorageBufferBindingSize);
    const a = await assembleTrainer(ctx, layers, spec.inputs, o, plan);
    const trainer = new Trainer(ctx, layers, o.steps, o.batchSize, o.seed, o.loss, plan.tensors, a.bufs, a.forwardSteps, a.loss, a.backwardSteps,
      a.optimizer, a.releasables, spec, o.dt, a.regOps, o.gradientAccumulation, plan.accumulates, o.checkpointEvery, a.consolidation);
    trainer.memoryBytes = plan.bytes;
    return trainer;
  }

  private check(): void {
    if (this.destroyed) throw new DestroyedError('Trainer');
    this.ctx.check();
  }

  /** What datasets must fit: this network's inputs and outputs, the steps, the loss. */
  private get datasetShape(): DatasetShape {
    return { inputs: this.spec.inputs, outputs: this.layers[this.layers.length - 1]!.size, steps: this.steps, mse: this.lossKind === 'mse' };
  }

  private checkDataset(name: string, d: Dataset): void {
    checkDataset(name, d, this.datasetShape);
  }

  /**
   * Writes the batch of samples `order[from .. from + B)` (short batches padded, masked by `valid`);
   * losses are averaged over `total` samples (the update's, when gradients accumulate).
   */
  private upload(d: Dataset, order: Uint32Array, from: number, total?: number): number {
    const { x, y, valid } = packBatch(d, order, from, this.batchSize, this.datasetShape);
    this.ctx.device.queue.writeBuffer(this.bufs.X!, 0, x);
    this.ctx.device.queue.writeBuffer(this.bufs.target!, 0, y);
    this.loss.setFrame(readoutLossFrame(this.steps, this.batchSize, this.layers[this.layers.length - 1]!.size, valid, total ?? valid));
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
    // With consolidation, the penalty's gradient joins the task gradient before the norms and the update,
    // and (SI) the path integral takes the update's change after it.
    const penalty = this.consolidation?.pass('penalty');
    const path = this.consolidation?.pass('path');
    const last: Step[] = !train ? []
      : micro.last === 'update' ? [...(penalty ? [penalty] : []), this.optimizer, ...(path ? [path] : [])]
        : micro.last === 'norms' ? [...(penalty ? [penalty] : []), { encode: (p) => this.optimizer.encodeNorms(p) }] : [];
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

  /** Trains for `epochs` epochs; returns the per-epoch statistics. */
  async fit(train: Dataset, options: FitOptions): Promise<EpochStats[]> {
    this.check();
    const { epochs, onDivergence } = resolveFitOptions(options);
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
        const order = options.shuffle === false ? Uint32Array.from({ length: train.size }, (_, i) => i) : permutation(train.size, this.seed, this.epochsDone);
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

  /**
   * Ends a task (TrainerOptions.consolidation): adds its importance to Omega and moves the anchor P*
   * to the current weights, so later training is pulled toward them, each parameter by its importance.
   * 'si' uses the path integral gathered while training since the last consolidation (no data);
   * 'ewc' the squared gradients of the task loss on `data` (the finished task's samples), batch by batch.
   */
  async consolidate(data?: Dataset): Promise<void> {
    this.check();
    const object = 'Trainer.consolidate';
    const c = this.consolidation;
    if (!c) throw new InvalidParameterError(object, 'consolidation', undefined, "a Trainer created with options.consolidation ({ method: 'si' | 'ewc', strength })");
    if (this.updates === this.updatesAtConsolidation) {
      throw new InvalidParameterError(object, 'updates', 0, 'at least one training update since the last consolidation (consolidate at the end of a task, after fit)');
    }
    if (c.resolved.method === 'si') {
      if (data !== undefined) throw new InvalidParameterError(object, 'data', data, "nothing: Synaptic Intelligence's importance comes from training itself (data is for 'ewc')");
      const encoder = this.ctx.device.createCommandEncoder({ label: 'trainer.consolidate' });
      encodeSteps(encoder, [c.pass('si')!], 'trainer.consolidate');
      await this.ctx.submit(object, [encoder.finish()]);
    } else {
      if (data === undefined) throw new InvalidParameterError(object, 'data', undefined, "the finished task's dataset ('ewc' estimates the importance from its gradients)");
      this.checkDataset('consolidate', data);
      const B = this.batchSize;
      const order = Uint32Array.from({ length: data.size }, (_, i) => i);
      const batches = Math.ceil(data.size / B);
      c.setFisherScale(1 / batches);
      for (let k = 0; k < batches; k++) {
        this.upload(data, order, k * B);
        const encoder = this.encodeBatch(true, null, 0, { first: true, last: false });
        encodeSteps(encoder, [c.pass('fisher')!], 'trainer.consolidate');
        await this.submitBatch(encoder, k);
      }
      const encoder = this.ctx.device.createCommandEncoder({ label: 'trainer.consolidate' });
      encodeSteps(encoder, [c.pass('anchor')!], 'trainer.consolidate');
      await this.ctx.submit(object, [encoder.finish()]);
    }
    this.updatesAtConsolidation = this.updates;
    this.consolidations++;
  }

  /**
   * The consolidation state by tensor name: the importance Omega, the anchor weights P*, and (SI) the
   * path integral gathered since the last consolidation.
   */
  async getImportance(): Promise<{ importance: Record<string, Float32Array>; anchor: Record<string, Float32Array>; pathIntegral?: Record<string, Float32Array> }> {
    this.check();
    if (!this.consolidation) throw new InvalidParameterError('Trainer.getImportance', 'consolidation', undefined, "a Trainer created with options.consolidation ({ method: 'si' | 'ewc', strength })");
    const read = async (name: string): Promise<Record<string, Float32Array>> => {
      const b = this.bufs[`consolidation.${name}`]!;
      const all = new Float32Array(await this.ctx.read(b, 0, b.size));
      return Object.fromEntries(this.tensors.map((t) => [t.name, all.slice(t.offset, t.offset + t.length)]));
    };
    return {
      importance: await read('Omega'), anchor: await read('Pstar'),
      ...(this.consolidation.resolved.method === 'si' ? { pathIntegral: await read('omega') } : {}),
    };
  }

  /**
   * The weights in the versioned file format (host/train/weights-file.ts); with consolidation, also the
   * importance and the anchor (save after consolidate(): SI's path integral since then is not kept).
   */
  async save(): Promise<Uint8Array> {
    const w = await this.getWeights();
    const c = this.consolidation;
    const state = c ? await this.getImportance() : undefined;
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
      ...(c && state ? { consolidation: { ...c.resolved, importance: state.importance, anchor: state.anchor } } : {}),
    });
  }

  /**
   * A trainer for the network in a weights file, with its weights (options default to the file's). A
   * file saved with consolidation restores it (importance and anchor) unless options choose another
   * method, which then starts from none.
   */
  static async load(ctx: GpuContext, bytes: Uint8Array, options: Partial<TrainerOptions> = {}): Promise<Trainer> {
    const file = decodeWeights(bytes);
    const fc = file.consolidation;
    const t = await Trainer.create(ctx, file.spec, {
      steps: file.trainer.steps, dt: file.trainer.dt, loss: file.trainer.loss as ReadoutLoss, batchSize: 32,
      ...(fc ? { consolidation: { method: fc.method, strength: fc.strength, ...(fc.method === 'si' ? { damping: fc.damping } : {}) } } : {}), ...options,
    });
    try {
      t.setWeights(Object.fromEntries(Object.entries(file.tensors).map(([k, v]) => [k, v.values])));
      if (fc && t.consolidation?.resolved.method === fc.method) {
        for (const [name, from] of [['Omega', fc.importance], ['Pstar', fc.anchor]] as const) {
          for (const tensor of t.tensors) t.ctx.device.queue.writeBuffer(t.bufs[`consolidation.${name}`]!, 4 * tensor.offset, Float32Array.from(from[tensor.name]!));
        }
      }
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
