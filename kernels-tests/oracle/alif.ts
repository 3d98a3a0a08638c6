/** CPU oracle for shaders/alif.wgsl.ts (Bellec et al. 2018 adaptive threshold on the lif membrane). */
import type { ResolvedNeuronParams } from '../../host/kernels/neuron-kernel';
import type { StructValues } from '../../host/gpu/layout';
import { lifMembrane } from './lif';
import { f, fromFixed, initState, num, type NeuronOracle } from './neuron-oracle';

export class AlifOracle implements NeuronOracle {
  readonly state: Record<string, Float32Array | Int32Array>;
  readonly margin: Float64Array;
  private readonly params: StructValues[];
  constructor(resolved: ResolvedNeuronParams, readonly size: number, readonly batch: number, private readonly inputScale: number, private readonly softReset: boolean) {
    this.params = Array.from({ length: size }, (_, i) => resolved.at(i));
    this.state = initState([['v', 'f32'], ['iExc', 'f32'], ['iInh', 'f32'], ['a', 'f32'], ['refr', 'i32']], size, batch, resolved.initialState);
    this.margin = new Float64Array(size * batch);
  }

  step(inExc?: Int32Array, inInh?: Int32Array): number[][] {
    const { v, iExc, iInh, a, refr } = this.state as { v: Float32Array; iExc: Float32Array; iInh: Float32Array; a: Float32Array; refr: Int32Array };
    const spikes: number[][] = [];
    for (let b = 0; b < this.batch; b++) {
      const out: number[] = [];
      for (let i = 0; i < this.size; i++) {
        const k = b * this.size + i;
        const p = this.params[i] as StructValues;
        let ie = f((iExc[k] as number) + fromFixed(inExc?.[k] ?? 0, this.inputScale));
        let ii = f((iInh[k] as number) + fromFixed(inInh?.[k] ?? 0, this.inputScale));
        const threshold = f(num(p, 'vThreshold') + f(num(p, 'beta') * (a[k] as number)));
        let vk = v[k] as number;
        let z = 0;
        this.margin[k] = NaN;
        if ((refr[k] as number) > 0) {
          refr[k] = (refr[k] as number) - 1;
        } else {
          vk = lifMembrane(vk, num(p, 'vRest'), num(p, 'rMem'), f(f(ie + ii) + num(p, 'bias')), num(p, 'alphaMem'));
          this.margin[k] = vk - threshold;
          if (vk >= threshold) {
            out.push(i);
            z = 1;
            vk = this.softReset ? f(vk - f(threshold - num(p, 'vReset'))) : num(p, 'vReset');
            refr[k] = num(p, 'refractorySteps');
          }
        }
        const keptA = f(num(p, 'rhoAdapt') * (a[k] as number));
        a[k] = f(keptA + f(num(p, 'oneMinusRho') * z));
        ie = f(ie * num(p, 'alphaExc'));
        ii = f(ii * num(p, 'alphaInh'));
        v[k] = vk;
        iExc[k] = ie;
        iInh[k] = ii;
      }
      spikes.push(out);
    }
    return spikes;
  }
}
