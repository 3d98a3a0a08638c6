/** CPU oracle for shaders/alif.wgsl.ts (Bellec et al. 2018 adaptive threshold on the lif membrane). */
import type { StructValues } from '../../host/gpu/layout';
import type { ResolvedNeuronParams } from '../../host/kernels/neuron-kernel';
import { lifMembrane, lifReset } from './lif';
import { f, num, PerNeuronOracle } from './neuron-oracle';

export class AlifOracle extends PerNeuronOracle {
  constructor(resolved: ResolvedNeuronParams, size: number, batch: number, inputScale: number, private readonly softReset: boolean) {
    super(resolved, size, batch, inputScale, [['v', 'f32'], ['iExc', 'f32'], ['iInh', 'f32'], ['a', 'f32'], ['refr', 'i32']]);
  }

  protected update(k: number, p: StructValues, inExc: number, inInh: number): boolean {
    const { v, iExc, iInh, a, refr } = this.state as { v: Float32Array; iExc: Float32Array; iInh: Float32Array; a: Float32Array; refr: Int32Array };
    const ie = f((iExc[k] as number) + inExc);
    const ii = f((iInh[k] as number) + inInh);
    const threshold = f(num(p, 'vThreshold') + f(num(p, 'beta') * (a[k] as number)));
    let z = 0;
    this.margin[k] = NaN;
    if ((refr[k] as number) > 0) {
      refr[k] = (refr[k] as number) - 1;
    } else {
      const vk = lifMembrane(v[k] as number, num(p, 'vRest'), num(p, 'rMem'), f(f(ie + ii) + num(p, 'bias')), num(p, 'alphaMem'));
      this.margin[k] = vk - threshold;
      const reset = lifReset(vk, threshold, p, this.softReset, refr, k);
      if (reset !== null) z = 1;
      v[k] = reset ?? vk;
    }
    const keptA = f(num(p, 'rhoAdapt') * (a[k] as number));
    a[k] = f(keptA + f(num(p, 'oneMinusRho') * z));
    iExc[k] = f(ie * num(p, 'alphaExc'));
    iInh[k] = f(ii * num(p, 'alphaInh'));
    return z === 1;
  }
}
