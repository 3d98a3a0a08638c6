/**
 * CPU oracle for shaders/lif.wgsl.ts. Mirrors the WGSL operation by operation (Math.fround).
 * lifMembrane is the oracle twin of shaders/common/lif-membrane.wgsl.ts.
 */
import type { StructValues } from '../../host/gpu/layout';
import type { ResolvedNeuronParams } from '../../host/kernels/neuron-kernel';
import { f, num, PerNeuronOracle } from './neuron-oracle';
import { philox4x32, seedWords, uniform01 } from '../../host/random/philox';
import { POISSON_INPUT_MAX_COUNT } from '../../shaders/common/poisson-input.wgsl';

/**
 * Twin of poissonCount (shaders/common/poisson-input.wgsl.ts): Knuth's product of f32 uniforms until
 * it falls to expNegLambda; draw c uses counter (i, step, stream, b + (c >> 2) * 2^16), word c & 3.
 */
export function poissonCount(i: number, step: number, stream: number, b: number, key: readonly [number, number], expNegLambda: number): number {
  let call = 0;
  let r = philox4x32(i, step, stream, b, key[0], key[1]);
  let prod = uniform01(r[0]);
  let k = 0;
  let w = 1;
  while (!(prod <= expNegLambda) && k < POISSON_INPUT_MAX_COUNT) {
    k++;
    if (w === 4) {
      call++;
      r = philox4x32(i, step, stream, (b + call * 0x10000) >>> 0, key[0], key[1]);
      w = 0;
    }
    prod = f(prod * uniform01(r[w]!));
    w++;
  }
  return k;
}

export function lifMembrane(v: number, vRest: number, rMem: number, current: number, alphaMem: number): number {
  const vInf = f(vRest + f(rMem * current));
  const dv = f(v - vInf);
  const decayed = f(dv * alphaMem);
  return f(vInf + decayed);
}

/**
 * Twin of lifResetWgsl (shaders/common/neuron-frame.wgsl.ts): at v >= threshold, hard or soft reset
 * and the refractory hold. Returns the new v, or null when there was no spike.
 */
export function lifReset(vk: number, threshold: number, p: StructValues, soft: boolean, refr: Int32Array, k: number): number | null {
  if (!(vk >= threshold)) return null;
  refr[k] = num(p, 'refractorySteps');
  return soft ? f(vk - f(threshold - num(p, 'vReset'))) : num(p, 'vReset');
}

export class LifOracle extends PerNeuronOracle {
  private readonly key: [number, number];
  private readonly poisson: boolean;
  private stepIndex = 0;
  /** `noise`: the population's seed and stream (the Poisson input's Philox draws). */
  constructor(resolved: ResolvedNeuronParams, size: number, batch: number, inputScale: number, private readonly softReset: boolean,
    private readonly noise: { seed: number; stream: number } = { seed: 1, stream: 0 }) {
    super(resolved, size, batch, inputScale, [['v', 'f32'], ['iExc', 'f32'], ['iInh', 'f32'], ['refr', 'i32']]);
    this.key = seedWords(noise.seed);
    this.poisson = resolved.options.poisson === true;
  }

  override step(inExc?: Int32Array, inInh?: Int32Array): number[][] {
    const out = super.step(inExc, inInh);
    this.stepIndex++;
    return out;
  }

  protected update(k: number, p: StructValues, inExc: number, inInh: number): boolean {
    const { v, iExc, iInh, refr } = this.state as { v: Float32Array; iExc: Float32Array; iInh: Float32Array; refr: Int32Array };
    let ie = f((iExc[k] as number) + inExc);
    let ii = f((iInh[k] as number) + inInh);
    if (this.poisson) {
      const n = poissonCount(k % this.size, this.stepIndex >>> 0, this.noise.stream, Math.floor(k / this.size), this.key, num(p, 'poissonLimit'));
      const w = num(p, 'poissonWeight');
      const drive = f(n * w);
      if (w >= 0) ie = f(ie + drive);
      else ii = f(ii + drive);
    }
    let spiked = false;
    this.margin[k] = NaN;
    if ((refr[k] as number) > 0) {
      refr[k] = (refr[k] as number) - 1;
    } else {
      const vk = lifMembrane(v[k] as number, num(p, 'vRest'), num(p, 'rMem'), f(f(ie + ii) + num(p, 'bias')), num(p, 'alphaMem'));
      this.margin[k] = vk - num(p, 'vThreshold');
      const reset = lifReset(vk, num(p, 'vThreshold'), p, this.softReset, refr, k);
      spiked = reset !== null;
      v[k] = reset ?? vk;
    }
    iExc[k] = f(ie * num(p, 'alphaExc'));
    iInh[k] = f(ii * num(p, 'alphaInh'));
    return spiked;
  }
}
