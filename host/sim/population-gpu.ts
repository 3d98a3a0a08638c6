/**
 * Population creation: validation of the options and the GPU side of a population (buffers, kernel,
 * bind group) for each kind of model: spike arrays, Poisson sources and neuron kernels. The
 * Population class (population.ts) wraps what this returns.
 */
import { InvalidParameterError, LimitExceededError } from '../errors.js';
import type { BufferRange } from '../gpu/buffers.js';
import type { GpuContext } from '../gpu/context.js';
import { packArray, packOne, uniformBufferSize } from '../gpu/layout.js';
import type { CompiledKernel } from '../gpu/pipelines.js';
import { seedWords } from '../random/philox.js';
import { rejectUnknownKeys, requireInteger, requireName, requireOneOf, requirePositive } from '../validate.js';
import { dispatchShape, type DispatchShape } from '../kernels/dispatch.js';
import { MODEL_NAMES, MODELS, modelStateBytes, type ModelName, type ModelUnion } from '../kernels/models.js';
import { DEFAULT_INPUT_FRACTION_BITS, EVENT_WORKGROUP_SIZE, NEURON_FRAME, neuronBindings, resolveNeuronParams, type NeuronKernel, type ResolvedNeuronParams } from '../kernels/neuron-kernel.js';
import { POISSON_BINDINGS, POISSON_FRAME, poissonProbabilityScale, poissonSource, resolvePoissonRates, type PoissonParams } from '../kernels/poisson.js';
import { Clock, CLOCK } from '../gpu/clock.js';
import { neuronModelOf, type EquationParams, type NeuronModel, type NeuronModelSpec } from '../equations/neuron-model.js';
import { bitsSlotWords, counterWord, countSlotWords, headerRegionWords, initialSharedArgs, SHARED_ARGS_WORDS, SLOT_ALIGN_WORDS, spikeCountWords } from '../kernels/spike-slots.js';
import { resolveSpikeArray, SPIKE_ARRAY_BINDINGS, SPIKE_ARRAY_FRAME, spikeArraySource } from '../kernels/spikeArray.js';

