/**
 * fused kernel binding: the small-network mode of the Simulator, one dispatch advancing up to
 * CLOCK_SLOTS steps (WGSL: shaders/fused.wgsl.ts): its frame, bindings and limits. The engine that
 * packs a network's buffers for it and runs it is host/sim/fused-engine.ts.
 */
import { defineStruct } from '../gpu/layout.js';
import type { BindingSpec } from '../gpu/pipelines.js';

export const FUSED_FRAME = defineStruct('Frame', [
  ['firstStep', 'u32'],
  ['steps', 'u32'],
  ['offset', 'u32'],
  ['inputScale', 'f32'],
  ['dt', 'f32'],
  ['halfDt', 'f32'],
  ['noContract', 'u32'],
]);

export const FUSED_BINDINGS: BindingSpec[] = [
  { name: 'frame', kind: 'uniform', dynamicOffset: true },
  { name: 'cst', kind: 'read-only-storage' },
  { name: 'st', kind: 'storage' },
  { name: 'acc', kind: 'storage' },
  { name: 'hdr', kind: 'storage' },
  { name: 'lists', kind: 'storage' },
];

/**
 * Largest network (neurons summed over populations) that 'auto' runs fused, on a software adapter.
 * One workgroup per instance walks every neuron, so past this size the per-step path (many
 * workgroups) wins; the crossover measured by `npm run bench -- fused` on llvmpipe is in
 * docs/benchmarks.md.
 */
export const FUSED_AUTO_MAX_NEURONS = 8192;
/**
 * The same threshold on a hardware GPU: one workgroup uses one of its many cores while dispatches
 * cost microseconds, so the crossover should come sooner. A first guess, not a measurement, until the
 * device kit (docs/device.md) times CUBA 4000 both ways on a GPU.
 */
export const FUSED_AUTO_MAX_NEURONS_HARDWARE = 4096;

/** The 'auto' threshold for an adapter class; the Simulator option fusedMaxNeurons overrides it. */
export function fusedAutoMaxNeurons(software: boolean): number {
  return software ? FUSED_AUTO_MAX_NEURONS : FUSED_AUTO_MAX_NEURONS_HARDWARE;
}

/**
 * Loop iterations one invocation may make per dispatch: Mesa's llvmpipe (gallivm) ends every loop of
 * an invocation after 65535 in total, silently; the rest is margin.
 */
export const LOOP_BUDGET = 60000;
