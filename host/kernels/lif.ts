/**
 * lif kernel binding: parameters (units: ms, mV, nA, MOhm), validation, derived constants and the
 * params/state structs. WGSL: shaders/lif.wgsl.ts; oracle: kernels-tests/oracle/lif.ts.
 */
import { InvalidParameterError } from '../errors.js';
import { defineStruct } from '../gpu/layout.js';
import { CLOCK } from '../gpu/clock.js';
import { perNeuron, rejectUnknownKeys, requireFinite, requireNonNegative, requireOneOf, requirePositive, type NumberOrArray } from '../validate.js';
import { lifShader, lifParts } from '../../shaders/lif.wgsl.js';
import { POISSON_INPUT_MAX_LAMBDA } from '../../shaders/common/poisson-input.wgsl.js';
import { decayFactor, refractorySteps, requireGreater, type NeuronKernel, type ResolvedNeuronParams, NEURON_FRAME } from './neuron-kernel.js';

export type ResetMode = 'hard' | 'soft';

/** Parameters of a LIF population. Each may be one number or an array with one value per neuron. */
export interface LifParams {
  /** Membrane time constant (ms), > 0. Default 20. */
  tauMem?: NumberOrArray;
  /** Resting (leak) potential (mV). Default -70. `vLeak` is accepted as an alias. */
  vRest?: NumberOrArray;
  vLeak?: NumberOrArray;
  /** Spike threshold (mV), > vReset. Default -50. */
  vThreshold?: NumberOrArray;
  /** Reset potential (mV). Default -70. */
  vReset?: NumberOrArray;
  /** Membrane resistance (MOhm), > 0: 1 nA through 1 MOhm moves v by 1 mV. Default 1. */
  rMem?: NumberOrArray;
  /** Constant bias current (nA). Default 0. */
  biasCurrent?: NumberOrArray;
  /** Refractory period (ms), >= 0, rounded to whole steps. Default 0. */
  refractoryMs?: NumberOrArray;
  /** Excitatory synaptic current time constant (ms), >= 0; 0 = direct current input. Default 5. */
  tauSynExc?: NumberOrArray;
  /** Inhibitory synaptic current time constant (ms), >= 0; 0 = direct current input. Default 10. */
  tauSynInh?: NumberOrArray;
  /** 'hard': v <- vReset; 'soft': v <- v - (vThreshold - vReset). Default 'hard'. */
  reset?: ResetMode;
  /** Initial membrane potential (mV). Default vRest. */
  v0?: NumberOrArray;
  /**
   * Poisson input (Brian2's PoissonInput, NEST's poisson_generator onto each neuron): the summed rate
   * (Hz) of independent Poisson sources driving each neuron, e.g. 1600 sources x 8 Hz = 12 800 Hz.
   * Every step a neuron receives n ~ Poisson(poissonRateHz * dt / 1000) input spikes of
   * `poissonWeight`, drawn on the GPU (no spikes stored or sent). Mean count per step at most 20.
   * Default 0 (none).
   */
  poissonRateHz?: NumberOrArray;
  /** Current jump (nA) of each Poisson input spike: added to the excitatory current (>= 0) or the inhibitory one (< 0). Default 0. */
  poissonWeight?: NumberOrArray;
}

export const LIF_DEFAULTS = {
  tauMem: 20, vRest: -70, vThreshold: -50, vReset: -70, rMem: 1, biasCurrent: 0, refractoryMs: 0,
  tauSynExc: 5, tauSynInh: 10,
} as const;

export const LIF_PARAM_KEYS = ['tauMem', 'vRest', 'vLeak', 'vThreshold', 'vReset', 'rMem', 'biasCurrent', 'refractoryMs',
  'tauSynExc', 'tauSynInh', 'reset', 'v0', 'poissonRateHz', 'poissonWeight'] as const;

export const LIF_PARAMS = defineStruct('Params', [
  ['alphaMem', 'f32'],
  ['vRest', 'f32'],
  ['rMem', 'f32'],
  ['bias', 'f32'],
  ['vThreshold', 'f32'],
  ['vReset', 'f32'],
  ['alphaExc', 'f32'],
  ['alphaInh', 'f32'],
  ['refractorySteps', 'i32'],
  ['poissonLimit', 'f32'],
  ['poissonWeight', 'f32'],
]);

export const LIF_STATE = defineStruct('State', [
  ['v', 'f32'],
  ['iExc', 'f32'],
  ['iInh', 'f32'],
  ['refr', 'i32'],
]);

type Getter = { scalar: boolean; at: (i: number) => number };

export interface LifMembraneGetters {
  tauMem: Getter; vRest: Getter; vThreshold: Getter; vReset: Getter; rMem: Getter; biasCurrent: Getter;
  refractoryMs: Getter; tauSynExc: Getter; tauSynInh: Getter; v0: Getter;
  /** True when every parameter is a single number. */
  scalar: boolean;
}

