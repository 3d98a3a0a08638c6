/**
 * Population: one neuron kernel (lif, alif, izhikevich) or spike source (poisson) with its GPU
 * state, B independent instances, stepped by the GPU without readback. Recording copies each step's
 * spike bitmask into a GPU buffer that is read back once per chunk.
 *
 * Fixed-point synaptic input: `buffers.inputExc` / `buffers.inputInh` hold i32 per (instance,
 * neuron); the value is i32 * 2^-inputFractionBits (default 16: resolution 1.5e-5, range
 * +-32768 in the model's current unit). Writers (the propagation kernels of a Simulator, or
 * `addInput`) add to them; the neuron kernel consumes and clears them every step.
 */
import { DestroyedError, InvalidParameterError, LimitExceededError, NonFiniteStateError } from '../errors.js';
import type { GpuContext } from '../gpu/context.js';
import { packArray, packOne, unpackField, uniformBufferSize, type StructLayout } from '../gpu/layout.js';
import type { CompiledKernel } from '../gpu/pipelines.js';
import { seedWords } from '../random/philox.js';
import { rejectUnknownKeys, requireInteger, requireName, requireOneOf, requirePositive, requireSteps } from '../validate.js';
import { dispatchShape, type DispatchShape } from '../kernels/dispatch.js';
import { MODEL_NAMES, MODELS, modelStateBytes, type ModelName, type ModelUnion } from '../kernels/models.js';
import { DEFAULT_INPUT_FRACTION_BITS, EVENT_WORKGROUP_SIZE, NEURON_FRAME, neuronBindings, resolveNeuronParams, SPIKE_HEADER_WORDS, type NeuronKernel, type ResolvedNeuronParams } from '../kernels/neuron-kernel.js';
import { POISSON_BINDINGS, POISSON_FRAME, poissonProbabilityScale, poissonSource, resolvePoissonRates, type PoissonParams } from '../kernels/poisson.js';
import { Clock, CLOCK, CLOCK_SLOTS } from '../gpu/clock.js';
import { resolveSpikeArray, SPIKE_ARRAY_BINDINGS, SPIKE_ARRAY_FRAME, spikeArraySource } from '../kernels/spikeArray.js';
import { requireRecordingFits, SpikeRecording } from './recording.js';

export type { ModelName } from '../kernels/models.js';

interface CommonOptions {
  /** Name used in labels and error messages. Default: the model name. */
  name?: string;
  /** Number of neurons, >= 1. */
  size: number;
  /** Independent instances simulated side by side. Default 1. */
  batch?: number;
  /** Time step (ms), > 0. */
  dt: number;
  /** Threads per workgroup, up to the device limit. Default 256 (fastest measured on SwiftShader and llvmpipe, docs/benchmarks.md). */
  workgroupSize?: number;
  /** Fixed-point fraction bits of the input accumulators, 0..24. Default 16. */
  inputFractionBits?: number;
  /** Seed for stochastic models (integer in [0, 2^53)). Default 1. */
  seed?: number;
  /** RNG stream id (u32) separating this population's draws from others with the same seed. Default 0. */
  stream?: number;
}

/** The common options and, per model (host/kernels/models.ts), `model` and its `params`. */
export type PopulationOptions = ModelUnion<CommonOptions>;

export interface PopulationBuffers {
  frame: GPUBuffer;
  /** Per-neuron params (storage) or one struct (uniform); Poisson: rates (f32 per neuron). */
  params: GPUBuffer;
  /** Per (instance, neuron) state structs; absent for poisson. */
  state?: GPUBuffer;
  /** i32 fixed point [slot][batch][size]; slots `inputSlotBytes` apart (the delay ring). */
  inputExc?: GPUBuffer;
  inputInh?: GPUBuffer;
  /** u32 per instance: spikes this step; then 3 u32 of indirect dispatch args for propagation. */
  spikeCount: GPUBuffer;
  /** u32 [batch][size]: indices that spiked this step, first spikeCount[b] valid. */
  spikeList: GPUBuffer;
  /** u32 [batch][words]: bitmask of this step's spikes. */
  spikeBits: GPUBuffer;
  /** spikeArray: neuron ids of the schedule (its offsets are in `params`). */
  ids?: GPUBuffer;
}

