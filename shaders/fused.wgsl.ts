/**
 * fused: the small-network kernel. One workgroup per batch instance walks many steps in one
 * dispatch; within a step, every population updates (neurons strided over the workgroup's threads),
 * a storage barrier, then every projection scatters that step's spikes, and another barrier.
 * This removes the per-step dispatch and clear commands that dominate small networks.
 *
 * The source is generated per network (as GeNN generates its code): sizes and offsets are WGSL
 * constants, and all data lives in five storage buffers whatever the network's shape:
 *   cst  (read)       u32 words: params of every population, Poisson rates, spike-array schedules, rows
 *   st   (read_write) u32 words: neuron state structs, bitcast field by field
 *   acc  (atomic i32) every population's excitatory and inhibitory delay rings
 *   hdr  (atomic u32) 3 counters per projection, then per population its 4 totals (spikes lo/hi,
 *                     first non-finite step and index), per-step spike counts [steps][B] and
 *                     per-step spike bitmasks [steps][B][W]
 *   lists (read_write) u32: each population's spike list [B][N] of the current step
 * The neuron update bodies are the same WGSL as the per-step kernels (NeuronParts), and delivery
 * adds i32 fixed point with atomics, so results are bit-identical to the per-step path.
 */
import type { StructLayout } from '../host/gpu/layout.js';
import { modelModule, renameStructs, wgslCommentText } from './common/model-module.wgsl.js';
import { DELIVERY_WGSL } from './common/delivery.wgsl.js';
import { NON_FINITE_WGSL, nonFiniteTest, type NeuronParts } from './common/neuron-frame.wgsl.js';
import { NO_CONTRACT_WGSL } from './common/no-contract.wgsl.js';
import { PHILOX_WGSL } from './common/philox.wgsl.js';

interface FusedPopCommon {
  name: string;
  size: number;
  words: number;
  /** hdr word offsets. */
  totals: number;
  counts: number;
  bits: number;
  /** lists word offset. */
  list: number;
}

export type FusedPopPlan = FusedPopCommon & (
  | {
    kind: 'neuron';
    model: string;
    parts: NeuronParts;
    paramsLayout: StructLayout;
    stateLayout: StructLayout;
    /** One params struct for the whole population (else one per neuron). */
    scalarParams: boolean;
    /** cst word offset of the params. */
    params: number;
    /** st word offset of the state. */
    state: number;
    /** acc word offsets of the rings, their slot count and words per slot. */
    exc: number;
    inh: number;
    slots: number;
    slotWords: number;
    /** Philox key and stream of the population's own draws (noise). */
    seedLo: number;
    seedHi: number;
    stream: number;
  }
  | { kind: 'poisson'; rates: number; seedLo: number; seedHi: number; stream: number; pScaleBits: number }
  | { kind: 'spikeArray'; offsets: number; ids: number; nSteps: number }
);

export interface FusedProjPlan {
  name: string;
  pre: number;
  post: number;
  /** acc word offset of the post population's ring for this projection's target. */
  ring: number;
  slots: number;
  slotWords: number;
  nPost: number;
  maxRow: number;
  /** Index of the projection's 3 counters in hdr. */
  counter: number;
  /** cst word offsets; ind and rowLength are absent for dense rows (rowLength then `denseRow`). */
  weight: number;
  rowLength?: number;
  ind?: number;
  delay?: number;
  constDelay: number;
  dense?: { rowLength: number; skipSelf: boolean };
}

export interface FusedPlan {
  workgroupSize: number;
  batch: number;
  /** Steps whose counts and bitmasks the hdr holds (steps per dispatch at most). */
  maxSteps: number;
  pops: FusedPopPlan[];
  projs: FusedProjPlan[];
}

