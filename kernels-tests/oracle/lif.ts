/**
 * CPU oracle for shaders/lif.wgsl.ts. Mirrors the WGSL operation by operation (Math.fround).
 * lifMembrane is the oracle twin of shaders/common/lif-membrane.wgsl.ts.
 */
import type { StructValues } from '../../host/gpu/layout';
import type { ResolvedNeuronParams } from '../../host/kernels/neuron-kernel';
import { f, num, PerNeuronOracle } from './neuron-oracle';

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
  constructor(resolved: ResolvedNeuronParams, size: number, batch: number, inputScale: number, private readonly softReset: boolean) {
    super(resolved, size, batch, inputScale, [['v', 'f32'], ['iExc', 'f32'], ['iInh', 'f32'], ['refr', 'i32']]);
  }

  protected update(k: number, p: StructValues, inExc: number, inInh: number): boolean {
    const { v, iExc, iInh, refr } = this.state as { v: Float32Array; iExc: Float32Array; iInh: Float32Array; refr: Int32Array };
    const ie = f((iExc[k] as number) + inExc);
    const ii = f((iInh[k] as number) + inInh);
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