/** The spikes of the most recent step. */
export interface StepSpikes {
  /** Spike count per instance. */
  counts: Uint32Array;
  /** Spiking neuron indices per instance, sorted ascending. */
  indices: Uint32Array[];
}

export interface StepHooks {
  /** Called while encoding, before step `step` (absolute population step). */
  before?: (encoder: GPUCommandEncoder, step: number) => void;
  /** Called while encoding, after step `step`. */
  after?: (encoder: GPUCommandEncoder, step: number) => void;
}

const OPTION_KEYS = ['name', 'size', 'batch', 'dt', 'workgroupSize', 'inputFractionBits', 'seed', 'stream', 'model', 'params'];
/** Steps encoded per command buffer. */
const STEPS_PER_SUBMIT = CLOCK_SLOTS;
const roundUp = (n: number, k: number): number => Math.ceil(n / k) * k;

/** Set by the Simulator: a shared clock and the number of delay-ring slots of the input accumulators. */
export interface PopulationInternals {
  clock?: Clock;
  /** Delay-ring slots of inputExc/inputInh (>= 1): input for step t is read from slot t % inputSlots. */
  inputSlots?: number;
}

const USAGE_STORAGE = (): number => GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;

export class Population {
  readonly name: string;
  readonly model: ModelName;
  readonly size: number;
  readonly batch: number;
  readonly dt: number;
  readonly workgroupSize: number;
  readonly inputFractionBits: number;
  readonly seed: number;
  readonly stream: number;
  /** Words per instance in the spike bitmask: ceil(size / 32). */
  readonly words: number;
  readonly buffers: PopulationBuffers;
  /** Delay-ring slots of the input accumulators. */
  readonly inputSlots: number;
  /** Bytes between delay-ring slots (a multiple of minStorageBufferOffsetAlignment). */
  readonly inputSlotBytes: number;
  /** Steps advanced since creation (or reset). */
  stepCount = 0;
  /** spikeArray: steps covered by the schedule and number of listed spikes (0 for other models). */
  scheduleSteps = 0;
  scheduleSpikes = 0;
  private destroyed = false;
  private readonly ownsClock: boolean;
  private paramsScalar: boolean;
  private resolved: ResolvedNeuronParams | undefined;

  private constructor(
    private readonly ctx: GpuContext,
    opts: Required<Omit<CommonOptions, 'name'>> & { name: string; model: ModelName },
    private readonly kernel: CompiledKernel,
    private readonly bindGroup: GPUBindGroup,
    private readonly shape: DispatchShape,
    buffers: PopulationBuffers,
    resolved: ResolvedNeuronParams | undefined,
    private readonly neuronKernel: NeuronKernel<unknown> | undefined,
    readonly clock: Clock,
    internals: PopulationInternals,
  ) {
    this.name = opts.name;
    this.model = opts.model;
    this.size = opts.size;
    this.batch = opts.batch;
    this.dt = opts.dt;
    this.workgroupSize = opts.workgroupSize;
    this.inputFractionBits = opts.inputFractionBits;
    this.seed = opts.seed;
    this.stream = opts.stream;
    this.words = Math.ceil(opts.size / 32);
    this.buffers = buffers;
    this.resolved = resolved;
    this.paramsScalar = resolved?.scalar ?? false;
    this.inputSlots = internals.inputSlots ?? 1;
    this.inputSlotBytes = inputSlotBytes(ctx, opts.size, opts.batch);
    this.ownsClock = internals.clock === undefined;
  }

