/**
 * The neuromodulator of a plastic projection on the GPU (host/learn/modulator.ts has the model side):
 * `state` holds [index of the next event, number of events, M of each instance as f32 bits]; `events`
 * the scheduled events by step (step, instance, amount bits, 0 add / 1 set). The plastic kernel's
 * modulate pass advances it each step; the rule's passes read M from `state`. The host writes M and
 * (re)uploads the pending events without reading anything back: it knows the current step.
 */
import { InvalidParameterError } from '../errors.js';
import type { GpuContext } from '../gpu/context.js';
import type { CompiledKernel } from '../gpu/pipelines.js';
import { Clock } from '../gpu/clock.js';
import { resolveEvents, type ResolvedEvent, type ResolvedModulator } from '../learn/modulator.js';
import type { Population } from './population.js';

const STORAGE = (): number => GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;

/** Bindings of the modulate pass besides the modulator's own buffers: [buffer, size] of the frame, clock and rule uniforms. */
export interface ModulatorUniforms {
  frame: [GPUBuffer, number];
  clock: [GPUBuffer, number];
  rule: [GPUBuffer, number];
}

export class Modulator {
  readonly state: GPUBuffer;
  private events: GPUBuffer;
  private capacity: number;
  private bindGroup!: GPUBindGroup;
  /** Events not yet applied (by the host's count of steps), sorted by step. */
  private pending: ResolvedEvent[];

  constructor(
    private readonly ctx: GpuContext,
    readonly name: string,
    readonly batch: number,
    readonly spec: ResolvedModulator,
    private readonly source: Population | null,
    private readonly kernel: CompiledKernel,
    private readonly uniforms: ModulatorUniforms,
    private readonly dt: number,
  ) {
    this.state = ctx.pool.createWithData(`${name}.modulator`, STORAGE(), this.initialState());
    this.pending = [...spec.events];
    this.capacity = Math.max(16, 2 ** Math.ceil(Math.log2(Math.max(1, this.pending.length))));
    this.events = ctx.pool.createWithData(`${name}.modulatorEvents`, STORAGE(), new Uint32Array(4 * this.capacity));
    this.bind();
    this.upload(0);
  }

  private initialState(): Uint32Array<ArrayBuffer> {
    const s = new Uint32Array(2 + this.batch);
    new Float32Array(s.buffer, 8).fill(this.spec.initial);
    return s;
  }

  private bind(): void {
    const entries: [GPUBuffer, number][] = [
      this.uniforms.frame, this.uniforms.clock, this.uniforms.rule,
      [this.state, 4 * (2 + this.batch)], [this.events, 16 * this.capacity],
      ...(this.source ? [[this.source.buffers.spikeCount, 4 * this.batch] as [GPUBuffer, number]] : []),
    ];
    this.bindGroup = this.ctx.device.createBindGroup({
      label: `${this.name}.modulate.bindGroup`, layout: this.kernel.layout,
      entries: entries.map(([buffer, size], i) => ({ binding: i, resource: { buffer, size } })),
    });
  }

  /** Writes the events still due at or after `fromStep` and restarts the GPU's cursor at the first. */
  private upload(fromStep: number): void {
    this.pending = this.pending.filter((e) => e.step >= fromStep);
    if (this.pending.length > this.capacity) {
      this.ctx.pool.release(this.events);
      this.capacity = 2 ** Math.ceil(Math.log2(this.pending.length));
      this.events = this.ctx.pool.createWithData(`${this.name}.modulatorEvents`, STORAGE(), new Uint32Array(4 * this.capacity));
      this.bind();
    }
    const words = new Uint32Array(4 * Math.max(1, this.pending.length));
    const bits = new Float32Array(1);
    this.pending.forEach((e, k) => {
      bits[0] = e.amount;
      words.set([e.step, e.instance, new Uint32Array(bits.buffer)[0]!, e.mode === 'set' ? 1 : 0], 4 * k);
    });
    this.ctx.device.queue.writeBuffer(this.events, 0, words);
    this.ctx.device.queue.writeBuffer(this.state, 0, new Uint32Array([0, this.pending.length]));
  }

  /** The modulate pass of this step (one thread). */
  encode(pass: GPUComputePassEncoder, clockSlot: number, step: number): void {
    pass.setPipeline(this.kernel.pipeline);
    // The source population's counts of this step: its step slot (Population.countSlotOffset).
    pass.setBindGroup(0, this.bindGroup, this.source ? [Clock.offset(clockSlot), this.source.countSlotOffset(step)] : [Clock.offset(clockSlot)]);
    pass.dispatchWorkgroups(1);
  }

  /** Sets M: one value for every instance or one per instance, finite; applies from the next step on (then decays and takes events). */
  set(values: number | ArrayLike<number>): void {
    const object = `projection '${this.name}' modulator`;
    const B = this.batch;
    const list = typeof values === 'number' ? Array.from({ length: B }, () => values) : values;
    if (list === null || typeof list !== 'object' || typeof list.length !== 'number' || list.length !== B) {
      throw new InvalidParameterError(object, 'values', values, `a number or an array of ${B} values (one per batch instance)`);
    }
    const out = new Float32Array(B);
    for (let b = 0; b < B; b++) {
      const v = list[b];
      if (typeof v !== 'number' || !Number.isFinite(Math.fround(v))) throw new InvalidParameterError(object, typeof values === 'number' ? 'values' : `values[${b}]`, v, 'a finite number within f32 range');
      out[b] = v;
    }
    this.ctx.device.queue.writeBuffer(this.state, 8, out);
  }

  /** Adds events (times from the current step on); they join the pending ones in step order. */
  schedule(events: unknown, currentStep: number): void {
    const add = resolveEvents(`projection '${this.name}' scheduleModulator`, 'events', events, this.dt, this.batch, currentStep);
    // Stable: events already pending come before new ones of the same step.
    const merged = [...this.pending.filter((e) => e.step >= currentStep), ...add];
    this.pending = merged.map((e, k) => ({ e, k })).sort((a, b) => a.e.step - b.e.step || a.k - b.k).map(({ e }) => e);
    this.upload(currentStep);
  }

  /** M of every instance now (without the baseline). One readback. */
  async read(): Promise<Float32Array> {
    return new Float32Array(await this.ctx.read(this.state, 8, 4 * this.batch));
  }

  /** Back to the initial M and the model's own events. */
  reset(): void {
    this.ctx.device.queue.writeBuffer(this.state, 0, this.initialState());
    this.pending = [...this.spec.events];
    this.upload(0);
  }

  release(): void {
    this.ctx.pool.release(this.state);
    this.ctx.pool.release(this.events);
  }
}
