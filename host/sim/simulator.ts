/**
 * Simulator: builds GPU state for a NetworkModel once (connectivity, populations, delay rings,
 * projections), then advances it many steps per command buffer without reading back. Per step:
 * one dispatch per neuron group (host/sim/neuron-group.ts: many populations each) and per population
 * that dispatches alone (each empties its next step's spike slot), then one indirect
 * propagate dispatch per synapse page (driven by that step's spike counts) and the dispatch of each
 * dense, procedural or plastic projection, in one compute pass per chunk when nothing is copied
 * between steps. Recorded populations copy their spike bitmask into a GPU buffer that is read back
 * once per chunk. Options and results: host/sim/run-types.ts.
 */
import { DestroyedError, FixedPointOverflowError, InvalidParameterError } from '../errors.js';
import type { GpuContext } from '../gpu/context.js';
import { Clock, CLOCK_SLOTS } from '../gpu/clock.js';
import { GpuTimer } from '../gpu/timing.js';
import type { ModulatorEvent } from '../learn/modulator.js';
import { RULES } from '../learn/rules/index.js';
import type { NetworkModel } from '../model/network.js';
import { rejectUnknownKeys, requirePositive, requireSteps } from '../validate.js';
import { assembleNetwork, type BuildInternals } from './build.js';
import type { FusedEngine } from './fused-engine.js';
import type { BufferEstimate } from './plan.js';
import type { Population } from './population.js';
import { GpuProjection } from './projection.js';
import { PropagateGroup } from './propagate-group.js';
import type { NeuronGroup } from './neuron-group.js';
import { PlasticProjection, staticWeights, type AnyProjection } from './projections.js';
import { SpikeRaster } from './spike-raster.js';
import { ProbeRecorder, RateRecorder, SpikeRecorder, type ProbeRecording, type RateRecording, type Recorder } from './recorders.js';
import type { SpikeRecording } from './recording.js';
import type { ProjectionWeights, RunOptions, RunResult, SimulatorCounters } from './run-types.js';

/** Chunks a run queues ahead of the GPU when it reads nothing back. */
const IN_FLIGHT = 8;

import type { SimulatorOptions } from './options.js';
import { countingEncoder, emptyCounts, workItems, type RunProfile } from './profile.js';
export type { SimulatorOptions, BuildProgress } from './options.js';