  /** Validates everything, allocates all GPU state once and compiles (or reuses) the kernel. */
  static async create(ctx: GpuContext, options: PopulationOptions, internals: PopulationInternals = {}): Promise<Population> {
    ctx.check();
    if (typeof options !== 'object' || options === null) {
      throw new InvalidParameterError('createPopulation', 'options', options, 'an options object');
    }
    const model = requireOneOf('population', 'model', options.model, MODEL_NAMES);
    const name = requireName(`${model} population`, 'name', options.name ?? model);
    const object = `${model} population '${name}'`;
    rejectUnknownKeys(object, options, OPTION_KEYS);
    const limits = ctx.limits;
    const dt = requirePositive(object, 'dt', options.dt, 'ms');
    const batch = requireInteger(object, 'batch', options.batch ?? 1, 1, limits.maxComputeWorkgroupsPerDimension);
    const wg = requireInteger(object, 'workgroupSize', options.workgroupSize ?? 256, 1,
      Math.min(limits.maxComputeInvocationsPerWorkgroup, limits.maxComputeWorkgroupSizeX));
    const inputFractionBits = requireInteger(object, 'inputFractionBits', options.inputFractionBits ?? DEFAULT_INPUT_FRACTION_BITS, 0, 24);
    const seed = requireInteger(object, 'seed', options.seed ?? 1, 0, Number.MAX_SAFE_INTEGER);
    const stream = requireInteger(object, 'stream', options.stream ?? 0, 0, 0xffffffff);
    const stateStride = modelStateBytes(model) || 4; // spike sources keep no state: their largest per-neuron buffer
    const maxSize = Math.max(1, Math.floor(limits.maxStorageBufferBindingSize / (Math.max(stateStride, 4) * batch)));
    if (typeof options.size === 'number' && Number.isInteger(options.size) && options.size > maxSize) {
      throw new LimitExceededError(object, 'size', options.size, maxSize,
        `With batch ${batch}, the per-neuron state (${stateStride} B x size x batch) must fit in maxStorageBufferBindingSize = ${limits.maxStorageBufferBindingSize} bytes.`);
    }
    const size = requireInteger(object, 'size', options.size, 1, maxSize);
    const shape = dispatchShape(object, size, batch, wg, limits);
    const words = Math.ceil(size / 32);
    const common = { name, model, size, batch, dt, workgroupSize: wg, inputFractionBits, seed, stream };
    const pool = ctx.pool;
    const label = (b: string) => `${name}.${b}`;

    const headerWords = batch + SPIKE_HEADER_WORDS;
    const spikeCount = pool.acquire({ label: label('spikeCount'), size: 4 * headerWords, usage: USAGE_STORAGE() | GPUBufferUsage.INDIRECT });
    const spikeList = pool.acquire({ label: label('spikeList'), size: 4 * size * batch, usage: USAGE_STORAGE() });
    const spikeBits = pool.acquire({ label: label('spikeBits'), size: 4 * words * batch, usage: USAGE_STORAGE() });
    const encoder = ctx.device.createCommandEncoder({ label: label('init') });
    for (const b of [spikeList, spikeBits]) encoder.clearBuffer(b);
    // Counts and indirect x start at 0; indirect y (instances) and z stay fixed (x is rebuilt by the
    // kernel every step). One queue write, so no clear submitted later can overwrite y and z.
    ctx.device.queue.writeBuffer(spikeCount, 0, initialHeader(batch));
    const clock = internals.clock ?? new Clock(ctx, label('clock'));
    const inputSlots = requireInteger(object, 'inputSlots', internals.inputSlots ?? 1, 1, 0xffff);

    if (model === 'spikeArray') {
      const schedule = resolveSpikeArray(object, (options as { params?: unknown }).params, size, dt);
      const frame = pool.createWithData(label('frame'), GPUBufferUsage.UNIFORM,
        packOne(SPIKE_ARRAY_FRAME, { n: size, batch, words, nSteps: schedule.nSteps, eventWg: EVENT_WORKGROUP_SIZE }));
      const offsets = pool.createWithData(label('offsets'), GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC, schedule.offsets);
      const ids = pool.createWithData(label('ids'), GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC, schedule.ids.length ? schedule.ids : new Uint32Array(1));
      const kernel = await ctx.pipelines.get({ name: 'spikeArray', options: { workgroupSize: wg }, bindings: SPIKE_ARRAY_BINDINGS, source: () => spikeArraySource(wg) });
      const sizes = [uniformBufferSize(SPIKE_ARRAY_FRAME), uniformBufferSize(CLOCK), 4 * schedule.offsets.length, 4 * Math.max(1, schedule.ids.length),
        4 * headerWords, 4 * size * batch, 4 * words * batch];
      const bindGroup = ctx.device.createBindGroup({
        label: label('bindGroup'), layout: kernel.layout,
        entries: [frame, clock.buffer, offsets, ids, spikeCount, spikeList, spikeBits].map((buffer, i) => ({ binding: i, resource: { buffer, size: sizes[i] as number } })),
      });
      ctx.device.queue.submit([encoder.finish()]);
      // One thread per spike of the busiest step.
      const eventShape = { x: Math.max(1, Math.ceil(schedule.maxPerStep / wg)), y: batch, z: 1, blocks: 0 };
      const pop = new Population(ctx, common, kernel, bindGroup, eventShape, { frame, params: offsets, ids, spikeCount, spikeList, spikeBits }, undefined, undefined, clock, { ...internals, inputSlots });
      pop.scheduleSteps = schedule.nSteps;
      pop.scheduleSpikes = schedule.ids.length;
      return pop;
    }

    if (model === 'poisson') {
      const rates = resolvePoissonRates(object, (options as { params?: PoissonParams }).params, size, dt);
      const [seedLo, seedHi] = seedWords(seed);
      const frame = pool.createWithData(label('frame'), GPUBufferUsage.UNIFORM,
        packOne(POISSON_FRAME, { n: size, batch, wgX: shape.x, words, seedLo, seedHi, stream, pScale: poissonProbabilityScale(dt), eventWg: EVENT_WORKGROUP_SIZE }));
      const params = pool.createWithData(label('rates'), GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC, rates);
      const kernel = await ctx.pipelines.get({ name: 'poisson', options: { workgroupSize: wg }, bindings: POISSON_BINDINGS, source: () => poissonSource(wg) });
      const bindGroup = ctx.device.createBindGroup({
        label: label('bindGroup'),
        layout: kernel.layout,
        entries: [frame, clock.buffer, params, spikeCount, spikeList, spikeBits].map((buffer, i) => ({
          binding: i,
          resource: { buffer, size: [uniformBufferSize(POISSON_FRAME), uniformBufferSize(CLOCK), 4 * size, 4 * headerWords, 4 * size * batch, 4 * words * batch][i] as number },
        })),
      });
      ctx.device.queue.submit([encoder.finish()]);
      return new Population(ctx, common, kernel, bindGroup, shape, { frame, params, spikeCount, spikeList, spikeBits }, undefined, undefined, clock, { ...internals, inputSlots });
    }

    const nk = MODELS[model].kernel!;
    const resolved = resolveNeuronParams(nk, object, (options as { params?: unknown }).params, size, dt);
    const perNeuronParams = !resolved.scalar;
    const frame = pool.createWithData(label('frame'), GPUBufferUsage.UNIFORM, packOne(NEURON_FRAME, {
      n: size, batch, wgX: shape.x, words, inputScale: 2 ** -inputFractionBits, dt: Math.fround(dt), halfDt: Math.fround(dt / 2),
      eventWg: EVENT_WORKGROUP_SIZE, noContract: 0, seedLo: seedWords(seed)[0], seedHi: seedWords(seed)[1], stream,
    }));
    const params = perNeuronParams
      ? pool.createWithData(label('params'), GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC, packArray(nk.paramsLayout, size, resolved.at))
      : pool.createWithData(label('params'), GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_SRC, packOne(nk.paramsLayout, resolved.at(0)));
    const state = pool.createWithData(label('state'), USAGE_STORAGE(), packArray(nk.stateLayout, size * batch, (k) => resolved.initialState(k % size)));
    const slotBytes = inputSlotBytes(ctx, size, batch);
    const ringBytes = slotBytes * inputSlots;
    const inputExc = pool.acquire({ label: label('inputExc'), size: ringBytes, usage: USAGE_STORAGE() });
    const inputInh = pool.acquire({ label: label('inputInh'), size: ringBytes, usage: USAGE_STORAGE() });
    encoder.clearBuffer(inputExc);
    encoder.clearBuffer(inputInh);
    const kernelOptions = { workgroupSize: wg, perNeuronParams, ...resolved.options };
    const kernel = await ctx.pipelines.get({
      name: model,
      options: kernelOptions,
      bindings: neuronBindings(perNeuronParams),
      source: () => nk.shader(kernelOptions),
    });
    const sizes = [uniformBufferSize(NEURON_FRAME), perNeuronParams ? nk.paramsLayout.stride * size : uniformBufferSize(nk.paramsLayout),
      nk.stateLayout.stride * size * batch, 4 * size * batch, 4 * size * batch, 4 * headerWords, 4 * size * batch, 4 * words * batch,
      uniformBufferSize(CLOCK)];
    const bindGroup = ctx.device.createBindGroup({
      label: label('bindGroup'),
      layout: kernel.layout,
      entries: [frame, params, state, inputExc, inputInh, spikeCount, spikeList, spikeBits, clock.buffer].map((buffer, i) => ({ binding: i, resource: { buffer, size: sizes[i] as number } })),
    });
    ctx.device.queue.submit([encoder.finish()]);
    return new Population(ctx, common, kernel, bindGroup, shape, { frame, params, state, inputExc, inputInh, spikeCount, spikeList, spikeBits }, resolved, nk, clock, { ...internals, inputSlots });
  }

