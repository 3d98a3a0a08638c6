/**
 * procedural kernel binding: fixed-probability (or all-to-all) projections whose synapses are
 * regenerated from Philox at every spike and stored nowhere, so their size is bounded by compute,
 * not memory. Constant or uniform weights, one delay. WGSL: shaders/procedural.wgsl.ts;
 * oracle: kernels-tests/oracle/procedural.ts.
 */
import { InvalidParameterError } from '../errors.js';
import { defineStruct } from '../gpu/layout.js';
import type { BindingSpec } from '../gpu/pipelines.js';
import { delaySteps, type RowSpec } from '../random/rows.js';
import { seedWords } from '../random/philox.js';
import { CLOCK } from '../gpu/clock.js';
import { proceduralShader } from '../../shaders/procedural.wgsl.js';

export const PROCEDURAL_FRAME = defineStruct('Frame', [
  ['nPre', 'u32'], ['nPost', 'u32'], ['slots', 'u32'], ['slotWords', 'u32'],
  ['delay', 'u32'], ['counterIndex', 'u32'], ['skipSelf', 'u32'], ['allPairs', 'u32'],
  ['threshold', 'u32'], ['seedLo', 'u32'], ['seedHi', 'u32'], ['stream', 'u32'],
  ['qConst', 'i32'], ['wLo', 'f32'], ['wRange', 'f32'], ['scale', 'f32'], ['noContract', 'u32'],
]);

export const PROCEDURAL_BINDINGS: BindingSpec[] = [
  { name: 'frame', kind: 'uniform' },
  { name: 'clock', kind: 'uniform', dynamicOffset: true },
  { name: 'spikeCount', kind: 'read-only-storage', dynamicOffset: true },
  { name: 'spikeList', kind: 'read-only-storage' },
  { name: 'acc', kind: 'storage' },
  { name: 'counters', kind: 'storage' },
];

export function proceduralSource(workgroupSize: number, uniformWeight: boolean): string {
  return proceduralShader({ workgroupSize, uniformWeight, frameStruct: PROCEDURAL_FRAME.wgsl, clockStruct: CLOCK.wgsl });
}

/** null when the projection can be procedural, else why not. */
export function proceduralSupport(p: RowSpec): string | null {
  const rule = p.connectivity.rule;
  if (rule !== 'fixedProbability' && rule !== 'allToAll') return `procedural storage needs fixedProbability or allToAll connectivity, not ${rule}`;
  const w = p.weight;
  if (typeof w === 'object' && w.dist !== 'constant' && w.dist !== 'uniform') return `procedural storage needs constant or uniform weights, not ${w.dist}`;
  const d = p.delayMs;
  if (d !== undefined && typeof d !== 'number' && d.dist !== 'constant') return 'procedural storage needs one delay for the projection';
  return null;
}

export const PROCEDURAL_STREAM_BASE = 0x10000;

/** The frame values of a procedural projection (shared by the GPU binding and, in f32, the oracle). */
export function proceduralFrame(p: RowSpec, index: number, nPre: number, nPost: number, same: boolean,
  opts: { seed: number; dt: number; fractionBits: number; maxDelaySteps: number }): Record<string, number> {
  const object = `projection '${p.name}'`;
  const c = p.connectivity;
  const autapses = 'autapses' in c && c.autapses === true;
  const prob = c.rule === 'fixedProbability' ? c.p : 1;
  const f = Math.fround;
  const w = p.weight;
  const uniform = typeof w === 'object' && w.dist === 'uniform';
  const wConst = typeof w === 'number' ? w : w.dist === 'constant' ? w.value : 0;
  const scale = 2 ** opts.fractionBits;
  const wLo = uniform ? f((w as { low: number }).low) : 0;
  const wHi = uniform ? f((w as { high: number }).high) : 0;
  const biggest = uniform ? Math.max(Math.abs(wLo), Math.abs(wHi)) : Math.abs(wConst);
  if (biggest * scale >= 0x7fffffff) throw new InvalidParameterError(object, 'weight', biggest, `a weight within +-${(0x7fffffff / scale).toFixed(1)} (fixed point)`);
  const d = p.delayMs ?? opts.dt;
  const delayMs = typeof d === 'number' ? d : (d as { value: number }).value;
  const [seedLo, seedHi] = seedWords(opts.seed);
  return {
    nPre, nPost, delay: delaySteps(object, 'delayMs', delayMs, opts.dt, opts.maxDelaySteps), skipSelf: same && !autapses ? 1 : 0,
    allPairs: prob >= 1 ? 1 : 0, threshold: Math.min(0xffffffff, Math.floor(prob * 2 ** 32)), seedLo, seedHi,
    stream: PROCEDURAL_STREAM_BASE + index, qConst: Math.round(wConst * scale), wLo, wRange: f(wHi - wLo), scale, uniform: uniform ? 1 : 0,
  };
}