function neuronPhase(p: Extract<FusedPopPlan, { kind: 'neuron' }>, k: number, plan: FusedPlan): string {
  const pw = p.paramsLayout.stride / 4;
  const sw = p.stateLayout.stride / 4;
  return `
    { // population ${k} '${wgslCommentText(p.name)}' (${p.model})
      let slot = step % ${p.slots}u;
      let excBase = ${p.exc}u + slot * ${p.slotWords}u + b * ${p.size}u;
      let inhBase = ${p.inh}u + slot * ${p.slotWords}u + b * ${p.size}u;
      for (var i = lid; i < ${p.size}u; i = i + ${plan.workgroupSize}u) {
        let idx = b * ${p.size}u + i;
        let p = loadParams_${p.model}(${p.params}u${p.scalarParams ? '' : ` + i * ${pw}u`});
        var s = loadState_${p.model}(${p.state}u + idx * ${sw}u);
        let inExc = f32(atomicExchange(&acc[excBase + i], 0)) * frame.inputScale;
        let inInh = f32(atomicExchange(&acc[inhBase + i], 0)) * frame.inputScale;
        let noiseCounter = vec4<u32>(i, step, ${p.stream}u, b);
        let noiseKey = vec2<u32>(${p.seedLo}u, ${p.seedHi}u);
        var spiked = false;
${renameStructs(p.parts.body, p.model)}
        storeState_${p.model}(${p.state}u + idx * ${sw}u, s);
        if (${nonFiniteTest(p.parts.finite)}) {
          recordNonFinite(${p.totals}u, idx, step);
        }
        if (spiked) {
          emitSpike(${p.counts}u, ${p.totals}u, ${p.bits}u, ${p.list}u, ${p.size}u, ${p.words}u, sb, b, i);
        }
      }
    }`;
}

function sourcePhase(p: FusedPopPlan, k: number, plan: FusedPlan): string {
  const emit = (i: string) => `emitSpike(${p.counts}u, ${p.totals}u, ${p.bits}u, ${p.list}u, ${p.size}u, ${p.words}u, sb, b, ${i});`;
  if (p.kind === 'poisson') {
    return `
    { // population ${k} '${wgslCommentText(p.name)}' (poisson)
      for (var i = lid; i < ${p.size}u; i = i + ${plan.workgroupSize}u) {
        let word = philox4x32_10(vec4<u32>(i, step, ${p.stream}u, b), vec2<u32>(${p.seedLo}u, ${p.seedHi}u)).x;
        let pr = bitcast<f32>(cst[${p.rates}u + i]) * bitcast<f32>(${p.pScaleBits}u);
        if (uniform01(word) < pr) {
          ${emit('i')}
        }
      }
    }`;
  }
  if (p.kind === 'spikeArray') {
    return `
    { // population ${k} '${wgslCommentText(p.name)}' (spikeArray)
      if (step < ${p.nSteps}u) {
        let start = cst[${p.offsets}u + step];
        let count = cst[${p.offsets}u + step + 1u] - start;
        for (var q = lid; q < count; q = q + ${plan.workgroupSize}u) {
          ${emit(`cst[${p.ids}u + start + q]`)}
        }
      }
    }`;
  }
  return neuronPhase(p, k, plan);
}

function projectionPhase(r: FusedProjPlan, plan: FusedPlan): string {
  const pre = plan.pops[r.pre]!;
  const post = r.dense
    ? (r.dense.skipSelf ? 'select(q, q + 1u, q >= pre)' : 'q')
    : `cst[${r.ind}u + base + q]`;
  const len = r.dense ? `${r.dense.rowLength}u` : `cst[${r.rowLength}u + pre]`;
  const d = r.delay !== undefined ? `cst[${r.delay}u + base + q]` : `${r.constDelay}u`;
  return `
    { // projection '${wgslCommentText(r.name)}'
      let count = atomicLoad(&hdr[${pre.counts}u + sb + b]);
      let postBase = ${r.ring}u + b * ${r.nPost}u;
      for (var k = lid; k < count; k = k + ${plan.workgroupSize}u) {
        let pre = lists[${pre.list}u + b * ${pre.size}u + k];
        let base = pre * ${r.maxRow}u;
        let len = ${len};
        var wraps = 0u;
        for (var q = 0u; q < len; q = q + 1u) {
          let w = bitcast<i32>(cst[${r.weight}u + base + q]);
          let slot = (step + ${d}) % ${r.slots}u;
          let old = atomicAdd(&acc[postBase + slot * ${r.slotWords}u + ${post}], w);
          _ = addWrapped(old, w, &wraps);
        }
        countDelivery(${3 * r.counter}u, len, wraps);
      }
    }`;
}

