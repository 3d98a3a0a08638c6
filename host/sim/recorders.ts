/**
 * Recorders used by Simulator.run: each copies what it records into a GPU buffer after every step
 * (or every `every` steps) of a chunk and reads it back once per chunk. Recording that is not asked
 * for encodes nothing.
 *  - spikes: the per-step spike bitmask of a population -> SpikeRecording;
 *  - rates: the per-step spike count of each instance -> population rate (Hz);
 *  - probes: chosen state variables of chosen neurons every k steps.
 */
import { InvalidParameterError } from '../errors.js';
import type { GpuContext } from '../gpu/context.js';
import { CLOCK_SLOTS } from '../gpu/clock.js';
import type { FusedEngine } from './fused-engine.js';
import type { Population } from './population.js';
import { requireRecordingFits, SpikeRecording } from './recording.js';

export interface ProbeRequest {
  population: string;
  /** A state variable of the population's model (e.g. 'v', 'iExc', 'a', 'u', 'gExc'). */
  variable: string;
  /** Neuron indices (at most 64 per probe; use several probes or 'every' for more). */
  neurons: number[];
  /** Sample every k steps (default 1), starting with the first step of the run. */
  every?: number;
}

export interface ProbeRecording {
  population: string;
  variable: string;
  neurons: number[];
  every: number;
  /** Samples taken. */
  samples: number;
  /** [sample][instance][neuron] values after the sampled step. */
  values: Float32Array | Int32Array;
}

export interface RateRecording {
  /** Population rate (Hz) per step and instance: [step][instance]. */
  rateHz: Float32Array;
  batch: number;
  dt: number;
}

export interface Recorder {
  /** Adds copies after step `s` of the chunk (0-based within the chunk; `step` is absolute). */
  encode(encoder: GPUCommandEncoder, s: number, step: number): void;
  /** Reads this chunk's data back (chunk steps, `done` steps recorded before it). */
  collect(chunk: number, done: number): Promise<void>;
  release(): void;
}

const COPY = (): number => GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;

export class SpikeRecorder implements Recorder {
  private readonly ring: GPUBuffer;
  private readonly out: Uint32Array;
  private readonly stepBytes: number;
  constructor(private readonly ctx: GpuContext, readonly pop: Population, private readonly steps: number, private readonly firstStep: number) {
    this.stepBytes = 4 * pop.words * pop.batch;
    requireRecordingFits(`population '${pop.name}'`, 'spikes', steps, this.stepBytes);
    this.ring = ctx.pool.acquire({ label: `${pop.name}.spikeRecording`, size: CLOCK_SLOTS * this.stepBytes, usage: COPY(), storage: false });
    this.out = new Uint32Array(steps * pop.words * pop.batch);
  }
  encode(encoder: GPUCommandEncoder, s: number, step: number): void {
    encoder.copyBufferToBuffer(this.pop.buffers.spikeBits.buffer, this.pop.bitsSlotOffset(step), this.ring, s * this.stepBytes, this.stepBytes);
  }
  /** A fused chunk of `steps` steps: one copy of all its bitmasks. */
  encodeFused(encoder: GPUCommandEncoder, engine: FusedEngine, steps: number): void {
    engine.encodeSpikeCopy(encoder, this.pop, this.ring, steps);
  }
  async collect(chunk: number, done: number): Promise<void> {
    this.out.set(new Uint32Array(await this.ctx.read(this.ring, 0, chunk * this.stepBytes)), (done * this.stepBytes) / 4);
  }
  result(dt: number): SpikeRecording {
    return new SpikeRecording(this.out, this.steps, this.pop.batch, this.pop.size, dt, this.firstStep);
  }
  release(): void {
    this.ctx.pool.release(this.ring);
  }
}

