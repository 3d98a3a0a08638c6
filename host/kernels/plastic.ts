/**
 * plastic kernel binding: the frame, the rule's constant struct, the bindings and the WGSL of a
 * plastic projection's passes (modulate, pre, post, step) (shaders/plastic.wgsl.ts); oracle: kernels-tests/oracle/plastic.ts.
 * The projection object that owns the buffers and encodes the passes is host/sim/plastic-projection.ts.
 */
import { defineStruct, type StructLayout } from '../gpu/layout.js';
import type { BindingSpec } from '../gpu/pipelines.js';
import { CLOCK } from '../gpu/clock.js';
import { plasticPassBuffers, plasticPasses, plasticShader, type PlasticPass, type RuleParts, type TraceSpec } from '../../shaders/plastic.wgsl.js';

export const PLASTIC_FRAME = defineStruct('Frame', [
  ['nPre', 'u32'],
  ['nPost', 'u32'],
  /** Row stride of the synapse arrays (sparse: the longest row; dense: the row length). */
  ['maxRow', 'u32'],
  /** Synapses of one instance in `syn` (nPre x maxRow). */
  ['synStride', 'u32'],
  ['slots', 'u32'],
  ['slotWords', 'u32'],
  ['counterIndex', 'u32'],
  /** Fixed-point scale of the post accumulators (2^fractionBits). */
  ['scale', 'f32'],
  /** Offsets (words) of the pre and post trace blocks in `traces`, and words per neuron (traces + last step). */
  ['preBase', 'u32'],
  ['postBase', 'u32'],
  ['preStride', 'u32'],
  ['postStride', 'u32'],
  /** Dense storage: the row length, and whether i -> i is left out. */
  ['denseRow', 'u32'],
  ['skipSelf', 'u32'],
  ['noContract', 'u32'],
  /** Batch instances, and the words of one synapse variable over every instance (batch x synStride). */
  ['batch', 'u32'],
  ['varStride', 'u32'],
]);

/**
 * A trace's decay table: entry k = f32(exp(-2^k dt / tau)), k = 0..31, computed in float64 (the
 * oracle uses the same table): the decay over n steps is the product of the entries of n's set bits.
 */
export function traceDecayTable(dt: number, tr: TraceSpec): number[] {
  return Array.from({ length: 32 }, (_, k) => Math.fround(Math.exp((-(2 ** k) * dt) / tr.tauMs)));
}

/** The rule's uniform: wMin, wMax, its constants, each trace's amount, then each trace's decay table (8 vec4). */
export function ruleLayout(rule: RuleParts): StructLayout {
  const fields: [string, 'f32' | 'vec4<f32>'][] = ['wMin', 'wMax', ...Object.keys(rule.constants).filter((k) => k !== 'wMin' && k !== 'wMax')].map((k) => [k, 'f32']);
  for (const side of ['pre', 'post'] as const) {
    for (const tr of side === 'pre' ? rule.preTraces : rule.postTraces) fields.push([`amount_${side}_${tr.name}`, 'f32']);
  }
  for (const side of ['pre', 'post'] as const) {
    for (const tr of side === 'pre' ? rule.preTraces : rule.postTraces) for (let m = 0; m < 8; m++) fields.push([`pow_${side}_${tr.name}_${m}`, 'vec4<f32>']);
  }
  return defineStruct('Rule', fields);
}

/** The values of ruleLayout(rule) at time step dt. */
export function ruleValues(rule: RuleParts, dt: number): Record<string, number | number[]> {
  const v: Record<string, number | number[]> = { wMin: Math.fround(rule.wMin), wMax: Math.fround(rule.wMax), ...rule.constants };
  for (const side of ['pre', 'post'] as const) {
    for (const tr of side === 'pre' ? rule.preTraces : rule.postTraces) {
      v[`amount_${side}_${tr.name}`] = Math.fround(tr.amount);
      const table = traceDecayTable(dt, tr);
      for (let m = 0; m < 8; m++) v[`pow_${side}_${tr.name}_${m}`] = table.slice(4 * m, 4 * m + 4);
    }
  }
  return v;
}

export function plasticBindings(pass: PlasticPass, dense: boolean, modulated: boolean, modSource: boolean): BindingSpec[] {
  const kinds: Record<string, BindingSpec['kind']> = {
    spikeCount: 'read-only-storage', spikeList: 'read-only-storage', rows: 'read-only-storage', cols: 'read-only-storage',
    syn: 'storage', acc: 'storage', counters: 'storage', traces: 'storage', health: 'storage',
    mod: 'read-only-storage', modState: 'storage', events: 'read-only-storage', source: 'read-only-storage',
  };
  return [
    { name: 'frame', kind: 'uniform' },
    { name: 'clock', kind: 'uniform', dynamicOffset: true },
    { name: 'rule', kind: 'uniform' },
    ...plasticPassBuffers(pass, dense, modulated, modSource).map((name) => ({ name, kind: kinds[name]!, ...(name === 'spikeCount' || name === 'spikeList' || name === 'source' ? { dynamicOffset: true } : {}) })),
  ];
}

export function plasticSource(workgroupSize: number, pass: PlasticPass, dense: boolean, rule: RuleParts, modSource = false): string {
  return plasticShader({ workgroupSize, pass, dense, modSource, rule, frameStruct: PLASTIC_FRAME.wgsl, clockStruct: CLOCK.wgsl, ruleStruct: ruleLayout(rule).wgsl });
}

/** Buffers of one pass, by name (the order of plasticPassBuffers), and the passes of a rule. */
export { plasticPassBuffers, plasticPasses };
