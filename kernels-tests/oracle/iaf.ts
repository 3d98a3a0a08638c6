/** CPU oracle for shaders/iaf.wgsl.ts (non-leaky integrate-and-fire), op by op in f32. */
import type { StructValues } from '../../host/gpu/layout';
import type { ResolvedNeuronParams } from '../../host/kernels/neuron-kernel';
import { lifReset } from './lif';
import { f, num, PerNeuronOracle } from './neuron-oracle';

export class IafOracle extends PerNeuronOracle {
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
      const vk = f((v[k] as number) + f(num(p, 'dtOverCm') * f(f(ie + ii) + num(p, 'bias'))));
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
