/**
 * spikeArray kernel binding: spike sources replaying explicit (time, neuron) lists, the same in every
 * batch instance. Times (ms) are rounded to the nearest step; a neuron listed twice in one step spikes
 * once. WGSL: shaders/spikeArray.wgsl.ts; oracle: kernels-tests/oracle/spikeArray.ts.
 */
import { InvalidParameterError } from '../errors.js';
import { defineStruct } from '../gpu/layout.js';
import type { BindingSpec } from '../gpu/pipelines.js';
import { CLOCK } from '../gpu/clock.js';
import { rejectUnknownKeys, requireInteger, requireNonNegative } from '../validate.js';
import { spikeArrayShader } from '../../shaders/spikeArray.wgsl.js';

export interface SpikeArrayParams {
  /** Spike times (ms), >= 0; rounded to whole steps. */
  times: number[];
  /** Neuron of each spike, in [0, size). */
  indices: number[];
}

export const SPIKE_ARRAY_FRAME = defineStruct('Frame', [
  ['n', 'u32'],
  ['batch', 'u32'],
  ['words', 'u32'],
  ['nSteps', 'u32'],
  ['eventWg', 'u32'],
  /** Word of the population's header in the spike header arena; whether it empties the shared args (host/kernels/spike-slots.ts). */
  ['countBase', 'u32'],
  ['clearsArgs', 'u32'],
]);

export const SPIKE_ARRAY_BINDINGS: BindingSpec[] = [
  { name: 'frame', kind: 'uniform' },
  { name: 'clock', kind: 'uniform', dynamicOffset: true },
  { name: 'offsets', kind: 'read-only-storage' },
  { name: 'ids', kind: 'read-only-storage' },
  { name: 'spikeCount', kind: 'storage' },
  { name: 'spikeList', kind: 'storage' },
  { name: 'spikeBits', kind: 'storage' },
];

export interface SpikeSchedule {
  /** offsets[t] .. offsets[t+1]: the spikes of step t; length nSteps + 1. */
  offsets: Uint32Array;
  /** Neuron ids, sorted by step then neuron, without duplicates. */
  ids: Uint32Array;
  nSteps: number;
  maxPerStep: number;
}

/** Validates a spike array and sorts it into a per-step schedule. */
export function resolveSpikeArray(object: string, params: unknown, size: number, dt: number): SpikeSchedule {
  if (typeof params !== 'object' || params === null) {
    throw new InvalidParameterError(object, 'params', params, '{ times: number[] (ms), indices: number[] }');
  }
  rejectUnknownKeys(`${object} params`, params, ['times', 'indices']);
  const { times, indices } = params as Partial<SpikeArrayParams>;
  if (!Array.isArray(times)) throw new InvalidParameterError(object, 'times', times, 'an array of spike times (ms)');
  if (!Array.isArray(indices) || indices.length !== times.length) {
    throw new InvalidParameterError(object, 'indices', indices, `an array of neuron indices as long as times (${times.length})`);
  }
  const byStep = new Map<number, Set<number>>();
  let nSteps = 0;
  for (let k = 0; k < times.length; k++) {
    const t = requireNonNegative(object, `times[${k}]`, times[k], 'ms');
    const i = requireInteger(object, `indices[${k}]`, indices[k], 0, size - 1);
    const step = Math.round(t / dt);
    if (step > 0xfffffffe) throw new InvalidParameterError(object, `times[${k}]`, t, `at most ${0xfffffffe * dt} ms`);
    let set = byStep.get(step);
    if (!set) byStep.set(step, (set = new Set()));
    set.add(i);
    nSteps = Math.max(nSteps, step + 1);
  }
  const offsets = new Uint32Array(nSteps + 1);
  const ids: number[] = [];
  let maxPerStep = 0;
  for (let t = 0; t < nSteps; t++) {
    offsets[t] = ids.length;
    const set = byStep.get(t);
    if (set) {
      ids.push(...[...set].sort((a, b) => a - b));
      maxPerStep = Math.max(maxPerStep, set.size);
    }
  }
  offsets[nSteps] = ids.length;
  return { offsets, ids: Uint32Array.from(ids), nSteps, maxPerStep };
}

export function spikeArraySource(workgroupSize: number): string {
  return spikeArrayShader({ workgroupSize, frameStruct: SPIKE_ARRAY_FRAME.wgsl, clockStruct: CLOCK.wgsl });
}
