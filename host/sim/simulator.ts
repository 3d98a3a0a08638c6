/**
 * Simulator: builds GPU state for a NetworkModel once (connectivity, populations, delay rings,
 * projections), then advances it many steps per command buffer without reading back. Per step:
 * clear every population's spike outputs; one compute pass with every population's dispatch, then
 * every projection's indirect propagation (driven by that step's spike counts). Recorded
 * populations copy their spike bitmask into a GPU buffer that is read back once per chunk.
 */
import { DestroyedError, FixedPointOverflowError, InvalidParameterError, LimitExceededError } from '../errors';
import type { GpuContext } from '../gpu/context';
import { createProjection, PlasticProjection, staticWeights, type AnyProjection, type ProceduralRows } from './projections';
import { DEFAULT_INPUT_FRACTION_BITS } from '../kernels/neuron-kernel';
import { connectAsync, type RaggedMeta, type RaggedRows } from '../random/rows';
import { generateRowsOnGpu, type GpuRows } from '../kernels/connect';
import { proceduralFrame } from '../kernels/procedural';
import type { NetworkModel } from '../model/network';
import { estimateMemory, planNetwork, refuseIfTooLarge, type BufferEstimate } from './plan';
import { rejectUnknownKeys, requireInteger, requireOneOf, requirePositive, requireSteps } from '../validate';
import { Clock, CLOCK_SLOTS } from '../gpu/clock';
import { FUSED_AUTO_MAX_NEURONS } from '../kernels/fused';
import { FusedEngine, FusedUnsupportedError, fusedSupport } from './fused-engine';
import { createPopulation, type Population, type PopulationOptions } from './population';
import type { SpikeRecording } from './recording';
import { ProbeRecorder, RateRecorder, SpikeRecorder, type ProbeRecording, type ProbeRequest, type RateRecording, type Recorder } from './recorders';

export interface SimulatorOptions {
  /** Time step (ms), > 0. */
  dt: number;
  /** Independent instances (Poisson draws differ per instance). Default 1. */
  batch?: number;
  /** Seed of connectivity, weights, delays and Poisson draws (integer in [0, 2^53)). Default 1. */
  seed?: number;
  /** Threads per workgroup of the neuron kernels. Default 256. */
  workgroupSize?: number;
  /** Fixed-point fraction bits of the input accumulators (0..24). Default 16. */
  inputFractionBits?: number;
  /** Largest allowed synaptic delay (ms). Default 100. */
  maxDelayMs?: number;
  /**
   * Where connectivity is generated: 'auto' (default: on the GPU where the rule and initialisers allow,
   * see gpuConnectSupport, else on the host), 'gpu' (error where not possible) or 'host'. Both give
   * the same synapses bit for bit.
   */
  connectivityOn?: 'auto' | 'gpu' | 'host';
  /**
   * Small-network mode: one dispatch advances up to 512 steps (one workgroup per instance walks
   * every step, with barriers between its phases), bit-identical to the per-step path. 'auto'
   * (default) uses it when the network has at most FUSED_AUTO_MAX_NEURONS neurons and no procedural
   * projection; 'on' requires it (error when impossible); 'off' never. Runs with state probes use
   * the per-step path.
   */
  fused?: 'auto' | 'on' | 'off';
  /**
   * Called while connectivity is generated: the projection and the fraction done (0..1). Host
   * generation returns to the event loop every ~30 ms, so a page stays responsive.
   */
  onProgress?: (p: BuildProgress) => void;
}

export interface BuildProgress {
  phase: 'connectivity';
  projection: string;
  fraction: number;
}

export interface Progress {
  step: number;
  total: number;
  fraction: number;
}

export interface RunOptions {
  /** Steps to run (or give durationMs). */
  steps?: number;
  /** Model time to run (ms), rounded to whole steps. */
  durationMs?: number;
  /** Populations whose spikes to record. */
  record?: string[];
  /** Populations whose rate (spikes per step and instance, in Hz) to record. */
  rates?: string[];
  /** State probes: a variable of chosen neurons every k steps. */
  probes?: ProbeRequest[];
  /** Called after each chunk (up to 512 steps) with the steps done. */
  onProgress?: (p: Progress) => void;
}