  private get object(): string {
    return `${this.model} population '${this.name}'`;
  }

  /** A neuron population's kernel, its compile-time options and whether params are one struct (undefined for sources). */
  get neuronModel(): { kernel: NeuronKernel<unknown>; options: Record<string, string | number | boolean>; scalarParams: boolean } | undefined {
    if (!this.neuronKernel || !this.resolved) return undefined;
    return { kernel: this.neuronKernel, options: this.resolved.options, scalarParams: this.paramsScalar };
  }

  private check(): void {
    if (this.destroyed) throw new DestroyedError(this.object);
    this.ctx.check();
  }

  /** Clears the spike counter, the indirect x argument and the bitmask (before this step's dispatch). */
  encodeClears(encoder: GPUCommandEncoder): void {
    encoder.clearBuffer(this.buffers.spikeCount, 0, 4 * (this.batch + 1));
    encoder.clearBuffer(this.buffers.spikeBits, 0, 4 * this.words * this.batch);
  }

  /**
   * Adds step `step`'s dispatch to an open compute pass, bound to this step's delay-ring slot.
   * `clockSlot` is the slot of this step in the clock written for the current chunk (poisson).
   */
  encodeDispatch(pass: GPUComputePassEncoder, step: number, clockSlot: number): void {
    pass.setPipeline(this.kernel.pipeline);
    if (MODELS[this.model].kind === 'source') {
      pass.setBindGroup(0, this.bindGroup, [Clock.offset(clockSlot)]);
    } else {
      const offset = (step % this.inputSlots) * this.inputSlotBytes;
      pass.setBindGroup(0, this.bindGroup, [offset, offset, Clock.offset(clockSlot)]);
    }
    pass.dispatchWorkgroups(this.shape.x, this.shape.y, this.shape.z);
  }

