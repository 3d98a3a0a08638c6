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
import { DestroyedError, InvalidParameterError, NonFiniteStateError } from '../errors.js';
import type { BufferRange } from '../gpu/buffers.js';
import type { GpuContext } from '../gpu/context.js';
import { packArray, packOne, unpackField, type StructLayout } from '../gpu/layout.js';
import type { CompiledKernel } from '../gpu/pipelines.js';
import { requireInteger, requireOneOf, requireSteps } from '../validate.js';
import type { DispatchShape } from '../kernels/dispatch.js';
import { MODELS, type ModelName } from '../kernels/models.js';
import type { NeuronModel } from '../equations/neuron-model.js';
import { resolveNeuronParams, type NeuronKernel, type ResolvedNeuronParams } from '../kernels/neuron-kernel.js';
import { resolvePoissonRates, type PoissonParams } from '../kernels/poisson.js';
import { Clock, CLOCK_SLOTS } from '../gpu/clock.js';
import { bitsSlotWords, counterWord, countSlotWords, initialSharedArgs, slotOf } from '../kernels/spike-slots.js';
import { requireRecordingFits, SpikeRecording } from './recording.js';
import {
  allocatePopulation, initialHeader, inputSlotBytes, neuronBindGroup, poissonBindGroup, type PopulationBuffers, type PopulationInternals, type PopulationOptions, type PopulationParts,
} from './population-gpu.js';

export type { ModelName } from '../kernels/models.js';
export type { PopulationBuffers, PopulationOptions, EquationPopulationOptions } from './population-gpu.js';

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

/** Steps encoded per command buffer. */
const STEPS_PER_SUBMIT = CLOCK_SLOTS;

export class Population {
  readonly name: string;
  /** The built-in model's name, or 'equations' for a model written as equations (see `equations`). */
  readonly model: ModelName | 'equations';
  /** The model written as equations, when `model` is 'equations'. */
  readonly equations: NeuronModel | undefined;
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
  private readonly ownsInputs: boolean;
  private readonly ownsSpikes: boolean;
  /** Word of its header in buffers.spikeCount (the spike header arena). */
  readonly countBase: number;
  /** Whether its kernel empties the header arena's shared args for the next step (and its reset restores them). */
  readonly clearsArgs: boolean;
  private paramsScalar: boolean;
  private resolved: ResolvedNeuronParams | undefined;

  private readonly kernel: CompiledKernel;
  private bindGroup: GPUBindGroup;
  /** Bytes of buffers.spikeCount its kernel binds (the whole header arena in a Simulator). */
  readonly headerBytes: number;
  /** Whether its params, state and bitmask live in caller-owned arenas (Population.moveInto). */
  private grouped = false;
  private readonly shape: DispatchShape;
  private readonly neuronKernel: NeuronKernel<unknown> | undefined;
  readonly clock: Clock;

  private constructor(private readonly ctx: GpuContext, parts: PopulationParts) {
    const opts = parts.common;
    this.name = opts.name;
    this.model = opts.model;
    this.equations = opts.equations;
    this.size = opts.size;
    this.batch = opts.batch;
    this.dt = opts.dt;
    this.workgroupSize = opts.workgroupSize;
    this.inputFractionBits = opts.inputFractionBits;
    this.seed = opts.seed;
    this.stream = opts.stream;
    this.words = Math.ceil(opts.size / 32);
    this.kernel = parts.kernel;
    this.bindGroup = parts.bindGroup;
    this.shape = parts.shape;
    this.buffers = parts.buffers;
    this.clock = parts.clock;
    this.ownsClock = parts.ownsClock;
    this.ownsInputs = parts.ownsInputs;
    this.ownsSpikes = parts.ownsSpikes;
    this.countBase = parts.countBase;
    this.headerBytes = parts.headerBytes;
    this.clearsArgs = parts.clearsArgs;
    this.neuronKernel = parts.neuronKernel;
    this.resolved = parts.resolved;
    this.paramsScalar = parts.resolved?.scalar ?? false;
    this.inputSlots = parts.inputSlots;
    this.inputSlotBytes = inputSlotBytes(ctx, opts.size, opts.batch);
    this.scheduleSteps = parts.schedule?.steps ?? 0;
    this.scheduleSpikes = parts.schedule?.spikes ?? 0;
  }

  /** Validates everything, allocates all GPU state once and compiles (or reuses) the kernel. */
  static async create(ctx: GpuContext, options: PopulationOptions, internals: PopulationInternals = {}): Promise<Population> {
    return new Population(ctx, await allocatePopulation(ctx, options, internals));
  }