export class RateRecorder implements Recorder {
  private readonly ring: GPUBuffer;
  private readonly out: Float32Array;
  constructor(private readonly ctx: GpuContext, readonly pop: Population, steps: number, private readonly dt: number) {
    requireRecordingFits(`population '${pop.name}'`, 'rates', steps, 4 * pop.batch);
    this.ring = ctx.pool.acquire({ label: `${pop.name}.rateRecording`, size: CLOCK_SLOTS * 4 * pop.batch, usage: COPY(), storage: false });
    this.out = new Float32Array(steps * pop.batch);
  }
  encode(encoder: GPUCommandEncoder, s: number, step: number): void {
    encoder.copyBufferToBuffer(this.pop.buffers.spikeCount, this.pop.countSlotOffset(step), this.ring, s * 4 * this.pop.batch, 4 * this.pop.batch);
  }
  /** A fused chunk of `steps` steps: one copy of all its counts. */
  encodeFused(encoder: GPUCommandEncoder, engine: FusedEngine, steps: number): void {
    engine.encodeCountCopy(encoder, this.pop, this.ring, steps);
  }
  async collect(chunk: number, done: number): Promise<void> {
    const counts = new Uint32Array(await this.ctx.read(this.ring, 0, chunk * 4 * this.pop.batch));
    const scale = 1000 / (this.pop.size * this.dt);
    for (let k = 0; k < counts.length; k++) this.out[done * this.pop.batch + k] = (counts[k] as number) * scale;
  }
  result(): RateRecording {
    return { rateHz: this.out, batch: this.pop.batch, dt: this.dt };
  }
  release(): void {
    this.ctx.pool.release(this.ring);
  }
}

export class ProbeRecorder implements Recorder {
  private readonly ring: GPUBuffer;
  private readonly out: Float32Array | Int32Array;
  private readonly every: number;
  private readonly offset: number;
  private readonly stride: number;
  private readonly neurons: number[];
  private readonly sampleBytes: number;
  private samplesInChunk = 0;
  private samples = 0;
  constructor(private readonly ctx: GpuContext, readonly pop: Population, private readonly req: ProbeRequest, steps: number) {
    const object = `probe of population '${pop.name}'`;
    const layout = pop.stateLayoutOrThrow();
    const field = layout.fields.find((f) => f.name === req.variable);
    if (!field) throw new InvalidParameterError(object, 'variable', req.variable, `one of ${layout.fields.map((f) => f.name).join(', ')}`);
    if (!Array.isArray(req.neurons) || req.neurons.length === 0 || req.neurons.length > 64) {
      throw new InvalidParameterError(object, 'neurons', req.neurons, 'an array of 1 to 64 neuron indices');
    }
    req.neurons.forEach((i, k) => {
      if (!Number.isInteger(i) || i < 0 || i >= pop.size) throw new InvalidParameterError(object, `neurons[${k}]`, i, `an integer in [0, ${pop.size - 1}]`);
    });
    const every = req.every ?? 1;
    if (!Number.isInteger(every) || every < 1) throw new InvalidParameterError(object, 'every', every, 'an integer >= 1 (steps between samples)');
    this.every = every;
    this.neurons = [...req.neurons];
    this.offset = field.offset;
    this.stride = layout.stride;
    this.sampleBytes = 4 * this.neurons.length * pop.batch;
    requireRecordingFits(object, `probe ${req.variable}`, Math.ceil(steps / every), this.sampleBytes);
    const maxSamples = Math.ceil(CLOCK_SLOTS / every) + 1;
    this.ring = ctx.pool.acquire({ label: `${pop.name}.probe.${req.variable}`, size: maxSamples * this.sampleBytes, usage: COPY(), storage: false });
    const total = Math.ceil(steps / every);
    this.out = field.type === 'i32' ? new Int32Array(total * this.neurons.length * pop.batch) : new Float32Array(total * this.neurons.length * pop.batch);
  }
  encode(encoder: GPUCommandEncoder, _s: number, step: number, firstStep = 0): void {
    if ((step - firstStep) % this.every !== 0) return;
    const state = this.pop.buffers.state!;
    let k = 0;
    for (let b = 0; b < this.pop.batch; b++) for (const i of this.neurons) {
      encoder.copyBufferToBuffer(state.buffer, state.offset + (b * this.pop.size + i) * this.stride + this.offset, this.ring, this.samplesInChunk * this.sampleBytes + 4 * k++, 4);
    }
    this.samplesInChunk++;
  }
  async collect(): Promise<void> {
    if (this.samplesInChunk === 0) return;
    const data = await this.ctx.read(this.ring, 0, this.samplesInChunk * this.sampleBytes);
    const values = this.out instanceof Int32Array ? new Int32Array(data) : new Float32Array(data);
    this.out.set(values, (this.samples * this.sampleBytes) / 4);
    this.samples += this.samplesInChunk;
    this.samplesInChunk = 0;
  }
  result(): ProbeRecording {
    return { population: this.pop.name, variable: this.req.variable, neurons: this.neurons, every: this.every, samples: this.samples, values: this.out };
  }
  release(): void {
    this.ctx.pool.release(this.ring);
  }
}