  /** Encodes one whole step: clears, then a compute pass with the dispatch. */
  encodeStep(encoder: GPUCommandEncoder, step: number, clockSlot: number): void {
    this.encodeClears(encoder);
    const pass = encoder.beginComputePass({ label: `${this.name}.${this.model}` });
    this.encodeDispatch(pass, step, clockSlot);
    pass.end();
  }

  /** Back to the initial state: state variables, empty input ring and spike outputs, step 0. */
  reset(): void {
    this.check();
    const encoder = this.ctx.device.createCommandEncoder({ label: `${this.name}.reset` });
    for (const b of [this.buffers.inputExc, this.buffers.inputInh, this.buffers.spikeList, this.buffers.spikeBits]) if (b) encoder.clearBuffer(b);
    this.ctx.device.queue.submit([encoder.finish()]);
    this.ctx.device.queue.writeBuffer(this.buffers.spikeCount, 0, initialHeader(this.batch));
    if (this.neuronKernel && this.buffers.state && this.resolved) {
      const r = this.resolved;
      this.ctx.device.queue.writeBuffer(this.buffers.state, 0, packArray(this.neuronKernel.stateLayout, this.size * this.batch, (k) => r.initialState(k % this.size)));
    }
    this.stepCount = 0;
  }

  /**
   * Advances `steps` steps on the GPU, encoding up to 512 steps per command buffer and never
   * reading back. `hooks` may add commands before/after each step (e.g. inject input, copy output).
   */
  async run(steps: number, hooks: StepHooks = {}): Promise<void> {
    this.check();
    requireSteps(this.object, 'steps', steps, this.stepCount);
    let done = 0;
    while (done < steps) {
      const chunk = Math.min(STEPS_PER_SUBMIT, steps - done);
      this.clock.write(this.stepCount, chunk);
      const encoder = this.ctx.device.createCommandEncoder({ label: `${this.name}.run` });
      for (let s = 0; s < chunk; s++) {
        hooks.before?.(encoder, this.stepCount);
        this.encodeStep(encoder, this.stepCount, s);
        hooks.after?.(encoder, this.stepCount);
        this.stepCount++;
      }
      await this.ctx.submit(`${this.object} run`, [encoder.finish()]);
      done += chunk;
    }
  }