/** The membrane part shared by lif and alif: validated getters for every LIF parameter. */
export function resolveLifMembrane(object: string, params: LifParams, size: number): LifMembraneGetters {
  if (params.vRest !== undefined && params.vLeak !== undefined) {
    throw new InvalidParameterError(object, 'vLeak', params.vLeak, 'to be left out when vRest is given (vLeak is an alias of vRest)');
  }
  const get = (field: keyof LifParams, def: number, check: (o: string, f: string, v: unknown) => number): Getter =>
    perNeuron(object, field, params[field] ?? def, size, check);
  const g = {
    tauMem: get('tauMem', LIF_DEFAULTS.tauMem, (o, f, v) => requirePositive(o, f, v, 'ms')),
    vRest: perNeuron(object, params.vLeak !== undefined ? 'vLeak' : 'vRest', params.vRest ?? params.vLeak ?? LIF_DEFAULTS.vRest, size, requireFinite),
    vThreshold: get('vThreshold', LIF_DEFAULTS.vThreshold, requireFinite),
    vReset: get('vReset', LIF_DEFAULTS.vReset, requireFinite),
    rMem: get('rMem', LIF_DEFAULTS.rMem, (o, f, v) => requirePositive(o, f, v, 'MOhm')),
    biasCurrent: get('biasCurrent', LIF_DEFAULTS.biasCurrent, requireFinite),
    refractoryMs: get('refractoryMs', LIF_DEFAULTS.refractoryMs, (o, f, v) => requireNonNegative(o, f, v, 'ms')),
    tauSynExc: get('tauSynExc', LIF_DEFAULTS.tauSynExc, (o, f, v) => requireNonNegative(o, f, v, 'ms; 0 = direct input')),
    tauSynInh: get('tauSynInh', LIF_DEFAULTS.tauSynInh, (o, f, v) => requireNonNegative(o, f, v, 'ms; 0 = direct input')),
  };
  const v0 = params.v0 === undefined ? g.vRest : perNeuron(object, 'v0', params.v0, size, requireFinite);
  const scalar = Object.values(g).every((x) => x.scalar);
  const pairScalar = g.vThreshold.scalar && g.vReset.scalar;
  for (let i = 0; i < (pairScalar ? 1 : size); i++) {
    requireGreater(object, 'vThreshold', g.vThreshold.at(i), 'vReset', g.vReset.at(i), pairScalar ? null : i);
  }
  return { ...g, v0, scalar };
}

/**
 * Validates poissonRateHz / poissonWeight: `on` when some neuron has both a rate and a weight;
 * `limit(i)` is f32(exp(-lambda)), the threshold of the Knuth sampler (shaders/common/poisson-input.wgsl.ts).
 */
export function resolvePoissonInput(object: string, params: LifParams, size: number, dt: number): { on: boolean; scalar: boolean; weight: Getter; limit: (i: number) => number } {
  const maxRate = (POISSON_INPUT_MAX_LAMBDA * 1000) / dt;
  const rate = perNeuron(object, 'poissonRateHz', params.poissonRateHz ?? 0, size, (o, fl, v) => {
    const x = requireNonNegative(o, fl, v, 'Hz');
    if (x > maxRate) throw new InvalidParameterError(o, fl, x, `at most ${maxRate} Hz at dt = ${dt} ms (a mean of ${POISSON_INPUT_MAX_LAMBDA} input spikes per step; use a smaller dt)`);
    return x;
  });
  const weight = perNeuron(object, 'poissonWeight', params.poissonWeight ?? 0, size, requireFinite);
  let on = false;
  for (let i = 0; i < (rate.scalar && weight.scalar ? 1 : size) && !on; i++) on = rate.at(i) > 0 && weight.at(i) !== 0;
  return { on, scalar: rate.scalar && weight.scalar, weight, limit: (i) => Math.fround(Math.exp((-rate.at(i) * dt) / 1000)) };
}

export const lifKernel: NeuronKernel<LifParams> = {
  name: 'lif',
  paramsLayout: LIF_PARAMS,
  stateLayout: LIF_STATE,
  resolve(object, params = {}, size, dt): ResolvedNeuronParams {
    rejectUnknownKeys(`${object} params`, params, LIF_PARAM_KEYS);
    const reset = requireOneOf(object, 'reset', params.reset ?? 'hard', ['hard', 'soft'] as const);
    const g = resolveLifMembrane(object, params, size);
    const input = resolvePoissonInput(object, params, size, dt);
    const f = Math.fround;
    return {
      scalar: g.scalar && input.scalar,
      options: { softReset: reset === 'soft', poisson: input.on },
      at: (i) => ({
        alphaMem: decayFactor(dt, g.tauMem.at(i)),
        vRest: f(g.vRest.at(i)),
        rMem: f(g.rMem.at(i)),
        bias: f(g.biasCurrent.at(i)),
        vThreshold: f(g.vThreshold.at(i)),
        vReset: f(g.vReset.at(i)),
        alphaExc: decayFactor(dt, g.tauSynExc.at(i)),
        alphaInh: decayFactor(dt, g.tauSynInh.at(i)),
        refractorySteps: refractorySteps(object, 'refractoryMs', g.refractoryMs.at(i), dt),
        poissonLimit: input.limit(i),
        poissonWeight: f(input.weight.at(i)),
      }),
      initialState: (i) => ({ v: f(g.v0.at(i)), iExc: 0, iInh: 0, refr: 0 }),
    };
  },
  shader: (o) => lifShader({
    workgroupSize: o.workgroupSize,
    perNeuronParams: o.perNeuronParams,
    softReset: o.softReset === true,
    poisson: o.poisson === true,
    frameStruct: NEURON_FRAME.wgsl,
    paramsStruct: LIF_PARAMS.wgsl,
    stateStruct: LIF_STATE.wgsl,
    clockStruct: CLOCK.wgsl,
  }),
  parts: (o) => lifParts({ softReset: o.softReset === true, poisson: o.poisson === true }),
};