export interface CommonOptions {
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

/** A population of a model written as equations (defineNeuronModel): its parameters and start values in `params`. */
export type EquationPopulationOptions = CommonOptions & { model: NeuronModel | NeuronModelSpec; params?: EquationParams };

/** The common options and, per model (host/kernels/models.ts), `model` and its `params`; or a model written as equations. */
export type PopulationOptions = ModelUnion<CommonOptions> | EquationPopulationOptions;

export interface PopulationBuffers {
  frame: GPUBuffer;
  /**
   * Per-neuron params (storage) or one struct (uniform); Poisson: rates (f32 per neuron); spikeArray:
   * its step offsets. Ranges, so a neuron population can live in a range of a shared params arena
   * (Population.moveInto: a Simulator's neuron group owns such arenas, host/sim/neuron-group.ts).
   */
  params: BufferRange;
  /** Per (instance, neuron) state structs; absent for poisson. A range of a shared state arena after Population.moveInto. */
  state?: BufferRange;
  /**
   * i32 fixed point [slot][batch][size]; slots `inputSlotBytes` apart (the delay ring). Ranges: in a
   * Simulator every population's rings share one input arena (host/sim/arenas.ts), so one delivery
   * dispatch can reach every post population of a pre population.
   */
  inputExc?: BufferRange;
  inputInh?: BufferRange;
  /**
   * The spike header arena (host/kernels/spike-slots.ts) holding, at Population.countSlotOffset,
   * this population's two step slots: u32 per instance, spikes at that step, then 3 u32 of indirect
   * dispatch args for its propagation; then its counters. In a Simulator every population's header
   * shares one arena (and the arena's shared args, read by the propagate pages).
   */
  spikeCount: GPUBuffer;
  /** u32 [batch][size]: indices that spiked this step, the first (count of instance b) valid; a range of the Simulator's list arena. */
  spikeList: BufferRange;
  /** Two step slots (Population.bitsSlotOffset) of u32 [batch][words]: the bitmask of that step's spikes; a range of a shared bits arena after Population.moveInto. */
  spikeBits: BufferRange;
  /** spikeArray: neuron ids of the schedule (its offsets are in `params`). */
  ids?: GPUBuffer;
}

const OPTION_KEYS = ['name', 'size', 'batch', 'dt', 'workgroupSize', 'inputFractionBits', 'seed', 'stream', 'model', 'params'];
const roundUp = (n: number, k: number): number => Math.ceil(n / k) * k;

/** Set by the Simulator: a shared clock and the number of delay-ring slots of the input accumulators. */
export interface PopulationInternals {
  clock?: Clock;
  /** Delay-ring slots of inputExc/inputInh (>= 1): input for step t is read from slot t % inputSlots. */
  inputSlots?: number;
  /**
   * Where the input rings live when the caller owns them (the Simulator's input arena): ranges of
   * `inputSlotBytes x inputSlots` bytes, cleared by the caller. Absent: the population allocates its own.
   */
  inputs?: { exc: BufferRange; inh: BufferRange };
  /**
   * Where the spike header and list live when the caller owns them (the Simulator's spike arenas):
   * the header arena (`headerBytes` bound), this population's header word in it, whether its kernel
   * empties the arena's shared args for the next step (the first population dispatched each step),
   * and its list's range. Absent: the population allocates its own (and clears its own args).
   */
  spikes?: { header: GPUBuffer; headerBytes: number; countBase: number; clearsArgs: boolean; list: BufferRange };
}

const USAGE_STORAGE = (): number => GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;

/** The validated options of a population. */
export type ResolvedCommonOptions = Required<Omit<CommonOptions, 'name'>> & { name: string; model: ModelName | 'equations'; equations?: NeuronModel };

/** What a population is made of on the GPU, as allocatePopulation returns it. */
export interface PopulationParts {
  common: ResolvedCommonOptions;
  kernel: CompiledKernel;
  bindGroup: GPUBindGroup;
  shape: DispatchShape;
  buffers: PopulationBuffers;
  clock: Clock;
  /** Whether the clock was made here (and is released with the population). */
  ownsClock: boolean;
  /** Whether the input rings were allocated here (else they are ranges of the caller's arena). */
  ownsInputs: boolean;
  /** Whether the spike header and list were allocated here (else they lie in the caller's arenas). */
  ownsSpikes: boolean;
  /** Word of its header in buffers.spikeCount, its bytes bound, and whether it empties the shared args (host/kernels/spike-slots.ts). */
  countBase: number;
  headerBytes: number;
  clearsArgs: boolean;
  inputSlots: number;
  /** Neuron models: the resolved parameters and the kernel (absent for sources). */
  resolved?: ResolvedNeuronParams;
  neuronKernel?: NeuronKernel<unknown>;
  /** spikeArray: steps covered by the schedule and number of listed spikes. */
  schedule?: { steps: number; spikes: number };
}

/** Validates everything, allocates all GPU state once and compiles (or reuses) the kernel. */
export async function allocatePopulation(ctx: GpuContext, options: PopulationOptions, internals: PopulationInternals = {}): Promise<PopulationParts> {
  ctx.check();
  if (typeof options !== 'object' || options === null) {
    throw new InvalidParameterError('createPopulation', 'options', options, 'an options object');
  }
  // A model written as equations: compiled by defineNeuronModel, or a spec object (compiled here once).
  const custom = neuronModelOf(options.model, 'population model');
  const model = custom ? 'equations' : requireOneOf('population', 'model', options.model, MODEL_NAMES);
  const label0 = custom ? custom.name : model;
  const name = requireName(`${label0} population`, 'name', options.name ?? label0);
  const object = `${label0} population '${name}'`;
  rejectUnknownKeys(object, options, OPTION_KEYS);
  const limits = ctx.limits;
  const dt = requirePositive(object, 'dt', options.dt, 'ms');
  const batch = requireInteger(object, 'batch', options.batch ?? 1, 1, limits.maxComputeWorkgroupsPerDimension);
  const wg = requireInteger(object, 'workgroupSize', options.workgroupSize ?? 256, 1,
    Math.min(limits.maxComputeInvocationsPerWorkgroup, limits.maxComputeWorkgroupSizeX));
  const inputFractionBits = requireInteger(object, 'inputFractionBits', options.inputFractionBits ?? DEFAULT_INPUT_FRACTION_BITS, 0, 24);
  const seed = requireInteger(object, 'seed', options.seed ?? 1, 0, Number.MAX_SAFE_INTEGER);
  const stream = requireInteger(object, 'stream', options.stream ?? 0, 0, 0xffffffff);
  const stateStride = modelStateBytes(custom ?? (model as ModelName)) || 4; // spike sources keep no state: their largest per-neuron buffer
  const maxSize = Math.max(1, Math.floor(limits.maxStorageBufferBindingSize / (Math.max(stateStride, 4) * batch)));
  if (typeof options.size === 'number' && Number.isInteger(options.size) && options.size > maxSize) {
    throw new LimitExceededError(object, 'size', options.size, maxSize,
      `With batch ${batch}, the per-neuron state (${stateStride} B x size x batch) must fit in maxStorageBufferBindingSize = ${limits.maxStorageBufferBindingSize} bytes.`);
  }
  const size = requireInteger(object, 'size', options.size, 1, maxSize);
  const shape = dispatchShape(object, size, batch, wg, limits);
  const words = Math.ceil(size / 32);
  const common: ResolvedCommonOptions = { name, model, size, batch, dt, workgroupSize: wg, inputFractionBits, seed, stream, ...(custom ? { equations: custom } : {}) };
  const pool = ctx.pool;
  const label = (b: string) => `${name}.${b}`;

  // Two step slots each (host/kernels/spike-slots.ts): kernels write one and clear the other.
  const bitsWords = 2 * bitsSlotWords(words, batch);
  const listBytes = 4 * size * batch;
  const ownsSpikes = internals.spikes === undefined;
  const spikes = internals.spikes ?? (() => {
    const headerBytes = 4 * (SHARED_ARGS_WORDS + headerRegionWords(batch));
    const header = pool.acquire({ label: label('spikeCount'), size: headerBytes, usage: USAGE_STORAGE() | GPUBufferUsage.INDIRECT });
    const list = { buffer: pool.acquire({ label: label('spikeList'), size: listBytes, usage: USAGE_STORAGE() }), offset: 0, size: listBytes };
    return { header, headerBytes, countBase: SHARED_ARGS_WORDS, clearsArgs: true, list };
  })();
  if (spikes.list.size !== listBytes || spikes.countBase % SLOT_ALIGN_WORDS !== 0) throw new Error(`${object}: a spike list range of ${spikes.list.size} bytes for ${listBytes}, header at word ${spikes.countBase}`);
  const spikeCount = spikes.header;
  const spikeList = spikes.list;
  const countBase = spikes.countBase;
  const clearsArgs = spikes.clearsArgs;
  const spikeBits = range(pool.acquire({ label: label('spikeBits'), size: 4 * bitsWords, usage: USAGE_STORAGE() }), 4 * bitsWords);
  const encoder = ctx.device.createCommandEncoder({ label: label('init') });
  encoder.clearBuffer(spikeList.buffer, spikeList.offset, spikeList.size);
  encoder.clearBuffer(spikeBits.buffer, spikeBits.offset, spikeBits.size);
  // Counts and indirect x start at 0; indirect y (instances) and z stay fixed (x is rebuilt by the
  // kernel every step). One queue write, so no clear submitted later can overwrite y and z.
  ctx.device.queue.writeBuffer(spikeCount, 4 * countBase, initialHeader(batch));
  if (clearsArgs) ctx.device.queue.writeBuffer(spikeCount, 0, initialSharedArgs(batch));
  const spikeFrame = { eventWg: EVENT_WORKGROUP_SIZE, countBase, clearsArgs: clearsArgs ? 1 : 0 };
  const spikeBindings = (first: number) => spikeOutputBindings(first, { spikeCount, spikeList, spikeBits }, spikes.headerBytes);
  const owned = { ownsSpikes, countBase, headerBytes: spikes.headerBytes, clearsArgs };
  const ownsClock = internals.clock === undefined;
  const clock = internals.clock ?? new Clock(ctx, label('clock'));
  const inputSlots = requireInteger(object, 'inputSlots', internals.inputSlots ?? 1, 1, 0xffff);

  if (model === 'spikeArray') {
    const schedule = resolveSpikeArray(object, (options as { params?: unknown }).params, size, dt);
    const frame = pool.createWithData(label('frame'), GPUBufferUsage.UNIFORM,
      packOne(SPIKE_ARRAY_FRAME, { n: size, batch, words, nSteps: schedule.nSteps, ...spikeFrame }));
    const offsets = range(pool.createWithData(label('offsets'), GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC, schedule.offsets), 4 * schedule.offsets.length);
    const ids = pool.createWithData(label('ids'), GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC, schedule.ids.length ? schedule.ids : new Uint32Array(1));
    const kernel = await ctx.pipelines.get({ name: 'spikeArray', options: { workgroupSize: wg }, bindings: SPIKE_ARRAY_BINDINGS, source: () => spikeArraySource(wg) });
    const sizes = [uniformBufferSize(SPIKE_ARRAY_FRAME), uniformBufferSize(CLOCK), 4 * schedule.offsets.length, 4 * Math.max(1, schedule.ids.length)];
    const bindGroup = ctx.device.createBindGroup({
      label: label('bindGroup'), layout: kernel.layout,
      entries: [...[frame, clock.buffer, offsets.buffer, ids].map((buffer, i) => ({ binding: i, resource: { buffer, size: sizes[i] as number } })), ...spikeBindings(4)],
    });
    ctx.device.queue.submit([encoder.finish()]);
    // One thread per spike of the busiest step, and at least one per bitmask word (each clears the next slot's).
    const eventShape = { x: Math.max(1, Math.ceil(Math.max(schedule.maxPerStep, words) / wg)), y: batch, z: 1, blocks: 0 };
    return { common, kernel, bindGroup, shape: eventShape, buffers: { frame, params: offsets, ids, spikeCount, spikeList, spikeBits }, clock, inputSlots,
      ownsClock, ownsInputs: false, ...owned, schedule: { steps: schedule.nSteps, spikes: schedule.ids.length } };
  }

  if (model === 'poisson') {
    const rates = resolvePoissonRates(object, (options as { params?: PoissonParams }).params, size, dt);
    const [seedLo, seedHi] = seedWords(seed);
    const frame = pool.createWithData(label('frame'), GPUBufferUsage.UNIFORM,
      packOne(POISSON_FRAME, { n: size, batch, wgX: shape.x, words, seedLo, seedHi, stream, pScale: poissonProbabilityScale(dt), ...spikeFrame }));
    const params = range(pool.createWithData(label('rates'), GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC, rates), 4 * size);
    const kernel = await ctx.pipelines.get({ name: 'poisson', options: { workgroupSize: wg }, bindings: POISSON_BINDINGS, source: () => poissonSource(wg) });
    const buffers = { frame, params, spikeCount, spikeList, spikeBits };
    const bindGroup = poissonBindGroup(ctx, label('bindGroup'), kernel, buffers, clock, spikes.headerBytes);
    ctx.device.queue.submit([encoder.finish()]);
    return { common, kernel, bindGroup, shape, buffers, clock, inputSlots, ownsClock, ownsInputs: false, ...owned };
  }

  const nk = custom ? (custom.kernel as NeuronKernel<unknown>) : MODELS[model as ModelName].kernel!;
  const resolved = resolveNeuronParams(nk, object, (options as { params?: unknown }).params, size, dt);
  const perNeuronParams = !resolved.scalar;
  const frame = pool.createWithData(label('frame'), GPUBufferUsage.UNIFORM, packOne(NEURON_FRAME, {
    n: size, batch, wgX: shape.x, words, inputScale: 2 ** -inputFractionBits, dt: Math.fround(dt), halfDt: Math.fround(dt / 2),
    noContract: 0, seedLo: seedWords(seed)[0], seedHi: seedWords(seed)[1], stream, ...spikeFrame,
  }));
  const paramsBytes = perNeuronParams ? nk.paramsLayout.stride * size : uniformBufferSize(nk.paramsLayout);
  const params = range(perNeuronParams
    ? pool.createWithData(label('params'), GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST, packArray(nk.paramsLayout, size, resolved.at))
    : pool.createWithData(label('params'), GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST, packOne(nk.paramsLayout, resolved.at(0))), paramsBytes);
  const stateBytes = nk.stateLayout.stride * size * batch;
  const state = range(pool.createWithData(label('state'), USAGE_STORAGE(), packArray(nk.stateLayout, size * batch, (k) => resolved.initialState(k % size))), stateBytes);
  const slotBytes = inputSlotBytes(ctx, size, batch);
  const ringBytes = slotBytes * inputSlots;
  const own = (b: string): BufferRange => range(pool.acquire({ label: label(b), size: ringBytes, usage: USAGE_STORAGE() }), ringBytes);
  const inputExc = internals.inputs?.exc ?? own('inputExc');
  const inputInh = internals.inputs?.inh ?? own('inputInh');
  for (const r of [inputExc, inputInh]) {
    if (r.size !== ringBytes) throw new Error(`${object}: an input range of ${r.size} bytes for a ring of ${ringBytes}`);
    if (!internals.inputs) encoder.clearBuffer(r.buffer, r.offset, r.size);
  }
  const kernelOptions = { workgroupSize: wg, perNeuronParams, ...resolved.options };
  const kernel = await ctx.pipelines.get({
    name: custom ? `equations:${custom.name}` : model,
    options: kernelOptions,
    bindings: neuronBindings(perNeuronParams),
    source: () => nk.shader(kernelOptions),
  });
  const buffers = { frame, params, state, inputExc, inputInh, spikeCount, spikeList, spikeBits };
  const bindGroup = neuronBindGroup(ctx, label('bindGroup'), kernel, buffers, clock, spikes.headerBytes, 4 * size * batch);
  ctx.device.queue.submit([encoder.finish()]);
  return { common, kernel, bindGroup, shape, buffers, clock, inputSlots, ownsClock, ownsInputs: !internals.inputs, ...owned, resolved, neuronKernel: nk };
}

const range = (buffer: GPUBuffer, size: number): BufferRange => ({ buffer, offset: 0, size });
const bind = (binding: number, r: BufferRange): GPUBindGroupEntry => ({ binding, resource: { buffer: r.buffer, offset: r.offset, size: r.size } });

/** The bind group entries of a population's spike header, list and bitmask, from binding `first`. */
function spikeOutputBindings(first: number, b: Pick<PopulationBuffers, 'spikeCount' | 'spikeList' | 'spikeBits'>, headerBytes: number): GPUBindGroupEntry[] {
  return [bind(first, { buffer: b.spikeCount, offset: 0, size: headerBytes }), bind(first + 1, b.spikeList), bind(first + 2, b.spikeBits)];
}

/**
 * A neuron population's bind group (neuronBindings) over its buffers and ranges: made at creation,
 * and again when its params, state and bitmask move into shared arenas (Population.moveInto), so its
 * own kernel keeps working on the moved data.
 */
export function neuronBindGroup(ctx: GpuContext, label: string, kernel: CompiledKernel, b: PopulationBuffers, clock: Clock, headerBytes: number, inputBytes: number): GPUBindGroup {
  return ctx.device.createBindGroup({
    label, layout: kernel.layout,
    entries: [
      { binding: 0, resource: { buffer: b.frame, size: uniformBufferSize(NEURON_FRAME) } },
      bind(1, b.params), bind(2, b.state!),
      // The ring slot of the step is a dynamic offset: bind one slot.
      bind(3, { ...b.inputExc!, size: inputBytes }),
      bind(4, { ...b.inputInh!, size: inputBytes }),
      ...spikeOutputBindings(5, b, headerBytes),
      { binding: 8, resource: { buffer: clock.buffer, size: uniformBufferSize(CLOCK) } },
    ],
  });
}

/** A Poisson population's bind group (POISSON_BINDINGS): made at creation, and again when its rates and bitmask move into a group's arenas. */
export function poissonBindGroup(ctx: GpuContext, label: string, kernel: CompiledKernel, b: PopulationBuffers, clock: Clock, headerBytes: number): GPUBindGroup {
  return ctx.device.createBindGroup({
    label, layout: kernel.layout,
    entries: [
      { binding: 0, resource: { buffer: b.frame, size: uniformBufferSize(POISSON_FRAME) } },
      { binding: 1, resource: { buffer: clock.buffer, size: uniformBufferSize(CLOCK) } },
      bind(2, b.params),
      ...spikeOutputBindings(3, b, headerBytes),
    ],
  });
}

/** A fresh spike header: both slots' counts and indirect x 0, y (instances) and z fixed; totals 0; no non-finite value seen. */
export function initialHeader(batch: number): Uint32Array<ArrayBuffer> {
  const h = new Uint32Array(spikeCountWords(batch));
  for (const at of [0, countSlotWords(batch)]) {
    h[at + batch + 1] = batch;
    h[at + batch + 2] = 1;
  }
  h[counterWord(batch) + 2] = 0xffffffff;
  h[counterWord(batch) + 3] = 0xffffffff;
  return h;
}

/** Bytes of one delay-ring slot of a population's input accumulators (aligned for dynamic offsets). */
export function inputSlotBytes(ctx: GpuContext, size: number, batch: number): number {
  return roundUp(4 * size * batch, ctx.limits.minStorageBufferOffsetAlignment);
}

