/**
 * alif kernel binding: LIF parameters plus the adaptive threshold of Bellec et al. 2018.
 * WGSL: shaders/alif.wgsl.ts; oracle: kernels-tests/oracle/alif.ts.
 */
import { InvalidParameterError } from '../errors.js';
import { defineStruct } from '../gpu/layout.js';
import { CLOCK } from '../gpu/clock.js';
import { perNeuron, rejectUnknownKeys, requireNonNegative, requireOneOf, requirePositive, type NumberOrArray } from '../validate.js';
import { alifShader, alifParts } from '../../shaders/alif.wgsl.js';
import { LIF_PARAM_KEYS, resolveLifMembrane, type LifParams } from './lif.js';
import { decayFactor, NEURON_FRAME, refractorySteps, type NeuronKernel, type ResolvedNeuronParams } from './neuron-kernel.js';

export interface AlifParams extends LifParams {
  /** Adaptation time constant (ms), > 0. Default 200 (Bellec et al. used 200 to 1200 ms). */
  tauAdapt?: NumberOrArray;
  /**
   * Threshold increase per unit of adaptation (mV), >= 0. Required: the adaptation variable a is
   * the low-passed spike train (a -> firing probability per step), so a useful beta depends on dt
   * and on the threshold distance. Bellec et al. used beta = 1.8 with a threshold of 0.01 in
   * normalised units, i.e. beta = 180 x (vThreshold - vRest) in mV.
   */
  beta?: NumberOrArray;
}

const ALIF_KEYS = [...LIF_PARAM_KEYS, 'tauAdapt', 'beta'] as const;

export const ALIF_PARAMS = defineStruct('Params', [
  ['alphaMem', 'f32'],
  ['vRest', 'f32'],
  ['rMem', 'f32'],
  ['bias', 'f32'],
  ['vThreshold', 'f32'],
  ['vReset', 'f32'],
  ['alphaExc', 'f32'],
  ['alphaInh', 'f32'],
  ['refractorySteps', 'i32'],
  ['beta', 'f32'],
  ['rhoAdapt', 'f32'],
  ['oneMinusRho', 'f32'],
]);

export const ALIF_STATE = defineStruct('State', [
  ['v', 'f32'],
  ['iExc', 'f32'],
  ['iInh', 'f32'],
  ['a', 'f32'],
  ['refr', 'i32'],
]);

export const alifKernel: NeuronKernel<AlifParams> = {
  name: 'alif',
  paramsLayout: ALIF_PARAMS,
  stateLayout: ALIF_STATE,
  resolve(object, params = {}, size, dt): ResolvedNeuronParams {
    rejectUnknownKeys(`${object} params`, params, ALIF_KEYS);
    const reset = requireOneOf(object, 'reset', params.reset ?? 'hard', ['hard', 'soft'] as const);
    if (params.beta === undefined) {
      throw new InvalidParameterError(object, 'beta', undefined, 'a number >= 0 (mV per unit adaptation)',
        'alif needs beta: the threshold rises by beta * a, where a low-passes the spike train (see AlifParams.beta).');
    }
    const g = resolveLifMembrane(object, params, size);
    const tauAdapt = perNeuron(object, 'tauAdapt', params.tauAdapt ?? 200, size, (o, f, v) => requirePositive(o, f, v, 'ms'));
    const beta = perNeuron(object, 'beta', params.beta, size, (o, f, v) => requireNonNegative(o, f, v, 'mV'));
    const f = Math.fround;
    return {
      scalar: g.scalar && tauAdapt.scalar && beta.scalar,
      options: { softReset: reset === 'soft' },
      at: (i) => {
        const rho = Math.exp(-dt / tauAdapt.at(i));
        return {
          alphaMem: decayFactor(dt, g.tauMem.at(i)),
          vRest: f(g.vRest.at(i)),
          rMem: f(g.rMem.at(i)),
          bias: f(g.biasCurrent.at(i)),
          vThreshold: f(g.vThreshold.at(i)),
          vReset: f(g.vReset.at(i)),
          alphaExc: decayFactor(dt, g.tauSynExc.at(i)),
          alphaInh: decayFactor(dt, g.tauSynInh.at(i)),
          refractorySteps: refractorySteps(object, 'refractoryMs', g.refractoryMs.at(i), dt),
          beta: f(beta.at(i)),
          rhoAdapt: f(rho),
          oneMinusRho: f(1 - rho),
        };
      },
      initialState: (i) => ({ v: f(g.v0.at(i)), iExc: 0, iInh: 0, a: 0, refr: 0 }),
    };
  },
  shader: (o) => alifShader({
    workgroupSize: o.workgroupSize,
    perNeuronParams: o.perNeuronParams,
    softReset: o.softReset === true,
    frameStruct: NEURON_FRAME.wgsl,
    paramsStruct: ALIF_PARAMS.wgsl,
    stateStruct: ALIF_STATE.wgsl,
    clockStruct: CLOCK.wgsl,
  }),
  parts: (o) => alifParts({ softReset: o.softReset === true }),
};
