/**
 * neuronGroup: every neuron population (and Poisson source) of a group updated by one dispatch, one
 * range of workgroups per population (binding, table and arenas: host/kernels/neuronGroup.ts). A workgroup finds its
 * population by a binary search of the table's first blocks, empties that population's next spike
 * slot, and runs the population's model variant: the same update body (NeuronParts) as the
 * per-population kernel of that model, its params and state loaded from u32 words by bitcast, its
 * input read from its ring slot and cleared. So the spikes, states and counters are bit-identical to
 * one dispatch per population, which the Simulator still uses for populations that cannot group.
 * A Poisson source's variant is the poisson kernel's draw (shaders/poisson.wgsl.ts) on its rates.
 *
 * Bindings: frame (uniform); cst (read): the table then every population's params; st: states;
 * acc: the input arena (every ring of the group); spikeCount: the spike header arena; lists: the
 * spike list arena; bitsArena: the group's spike bitmasks; clock (uniform, dynamic offset).
 * Dispatch: x*z workgroups cover the table's blocks (x <= maxComputeWorkgroupsPerDimension), y = instance.
 */
import type { StructLayout } from '../host/gpu/layout.js';
import { modelModule, renameStructs, structIo, wgslCommentText, type ModuleModel } from './common/model-module.wgsl.js';
import { nonFiniteTest, RECORD_NON_FINITE_WGSL, spikeFunctionsWgsl } from './common/neuron-frame.wgsl.js';
import { NO_CONTRACT_WGSL } from './common/no-contract.wgsl.js';
import { PHILOX_WGSL } from './common/philox.wgsl.js';

/**
 * A variant of the group: a neuron model (key, parts, layouts) or the Poisson source, each with a
 * name for the comment.
 */
export type GroupVariant = (ModuleModel & { kind: 'neuron'; label: string }) | { kind: 'poisson'; label: string };

export interface NeuronGroupShaderOptions {
  workgroupSize: number;
  variants: readonly GroupVariant[];
  frameStruct: string;
  clockStruct: string;
  entryLayout: StructLayout;
}

function variantFunction(v: GroupVariant, k: number): string {
  if (v.kind === 'poisson') {
    // As shaders/poisson.wgsl.ts: spike iff uniform01(Philox(i, step, stream, b).x) < f32(rate * pScale).
    return `
// variant ${k}: poisson source
fn update${k}(b: u32, i: u32) {
  let word = philox4x32_10(vec4<u32>(i, clock.step, pe.stream, b), vec2<u32>(pe.seedLo, pe.seedHi)).x;
  let p = bitcast<f32>(cst[pe.params + i]) * pe.pScale;
  if (uniform01(word) < p) {
    emitSpike(b, i);
  }
}`;
  }
  const sw = v.stateLayout.stride / 4;
  return `
// variant ${k}: ${wgslCommentText(v.label)}
fn update${k}(b: u32, i: u32) {
  let idx = b * pe.n + i;
  let p = loadParams_${v.key}(pe.params + i * pe.paramStride);
  var s = loadState_${v.key}(pe.state + idx * ${sw}u);
  // Synaptic input of this step (its ring slot): fixed point -> float, then the accumulator is cleared.
  let ring = (clock.step % pe.slots) * pe.slotWords + idx;
  let inExc = f32(acc[pe.exc + ring]) * frame.inputScale;
  let inInh = f32(acc[pe.inh + ring]) * frame.inputScale;
  acc[pe.exc + ring] = 0;
  acc[pe.inh + ring] = 0;
  // Philox counter and key of this neuron's draws this step (for models with noise).
  let noiseCounter = vec4<u32>(i, clock.step, pe.stream, b);
  let noiseKey = vec2<u32>(pe.seedLo, pe.seedHi);
  var spiked = false;
${renameStructs(v.parts.body, v.key)}
  storeState_${v.key}(pe.state + idx * ${sw}u, s);
  if (${nonFiniteTest(v.parts.finite)}) {
    recordNonFinite(idx);
  }
  if (spiked) {
    emitSpike(b, i);
  }
}`;
}

export function neuronGroupShader(o: NeuronGroupShaderOptions): string {
  const WG = o.workgroupSize;
  const module = modelModule(o.variants.filter((v) => v.kind === 'neuron'), 'cst', 'st');
  const needsPhilox = module.needsPhilox || o.variants.some((v) => v.kind === 'poisson');
  const entryWords = o.entryLayout.stride / 4;
  return `// neuronGroup — ${o.variants.length} model variant(s), one workgroup range per population; one dispatch per step.
${o.frameStruct}
${o.clockStruct}
@group(0) @binding(0) var<uniform> frame: Frame;
@group(0) @binding(1) var<storage, read> cst: array<u32>;
@group(0) @binding(2) var<storage, read_write> st: array<u32>;
@group(0) @binding(3) var<storage, read_write> acc: array<i32>;
@group(0) @binding(4) var<storage, read_write> spikeCount: array<atomic<u32>>;
@group(0) @binding(5) var<storage, read_write> lists: array<u32>;
@group(0) @binding(6) var<storage, read_write> bitsArena: array<atomic<u32>>;
@group(0) @binding(7) var<uniform> clock: Clock;

${structIo(o.entryLayout, 'Pop', 'cst', false)}
// The population of this workgroup (its table entry), read once by main.
var<private> pe: Pop;
${spikeFunctionsWgsl({
    n: 'pe.n', words: 'pe.words', countBase: 'pe.countBase', clearsArgs: 'pe.clearsArgs',
    listArray: 'lists', listBase: 'pe.list', bitsArray: 'bitsArena', bitsBase: 'pe.bits',
  })}
${RECORD_NON_FINITE_WGSL}
${NO_CONTRACT_WGSL}
${needsPhilox ? PHILOX_WGSL : ''}
${module.wgsl}
${o.variants.map(variantFunction).join('\n')}

@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let block = wid.z * frame.wgX + wid.x;
  if (block >= frame.totalBlocks) {
    return;
  }
  // The last population whose first block is <= block (entries sorted by first block).
  var lo = 0u;
  var hi = frame.pops - 1u;
  while (lo < hi) {
    let mid = (lo + hi + 1u) / 2u;
    if (cst[mid * ${entryWords}u] <= block) {
      lo = mid;
    } else {
      hi = mid - 1u;
    }
  }
  pe = loadPop(lo * ${entryWords}u);
  let i = (block - pe.firstBlock) * ${WG}u + lid;
  let b = wid.y;
  clearNextSlot(b, i);
  if (i < pe.n) {
    switch pe.variant {
${o.variants.map((_, k) => `      case ${k}u: { update${k}(b, i); }`).join('\n')}
      default: {}
    }
  }
}
`;
}
