/** CPU oracle for shaders/izhikevich.wgsl.ts: Izhikevich 2003 as in the paper's net.m, in f32. */
import type { StructValues } from '../../host/gpu/layout';
import type { ResolvedNeuronParams } from '../../host/kernels/neuron-kernel';
import { f, num, PerNeuronOracle } from './neuron-oracle';
import { philox4x32, seedWords } from '../../host/random/philox';
import { gauss4 } from '../../host/random/gauss4';


export function izhDvdt(p: StructValues, v: number, u: number, current: number): number {
  const quad = f(f(num(p, 'k2') * v) * v);
  const lin = f(num(p, 'k1') * v);
  return f(f(f(f(quad + lin) + num(p, 'k0')) - u) + current);
}

export class IzhikevichOracle extends PerNeuronOracle {
  private readonly dt: number;
  private readonly halfDt: number;
  private readonly key: [number, number];
  private stepIndex = 0;
  /** `noise`: the population's seed and stream (its Philox draws: counter (neuron, step, stream, instance)). */
  constructor(resolved: ResolvedNeuronParams, size: number, batch: number, inputScale: number, dt: number, private readonly noise: { seed: number; stream: number } = { seed: 1, stream: 0 }) {
    super(resolved, size, batch, inputScale, [['v', 'f32'], ['u', 'f32']]);
    this.dt = f(dt);
    this.halfDt = f(dt / 2);
    this.key = seedWords(noise.seed);
  }

  override step(inExc?: Int32Array, inInh?: Int32Array): number[][] {
    const out = super.step(inExc, inInh);
    this.stepIndex++;
    return out;
  }

  protected update(k: number, p: StructValues, inExc: number, inInh: number): boolean {
    const { v, u } = this.state as { v: Float32Array; u: Float32Array };
    let vk = v[k] as number;
    let uk = u[k] as number;
    this.margin[k] = vk - num(p, 'vPeak');
    const spiked = vk >= num(p, 'vPeak');
    if (spiked) {
      vk = num(p, 'c');
      uk = f(uk + num(p, 'd'));
    }
    let current = f(f(num(p, 'bias') + inExc) + inInh);
    const sd = num(p, 'noiseSd');
    if (sd !== 0) {
      const i = k % this.size;
      const b = Math.floor(k / this.size);
      const w = philox4x32(i, this.stepIndex >>> 0, this.noise.stream, b, this.key[0], this.key[1]);
      current = f(current + f(sd * gauss4(w)));
    }
    vk = f(vk + f(this.halfDt * izhDvdt(p, vk, uk, current)));
    vk = f(vk + f(this.halfDt * izhDvdt(p, vk, uk, current)));
    const bv = f(num(p, 'b') * vk);
    const du = f(this.dt * f(num(p, 'a') * f(bv - uk)));
    v[k] = vk;
    u[k] = f(uk + du);
    return spiked;
  }
}