  /** Runs `steps` steps and returns every step's spikes (read back from a GPU buffer in chunks). */
  async record(steps: number, options: { chunkSteps?: number } = {}): Promise<SpikeRecording> {
    this.check();
    requireSteps(this.object, 'steps', steps, this.stepCount);
    requireRecordingFits(this.object, 'spikes', steps, 4 * this.words * this.batch);
    const stepBytes = 4 * this.words * this.batch;
    const maxChunk = Math.max(1, Math.floor(Math.min(this.ctx.limits.maxBufferSize, 64 * 2 ** 20) / stepBytes));
    const chunkSteps = requireInteger(this.object, 'chunkSteps', options.chunkSteps ?? Math.min(maxChunk, 4096), 1, maxChunk);
    const out = new Uint32Array(steps * this.words * this.batch);
    const first = this.stepCount;
    const ring = this.ctx.pool.acquire({ label: `${this.name}.recording`, size: chunkSteps * stepBytes, usage: GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST, storage: false });
    try {
      for (let done = 0; done < steps;) {
        const chunk = Math.min(chunkSteps, steps - done);
        const base = this.stepCount;
        await this.run(chunk, { after: (enc, step) => enc.copyBufferToBuffer(this.buffers.spikeBits, 0, ring, (step - base) * stepBytes, stepBytes) });
        out.set(new Uint32Array(await this.ctx.read(ring, 0, chunk * stepBytes)), done * this.words * this.batch);
        await this.checkFiniteState();
        done += chunk;
      }
    } finally {
      this.ctx.pool.release(ring);
    }
    return new SpikeRecording(out, steps, this.batch, this.size, this.dt, first);
  }

  /** Byte offset of the counter words (spike total lo/hi, first non-finite step/index) in buffers.spikeCount. */
  get countersOffset(): number {
    return 4 * (this.batch + 3);
  }

  /** Spikes emitted since creation or reset (all instances) and neuron updates done (steps x size x batch). */
  async readCounters(): Promise<{ spikes: number; updates: number }> {
    this.check();
    const w = new Uint32Array(await this.ctx.read(this.buffers.spikeCount, this.countersOffset, 16));
    this.throwIfNonFinite(w, this.stepCount);
    return { spikes: (w[0] ?? 0) + (w[1] ?? 0) * 2 ** 32, updates: this.stepCount * this.size * this.batch };
  }

  /**
   * Throws NonFiniteStateError (neuron, instance, step) when the kernel has seen v become Inf or NaN.
   * Every readback of a population checks (record after each chunk, readState, readSpikes,
   * readCounters), so a standalone population reports it at the next readback at the latest.
   */
  private async checkFiniteState(): Promise<void> {
    if (!this.neuronKernel) return;
    this.throwIfNonFinite(new Uint32Array(await this.ctx.read(this.buffers.spikeCount, this.countersOffset, 16)), this.stepCount);
  }

  /** Throws NonFiniteStateError when the counter words (lo, hi, badStep, badIndex) record a non-finite v. */
  throwIfNonFinite(words: Uint32Array, upToStep: number): void {
    const step = words[2] ?? 0xffffffff;
    if (step === 0xffffffff) return;
    const idx = words[3] ?? 0;
    throw new NonFiniteStateError(this.name, idx % this.size, Math.floor(idx / this.size), step, upToStep);
  }

