/**
 * SpikeRecording: spikes of one population over consecutive steps, as the per-step bitmasks the
 * kernels write (bit i%32 of word i/32 of step s, instance b). Compact and exact; helpers turn it
 * into events, counts and rates. Steps, neuron indices and instances are range-checked: a wrong one
 * throws InvalidParameterError instead of reading a neighbouring step's bits.
 */
import { InvalidParameterError, LimitExceededError } from '../errors.js';
import { requireInteger } from '../validate.js';

const OBJECT = 'SpikeRecording';

/** Host memory one recording may take (1 GiB); longer recordings are made in several run calls. */
export const MAX_RECORDING_BYTES = 2 ** 30;

/**
 * Throws LimitExceededError before a recording of `steps` steps taking `bytesPerStep` bytes each
 * would be allocated past MAX_RECORDING_BYTES of host memory.
 */
export function requireRecordingFits(object: string, what: string, steps: number, bytesPerStep: number): void {
  const bytes = steps * bytesPerStep;
  if (bytes > MAX_RECORDING_BYTES) {
    throw new LimitExceededError(object, `${what} bytes`, bytes, MAX_RECORDING_BYTES,
      `Record at most ${Math.floor(MAX_RECORDING_BYTES / bytesPerStep)} steps per call and run the rest in further calls.`, 'a recording may take (host memory, MAX_RECORDING_BYTES)');
  }
}

export class SpikeRecording {
  /**
   * @param bits [steps][batch][words] u32 bitmask
   * @param firstStep the population step index of the first recorded step
   */
  constructor(
    readonly bits: Uint32Array,
    readonly steps: number,
    readonly batch: number,
    readonly size: number,
    readonly dt: number,
    readonly firstStep = 0,
  ) {
    requireInteger(OBJECT, 'steps', steps, 0, Number.MAX_SAFE_INTEGER);
    requireInteger(OBJECT, 'batch', batch, 1, Number.MAX_SAFE_INTEGER);
    requireInteger(OBJECT, 'size', size, 1, Number.MAX_SAFE_INTEGER);
    if (bits.length !== steps * batch * Math.ceil(size / 32)) {
      throw new InvalidParameterError(OBJECT, 'bits', bits, `steps x batch x ceil(size / 32) = ${steps * batch * Math.ceil(size / 32)} words`);
    }
  }

  get words(): number {
    return Math.ceil(this.size / 32);
  }

  private offset(step: number, instance: number): number {
    requireInteger(OBJECT, 'step', step, 0, this.steps - 1);
    requireInteger(OBJECT, 'instance', instance, 0, this.batch - 1);
    return (step * this.batch + instance) * this.words;
  }

  private checkInstance(instance: number): void {
    requireInteger(OBJECT, 'instance', instance, 0, this.batch - 1);
  }

  /** Whether neuron `index` of `instance` spiked at recorded step `step` (0-based within the recording). */
  spiked(step: number, index: number, instance = 0): boolean {
    requireInteger(OBJECT, 'index', index, 0, this.size - 1);
    const w = this.bits[this.offset(step, instance) + (index >>> 5)] ?? 0;
    return ((w >>> (index & 31)) & 1) === 1;
  }

  /** Sorted indices of the neurons of `instance` that spiked at recorded step `step`. */
  spikesAt(step: number, instance = 0): number[] {
    const out: number[] = [];
    const base = this.offset(step, instance);
    for (let w = 0; w < this.words; w++) {
      let word = this.bits[base + w] ?? 0;
      while (word !== 0) {
        const bit = 31 - Math.clz32(word & -word);
        out.push(w * 32 + bit);
        word &= word - 1;
      }
    }
    return out;
  }

  /** All spikes of `instance` as parallel arrays of recorded-step and neuron index, in time order. */
  events(instance = 0): { steps: Int32Array; indices: Int32Array } {
    this.checkInstance(instance);
    const s: number[] = [];
    const idx: number[] = [];
    for (let t = 0; t < this.steps; t++) for (const i of this.spikesAt(t, instance)) {
      s.push(t);
      idx.push(i);
    }
    return { steps: Int32Array.from(s), indices: Int32Array.from(idx) };
  }