export interface RunResult {
  steps: number;
  firstStep: number;
  spikes: Record<string, SpikeRecording>;
  rates: Record<string, RateRecording>;
  /** Keyed `${population}.${variable}`, in the order given (a repeated key gets a #n suffix). */
  probes: Record<string, ProbeRecording>;
}

/** A projection's synapses and weights (Simulator.weights). */
export interface ProjectionWeights {
  pre: Uint32Array;
  post: Uint32Array;
  /** [instance][synapse], synapses in row order (by pre, then post). */
  weights: Float32Array;
  batch: number;
  plastic: boolean;
}

export interface SimulatorCounters {
  steps: number;
  populations: Record<string, { spikes: number; updates: number }>;
  projections: Record<string, { synops: number; overflow: number }>;
}


export class Simulator {
  stepCount = 0;
  private destroyed = false;

  private constructor(
    private readonly ctx: GpuContext,
    readonly dt: number,
    readonly batch: number,
    readonly populations: ReadonlyMap<string, Population>,
    readonly projections: readonly AnyProjection[],
    private readonly clock: Clock,
    /** 3 u32 per projection: wrapped partial sums, SynOps lo, SynOps hi. */
    private readonly counters: GPUBuffer,
    /** Gathers every counter for one readback per chunk. */
    private readonly stats: GPUBuffer,
    /** Bytes of every GPU buffer, as estimated before allocation. */
    readonly memory: readonly BufferEstimate[],
    /** The small-network engine, when this network runs fused. */
    private readonly fused?: FusedEngine,
  ) {}

  /** The plastic projections (learning rules), in model order. */
  private get plastic(): PlasticProjection[] {
    return this.projections.filter((p): p is PlasticProjection => p instanceof PlasticProjection);
  }

  /** Whether runs without state probes advance many steps per dispatch (the small-network mode). */
  get isFused(): boolean {
    return this.fused !== undefined;
  }

  /** Steps one fused dispatch advances (0 on the per-step path); see FusedEngine.stepsPerDispatch. */
  get fusedStepsPerDispatch(): number {
    return this.fused?.stepsPerDispatch ?? 0;
  }

