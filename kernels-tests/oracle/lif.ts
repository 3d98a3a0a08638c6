/**
 * CPU oracle for shaders/lif.wgsl.ts. Mirrors the WGSL operation by operation (Math.fround).
 * The membrane function is the oracle twin of shaders/common/lif-membrane.wgsl.ts.
 */
import type { ResolvedNeuronParams } from '../../host/kernels/neuron-kernel';
import type { StructValues } from '../../host/gpu/layout';
import { f, fromFixed, initState, num, type NeuronOracle } from './neuron-oracle';

export function lifMembrane(v: number, vRest: number, rMem: number, current: number, alphaMem: number): number {
  const vInf = f(vRest + f(rMem * current));
  const dv = f(v - vInf);
  const decayed = f(dv * alphaMem);
  return f(vInf + decayed);
}

export class LifOracle implements NeuronOracle {
  readonly state: Record<string, Float32Array | Int32Array>;
  readonly margin: Float64Array;
  protected readonly params: StructValues[];
  constructor(
    resolved: ResolvedNeuronParams,
    readonly size: number,
    readonly batch: number,
    protected readonly inputScale: number,
    protected readonly softReset: boolean,
    fields: ReadonlyArray<readonly [string, 'f32' | 'i32']> = [['v', 'f32'], ['iExc', 'f32'], ['iInh', 'f32'], ['refr', 'i32']],
  ) {
    this.params = Array.from({ length: size }, (_, i) => resolved.at(i));
    this.state = initState(fields, size, batch, resolved.initialState);
    this.margin = new Float64Array(size * batch);
  }

  step(inExc?: Int32Array, inInh?: Int32Array): number[][] {
    const { v, iExc, iInh, refr } = this.state as { v: Float32Array; iExc: Float32Array; iInh: Float32Array; refr: Int32Array };
    const spikes: number[][] = [];
    for (let b = 0; b < this.batch; b++) {
      const out: number[] = [];
      for (let i = 0; i < this.size; i++) {
        const k = b * this.size + i;
        const p = this.params[i] as StructValues;
        let ie = f((iExc[k] as number) + fromFixed(inExc?.[k] ?? 0, this.inputScale));
        let ii = f((iInh[k] as number) + fromFixed(inInh?.[k] ?? 0, this.inputScale));
        let vk = v[k] as number;
        this.margin[k] = NaN;
        if ((refr[k] as number) > 0) {
          refr[k] = (refr[k] as number) - 1;
        } else {
          vk = lifMembrane(vk, num(p, 'vRest'), num(p, 'rMem'), f(f(ie + ii) + num(p, 'bias')), num(p, 'alphaMem'));
          this.margin[k] = vk - num(p, 'vThreshold');
          if (vk >= num(p, 'vThreshold')) {
            out.push(i);
            vk = this.softReset ? f(vk - f(num(p, 'vThreshold') - num(p, 'vReset'))) : num(p, 'vReset');
            refr[k] = num(p, 'refractorySteps');
          }
        }
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