  /** Reads the spikes of the most recent step (compact lists, sorted). */
  async readSpikes(): Promise<StepSpikes> {
    this.check();
    const counts = new Uint32Array(await this.ctx.read(this.buffers.spikeCount, 0, 4 * this.batch));
    const list = new Uint32Array(await this.ctx.read(this.buffers.spikeList, 0, 4 * this.size * this.batch));
    await this.checkFiniteState();
    const indices = Array.from({ length: this.batch }, (_, b) =>
      list.slice(b * this.size, b * this.size + (counts[b] ?? 0)).sort());
    return { counts, indices };
  }

  private get stateLayout(): StructLayout {
    if (!this.neuronKernel || !this.buffers.state) throw new InvalidParameterError(this.object, 'state', 'poisson', 'a neuron model (poisson sources have no state)');
    return this.neuronKernel.stateLayout;
  }

  /** The state struct layout; throws for poisson sources, which have no state. */
  stateLayoutOrThrow(): StructLayout {
    return this.stateLayout;
  }

  /** Names of the state variables (e.g. v, iExc, iInh, refr for lif). */
  get stateFields(): string[] {
    return this.neuronKernel ? this.neuronKernel.stateLayout.fields.map((f) => f.name) : [];
  }

  /**
   * Reads every state variable, each as an array of length batch*size (index b*size + i). Throws
   * NonFiniteStateError when v has become Inf or NaN since creation or reset.
   */
  async readState(): Promise<Record<string, Float32Array | Int32Array>> {
    const out = await this.readStateUnchecked();
    await this.checkFiniteState();
    return out;
  }

  private async readStateUnchecked(): Promise<Record<string, Float32Array | Int32Array>> {
    this.check();
    const layout = this.stateLayout;
    const data = await this.ctx.read(this.buffers.state as GPUBuffer, 0, layout.stride * this.size * this.batch);
    const out: Record<string, Float32Array | Int32Array> = {};
    for (const f of layout.fields) {
      const values = unpackField(layout, data, f.name, this.size * this.batch);
      out[f.name] = f.type === 'i32' ? Int32Array.from(values) : Float32Array.from(values);
    }
    return out;
  }

  /** Overwrites state variables; each given array has length batch*size. Others are kept. */
  async writeState(values: Readonly<Record<string, ArrayLike<number>>>): Promise<void> {
    this.check();
    const layout = this.stateLayout;
    const total = this.size * this.batch;
    for (const [k, v] of Object.entries(values)) {
      if (!layout.fields.some((f) => f.name === k)) throw new InvalidParameterError(this.object, `state.${k}`, k, `one of ${this.stateFields.join(', ')}`);
      if (v.length !== total) throw new InvalidParameterError(this.object, `state.${k}`, v, `an array of length batch*size = ${total}`);
      for (let i = 0; i < total; i++) {
        const x = v[i] as number;
        if (!Number.isFinite(x)) throw new InvalidParameterError(this.object, `state.${k}[${i}]`, x, 'a finite number');
      }
    }
    const current = await this.readStateUnchecked();
    const packed = packArray(layout, total, (k) => {
      const o: Record<string, number> = {};
      for (const f of layout.fields) o[f.name] = (values[f.name] ?? current[f.name] as ArrayLike<number>)[k] as number;
      return o;
    });
    this.ctx.device.queue.writeBuffer(this.buffers.state as GPUBuffer, 0, packed);
  }

