/**
 * The contract shared by the neuron kernels (lif, alif, izhikevich): their params and state structs,
 * how user parameters are validated and turned into derived f32 constants (computed once in float64
 * and rounded, used by both the GPU and the oracle), the compile-time options and the dispatch shape.
 */
import { InvalidParameterError } from '../errors.js';
import { requireFiniteF32Values } from '../validate.js';
import { defineStruct, type StructLayout, type StructValues } from '../gpu/layout.js';
import type { BindingSpec } from '../gpu/pipelines.js';
import type { NeuronParts } from '../../shaders/common/neuron-frame.wgsl.js';

/** Uniform shared by all neuron kernels. */
export const NEURON_FRAME = defineStruct('Frame', [
  ['n', 'u32'],
  ['batch', 'u32'],
  ['wgX', 'u32'],
  ['words', 'u32'],
  ['inputScale', 'f32'],
  ['dt', 'f32'],
  ['halfDt', 'f32'],
  /** Workgroup size of the event-driven propagation kernels (for their indirect dispatch args). */
  ['eventWg', 'u32'],
  /** Word of the population's header in the spike header arena; whether it empties the shared args (host/kernels/spike-slots.ts). */
  ['countBase', 'u32'],
  ['clearsArgs', 'u32'],
  /** Always 0: the opaque operand of noContract() (shaders/common/no-contract.wgsl.ts). */
  ['noContract', 'u32'],
  /** Philox key and stream of the population's own random draws (izhikevich noise). */
  ['seedLo', 'u32'],
  ['seedHi', 'u32'],
  ['stream', 'u32'],
]);

/** Bindings of every neuron kernel, in binding order (see shaders/common/neuron-frame.wgsl.ts). */
export function neuronBindings(perNeuronParams: boolean): BindingSpec[] {
  return [
    { name: 'frame', kind: 'uniform' },
    { name: 'params', kind: perNeuronParams ? 'read-only-storage' : 'uniform' },
    { name: 'state', kind: 'storage' },
    { name: 'inputExc', kind: 'storage', dynamicOffset: true },
    { name: 'inputInh', kind: 'storage', dynamicOffset: true },
    { name: 'spikeCount', kind: 'storage' },
    { name: 'spikeList', kind: 'storage' },
    { name: 'spikeBits', kind: 'storage' },
    { name: 'clock', kind: 'uniform', dynamicOffset: true },
  ];
}

/** Words after the B per-instance counts in a population's spike header (see neuron-frame.wgsl.ts). */
export const SPIKE_HEADER_WORDS = 7;

/** Workgroup size of the event-driven propagation kernels: one thread per spike of an instance. */
export const EVENT_WORKGROUP_SIZE = 64;

/** Fixed-point format of the synaptic input accumulators: value = i32 * 2^-fractionBits. */
export const DEFAULT_INPUT_FRACTION_BITS = 16;

export interface ResolvedNeuronParams {
  /** True when every parameter is one number for the whole population (params go in a uniform). */
  scalar: boolean;
  /** Derived, f32-rounded params of neuron i, ready to pack into the Params struct. */
  at(i: number): StructValues;
  /** Initial state of neuron i (the same for every batch instance). */
  initialState(i: number): StructValues;
  /** Compile-time options beyond workgroup size and param storage (e.g. reset mode). */
  options: Record<string, string | number | boolean>;
}

export interface NeuronKernel<P> {
  /** A built-in model's name, or a custom (equation) model's name. */
  readonly name: string;
  readonly paramsLayout: StructLayout;
  readonly stateLayout: StructLayout;
  /** Validates user params for a population of `size` at time step `dt` (ms). */
  resolve(object: string, params: P | undefined, size: number, dt: number): ResolvedNeuronParams;
  /** WGSL for compile-time options. */
  shader(options: { workgroupSize: number; perNeuronParams: boolean } & Record<string, string | number | boolean>): string;
  /** The model's header, helpers and update body for the same compile-time options (ResolvedNeuronParams.options). */
  parts(options: Record<string, string | number | boolean>): NeuronParts;
}

/**
 * The one way in to a neuron kernel's parameters: `params` must be an object (or undefined for the
 * defaults); the kernel validates each parameter; then every derived f32 constant (e.g. lifCond's
 * gLeak = cMem / tauMem) and every initial state value must be finite in f32, so no parameter set
 * reaches the GPU as Inf or NaN.
 */
export function resolveNeuronParams<P>(kernel: NeuronKernel<P>, object: string, params: unknown, size: number, dt: number): ResolvedNeuronParams {
  if (params !== undefined && (typeof params !== 'object' || params === null || Array.isArray(params))) {
    throw new InvalidParameterError(object, 'params', params, `an object of ${kernel.name} parameters (or no params for the defaults)`);
  }
  const r = kernel.resolve(object, params as P | undefined, size, dt);
  const hint = 'It is computed from the parameters and dt; bring them into a range where it stays finite.';
  for (let i = 0; i < (r.scalar ? 1 : size); i++) requireFiniteF32Values(object, r.scalar ? 'derived' : `derived[${i}]`, r.at(i), hint);
  // Initial states differ between neurons only where a parameter is given per neuron (an array): with
  // none, one neuron's stands for all (and a population of 2^31 - 1 neurons is checked in microseconds).
  const perNeuron = params !== undefined && Object.values(params as object).some((v) => typeof v === 'object' && v !== null);
  for (let i = 0; i < (perNeuron ? size : 1); i++) requireFiniteF32Values(object, perNeuron ? `initialState[${i}]` : 'initialState', r.initialState(i), hint);
  return r;
}

/** Math.fround(Math.exp(-dt/tau)), or 0 for tau = 0 (direct input: nothing carries over). */
export function decayFactor(dt: number, tau: number): number {
  return tau === 0 ? 0 : Math.fround(Math.exp(-dt / tau));
}

/** Refractory period in whole steps (rounded to nearest; the rounding is documented). */
export function refractorySteps(object: string, field: string, refractoryMs: number, dt: number): number {
  const steps = Math.round(refractoryMs / dt);
  if (steps > 0x7fffffff) throw new InvalidParameterError(object, field, refractoryMs, `at most ${0x7fffffff} steps of dt`);
  return steps;
}

/** Throws when a per-neuron ordering constraint (e.g. vThreshold > vReset) fails. */
export function requireGreater(object: string, field: string, a: number, otherField: string, b: number, i: number | null): void {
  if (!(a > b)) {
    const f = i === null ? field : `${field}[${i}]`;
    const o = i === null ? otherField : `${otherField}[${i}]`;
    throw new InvalidParameterError(object, f, a, `a value greater than ${o} = ${b}`);
  }
}
