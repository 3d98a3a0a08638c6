/**
 * CPU oracle for shaders/poisson.wgsl.ts: a spike in a step of dt ms with probability rate * dt / 1000
 * (the Bernoulli approximation of a Poisson process, as Brian2's PoissonGroup), formed in f32 as
 * the shader does (the rate times dt / 1000 rounded to f32), against the same Philox word.
 */
import { randomWords, uniform01 } from '../../host/random/philox';

export class PoissonOracle {
  private readonly pScale: number;
  step = 0;
  constructor(private readonly rates: Float32Array, readonly size: number, readonly batch: number, dt: number, private readonly seed: number, private readonly stream: number) {
    this.pScale = Math.fround(dt / 1000);
  }

  /** Probability per step of neuron i, as the shader forms it. */
  probability(i: number): number {
    return Math.fround((this.rates[i] as number) * this.pScale);
  }

  /** Advances one step; sorted spike indices per instance. */
  next(): number[][] {
    const spikes: number[][] = [];
    for (let b = 0; b < this.batch; b++) {
      const out: number[] = [];
      for (let i = 0; i < this.size; i++) {
        const word = randomWords(this.seed, this.stream, this.step, i, b)[0];
        if (uniform01(word) < this.probability(i)) out.push(i);
      }
      spikes.push(out);
    }
    this.step++;
    return spikes;
  }
}