  private get object(): string {
    return `${this.equations?.name ?? this.model} population '${this.name}'`;
  }

  /** A name for the model's WGSL structs: the built-in name, or eq_<digest> for a model written as equations. */
  get modelKey(): string {
    return this.equations ? `eq_${this.equations.key}` : this.model;
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

  /**
   * Byte offset in buffers.spikeCount of step `step`'s slot: the B spike counts, then the indirect
   * args (x, y, z) of its propagation (host/kernels/spike-slots.ts). Each step's kernel clears the
   * next step's slot, so nothing is cleared between steps.
   */
  countSlotOffset(step: number): number {
    return 4 * (this.countBase + slotOf(step) * countSlotWords(this.batch));
  }

  /** Byte offset in buffers.spikeBits.buffer of step `step`'s bitmask ([batch][words] u32). */
  bitsSlotOffset(step: number): number {
    return this.buffers.spikeBits.offset + 4 * slotOf(step) * bitsSlotWords(this.words, this.batch);
  }

  /**
   * Adds step `step`'s dispatch to an open compute pass, bound to this step's delay-ring slot.
   * `clockSlot` is the slot of this step in the clock written for the current chunk (poisson).
   */
  encodeDispatch(pass: GPUComputePassEncoder, step: number, clockSlot: number): void {
    pass.setPipeline(this.kernel.pipeline);
    if (this.model !== 'equations' && MODELS[this.model].kind === 'source') {
      pass.setBindGroup(0, this.bindGroup, [Clock.offset(clockSlot)]);
    } else {
      const offset = (step % this.inputSlots) * this.inputSlotBytes;
      pass.setBindGroup(0, this.bindGroup, [offset, offset, Clock.offset(clockSlot)]);
    }
    pass.dispatchWorkgroups(this.shape.x, this.shape.y, this.shape.z);
  }

  /**
   * Moves a neuron population's params, state and spike bitmask (a Poisson population's rates and
   * bitmask) into ranges of caller-owned arenas (256-byte aligned; a params arena with UNIFORM |
   * STORAGE usage, scalar params bind as a uniform): copies them there, frees its own buffers and
   * binds its own kernel to the ranges, so everything that reads or writes them (readState,
   * setParams, recorders, its own dispatch) sees one copy. The caller keeps the arenas (destroy no
   * longer frees these): a Simulator's neuron groups (host/sim/neuron-group.ts).
   */
  moveInto(to: { params: BufferRange; state?: BufferRange; spikeBits: BufferRange }): void {
    this.check();
    const neuron = this.neuronKernel !== undefined && this.buffers.state !== undefined;
    if (this.grouped || !(neuron || this.model === 'poisson') || neuron !== (to.state !== undefined)) {
      throw new Error(`${this.object}: only a neuron (with its state) or Poisson population not yet moved moves into arenas`);
    }
    const b = this.buffers;
    const keys = neuron ? (['params', 'state', 'spikeBits'] as const) : (['params', 'spikeBits'] as const);
    const encoder = this.ctx.device.createCommandEncoder({ label: `${this.name}.moveInto` });
    for (const k of keys) {
      const from = b[k]!;
      const dest = to[k]!;
      if (dest.size !== from.size) throw new Error(`${this.object}: a ${k} range of ${dest.size} bytes for ${from.size}`);
      encoder.copyBufferToBuffer(from.buffer, from.offset, dest.buffer, dest.offset, from.size);
    }
    this.ctx.device.queue.submit([encoder.finish()]);
    for (const k of keys) {
      this.ctx.pool.release(b[k]!.buffer);
      b[k] = to[k]!;
    }
    this.grouped = true;
    this.bindGroup = neuron
      ? neuronBindGroup(this.ctx, `${this.name}.bindGroup`, this.kernel, b, this.clock, this.headerBytes, 4 * this.size * this.batch)
      : poissonBindGroup(this.ctx, `${this.name}.bindGroup`, this.kernel, b, this.clock, this.headerBytes);
  }


  /** Encodes one whole step: a compute pass with the dispatch. */
  encodeStep(encoder: GPUCommandEncoder, step: number, clockSlot: number): void {
    const pass = encoder.beginComputePass({ label: `${this.name}.${this.equations?.name ?? this.model}` });
    this.encodeDispatch(pass, step, clockSlot);
    pass.end();
  }

  /** Back to the initial state: state variables, empty input ring and spike outputs, step 0. */
  reset(): void {
    this.check();
    const encoder = this.ctx.device.createCommandEncoder({ label: `${this.name}.reset` });
    for (const r of [this.buffers.inputExc, this.buffers.inputInh]) if (r) encoder.clearBuffer(r.buffer, r.offset, r.size);
    const list = this.buffers.spikeList;
    encoder.clearBuffer(list.buffer, list.offset, list.size);
    const bits = this.buffers.spikeBits;
    encoder.clearBuffer(bits.buffer, bits.offset, bits.size);
    this.ctx.device.queue.submit([encoder.finish()]);
    this.ctx.device.queue.writeBuffer(this.buffers.spikeCount, 4 * this.countBase, initialHeader(this.batch));
    if (this.clearsArgs) this.ctx.device.queue.writeBuffer(this.buffers.spikeCount, 0, initialSharedArgs(this.batch));
    if (this.neuronKernel && this.buffers.state && this.resolved) {
      const r = this.resolved;
      this.ctx.device.queue.writeBuffer(this.buffers.state.buffer, this.buffers.state.offset, packArray(this.neuronKernel.stateLayout, this.size * this.batch, (k) => r.initialState(k % this.size)));
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
        await this.run(chunk, { after: (enc, step) => enc.copyBufferToBuffer(this.buffers.spikeBits.buffer, this.bitsSlotOffset(step), ring, (step - base) * stepBytes, stepBytes) });
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
    return 4 * (this.countBase + counterWord(this.batch));
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
    const counts = new Uint32Array(await this.ctx.read(this.buffers.spikeCount, this.countSlotOffset(this.stepCount - 1), 4 * this.batch));
    const list = new Uint32Array(await this.ctx.read(this.buffers.spikeList.buffer, this.buffers.spikeList.offset, 4 * this.size * this.batch));
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
    const data = await this.ctx.read(this.buffers.state!.buffer, this.buffers.state!.offset, layout.stride * this.size * this.batch);
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
    this.ctx.device.queue.writeBuffer(this.buffers.state!.buffer, this.buffers.state!.offset, packed);
  }

  /**
   * Adds input to the excitatory or inhibitory accumulators, consumed at the next step.
   * `values` has length batch*size, in the model's current unit (converted to fixed point here).
   */
  async addInput(channel: 'exc' | 'inh', values: ArrayLike<number>): Promise<void> {
    this.check();
    requireOneOf(this.object, 'channel', channel, ['exc', 'inh'] as const);
    const ring = channel === 'exc' ? this.buffers.inputExc : this.buffers.inputInh;
    if (!ring) throw new InvalidParameterError(this.object, 'channel', channel, 'a neuron model (poisson sources take no input)');
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
    const offset = ring.offset + (this.stepCount % this.inputSlots) * this.inputSlotBytes;
    const cur = new Int32Array(await this.ctx.read(ring.buffer, offset, 4 * total));
    for (let i = 0; i < total; i++) {
      const sum = (cur[i] as number) + (add[i] as number);
      if (sum > 0x7fffffff || sum < -0x80000000) throw new InvalidParameterError(this.object, `values[${i}]`, values[i], 'an addition that keeps the accumulator within the fixed-point range');
      cur[i] = sum;
    }
    this.ctx.device.queue.writeBuffer(ring.buffer, offset, cur);
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
      this.ctx.device.queue.writeBuffer(this.buffers.params.buffer, this.buffers.params.offset, rates);
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
    this.ctx.device.queue.writeBuffer(this.buffers.params.buffer, this.buffers.params.offset, packed);
    this.resolved = resolved;
  }

  /** Frees the population's GPU buffers (back to the context's pool). */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    const { inputExc, inputInh, spikeCount, spikeList, params, state, spikeBits, ...own } = this.buffers;
    for (const b of Object.values(own)) if (b) this.ctx.pool.release(b);
    if (!this.grouped) for (const r of [params, state, spikeBits]) if (r) this.ctx.pool.release(r.buffer);
    if (this.ownsInputs) for (const r of [inputExc, inputInh]) if (r) this.ctx.pool.release(r.buffer);
    if (this.ownsSpikes) for (const b of [spikeCount, spikeList.buffer]) this.ctx.pool.release(b);
    if (this.ownsClock) this.clock.release();
  }
}

/** Creates a population: validates options, allocates GPU state, compiles the kernel. */
export function createPopulation(ctx: GpuContext, options: PopulationOptions, internals: PopulationInternals = {}): Promise<Population> {
  return Population.create(ctx, options, internals);
}
