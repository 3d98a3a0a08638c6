/**
 * gather kernel binding: the dense all-to-all strategy. GpuProjection (host/kernels/propagate.ts)
 * uses it for allToAll projections with one delay unless `storage: 'sparse'`.
 * WGSL: shaders/gather.wgsl.ts; oracle: kernels-tests/oracle/gather.ts.
 */
import { defineStruct } from '../gpu/layout.js';
import type { BindingSpec } from '../gpu/pipelines.js';
import { CLOCK } from '../gpu/clock.js';
import { gatherShader } from '../../shaders/gather.wgsl.js';

/** Frame of the dense all-to-all gather (shaders/gather.wgsl.ts). */
export const GATHER_FRAME = defineStruct('Frame', [
  ['nPre', 'u32'],
  ['nPost', 'u32'],
  ['maxRow', 'u32'],
  ['slots', 'u32'],
  ['slotWords', 'u32'],
  ['delay', 'u32'],
  ['counterIndex', 'u32'],
  ['skipSelf', 'u32'],
  ['rowLength', 'u32'],
]);

export const GATHER_BINDINGS: BindingSpec[] = [
  { name: 'frame', kind: 'uniform' },
  { name: 'clock', kind: 'uniform', dynamicOffset: true },
  { name: 'spikeCount', kind: 'read-only-storage', dynamicOffset: true },
  { name: 'spikeList', kind: 'read-only-storage' },
  { name: 'weight', kind: 'read-only-storage' },
  { name: 'acc', kind: 'storage' },
  { name: 'counters', kind: 'storage' },
];

export function gatherSource(workgroupSize: number): string {
  return gatherShader({ workgroupSize, frameStruct: GATHER_FRAME.wgsl, clockStruct: CLOCK.wgsl });
}
