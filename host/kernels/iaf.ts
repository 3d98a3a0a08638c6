/**
 * iaf kernel binding: the non-leaky integrate-and-fire neuron (NIR's IF, Sinabs's IAF; NIR's I with an
 * unreachable threshold). Units: ms, mV, nA, nF (1 nA for 1 ms moves v of a 1 nF neuron by 1 mV).
 * WGSL: shaders/iaf.wgsl.ts; oracle: kernels-tests/oracle/iaf.ts.
 */
import { defineStruct } from '../gpu/layout.js';
import { CLOCK } from '../gpu/clock.js';
import { perNeuron, rejectUnknownKeys, requireFinite, requireNonNegative, requireOneOf, requirePositive, type NumberOrArray } from '../validate.js';
import { iafShader, iafParts } from '../../shaders/iaf.wgsl.js';
import { decayFactor, refractorySteps, requireGreater, type NeuronKernel, type ResolvedNeuronParams, NEURON_FRAME } from './neuron-kernel.js';
import { LIF_STATE, type ResetMode } from './lif.js';

export interface IafParams {
  /** Membrane capacitance (nF), > 0: v moves by dt * I / cm per step. Default 1. */
  cm?: NumberOrArray;
  /** Spike threshold (mV), > vReset. Default 1. */
  vThreshold?: NumberOrArray;
  /** Reset potential (mV). Default 0. */
  vReset?: NumberOrArray;
  /** 'hard': v <- vReset; 'soft': v <- v - (vThreshold - vReset). Default 'hard'. */
  reset?: ResetMode;
  /** Constant bias current (nA). Default 0. */
  biasCurrent?: NumberOrArray;
  /** Refractory period (ms), >= 0, rounded to whole steps. Default 0. */
  refractoryMs?: NumberOrArray;
  /** Excitatory / inhibitory synaptic current time constants (ms), >= 0; 0 (default) = direct current input for one step. */
  tauSynExc?: NumberOrArray;
  tauSynInh?: NumberOrArray;
  /** Initial membrane potential (mV). Default vReset. */
  v0?: NumberOrArray;
}

export const IAF_PARAM_KEYS = ['cm', 'vThreshold', 'vReset', 'reset', 'biasCurrent', 'refractoryMs', 'tauSynExc', 'tauSynInh', 'v0'] as const;

export const IAF_PARAMS = defineStruct('Params', [
  ['dtOverCm', 'f32'],
  ['bias', 'f32'],
  ['vThreshold', 'f32'],
  ['vReset', 'f32'],
  ['alphaExc', 'f32'],
  ['alphaInh', 'f32'],
  ['refractorySteps', 'i32'],
]);

/** The state is lif's (v, iExc, iInh, refr): the same struct. */
export const IAF_STATE = LIF_STATE;

export const iafKernel: NeuronKernel<IafParams> = {
  name: 'iaf',
  paramsLayout: IAF_PARAMS,
  stateLayout: IAF_STATE,
  resolve(object, params = {}, size, dt): ResolvedNeuronParams {
    rejectUnknownKeys(`${object} params`, params, IAF_PARAM_KEYS);
    const reset = requireOneOf(object, 'reset', params.reset ?? 'hard', ['hard', 'soft'] as const);
    const get = (field: (typeof IAF_PARAM_KEYS)[number], def: number, check: (o: string, f: string, v: unknown) => number) =>
      perNeuron(object, field, (params[field] as NumberOrArray | undefined) ?? def, size, check);
    const g = {
      cm: get('cm', 1, (o, f, v) => requirePositive(o, f, v, 'nF')),
      vThreshold: get('vThreshold', 1, requireFinite),
      vReset: get('vReset', 0, requireFinite),
      bias: get('biasCurrent', 0, requireFinite),
      refractoryMs: get('refractoryMs', 0, (o, f, v) => requireNonNegative(o, f, v, 'ms')),
      tauSynExc: get('tauSynExc', 0, (o, f, v) => requireNonNegative(o, f, v, 'ms; 0 = direct input')),
      tauSynInh: get('tauSynInh', 0, (o, f, v) => requireNonNegative(o, f, v, 'ms; 0 = direct input')),
    };
    const v0 = params.v0 === undefined ? g.vReset : perNeuron(object, 'v0', params.v0, size, requireFinite);
    const pairScalar = g.vThreshold.scalar && g.vReset.scalar;
    for (let i = 0; i < (pairScalar ? 1 : size); i++) requireGreater(object, 'vThreshold', g.vThreshold.at(i), 'vReset', g.vReset.at(i), pairScalar ? null : i);
    const f = Math.fround;
    return {
      scalar: Object.values(g).every((x) => x.scalar),
      options: { softReset: reset === 'soft' },
      at: (i) => ({
        dtOverCm: f(dt / g.cm.at(i)), bias: f(g.bias.at(i)), vThreshold: f(g.vThreshold.at(i)), vReset: f(g.vReset.at(i)),
        alphaExc: decayFactor(dt, g.tauSynExc.at(i)), alphaInh: decayFactor(dt, g.tauSynInh.at(i)),
        refractorySteps: refractorySteps(object, 'refractoryMs', g.refractoryMs.at(i), dt),
      }),
      initialState: (i) => ({ v: f(v0.at(i)), iExc: 0, iInh: 0, refr: 0 }),
    };
  },
  shader: (o) => iafShader({
    workgroupSize: o.workgroupSize,
    perNeuronParams: o.perNeuronParams,
    softReset: o.softReset === true,
    frameStruct: NEURON_FRAME.wgsl,
    paramsStruct: IAF_PARAMS.wgsl,
    stateStruct: IAF_STATE.wgsl,
    clockStruct: CLOCK.wgsl,
  }),
  parts: (o) => iafParts({ softReset: o.softReset === true }),
};
