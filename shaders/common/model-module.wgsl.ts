/**
 * Several neuron models in one WGSL module, for the kernels that update many populations in one
 * dispatch (the fused small-network kernel, shaders/fused.wgsl.ts, and the neuron group,
 * shaders/neuron-group.wgsl.ts): each model's Params and State structs renamed by its key and loaded
 * from (and stored to) u32 arrays field by field with bitcasts, so the values are bit for bit those
 * of the per-population kernels; its helpers declared once, those several models share declared once.
 */
import type { StructLayout } from '../../host/gpu/layout.js';
import type { NeuronParts } from './neuron-frame.wgsl.js';
import { GAUSS4_WGSL } from './gauss4.wgsl.js';
import { LIF_MEMBRANE_WGSL } from './lif-membrane.wgsl.js';
import { NO_CONTRACT_WGSL } from './no-contract.wgsl.js';
import { PHILOX_WGSL } from './philox.wgsl.js';
import { POISSON_INPUT_WGSL } from './poisson-input.wgsl.js';

/**
 * A population or projection name as it may appear in a WGSL comment: names are validated against
 * NAME_PATTERN (host/validate.ts) before any shader is built, and this keeps only those characters
 * anyway, so no text from a model file can end the comment and become shader code.
 */
export function wgslCommentText(name: string): string {
  return name.replace(/[^A-Za-z0-9_.>-]/g, '?').slice(0, 64);
}

/** A neuron model as a multi-population module needs it: its key (a WGSL identifier part), parts and layouts. */
export interface ModuleModel {
  key: string;
  parts: NeuronParts;
  paramsLayout: StructLayout;
  stateLayout: StructLayout;
}

/** Whether every field of a layout is a scalar (what structIo can load by bitcast). */
export function scalarFieldsOnly(layout: StructLayout): boolean {
  return layout.fields.every((f) => f.type === 'f32' || f.type === 'i32' || f.type === 'u32');
}

/** `struct Name { ... }` plus load (and store) functions reading the struct from a u32 array field by field. */
export function structIo(layout: StructLayout, name: string, array: string, store: boolean): string {
  const conv = (t: string, x: string): string => (t === 'u32' ? x : `bitcast<${t}>(${x})`);
  const fields = layout.fields.map((f) => {
    if (f.type !== 'f32' && f.type !== 'i32' && f.type !== 'u32') throw new Error(`multi-population kernel: field ${layout.name}.${f.name} of type ${f.type} is not a scalar`);
    return { name: f.name, type: f.type, word: f.offset / 4 };
  });
  let s = `struct ${name} {\n${fields.map((f) => `  ${f.name}: ${f.type},`).join('\n')}\n}
fn load${name}(at: u32) -> ${name} {
  return ${name}(${fields.map((f) => conv(f.type, `${array}[at + ${f.word}u]`)).join(', ')});
}
`;
  if (store) {
    s += `fn store${name}(at: u32, v: ${name}) {
${fields.map((f) => `  ${array}[at + ${f.word}u] = ${f.type === 'u32' ? `v.${f.name}` : `bitcast<u32>(v.${f.name})`};`).join('\n')}
}
`;
  }
  return s;
}

/** Renames a model's struct types (Params, State) in its WGSL so several models share one module. */
export function renameStructs(src: string, model: string): string {
  return src.replace(/\bParams\b/g, `Params_${model}`).replace(/\bState\b/g, `State_${model}`);
}

/** Helper functions shared by several neuron models, emitted once (they use no model struct). */
const SHARED_HELPERS = [LIF_MEMBRANE_WGSL.replace(NO_CONTRACT_WGSL, ''), POISSON_INPUT_WGSL, GAUSS4_WGSL];

/**
 * The declarations of `models` (one per key: the first of each key is used): struct IO over
 * `paramsArray` (load) and `stateArray` (load and store), the shared helpers, then each model's own
 * helpers. noContract and Philox are left out (the kernel declares them once, Philox when
 * `needsPhilox`).
 */
export function modelModule(models: Iterable<ModuleModel>, paramsArray: string, stateArray: string): { wgsl: string; needsPhilox: boolean } {
  const byKey = new Map<string, ModuleModel>();
  let needsPhilox = false;
  for (const m of models) {
    if (!byKey.has(m.key)) byKey.set(m.key, m);
    needsPhilox ||= m.parts.helpers.includes(PHILOX_WGSL);
  }
  const helpers = new Set<string>();
  const shared = new Set<string>();
  let decls = '';
  for (const [key, m] of byKey) {
    decls += structIo(m.paramsLayout, `Params_${key}`, paramsArray, false);
    decls += structIo(m.stateLayout, `State_${key}`, stateArray, true);
    let own = m.parts.helpers.replace(NO_CONTRACT_WGSL, '').replace(PHILOX_WGSL, '');
    // Functions several models include (the LIF membrane, the Poisson input sampler): declared once.
    for (const chunk of SHARED_HELPERS) {
      if (own.includes(chunk)) {
        shared.add(chunk);
        own = own.replace(chunk, '');
      }
    }
    helpers.add(renameStructs(own, key));
  }
  return { wgsl: `${decls}\n${[...shared].join('\n')}\n${[...helpers].join('\n')}`, needsPhilox };
}
