/** CPU oracle for shaders/lifCond.wgsl.ts (conductance-based LIF, forward Euler), op by op in f32. */
import type { StructValues } from '../../host/gpu/layout';
import type { ResolvedNeuronParams } from '../../host/kernels/neuron-kernel';
import { lifReset } from './lif';
import { f, num, PerNeuronOracle } from './neuron-oracle';

export class LifCondOracle extends PerNeuronOracle {
  constructor(resolved: ResolvedNeuronParams, size: number, batch: number, inputScale: number, private readonly softReset: boolean) {
    super(resolved, size, batch, inputScale, [['v', 'f32'], ['gExc', 'f32'], ['gInh', 'f32'], ['refr', 'i32']]);
  }

  protected update(k: number, p: StructValues, inExc: number, inInh: number): boolean {
    const { v, gExc, gInh, refr } = this.state as { v: Float32Array; gExc: Float32Array; gInh: Float32Array; refr: Int32Array };
    const ge = f((gExc[k] as number) + inExc);
    const gi = f((gInh[k] as number) + inInh);
    let spiked = false;
    this.margin[k] = NaN;
    if ((refr[k] as number) > 0) {
      refr[k] = (refr[k] as number) - 1;
    } else {
      const vk0 = v[k] as number;
      const leak = f(num(p, 'gLeak') * f(num(p, 'vRest') - vk0));
      const exc = f(ge * f(num(p, 'eExc') - vk0));
      const inh = f(gi * f(num(p, 'eInh') - vk0));
      const current = f(f(f(leak + exc) + inh) + num(p, 'bias'));
      const vk = f(vk0 + f(num(p, 'dtOverC') * current));
      this.margin[k] = vk - num(p, 'vThreshold');
      const reset = lifReset(vk, num(p, 'vThreshold'), p, this.softReset, refr, k);
      spiked = reset !== null;
      v[k] = reset ?? vk;
    }
    gExc[k] = f(ge * num(p, 'alphaExc'));
    gInh[k] = f(gi * num(p, 'alphaInh'));
    return spiked;
  }
}