  /**
   * Adds input to the excitatory or inhibitory accumulators, consumed at the next step.
   * `values` has length batch*size, in the model's current unit (converted to fixed point here).
   */
  async addInput(channel: 'exc' | 'inh', values: ArrayLike<number>): Promise<void> {
    this.check();
    requireOneOf(this.object, 'channel', channel, ['exc', 'inh'] as const);
    const buf = channel === 'exc' ? this.buffers.inputExc : this.buffers.inputInh;
    if (!buf) throw new InvalidParameterError(this.object, 'channel', channel, 'a neuron model (poisson sources take no input)');
    const total = this.size * this.batch;
    if (values.length !== total) throw new InvalidParameterError(this.object, 'values', values, `an array of length batch*size = ${total}`);
    const scale = 2 ** this.inputFractionBits;
    const add = new Int32Array(total);
    for (let i = 0; i < total; i++) {
      const x = values[i] as number;
      const q = Math.round(x * scale);
      if (!Number.isFinite(x) || q > 0x7fffffff || q < -0x80000000) {
        throw new InvalidParameterError(this.object, `values[${i}]`, x, `a finite number within +-${0x7fffffff / scale} (the fixed-point range)`);
      }
      add[i] = q;
    }
    const offset = (this.stepCount % this.inputSlots) * this.inputSlotBytes;
    const cur = new Int32Array(await this.ctx.read(buf, offset, 4 * total));
    for (let i = 0; i < total; i++) {
      const sum = (cur[i] as number) + (add[i] as number);
      if (sum > 0x7fffffff || sum < -0x80000000) throw new InvalidParameterError(this.object, `values[${i}]`, values[i], 'an addition that keeps the accumulator within the fixed-point range');
      cur[i] = sum;
    }
    this.ctx.device.queue.writeBuffer(buf, offset, cur);
  }

  /**
   * Replaces parameters between runs (e.g. a new bias current from a slider). Options that change
   * the compiled kernel (reset mode, or switching between one value and per-neuron arrays) cannot
   * change here: create a new population for those.
   */
  setParams(params: unknown): void {
    this.check();
    if (this.model === 'spikeArray') {
      throw new InvalidParameterError(this.object, 'params', params, 'no change: spike arrays are fixed when the population is created (create a new one)');
    }
    if (this.model === 'poisson') {
      const rates = resolvePoissonRates(this.object, params as PoissonParams, this.size, this.dt);
      this.ctx.device.queue.writeBuffer(this.buffers.params, 0, rates);
      return;
    }
    const nk = this.neuronKernel as NeuronKernel<unknown>;
    const resolved = resolveNeuronParams(nk, this.object, params, this.size, this.dt);
    const before = this.resolved as ResolvedNeuronParams;
    for (const [k, v] of Object.entries(resolved.options)) {
      if (before.options[k] !== v) throw new InvalidParameterError(this.object, k, v, `${String(before.options[k])} (fixed when the population was created)`);
    }
    const packed = this.paramsScalar
      ? (resolved.scalar ? packOne(nk.paramsLayout, resolved.at(0)) : undefined)
      : packArray(nk.paramsLayout, this.size, resolved.at);
    if (!packed) {
      throw new InvalidParameterError(this.object, 'params', 'per-neuron arrays', 'single numbers, as when the population was created',
        'Create the population with per-neuron arrays to vary parameters per neuron.');
    }
    this.ctx.device.queue.writeBuffer(this.buffers.params, 0, packed);
    this.resolved = resolved;
  }

  /** Frees the population's GPU buffers (back to the context's pool). */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const b of Object.values(this.buffers)) if (b) this.ctx.pool.release(b as GPUBuffer);
    if (this.ownsClock) this.clock.release();
  }
}

/** A fresh spike header: counts 0, indirect args (0, batch, 1), totals 0, no non-finite value seen. */
function initialHeader(batch: number): Uint32Array<ArrayBuffer> {
  const h = new Uint32Array(batch + SPIKE_HEADER_WORDS);
  h[batch + 1] = batch;
  h[batch + 2] = 1;
  h[batch + 5] = 0xffffffff;
  h[batch + 6] = 0xffffffff;
  return h;
}

/** Bytes of one delay-ring slot of a population's input accumulators (aligned for dynamic offsets). */
export function inputSlotBytes(ctx: GpuContext, size: number, batch: number): number {
  return roundUp(4 * size * batch, ctx.limits.minStorageBufferOffsetAlignment);
}

/** Creates a population: validates options, allocates GPU state, compiles the kernel. */
export function createPopulation(ctx: GpuContext, options: PopulationOptions, internals: PopulationInternals = {}): Promise<Population> {
  return Population.create(ctx, options, internals);
}