export type { Progress, ProjectionWeights, RunOptions, RunResult, SimulatorCounters } from './run-types.js';

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
    /** The propagate dispatches of the sparse static projections, one per pre population and synapse page. */
    private readonly groups: readonly PropagateGroup[],
    /** The shared input and spike arenas (released here; the populations bind ranges of them). */
    private readonly arenas: readonly GPUBuffer[],
    /** The update dispatches of the neuron populations that group (host/sim/neuron-group.ts). */
    private readonly neuronGroups: readonly NeuronGroup[],
    /** The small-network engine, when this network runs fused. */
    private readonly fused?: FusedEngine,
  ) {
    this.deliveries = projections.filter((p) => !(p instanceof GpuProjection) || p.deliversItself);
    const grouped = new Set(neuronGroups.flatMap((g) => g.members));
    this.soloPopulations = [...populations.values()].filter((p) => !grouped.has(p));
  }

  /** The populations that dispatch alone each step (spike sources, and neuron populations not in a group). */
  private readonly soloPopulations: readonly Population[];

  /**
   * The neuron update dispatches of a step: each group's populations (one dispatch per group,
   * host/sim/neuron-group.ts), then each population that dispatches alone.
   */
  get neuronDispatches(): string[][] {
    return [...this.neuronGroups.map((g) => g.members.map((p) => p.name)), ...this.soloPopulations.map((p) => [p.name])];
  }

  /**
   * The synapse pages of the sparse static projections (host/sim/arenas.ts; usually one for the
   * network): each page's projections, its pre populations, the propagate dispatch that delivers
   * it (several pages share one where the storage-binding limit allows) and that dispatch's strategy.
   */
  get propagatePages(): { pres: string[]; projections: string[]; dispatch: number; strategy: 'thread' | 'workgroup' }[] {
    return this.groups.flatMap((g, dispatch) => g.pages.map((prs) => ({
      pres: [...new Set(prs.map((p) => p.pre.name))], projections: prs.map((p) => p.name), dispatch, strategy: g.strategy,
    })));
  }

  /** The propagate dispatches of a step: each one's projections (every page it binds). */
  get propagateDispatches(): string[][] {
    return this.groups.map((g) => g.projections.map((p) => p.name));
  }

  /** What encodes delivery each step after the propagate dispatches (PropagateGroup.encodeAll): dense, procedural and plastic projections. */
  private readonly deliveries: readonly { encode(pass: GPUComputePassEncoder, clockSlot: number, step: number): void }[];

  /** The GPU context it runs on. */
  get gpu(): GpuContext {
    return this.ctx;
  }

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
   * estimate; then allocates everything once (host/sim/build.ts).
   */
  static async build(ctx: GpuContext, network: NetworkModel, options: SimulatorOptions, /** @internal tests only */ internals: BuildInternals = {}): Promise<Simulator> {
    const a = await assembleNetwork(ctx, network, options, internals);
    return new Simulator(ctx, a.dt, a.batch, a.populations, a.projections, a.clock, a.counters, a.stats, a.memory, a.groups, a.arenas, a.neuronGroups, a.fused);
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
   * projection's i32 fixed point converted back). One readback. Rows are sorted by post index, except
   * a fixedTotalNumber projection built on the GPU: its rows are in arrival order (docs/simulator.md).
   */
  async weights(projection: string): Promise<ProjectionWeights> {
    const p = this.projectionNamed(projection);
    if (p instanceof PlasticProjection) {
      const weights = await p.weights(); // first: with structural plasticity it refreshes the synapse list
      return { ...p.synapseIndices(), weights, batch: this.batch, plastic: true };
    }
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

  /** A plastic projection, or a typed error naming what is allowed. */
  private plasticNamed(projection: string, what: string): PlasticProjection {
    const p = this.projectionNamed(projection);
    if (!(p instanceof PlasticProjection)) {
      throw new InvalidParameterError(`projection '${projection}'`, 'synapse', 'static', `a plastic synapse (${what})`);
    }
    return p;
  }

  /** A rule's synapse variable besides w (rstdp's eligibility `c`...), [instance][synapse] in the order of weights(). One readback. */
  /**
   * Ends a task for a projection with `synapse.consolidation`: each synapse's importance grows by its
   * net potentiation since the last consolidation, and its learning is slowed by 1 / (1 + c importance)
   * from then on (docs/plasticity.md). Between runs; reads the projection's synapse state once.
   */
  async consolidate(projection: string): Promise<void> {
    return this.plasticNamed(projection, 'consolidation gates plastic synapses').consolidate();
  }

  async synapseVariable(projection: string, variable: string): Promise<Float32Array> {
    return this.plasticNamed(projection, 'only plastic synapses have variables').variable(variable);
  }

  /** The modulated projection `projection` (its rule reads a neuromodulator), or a typed error. */
  private modulated(projection: string): NonNullable<PlasticProjection['modulator']> {
    const p = this.plasticNamed(projection, 'a three-factor rule reads the neuromodulator');
    if (!p.modulator) {
      throw new InvalidParameterError(`projection '${projection}'`, 'synapse.rule', p.rule.rule, `a rule that reads a neuromodulator (three-factor: ${RULES.filter((r) => r.modulated).map((r) => `'${r.name}'`).join(', ')})`);
    }
    return p.modulator;
  }

  /**
   * Sets the neuromodulator M of a three-factor projection: one value for every batch instance or one
   * per instance, finite. Written to the GPU without readback; applies from the next step on (where it
   * decays and takes the modulator's population spikes and events as every step).
   */
  setModulator(projection: string, values: number | ArrayLike<number>): void {
    this.modulated(projection).set(values);
  }

  /**
   * Schedules changes of M (rewards): events { timeMs, amount, instance?, mode? } at model times from the
   * current step (this.stepCount x dt) on, on the dt grid; 'add' (default) adds amount, 'set' replaces M.
   * Written to the GPU without readback.
   */
  scheduleModulator(projection: string, events: readonly ModulatorEvent[]): void {
    this.modulated(projection).schedule(events, this.stepCount);
  }

  /** M of every batch instance now (without the baseline). One readback. */
  async modulator(projection: string): Promise<Float32Array> {
    return this.modulated(projection).read();
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
    rejectUnknownKeys(object, options, ['steps', 'durationMs', 'record', 'rates', 'probes', 'rasters', 'onProgress', 'gpuTime', 'checkEveryMs', 'countCommands']);
    if (options.countCommands !== undefined && typeof options.countCommands !== 'boolean') throw new InvalidParameterError(object, 'countCommands', options.countCommands, 'true or false');
    if (options.checkEveryMs !== undefined) requirePositive(object, 'checkEveryMs', options.checkEveryMs, 'ms');
    if (options.gpuTime !== undefined && typeof options.gpuTime !== 'boolean') throw new InvalidParameterError(object, 'gpuTime', options.gpuTime, 'true or false');
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
    const rasters = options.rasters ?? [];
    if (!Array.isArray(rasters) || !rasters.every((r) => r instanceof SpikeRaster && r.belongsTo(this))) {
      throw new InvalidParameterError(object, 'rasters', rasters, 'an array of SpikeRaster made with SpikeRaster.create(this simulator, ...)');
    }
    for (const r of rasters) r.checkAlive();
    if (options.onProgress !== undefined && typeof options.onProgress !== 'function') {
      throw new InvalidParameterError(object, 'onProgress', options.onProgress, 'a function (progress) => void');
    }
    const firstStep = this.stepCount;
    const spikeRecorders: SpikeRecorder[] = [];
    const rateRecorders: RateRecorder[] = [];
    const probeRecorders: ProbeRecorder[] = [];
    const recorders: Recorder[] = [];
    const timer = options.gpuTime ? GpuTimer.create(this.ctx, CLOCK_SLOTS) : null;
    const checkEvery = options.checkEveryMs === undefined ? Infinity : Math.max(1, Math.round(options.checkEveryMs / this.dt));
    let checkedAt = this.stepCount;
    const inFlight: Promise<void>[] = [];
    let gpuMs: number | null = timer ? 0 : null;
    const counts = options.countCommands === true ? emptyCounts() : null;
    let encodeMs = 0;
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
      const plastic = this.plastic;
      for (let done = 0; done < steps;) {
        const chunk = Math.min(CLOCK_SLOTS, steps - done);
        const encodeStart = performance.now();
        const raw = this.ctx.device.createCommandEncoder({ label: 'simulator.run' });
        const encoder = counts ? countingEncoder(raw, counts) : raw;
        const fused = probeRecorders.length === 0 ? this.fused : undefined;
        if (fused) {
          // Small-network mode: the whole chunk in one dispatch.
          fused.writeFrame(this.stepCount, chunk);
          fused.encode(encoder, this.stepCount, chunk);
          for (const r of spikeRecorders) r.encodeFused(encoder, fused, chunk);
          for (const r of rateRecorders) r.encodeFused(encoder, fused, chunk);
          for (const r of rasters) r.encodeFused(encoder, fused, this.stepCount, chunk);
        } else {
          this.clock.write(this.stepCount, chunk);
          // Kernels clear the next step's spike slot themselves (host/kernels/spike-slots.ts), so steps
          // need no commands between their passes unless something copies per step (recorders, rasters,
          // delay rings of learning rules) or times each step: then one pass per step, else one per chunk.
          const perStepPass = timer !== null || recorders.length > 0 || rasters.length > 0 || plastic.some((p) => p.copiesAfterStep);
          let pass: GPUComputePassEncoder | null = null;
          for (let s = 0; s < chunk; s++) {
            const step = this.stepCount + s;
            pass ??= encoder.beginComputePass({ label: perStepPass ? `step ${step}` : `steps ${step}+${chunk - s}`, ...(timer ? { timestampWrites: timer.nextPass() } : {}) });
            for (const g of this.neuronGroups) g.encode(pass, s);
            for (const p of this.soloPopulations) p.encodeDispatch(pass, step, s);
            PropagateGroup.encodeAll(pass, this.groups, s, step);
            for (const d of this.deliveries) d.encode(pass, s, step);
            if (!perStepPass && s < chunk - 1) continue;
            pass.end();
            pass = null;
            for (const pr of plastic) pr.encodeAfterStep(encoder, step);
            for (const r of spikeRecorders) r.encode(encoder, s, step);
            for (const r of rateRecorders) r.encode(encoder, s, step);
            for (const r of rasters) r.encodeStep(encoder, step);
            for (const r of probeRecorders) r.encode(encoder, s, step, firstStep);
          }
        }
        if (fused && timer) gpuMs = null; // the fused kernel's passes are not timed
        timer?.encodeResolve(encoder);
        const commands = raw.finish();
        encodeMs += performance.now() - encodeStart;
        await this.ctx.submit('Simulator.run', [commands]);
        if (timer) {
          const ms = await timer.read();
          if (gpuMs !== null) gpuMs += ms.reduce((a, x) => a + x, 0);
        }
        if (recorders.length === 0 && !timer) {
          // Nothing to read back: no wait. At most IN_FLIGHT chunks queued ahead of the GPU (flow control, not a readback).
          inFlight.push(this.ctx.device.queue.onSubmittedWorkDone());
          if (inFlight.length > IN_FLIGHT) await inFlight.shift();
        }
        this.stepCount += chunk;
        for (const p of pops) p.stepCount = this.stepCount;
        for (const r of recorders) await r.collect(chunk, done);
        done += chunk;
        if (this.stepCount - checkedAt >= checkEvery) {
          await this.checkChunk(checkedAt, this.stepCount);
          checkedAt = this.stepCount;
        }
        options.onProgress?.({ step: done, total: steps, fraction: steps ? done / steps : 1 });
      }
      // The health check (NaN/Inf states and weights, fixed-point wraps) of the steps not yet checked: one readback.
      if (checkedAt < this.stepCount) await this.checkChunk(checkedAt, this.stepCount);
    } finally {
      for (const r of recorders) r.release();
      timer?.destroy();
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
    const profile: RunProfile = { steps, encodeMs, encodeUsPerStep: steps ? (1000 * encodeMs) / steps : 0, ...(counts ? { commands: counts, commandsPerStep: steps ? workItems(counts) / steps : 0 } : {}) };
    return { steps, firstStep, spikes, rates, probes, ...(options.gpuTime ? { gpuMs } : {}), profile };
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
    for (const g of this.groups) g.release(this.ctx.pool);
    for (const g of this.neuronGroups) g.release(this.ctx.pool);
    for (const b of this.arenas) this.ctx.pool.release(b);
    this.clock.release();
    this.ctx.pool.release(this.counters);
    this.ctx.pool.release(this.stats);
    this.fused?.release();
  }
}

