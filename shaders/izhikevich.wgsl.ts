/**
 * izhikevich: the Izhikevich (2003) simple model, "Simple model of spiking neurons",
 * IEEE Trans. Neural Networks 14:1569, integrated as in the paper's reference code (net.m).
 */
import { neuronFrameWgsl } from './common/neuron-frame.wgsl';

export interface IzhikevichShaderOptions {
  workgroupSize: number;
  perNeuronParams: boolean;
  frameStruct: string;
  paramsStruct: string;
  stateStruct: string;
}

export const IZHIKEVICH_HEADER = `// izhikevich — Izhikevich 2003:
//   dv/dt = 0.04 v^2 + 5 v + 140 - u + I,   du/dt = a (b v - u),   if v >= vPeak: v <- c, u <- u + d
// As in the paper's net.m: the spike test and reset come first in a step, then v takes two
// half-steps of dt/2 and u one step of dt using the new v. I = bias + excitatory + inhibitory input
// (direct current, no synaptic filter; dimensionless as in the paper).`;

export function izhikevichShader(o: IzhikevichShaderOptions): string {
  return neuronFrameWgsl({
    kernel: 'izhikevich',
    header: IZHIKEVICH_HEADER,
    workgroupSize: o.workgroupSize,
    perNeuronParams: o.perNeuronParams,
    frameStruct: o.frameStruct,
    paramsStruct: o.paramsStruct,
    stateStruct: o.stateStruct,
    helpers: /* wgsl */ `
fn izhDvdt(v: f32, u: f32, current: f32) -> f32 {
  let quad = (0.04 * v) * v;
  let lin = 5.0 * v;
  return (((quad + lin) + 140.0) - u) + current;
}
`,
    body: /* wgsl */ `
    if (s.v >= p.vPeak) {
      spiked = true;
      s.v = p.c;
      s.u = s.u + p.d;
    }
    let current = (p.bias + inExc) + inInh;
    let h = frame.halfDt;
    let dv1 = h * izhDvdt(s.v, s.u, current);
    s.v = s.v + dv1;
    let dv2 = h * izhDvdt(s.v, s.u, current);
    s.v = s.v + dv2;
    let du = frame.dt * (p.a * ((p.b * s.v) - s.u));
    s.u = s.u + du;`,
  });
}
