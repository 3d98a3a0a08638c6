/**
 * propagate kernel binding: the frame, bindings and WGSL source of the indirect dispatch that
 * scatters each step's spikes over a projection's ragged rows into the post population's delay ring.
 * WGSL: shaders/propagate.wgsl.ts; oracle: kernels-tests/oracle/propagate.ts. The projection object
 * that owns the buffers and encodes the dispatch is host/sim/projection.ts.
 */
import { defineStruct } from '../gpu/layout.js';
import type { BindingSpec } from '../gpu/pipelines.js';
import { CLOCK } from '../gpu/clock.js';
import { propagateShader } from '../../shaders/propagate.wgsl.js';

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
    { name: 'spikeCount', kind: 'read-only-storage', dynamicOffset: true },
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

export type PropagateStrategy = 'thread' | 'workgroup';

/** The WGSL of propagate for one delay mode and strategy. */
export function propagateSource(workgroupSize: number, perSynapseDelay: boolean, strategy: PropagateStrategy = 'thread'): string {
  return propagateShader({ workgroupSize, perSynapseDelay, strategy, frameStruct: PROPAGATE_FRAME.wgsl, clockStruct: CLOCK.wgsl });
}

/**
 * The strategy 'auto' picks for a projection: on a hardware adapter, 'workgroup' once the rows are
 * long enough to share out (maxRow >= WORKGROUP_ROW_MIN); on software adapters (a CPU runs each
 * thread's loop anyway) and for short rows, 'thread'. WORKGROUP_ROW_MIN is a first guess until the
 * device kit measures it on a GPU (docs/device.md).
 */
export const WORKGROUP_ROW_MIN = 32;
export function chooseStrategy(maxRow: number, software: boolean): PropagateStrategy {
  return !software && maxRow >= WORKGROUP_ROW_MIN ? 'workgroup' : 'thread';
}