/**
 * An upper bound on the loop iterations one invocation (one SIMD group) makes per step, whatever
 * fires: every strided loop at its longest, every spike with a full row, Philox's 10 rounds per
 * draw. Mesa's llvmpipe stops every loop of an invocation after 65535 iterations in total
 * (gallivm's loop limiter), so a dispatch may hold only as many steps as keep this under that.
 */
export function loopIterationsPerStep(plan: FusedPlan): number {
  const W = plan.workgroupSize;
  const strided = (n: number): number => Math.ceil(n / W);
  let total = 1; // the step loop
  for (const p of plan.pops) {
    if (p.kind === 'poisson') total += strided(p.size) * 11;
    else if (p.kind === 'spikeArray') total += strided(p.size);
    else total += strided(p.size);
  }
  for (const r of plan.projs) total += strided(plan.pops[r.pre]!.size) * (1 + r.maxRow);
  return total;
}

export function fusedShader(plan: FusedPlan): string {
  const neuronPops = plan.pops.filter((p): p is Extract<FusedPopPlan, { kind: 'neuron' }> => p.kind === 'neuron');
  const module = modelModule(neuronPops.map((p) => ({ key: p.model, parts: p.parts, paramsLayout: p.paramsLayout, stateLayout: p.stateLayout })), 'cst', 'st');
  // Philox once, whoever needs it (Poisson sources, neuron models with noise).
  const needsPhilox = module.needsPhilox || plan.pops.some((p) => p.kind === 'poisson');
  const W = plan.workgroupSize;
  return `// fused — ${plan.pops.length} populations, ${plan.projs.length} projections, ${plan.batch} instance(s); many steps per dispatch.
// Per step: every population updates, storageBarrier, every projection scatters, storageBarrier.
struct Frame {
  firstStep: u32,
  steps: u32,
  // Index of firstStep's slice in the per-step counts and bitmasks.
  offset: u32,
  inputScale: f32,
  dt: f32,
  halfDt: f32,
  noContract: u32,
}
@group(0) @binding(0) var<uniform> frame: Frame;
@group(0) @binding(1) var<storage, read> cst: array<u32>;
@group(0) @binding(2) var<storage, read_write> st: array<u32>;
@group(0) @binding(3) var<storage, read_write> acc: array<atomic<i32>>;
@group(0) @binding(4) var<storage, read_write> hdr: array<atomic<u32>>;
@group(0) @binding(5) var<storage, read_write> lists: array<u32>;
${NO_CONTRACT_WGSL}
${DELIVERY_WGSL.replace(/\bcounters\b/g, 'hdr')}
${needsPhilox ? PHILOX_WGSL : ''}
${module.wgsl}

// As the per-step frame's emitSpike, into this step's count and bitmask (sb = step in dispatch * B).
fn emitSpike(counts: u32, totals: u32, bits: u32, list: u32, n: u32, words: u32, sb: u32, b: u32, i: u32) {
  let slot = atomicAdd(&hdr[counts + sb + b], 1u);
  lists[list + b * n + slot] = i;
  atomicOr(&hdr[bits + (sb + b) * words + (i >> 5u)], 1u << (i & 31u));
  let before = atomicAdd(&hdr[totals], 1u);
  if (before == 0xffffffffu) {
    atomicAdd(&hdr[totals + 1u], 1u);
  }
}

${NON_FINITE_WGSL}
fn recordNonFinite(totals: u32, idx: u32, step: u32) {
  if (atomicLoad(&hdr[totals + 2u]) >= step) {
    atomicMin(&hdr[totals + 2u], step);
    atomicMin(&hdr[totals + 3u], idx);
  }
}

@compute @workgroup_size(${W})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let b = wid.x;
  for (var ts = 0u; ts < frame.steps; ts = ts + 1u) {
    let step = frame.firstStep + ts;
    let sb = (frame.offset + ts) * ${plan.batch}u;
${plan.pops.map((p, k) => sourcePhase(p, k, plan)).join('\n')}
    storageBarrier();
${plan.projs.map((r) => projectionPhase(r, plan)).join('\n')}
    storageBarrier();
  }
}
`;
}
