/**
 * lifCond kernel binding: conductance-based LIF (units: ms, mV, nA, nF, uS). Conductance inputs (the
 * weights of projections onto it) are in uS and must be >= 0. WGSL: shaders/lifCond.wgsl.ts;
 * oracle: kernels-tests/oracle/lifCond.ts.
 */
import { defineStruct } from '../gpu/layout.js';
import { CLOCK } from '../gpu/clock.js';
import { perNeuron, rejectUnknownKeys, requireFinite, requireNonNegative, requireOneOf, requirePositive, type NumberOrArray } from '../validate.js';
import { lifCondShader, lifCondParts } from '../../shaders/lifCond.wgsl.js';
import type { ResetMode } from './lif.js';
import { decayFactor, NEURON_FRAME, refractorySteps, requireGreater, type NeuronKernel, type ResolvedNeuronParams } from './neuron-kernel.js';

export interface LifCondParams {
  /** Membrane time constant (ms), > 0: gLeak = cMem / tauMem. Default 20. */
  tauMem?: NumberOrArray;
  /** Membrane capacitance (nF), > 0. Default 0.2 (with tauMem 20 ms: gLeak = 10 nS). */
  cMem?: NumberOrArray;
  /** Resting potential (mV). Default -60. */
  vRest?: NumberOrArray;
  /** Threshold (mV), > vReset. Default -50. */
  vThreshold?: NumberOrArray;
  /** Reset (mV). Default -60. */
  vReset?: NumberOrArray;
  /** Excitatory reversal potential (mV). Default 0. */
  eExc?: NumberOrArray;
  /** Inhibitory reversal potential (mV). Default -80. */
  eInh?: NumberOrArray;
  /** Conductance time constants (ms), > 0. Defaults 5 and 10. */
  tauSynExc?: NumberOrArray;
  tauSynInh?: NumberOrArray;
  /** Refractory period (ms), >= 0. Default 5. */
  refractoryMs?: NumberOrArray;
  /** Constant current (nA). Default 0. */
  biasCurrent?: NumberOrArray;
  reset?: ResetMode;
  /** Initial v (mV). Default vRest. */
  v0?: NumberOrArray;
  /** Initial conductances (uS), >= 0. Default 0. */
  gExc0?: NumberOrArray;
  gInh0?: NumberOrArray;
}

const KEYS = ['tauMem', 'cMem', 'vRest', 'vThreshold', 'vReset', 'eExc', 'eInh', 'tauSynExc', 'tauSynInh', 'refractoryMs', 'biasCurrent', 'reset', 'v0', 'gExc0', 'gInh0'] as const;

export const LIF_COND_PARAMS = defineStruct('Params', [
  ['gLeak', 'f32'],
  ['dtOverC', 'f32'],
  ['vRest', 'f32'],
  ['vThreshold', 'f32'],
  ['vReset', 'f32'],
  ['eExc', 'f32'],
  ['eInh', 'f32'],
  ['bias', 'f32'],
  ['alphaExc', 'f32'],
  ['alphaInh', 'f32'],
  ['refractorySteps', 'i32'],
]);

export const LIF_COND_STATE = defineStruct('State', [
  ['v', 'f32'],
  ['gExc', 'f32'],
  ['gInh', 'f32'],
  ['refr', 'i32'],
]);

export const lifCondKernel: NeuronKernel<LifCondParams> = {
  name: 'lifCond',
  paramsLayout: LIF_COND_PARAMS,
  stateLayout: LIF_COND_STATE,
  resolve(object, params = {}, size, dt): ResolvedNeuronParams {
    rejectUnknownKeys(`${object} params`, params, KEYS);
    const reset = requireOneOf(object, 'reset', params.reset ?? 'hard', ['hard', 'soft'] as const);
    const get = (field: Exclude<(typeof KEYS)[number], 'reset'>, def: number, check: (o: string, f: string, v: unknown) => number) =>
      perNeuron(object, field, params[field] ?? def, size, check);
    const pos = (unit: string) => (o: string, f: string, v: unknown) => requirePositive(o, f, v, unit);
    const g = {
      tauMem: get('tauMem', 20, pos('ms')), cMem: get('cMem', 0.2, pos('nF')), vRest: get('vRest', -60, requireFinite),
      vThreshold: get('vThreshold', -50, requireFinite), vReset: get('vReset', -60, requireFinite), eExc: get('eExc', 0, requireFinite),
      eInh: get('eInh', -80, requireFinite), tauSynExc: get('tauSynExc', 5, pos('ms')), tauSynInh: get('tauSynInh', 10, pos('ms')),
      refractoryMs: get('refractoryMs', 5, (o, f, v) => requireNonNegative(o, f, v, 'ms')), bias: get('biasCurrent', 0, requireFinite),
    };
    const v0 = params.v0 === undefined ? g.vRest : get('v0', 0, requireFinite);
    const gExc0 = get('gExc0', 0, (o, f, v) => requireNonNegative(o, f, v, 'uS'));
    const gInh0 = get('gInh0', 0, (o, f, v) => requireNonNegative(o, f, v, 'uS'));
    const pairScalar = g.vThreshold.scalar && g.vReset.scalar;
    for (let i = 0; i < (pairScalar ? 1 : size); i++) requireGreater(object, 'vThreshold', g.vThreshold.at(i), 'vReset', g.vReset.at(i), pairScalar ? null : i);
    const f = Math.fround;
    return {
      scalar: Object.values(g).every((x) => x.scalar),
      options: { softReset: reset === 'soft' },
      at: (i) => ({
        gLeak: f(g.cMem.at(i) / g.tauMem.at(i)),
        dtOverC: f(dt / g.cMem.at(i)),
        vRest: f(g.vRest.at(i)), vThreshold: f(g.vThreshold.at(i)), vReset: f(g.vReset.at(i)),
        eExc: f(g.eExc.at(i)), eInh: f(g.eInh.at(i)), bias: f(g.bias.at(i)),
        alphaExc: decayFactor(dt, g.tauSynExc.at(i)), alphaInh: decayFactor(dt, g.tauSynInh.at(i)),
        refractorySteps: refractorySteps(object, 'refractoryMs', g.refractoryMs.at(i), dt),
      }),
      initialState: (i) => ({ v: f(v0.at(i)), gExc: f(gExc0.at(i)), gInh: f(gInh0.at(i)), refr: 0 }),
    };
  },
  shader: (o) => lifCondShader({
    workgroupSize: o.workgroupSize,
    perNeuronParams: o.perNeuronParams,
    softReset: o.softReset === true,
    frameStruct: NEURON_FRAME.wgsl,
    paramsStruct: LIF_COND_PARAMS.wgsl,
    stateStruct: LIF_COND_STATE.wgsl,
    clockStruct: CLOCK.wgsl,
  }),
  parts: (o) => lifCondParts({ softReset: o.softReset === true }),
};
