/**
 * izhikevich kernel binding (Izhikevich 2003). Units follow the paper: v in mV, t in ms, a, b, d and
 * the input current dimensionless. WGSL: shaders/izhikevich.wgsl.ts; oracle: kernels-tests/oracle/izhikevich.ts.
 */
import { defineStruct } from '../gpu/layout.js';
import { CLOCK } from '../gpu/clock.js';
import { perNeuron, rejectUnknownKeys, requireFinite, requireNonNegative, type NumberOrArray } from '../validate.js';
import { izhikevichShader, izhikevichParts } from '../../shaders/izhikevich.wgsl.js';
import { NEURON_FRAME, type NeuronKernel, type ResolvedNeuronParams } from './neuron-kernel.js';

export interface IzhikevichParams {
  /** Recovery time scale. Default 0.02 (regular spiking). */
  a?: NumberOrArray;
  /** Recovery sensitivity to v. Default 0.2. */
  b?: NumberOrArray;
  /** Reset potential (mV). Default -65. */
  c?: NumberOrArray;
  /** Recovery jump after a spike. Default 8. */
  d?: NumberOrArray;
  /** Spike cut-off (mV). Default 30, as in the paper. */
  vPeak?: NumberOrArray;
  /** Constant input current (dimensionless, as in the paper). Default 0. */
  biasCurrent?: NumberOrArray;
  /** Initial v (mV). Default -65. The initial u is b * v0, as in the paper. */
  v0?: NumberOrArray;
  /**
   * Standard deviation of a noise current drawn afresh every step (dimensionless, like the input), as
   * the paper's thalamic input (5 for excitatory, 2 for inhibitory neurons). Default 0. The draw is
   * the sum of four uniforms, centred and scaled to unit variance (shaders/izhikevich.wgsl.ts).
   */
  noiseSd?: NumberOrArray;
}

/** The paper's named parameter sets (Izhikevich 2003, Fig. 2). */
export const IZHIKEVICH_PRESETS = {
  regularSpiking: { a: 0.02, b: 0.2, c: -65, d: 8 },
  intrinsicallyBursting: { a: 0.02, b: 0.2, c: -55, d: 4 },
  chattering: { a: 0.02, b: 0.2, c: -50, d: 2 },
  fastSpiking: { a: 0.1, b: 0.2, c: -65, d: 2 },
  lowThresholdSpiking: { a: 0.02, b: 0.25, c: -65, d: 2 },
} as const;

const KEYS = ['a', 'b', 'c', 'd', 'vPeak', 'biasCurrent', 'v0', 'noiseSd'] as const;

export const IZHIKEVICH_PARAMS = defineStruct('Params', [
  ['a', 'f32'],
  ['b', 'f32'],
  ['c', 'f32'],
  ['d', 'f32'],
  ['vPeak', 'f32'],
  ['bias', 'f32'],
  ['k2', 'f32'],
  ['k1', 'f32'],
  ['k0', 'f32'],
  ['noiseSd', 'f32'],
]);

export const IZHIKEVICH_STATE = defineStruct('State', [
  ['v', 'f32'],
  ['u', 'f32'],
]);

export const izhikevichKernel: NeuronKernel<IzhikevichParams> = {
  name: 'izhikevich',
  paramsLayout: IZHIKEVICH_PARAMS,
  stateLayout: IZHIKEVICH_STATE,
  resolve(object, params = {}, size): ResolvedNeuronParams {
    rejectUnknownKeys(`${object} params`, params, KEYS);
    const rs = IZHIKEVICH_PRESETS.regularSpiking;
    const get = (field: (typeof KEYS)[number], def: number) => perNeuron(object, field, params[field] ?? def, size, requireFinite);
    const g = { a: get('a', rs.a), b: get('b', rs.b), c: get('c', rs.c), d: get('d', rs.d), vPeak: get('vPeak', 30), bias: get('biasCurrent', 0) };
    const v0 = get('v0', -65);
    const noiseSd = perNeuron(object, 'noiseSd', params.noiseSd ?? 0, size, (o, fl, v) => requireNonNegative(o, fl, v, '(current units)'));
    let noise = false;
    for (let i = 0; i < (noiseSd.scalar ? 1 : size) && !noise; i++) noise = noiseSd.at(i) !== 0;
    const f = Math.fround;
    return {
      scalar: Object.values(g).every((x) => x.scalar) && noiseSd.scalar,
      options: { noise },
      at: (i) => ({
        a: f(g.a.at(i)), b: f(g.b.at(i)), c: f(g.c.at(i)), d: f(g.d.at(i)), vPeak: f(g.vPeak.at(i)), bias: f(g.bias.at(i)), k2: f(0.04), k1: 5, k0: 140,
        noiseSd: f(noiseSd.at(i)),
      }),
      initialState: (i) => ({ v: f(v0.at(i)), u: f(f(g.b.at(i)) * f(v0.at(i))) }),
    };
  },
  shader: (o) => izhikevichShader({
    workgroupSize: o.workgroupSize,
    perNeuronParams: o.perNeuronParams,
    frameStruct: NEURON_FRAME.wgsl,
    paramsStruct: IZHIKEVICH_PARAMS.wgsl,
    stateStruct: IZHIKEVICH_STATE.wgsl,
    clockStruct: CLOCK.wgsl,
    noise: o.noise === true,
  }),
  parts: (o) => izhikevichParts({ noise: o.noise === true }),
};
