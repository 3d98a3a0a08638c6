/** CPU oracle for shaders/poisson.wgsl.ts: the same Philox draw and the same f32 comparison. */
import { poissonProbabilityScale } from '../../host/kernels/poisson';
import { randomWords, uniform01 } from '../../host/random/philox';

export class PoissonOracle {
  private readonly pScale: number;
  step = 0;
  constructor(private readonly rates: Float32Array, readonly size: number, readonly batch: number, dt: number, private readonly seed: number, private readonly stream: number) {
    this.pScale = poissonProbabilityScale(dt);
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