  /**
   * Validates the network; plans it (storage, where rows are generated, a memory estimate from sizes
   * alone: planNetwork) and refuses what cannot fit; generates connectivity; checks the exact
   * estimate; then allocates everything once.
   */
  static async build(ctx: GpuContext, network: NetworkModel, options: SimulatorOptions): Promise<Simulator> {
    ctx.check();
    const object = 'Simulator.build options';
    if (typeof options !== 'object' || options === null) throw new InvalidParameterError(object, 'options', options, 'an object with at least dt');
    rejectUnknownKeys(object, options, ['dt', 'batch', 'seed', 'workgroupSize', 'inputFractionBits', 'maxDelayMs', 'connectivityOn', 'fused', 'onProgress']);
    const fusedMode = requireOneOf(object, 'fused', options.fused ?? 'auto', ['auto', 'on', 'off'] as const);
    const connectivityOn = requireOneOf(object, 'connectivityOn', options.connectivityOn ?? 'auto', ['auto', 'gpu', 'host'] as const);
    const dt = requirePositive(object, 'dt', options.dt, 'ms');
    const batch = requireInteger(object, 'batch', options.batch ?? 1, 1, ctx.limits.maxComputeWorkgroupsPerDimension);
    const seed = requireInteger(object, 'seed', options.seed ?? 1, 0, Number.MAX_SAFE_INTEGER);
    const fractionBits = requireInteger(object, 'inputFractionBits', options.inputFractionBits ?? DEFAULT_INPUT_FRACTION_BITS, 0, 24);
    const maxDelayMs = requirePositive(object, 'maxDelayMs', options.maxDelayMs ?? 100, 'ms');
    const maxDelaySteps = Math.max(1, Math.floor(maxDelayMs / dt + 1e-9));
    if (options.onProgress !== undefined && typeof options.onProgress !== 'function') {
      throw new InvalidParameterError(object, 'onProgress', options.onProgress, 'a function ({ phase, projection, fraction }) => void');
    }
    // Validate and plan before generating or allocating anything: a model that cannot fit is refused from its sizes.
    const plan = planNetwork(network, dt, { batch, connectivityOn, maxDelaySteps }, ctx.limits);
    if (connectivityOn === 'gpu') {
      const host = plan.projections.find((q) => q.generation === 'host');
      if (host) throw new InvalidParameterError(object, 'connectivityOn', 'gpu', `'auto' or 'host': projection '${host.name}': ${host.hostBecause}`);
    }
    refuseIfTooLarge(plan);

    // Connectivity from Philox (on the GPU where possible; on the host in slices that yield to the
    // event loop), then the delay-ring depth of every post population.
    const rows: (RaggedRows | GpuRows | ProceduralRows)[] = [];
    const releaseRows = () => {
      for (const r of rows) if ('rowLength' in r && 'meta' in r) for (const b of [r.rowLength, r.ind, r.weight, r.delay]) if (b) ctx.pool.release(b);
    };
    try {
      for (const [i, p] of network.projections.entries()) {
        const q = plan.projections[i]!;
        const o = { seed, dt, fractionBits, maxDelaySteps };
        const progress = (fraction: number) => options.onProgress?.({ phase: 'connectivity', projection: p.name, fraction });
        if (q.storage === 'procedural') {
          const frame = proceduralFrame(p, i, q.nPre, q.nPost, p.pre === p.post, o);
          const d = frame.delay as number;
          rows.push({ procedural: frame, meta: { nPre: q.nPre, nPost: q.nPost, maxRow: 0, synapses: 0, constDelay: d, maxDelay: d, perSynapseDelay: false } });
        } else if (q.generation === 'gpu') {
          rows.push(await generateRowsOnGpu(ctx, p, i, q.nPre, q.nPost, p.pre === p.post, o));
        } else {
          rows.push(await connectAsync(p, i, q.nPre, q.nPost, p.pre === p.post, o, progress));
        }
        progress(1);
      }
    } catch (e) {
      releaseRows();
      throw e;
    }
    const metas: RaggedMeta[] = rows.map((r) => ('meta' in r ? r.meta : r));
    const stored = network.projections.map((_, i) => !('procedural' in rows[i]!));
    const slots = new Map<string, number>();
    network.projections.forEach((p, i) => slots.set(p.post, Math.max(slots.get(p.post) ?? 1, metas[i]!.maxDelay)));

    const memory = estimateMemory(ctx.limits, network, metas, slots, batch, stored);
    for (const m of memory) {
      if (m.bytes > m.limit) {
        releaseRows();
        throw new LimitExceededError(m.buffer, 'bytes', m.bytes, m.limit,
          `The model does not fit this device: ${memory.filter((x) => x.bytes > x.limit).map((x) => `${x.buffer} ${x.bytes} B`).join(', ')} exceed maxStorageBufferBindingSize; reduce batch, size or fan-out.`);
      }
    }

    const clock = new Clock(ctx, 'simulator.clock');
    const nProj = network.projections.length;
    const counters = ctx.pool.createWithData('simulator.counters', GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC, new Uint32Array(3 * Math.max(1, nProj)));
    const populations = new Map<string, Population>();
    const projections: AnyProjection[] = [];
    try {
      for (const [index, p] of network.populations.entries()) {
        const opts = {
          ...p, dt, batch, name: p.name, seed, stream: index, inputFractionBits: fractionBits,
          ...(options.workgroupSize !== undefined ? { workgroupSize: options.workgroupSize } : {}),
        } as PopulationOptions;
        populations.set(p.name, await createPopulation(ctx, opts, { clock, inputSlots: slots.get(p.name) ?? 1 }));
      }
      for (const [i, p] of network.projections.entries()) {
        projections.push(await createProjection(ctx, p, i, rows[i]!, populations, clock, { buffer: counters, index: i, count: Math.max(1, nProj) }, { dt, fractionBits }));
      }
    } catch (e) {
      for (const pop of populations.values()) pop.destroy();
      for (const pr of projections) pr.release(ctx.pool);
      // Rows not yet handed to a projection are still ours.
      for (const [i, r] of rows.entries()) if (i >= projections.length && 'rowLength' in r && 'meta' in r) for (const b of [r.rowLength, r.ind, r.weight, r.delay]) if (b) ctx.pool.release(b);
      clock.release();
      ctx.pool.release(counters);
      throw e;
    }
    let fused: FusedEngine | undefined;
    const neurons = network.populations.reduce((a, p) => a + p.size, 0);
    if (fusedMode === 'on' || (fusedMode === 'auto' && fusedSupport(projections) === null && neurons <= FUSED_AUTO_MAX_NEURONS)) {
      try {
        fused = await FusedEngine.create(ctx, [...populations.values()], projections, counters, dt);
      } catch (e) {
        if (fusedMode === 'on' || !(e instanceof FusedUnsupportedError)) {
          for (const pop of populations.values()) pop.destroy();
          for (const pr of projections) pr.release(ctx.pool);
          clock.release();
          ctx.pool.release(counters);
          throw e instanceof FusedUnsupportedError ? new InvalidParameterError(object, 'fused', 'on', `'auto' or 'off': ${e.message}`) : e;
        }
      }
    }
    const nPlastic = projections.filter((p) => p instanceof PlasticProjection).length;
    const stats = ctx.pool.acquire({ label: 'simulator.stats', size: 16 * populations.size + 12 * Math.max(1, nProj) + 8 * nPlastic, usage: GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST, storage: false });
    return new Simulator(ctx, dt, batch, populations, projections, clock, counters, stats, memory, fused);
  }

