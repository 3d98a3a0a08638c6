/**
 * SpikeRecording: spikes of one population over consecutive steps, as the per-step bitmasks the
 * kernels write (bit i%32 of word i/32 of step s, instance b). Compact and exact; helpers turn it
 * into events, counts and rates.
 */
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
  ) {}

  get words(): number {
    return Math.ceil(this.size / 32);
  }

  private offset(step: number, instance: number): number {
    return (step * this.batch + instance) * this.words;
  }

  /** Whether neuron `index` of `instance` spiked at recorded step `step` (0-based within the recording). */
  spiked(step: number, index: number, instance = 0): boolean {
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
    const counts = new Uint32Array(this.size);
    for (let t = 0; t < this.steps; t++) for (const i of this.spikesAt(t, instance)) counts[i] = (counts[i] ?? 0) + 1;
    return counts;
  }

  /** Total spikes of `instance`. */
  totalSpikes(instance = 0): number {
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
    const seconds = (this.steps * this.dt) / 1000;
    return seconds > 0 ? this.totalSpikes(instance) / (this.size * seconds) : 0;
  }
}
