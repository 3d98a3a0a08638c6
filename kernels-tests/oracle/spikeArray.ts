/** CPU oracle for shaders/spikeArray.wgsl.ts: the spikes listed for each step, straight from the (time, neuron) lists. */
export class SpikeArrayOracle {
  step = 0;
  private readonly byStep = new Map<number, number[]>();
  constructor(times: number[], indices: number[], dt: number, readonly batch: number) {
    times.forEach((t, k) => {
      const s = Math.round(t / dt);
      const list = this.byStep.get(s) ?? [];
      if (!list.includes(indices[k]!)) list.push(indices[k]!);
      this.byStep.set(s, list);
    });
  }

  /** Sorted spikes of the current step, per instance; advances. */
  next(): number[][] {
    const list = [...(this.byStep.get(this.step) ?? [])].sort((a, b) => a - b);
    this.step++;
    return Array.from({ length: this.batch }, () => list);
  }
}