  /** The population called `name` (for readState, writeState, setParams, addInput). */
  population(name: string): Population {
    this.checkAlive();
    const p = this.populations.get(name);
    if (!p) throw new InvalidParameterError('Simulator', 'population', name, `one of ${[...this.populations.keys()].map((n) => JSON.stringify(n)).join(', ')}`);
    return p;
  }

  /** Throws DestroyedError after destroy(), and the context's failure (device lost...) if any. */
  private checkAlive(): void {
    if (this.destroyed) throw new DestroyedError('Simulator');
    this.ctx.check();
  }

  private projectionNamed(name: string): AnyProjection {
    this.checkAlive();
    const p = this.projections.find((x) => x.name === name);
    if (!p) throw new InvalidParameterError('Simulator', 'projection', name, `one of ${this.projections.map((x) => JSON.stringify(x.name)).join(', ')}`);
    return p;
  }

  /**
   * The weights of a stored projection now: `pre` and `post` index of every synapse (row order) and
   * `weights` [instance][synapse] in the model's weight unit (f32 for plastic synapses; a static
   * projection's i32 fixed point converted back). One readback.
   */
  async weights(projection: string): Promise<ProjectionWeights> {
    const p = this.projectionNamed(projection);
    if (p instanceof PlasticProjection) return { ...p.synapseIndices(), weights: await p.weights(), batch: this.batch, plastic: true };
    return { ...(await staticWeights(this.ctx, p, this.batch)), plastic: false };
  }

  /**
   * Replaces a plastic projection's weights: one per synapse (all instances) or [instance][synapse], in
   * the order of weights(), each finite and within the rule's [wMin, wMax]. Takes effect at the next step.
   */
  setWeights(projection: string, values: ArrayLike<number>): void {
    const p = this.projectionNamed(projection);
    if (!(p instanceof PlasticProjection)) {
      throw new InvalidParameterError(`projection '${projection}'`, 'synapse', 'static', 'a plastic synapse (static weights are fixed when the Simulator is built)');
    }
    p.setWeights(values);
  }

  /** Number of synapses of every projection. */
  get synapseCounts(): Record<string, number> {
    return Object.fromEntries(this.projections.map((p) => [p.name, p.rows.synapses]));
  }

