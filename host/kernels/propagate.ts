/**
 * propagate kernel binding: the frame, bindings and WGSL source of the indirect dispatch that
 * scatters each step's spikes over a projection's ragged rows into the post population's delay ring.
 * WGSL: shaders/propagate.wgsl.ts; oracle: kernels-tests/oracle/propagate.ts. The projection object
 * that owns the buffers and encodes the dispatch is host/sim/projection.ts.
 */
import { defineStruct } from '../gpu/layout';
import type { BindingSpec } from '../gpu/pipelines';
import { CLOCK } from '../gpu/clock';
import { propagateShader } from '../../shaders/propagate.wgsl';

export const PROPAGATE_FRAME = defineStruct('Frame', [
  ['nPre', 'u32'],
  ['nPost', 'u32'],
  ['maxRow', 'u32'],
  ['slots', 'u32'],
  ['slotWords', 'u32'],
  ['delay', 'u32'],
  ['counterIndex', 'u32'],
]);

export function propagateBindings(perSynapseDelay: boolean): BindingSpec[] {
  const b: BindingSpec[] = [
    { name: 'frame', kind: 'uniform' },
    { name: 'clock', kind: 'uniform', dynamicOffset: true },
    { name: 'spikeCount', kind: 'read-only-storage' },
    { name: 'spikeList', kind: 'read-only-storage' },
    { name: 'rowLength', kind: 'read-only-storage' },
    { name: 'ind', kind: 'read-only-storage' },
    { name: 'weight', kind: 'read-only-storage' },
    { name: 'acc', kind: 'storage' },
    { name: 'counters', kind: 'storage' },
  ];
  if (perSynapseDelay) b.push({ name: 'delay', kind: 'read-only-storage' });
  return b;
}

/** The WGSL of propagate for one delay mode. */
export function propagateSource(workgroupSize: number, perSynapseDelay: boolean): string {
  return propagateShader({ workgroupSize, perSynapseDelay, frameStruct: PROPAGATE_FRAME.wgsl, clockStruct: CLOCK.wgsl });
}