  /**
   * Every spike of every instance as (step, neuron, instance) triples in time order, optionally only
   * for the neurons in `subset`. Steps are relative to the recording (add firstStep for absolute).
   */
  allEvents(subset?: readonly number[]): { steps: Int32Array; indices: Int32Array; instances: Int32Array } {
    subset?.forEach((i, k) => requireInteger(OBJECT, `subset[${k}]`, i, 0, this.size - 1));
    const keep = subset ? new Set(subset) : null;
    const s: number[] = [];
    const idx: number[] = [];
    const inst: number[] = [];
    for (let t = 0; t < this.steps; t++) for (let b = 0; b < this.batch; b++) for (const i of this.spikesAt(t, b)) {
      if (keep && !keep.has(i)) continue;
      s.push(t);
      idx.push(i);
      inst.push(b);
    }
    return { steps: Int32Array.from(s), indices: Int32Array.from(idx), instances: Int32Array.from(inst) };
  }

  /** Spike count of each neuron of `instance` over the recording. */
  countsPerNeuron(instance = 0): Uint32Array {
    this.checkInstance(instance);
    const counts = new Uint32Array(this.size);
    for (let t = 0; t < this.steps; t++) for (const i of this.spikesAt(t, instance)) counts[i] = (counts[i] ?? 0) + 1;
    return counts;
  }

  /** Total spikes of `instance`. */
  totalSpikes(instance = 0): number {
    this.checkInstance(instance);
    let n = 0;
    for (let t = 0; t < this.steps; t++) {
      const base = this.offset(t, instance);
      for (let w = 0; w < this.words; w++) {
        let x = this.bits[base + w] ?? 0;
        while (x !== 0) {
          x &= x - 1;
          n++;
        }
      }
    }
    return n;
  }

  /** Mean firing rate (Hz) of `instance` over the recording. */
  meanRateHz(instance = 0): number {
    this.checkInstance(instance);
    const seconds = (this.steps * this.dt) / 1000;
    return seconds > 0 ? this.totalSpikes(instance) / (this.size * seconds) : 0;
  }

  /** The recorded steps [from, to) as a new recording (e.g. without an initial transient). */
  slice(from: number, to = this.steps): SpikeRecording {
    requireInteger(OBJECT, 'from', from, 0, this.steps);
    requireInteger(OBJECT, 'to', to, from, this.steps);
    const per = this.batch * this.words;
    return new SpikeRecording(this.bits.slice(from * per, to * per), to - from, this.batch, this.size, this.dt, this.firstStep + from);
  }

  /**
   * Recordings of several populations over the same steps, side by side as one population (neurons
   * of the first, then of the second...), e.g. the whole network of an excitatory and an inhibitory group.
   */
  static concat(recordings: readonly SpikeRecording[]): SpikeRecording {
    if (recordings.length === 0) throw new InvalidParameterError(OBJECT, 'recordings', recordings, 'at least one recording');
    const first = recordings[0]!;
    recordings.forEach((r, k) => {
      if (r.steps !== first.steps || r.batch !== first.batch || r.dt !== first.dt) {
        throw new InvalidParameterError(OBJECT, `recordings[${k}]`, `${r.steps} steps x ${r.batch} instances at dt ${r.dt}`,
          `the steps, batch and dt of recordings[0] (${first.steps} x ${first.batch} at dt ${first.dt})`);
      }
    });
    const size = recordings.reduce((a, r) => a + r.size, 0);
    const words = Math.ceil(size / 32);
    const bits = new Uint32Array(first.steps * first.batch * words);
    for (let t = 0; t < first.steps; t++) for (let b = 0; b < first.batch; b++) {
      let base = 0;
      const row = (t * first.batch + b) * words;
      for (const r of recordings) {
        for (const i of r.spikesAt(t, b)) bits[row + ((base + i) >>> 5)]! |= 1 << ((base + i) & 31);
        base += r.size;
      }
    }
    return new SpikeRecording(bits, first.steps, first.batch, size, first.dt, first.firstStep);
  }
}