  /** Runs `steps` (or `durationMs`) steps; records the spikes of `record` populations. */
  async run(options: RunOptions): Promise<RunResult> {
    this.checkAlive();
    const object = 'Simulator.run options';
    if (typeof options !== 'object' || options === null || Array.isArray(options)) {
      throw new InvalidParameterError(object, 'options', options, 'an object { steps } or { durationMs }, with optional record, rates, probes, onProgress');
    }
    rejectUnknownKeys(object, options, ['steps', 'durationMs', 'record', 'rates', 'probes', 'onProgress']);
    if ((options.steps === undefined) === (options.durationMs === undefined)) {
      throw new InvalidParameterError(object, 'steps', options.steps, 'exactly one of steps or durationMs');
    }
    let steps: number;
    if (options.steps !== undefined) steps = requireSteps(object, 'steps', options.steps, this.stepCount);
    else {
      const ms = requirePositive(object, 'durationMs', options.durationMs, 'ms');
      if (ms < this.dt) throw new InvalidParameterError(object, 'durationMs', ms, `at least one step, dt = ${this.dt} ms (shorter runs would do nothing)`);
      steps = requireSteps(object, 'durationMs', Math.round(ms / this.dt), this.stepCount);
    }
    for (const key of ['record', 'rates', 'probes'] as const) {
      const v = options[key];
      if (v !== undefined && !Array.isArray(v)) throw new InvalidParameterError(object, key, v, key === 'probes' ? 'an array of { population, variable, neurons, every? }' : 'an array of population names');
    }
    if (options.onProgress !== undefined && typeof options.onProgress !== 'function') {
      throw new InvalidParameterError(object, 'onProgress', options.onProgress, 'a function (progress) => void');
    }
    const firstStep = this.stepCount;
    const spikeRecorders: SpikeRecorder[] = [];
    const rateRecorders: RateRecorder[] = [];
    const probeRecorders: ProbeRecorder[] = [];
    const recorders: Recorder[] = [];
    try {
      // Each recorder checks its request (names, sizes, host memory) before allocating; the finally releases those made.
      for (const n of options.record ?? []) {
        const r = new SpikeRecorder(this.ctx, this.population(n), steps, firstStep);
        spikeRecorders.push(r);
        recorders.push(r);
      }
      for (const n of options.rates ?? []) {
        const r = new RateRecorder(this.ctx, this.population(n), steps, this.dt);
        rateRecorders.push(r);
        recorders.push(r);
      }
      for (const req of options.probes ?? []) {
        const r = new ProbeRecorder(this.ctx, this.population(req.population), req, steps);
        probeRecorders.push(r);
        recorders.push(r);
      }
      const pops = [...this.populations.values()];
      for (let done = 0; done < steps;) {
        const chunk = Math.min(CLOCK_SLOTS, steps - done);
        const encoder = this.ctx.device.createCommandEncoder({ label: 'simulator.run' });
        const fused = probeRecorders.length === 0 ? this.fused : undefined;
        if (fused) {
          // Small-network mode: the whole chunk in one dispatch.
          fused.writeFrame(this.stepCount, chunk);
          fused.encode(encoder, chunk);
          for (const r of spikeRecorders) r.encodeFused(encoder, fused, chunk);
          for (const r of rateRecorders) r.encodeFused(encoder, fused, chunk);
        } else {
          this.clock.write(this.stepCount, chunk);
          for (let s = 0; s < chunk; s++) {
            const step = this.stepCount + s;
            for (const p of pops) p.encodeClears(encoder);
            const pass = encoder.beginComputePass({ label: `step ${step}` });
            for (const p of pops) p.encodeDispatch(pass, step, s);
            for (const pr of this.projections) pr.encode(pass, s, step);
            pass.end();
            for (const pr of this.plastic) pr.encodeAfterStep(encoder, step);
            for (const r of spikeRecorders) r.encode(encoder, s);
            for (const r of rateRecorders) r.encode(encoder, s);
            for (const r of probeRecorders) r.encode(encoder, s, step, firstStep);
          }
        }
        await this.ctx.submit('Simulator.run', [encoder.finish()]);
        this.stepCount += chunk;
        for (const p of pops) p.stepCount = this.stepCount;
        for (const r of recorders) await r.collect(chunk, done);
        done += chunk;
        await this.checkChunk(this.stepCount - chunk, this.stepCount);
        options.onProgress?.({ step: done, total: steps, fraction: steps ? done / steps : 1 });
      }
    } finally {
      for (const r of recorders) r.release();
    }
    const spikes: Record<string, SpikeRecording> = {};
    for (const r of spikeRecorders) spikes[r.pop.name] = r.result(this.dt);
    const rates: Record<string, RateRecording> = {};
    for (const r of rateRecorders) rates[r.pop.name] = r.result();
    const probes: Record<string, ProbeRecording> = {};
    for (const r of probeRecorders) {
      const res = r.result();
      let key = `${res.population}.${res.variable}`;
      for (let n = 2; key in probes; n++) key = `${res.population}.${res.variable}#${n}`;
      probes[key] = res;
    }
    return { steps, firstStep, spikes, rates, probes };
  }

