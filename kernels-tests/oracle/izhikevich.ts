/** CPU oracle for shaders/izhikevich.wgsl.ts: Izhikevich 2003 as in the paper's net.m, in f32. */
import type { ResolvedNeuronParams } from '../../host/kernels/neuron-kernel';
import type { StructValues } from '../../host/gpu/layout';
import { f, fromFixed, initState, num, type NeuronOracle } from './neuron-oracle';

export function izhDvdt(p: StructValues, v: number, u: number, current: number): number {
  const quad = f(f(num(p, 'k2') * v) * v);
  const lin = f(num(p, 'k1') * v);
  return f(f(f(f(quad + lin) + num(p, 'k0')) - u) + current);
}

export class IzhikevichOracle implements NeuronOracle {
  readonly state: Record<string, Float32Array | Int32Array>;
  readonly margin: Float64Array;
  private readonly params: StructValues[];
  private readonly dt: number;
  private readonly halfDt: number;
  constructor(resolved: ResolvedNeuronParams, readonly size: number, readonly batch: number, private readonly inputScale: number, dt: number) {
    this.params = Array.from({ length: size }, (_, i) => resolved.at(i));
    this.state = initState([['v', 'f32'], ['u', 'f32']], size, batch, resolved.initialState);
    this.margin = new Float64Array(size * batch);
    this.dt = f(dt);
    this.halfDt = f(dt / 2);
  }

  step(inExc?: Int32Array, inInh?: Int32Array): number[][] {
    const { v, u } = this.state as { v: Float32Array; u: Float32Array };
    const spikes: number[][] = [];
    for (let b = 0; b < this.batch; b++) {
      const out: number[] = [];
      for (let i = 0; i < this.size; i++) {
        const k = b * this.size + i;
        const p = this.params[i] as StructValues;
        let vk = v[k] as number;
        let uk = u[k] as number;
        this.margin[k] = vk - num(p, 'vPeak');
        if (vk >= num(p, 'vPeak')) {
          out.push(i);
          vk = num(p, 'c');
          uk = f(uk + num(p, 'd'));
        }
        const current = f(f(num(p, 'bias') + fromFixed(inExc?.[k] ?? 0, this.inputScale)) + fromFixed(inInh?.[k] ?? 0, this.inputScale));
        vk = f(vk + f(this.halfDt * izhDvdt(p, vk, uk, current)));
        vk = f(vk + f(this.halfDt * izhDvdt(p, vk, uk, current)));
        const du = f(this.dt * f(num(p, 'a') * f(f(num(p, 'b') * vk) - uk)));
        uk = f(uk + du);
        v[k] = vk;
        u[k] = uk;
      }
      spikes.push(out);
    }
    return spikes;
  }
}
