/**
 * poisson kernel binding: per-neuron rates (Hz), one Bernoulli draw per step from Philox.
 * WGSL: shaders/poisson.wgsl.ts; oracle: kernels-tests/oracle/poisson.ts.
 */
import { InvalidParameterError } from '../errors.js';
import { defineStruct } from '../gpu/layout.js';
import type { BindingSpec } from '../gpu/pipelines.js';
import { perNeuron, rejectUnknownKeys, requireNonNegative, type NumberOrArray } from '../validate.js';
import { poissonShader } from '../../shaders/poisson.wgsl.js';

export interface PoissonParams {
  /** Firing rate (Hz) of each source, >= 0, with rate * dt <= 1000 (probability per step <= 1). */
  rates: NumberOrArray;
}

export const POISSON_FRAME = defineStruct('Frame', [
  ['n', 'u32'],
  ['batch', 'u32'],
  ['wgX', 'u32'],
  ['words', 'u32'],
  ['seedLo', 'u32'],
  ['seedHi', 'u32'],
  ['stream', 'u32'],
  ['pScale', 'f32'],
  ['eventWg', 'u32'],
  /** Word of the population's header in the spike header arena; whether it empties the shared args (host/kernels/spike-slots.ts). */
  ['countBase', 'u32'],
  ['clearsArgs', 'u32'],
]);

export const POISSON_CLOCK = defineStruct('Clock', [['step', 'u32']]);

export const POISSON_BINDINGS: BindingSpec[] = [
  { name: 'frame', kind: 'uniform' },
  { name: 'clock', kind: 'uniform', dynamicOffset: true },
  { name: 'rates', kind: 'read-only-storage' },
  { name: 'spikeCount', kind: 'storage' },
  { name: 'spikeList', kind: 'storage' },
  { name: 'spikeBits', kind: 'storage' },
];

/** f32(dt / 1000): converts Hz to a per-step probability, shared by the GPU and the oracle. */
export const poissonProbabilityScale = (dt: number): number => Math.fround(dt / 1000);

/** Validates rates (Hz, one number or one per source) without materialising them: O(1) for one number. */
export function checkPoissonRates(object: string, params: PoissonParams | undefined, size: number, dt: number): { scalar: boolean; at: (i: number) => number } {
  if (params !== undefined && (typeof params !== 'object' || params === null || Array.isArray(params))) {
    throw new InvalidParameterError(object, 'params', params, '{ rates: number | number[] } (Hz)');
  }
  if (params === undefined || params.rates === undefined) {
    throw new InvalidParameterError(object, 'rates', undefined, 'a rate in Hz (number or one per neuron)');
  }
  rejectUnknownKeys(`${object} params`, params, ['rates']);
  const maxRate = 1000 / dt;
  return perNeuron(object, 'rates', params.rates, size, (o, f, v) => {
    const x = requireNonNegative(o, f, v, 'Hz');
    if (x > maxRate) throw new InvalidParameterError(o, f, x, `a rate <= ${maxRate} Hz (1000/dt: at most one spike per step of dt = ${dt} ms)`);
    return x;
  });
}

/** Validates rates and returns them as f32 (one per neuron). */
export function resolvePoissonRates(object: string, params: PoissonParams | undefined, size: number, dt: number): Float32Array<ArrayBuffer> {
  const r = checkPoissonRates(object, params, size, dt);
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = r.at(i);
  return out;
}

export function poissonSource(workgroupSize: number): string {
  return poissonShader({ workgroupSize, frameStruct: POISSON_FRAME.wgsl, clockStruct: POISSON_CLOCK.wgsl });
}