  /** Advances one step (recording `record` populations). */
  step(record: string[] = []): Promise<RunResult> {
    return this.run({ steps: 1, record });
  }

  /**
   * Event counters since build or reset, counted on the GPU: spikes per population, synaptic events
   * (SynOps) and wrapped fixed-point partial sums per projection; neuron updates = steps x size x batch.
   * One readback. Throws NonFiniteStateError when a population's v became Inf or NaN.
   */
  async readCounters(): Promise<SimulatorCounters> {
    this.checkAlive();
    const pops = [...this.populations.values()];
    const encoder = this.ctx.device.createCommandEncoder({ label: 'simulator.readCounters' });
    pops.forEach((p, i) => encoder.copyBufferToBuffer(p.buffers.spikeCount, p.countersOffset, this.stats, 16 * i, 16));
    const projBytes = 12 * Math.max(1, this.projections.length);
    encoder.copyBufferToBuffer(this.counters, 0, this.stats, 16 * pops.length, projBytes);
    const plastic = this.plastic;
    plastic.forEach((p, k) => encoder.copyBufferToBuffer(p.healthBuffer, 0, this.stats, 16 * pops.length + projBytes + 8 * k, 8));
    this.ctx.device.queue.submit([encoder.finish()]);
    const w = new Uint32Array(await this.ctx.read(this.stats, 0, 16 * pops.length + projBytes + 8 * plastic.length));
    plastic.forEach((p, k) => p.throwIfNonFinite(w.subarray((16 * pops.length + projBytes) / 4 + 2 * k), this.stepCount));
    const populations: SimulatorCounters['populations'] = {};
    pops.forEach((p, i) => {
      p.throwIfNonFinite(w.subarray(4 * i, 4 * i + 4), this.stepCount);
      populations[p.name] = { spikes: (w[4 * i] ?? 0) + (w[4 * i + 1] ?? 0) * 2 ** 32, updates: this.stepCount * p.size * p.batch };
    });
    const base = 4 * pops.length;
    const projections: SimulatorCounters['projections'] = {};
    this.projections.forEach((pr, i) => {
      projections[pr.name] = { synops: (w[base + 3 * i + 1] ?? 0) + (w[base + 3 * i + 2] ?? 0) * 2 ** 32, overflow: w[base + 3 * i] ?? 0 };
    });
    return { steps: this.stepCount, populations, projections };
  }

  private reportedOverflow = 0;

  /** After a chunk: NaN/Inf states and new fixed-point wraps become typed errors. */
  private async checkChunk(from: number, to: number): Promise<void> {
    const c = await this.readCounters();
    const total = Object.values(c.projections).reduce((a, p) => a + p.overflow, 0);
    if (total === this.reportedOverflow) return;
    this.reportedOverflow = total;
    const bad = Object.entries(c.projections).filter(([, p]) => p.overflow > 0).map(([n]) => n);
    throw new FixedPointOverflowError(bad, from, to, Object.fromEntries(Object.entries(c.projections).map(([n, p]) => [n, p.overflow])));
  }

  /** Back to step 0 with the initial state: neuron states, plastic weights and traces (connectivity and parameters are kept). */
  reset(): void {
    this.checkAlive();
    for (const p of this.populations.values()) p.reset();
    for (const p of this.plastic) p.reset();
    const encoder = this.ctx.device.createCommandEncoder({ label: 'simulator.reset' });
    encoder.clearBuffer(this.counters);
    this.ctx.device.queue.submit([encoder.finish()]);
    this.reportedOverflow = 0;
    this.stepCount = 0;
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const p of this.populations.values()) p.destroy();
    for (const pr of this.projections) pr.release(this.ctx.pool);
    this.clock.release();
    this.ctx.pool.release(this.counters);
    this.ctx.pool.release(this.stats);
    this.fused?.release();
  }
}

