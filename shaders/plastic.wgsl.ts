/**
 * plastic: the two passes of a plastic projection, assembled from a learning rule's parts
 * (host/learn/rule.ts). One thread per arriving spike of an instance, dispatched indirectly from
 * the spike count (no readback):
 *  - 'pre': a presynaptic spike reaching the synapses walks its row: each synapse delivers its
 *    current weight (i32 fixed point, round-half-even, atomicAdd into the post ring slot of the next
 *    step), then runs the rule's onPre with the neuron's pre traces (before this spike) and its
 *    target's post traces, decayed to now; then the neuron's pre traces take the spike;
 *  - 'post': a postsynaptic spike walks its column through the transposed index (positions into the
 *    row-major arrays, GeNN's remap: one copy of the weights) and runs onPost; then its post traces
 *    take the spike.
 * The passes are separate dispatches, pre before post within a step (Brian2's order), so every
 * synapse is written by one thread per dispatch and the result does not depend on thread order.
 * Traces decay in closed form: value * exp(-(t - last) dt / tau), the factor a product over the set
 * bits k of t - last of f32(exp(-2^k dt / tau)) from a host table (no loop; the oracle multiplies the
 * same table in the same order). Storage 'dense' (all-to-all) keeps no indices: row entry s
 * of pre i is post s (s + 1 from s = i without autapses).
 */
import { DELIVERY_WGSL } from './common/delivery.wgsl';

/** A per-neuron trace of a rule (see host/learn/rule.ts). */
export interface TraceSpec {
  /** WGSL name suffix: pre_<name> / post_<name>. */
  name: string;
  /** Time constant (ms), > 0. */
  tauMs: number;
  /** At a spike of the trace's neuron: 'add' `amount` (all-to-all pairing) or 'set' it to `amount` (nearest spike). */
  onSpike: 'add' | 'set';
  amount: number;
}

/** What the passes assemble from a learning rule (host/learn/rule.ts's RuleInstance is one). */
export interface RuleParts {
  rule: string;
  /** Compile-time identity of the statements (part of the pipeline-cache key). */
  variant: string;
  /** f32 constants in the rule's uniform, by name (WGSL `R.<name>`). */
  constants: Record<string, number>;
  preTraces: TraceSpec[];
  postTraces: TraceSpec[];
  /** WGSL statements per synapse at a presynaptic and at a postsynaptic spike. */
  onPre: string;
  onPost: string;
  /** The bounds the framework keeps every weight in (in the uniform as R.wMin, R.wMax). */
  wMin: number;
  wMax: number;
}

export interface PlasticShaderOptions {
  workgroupSize: number;
  pass: 'pre' | 'post';
  dense: boolean;
  rule: RuleParts;
  frameStruct: string;
  clockStruct: string;
  ruleStruct: string;
}

/** The bindings of each pass, in order after the frame (0), clock (1) and rule constants (2). */
export function plasticPassBuffers(pass: 'pre' | 'post', dense: boolean): string[] {
  return pass === 'pre'
    ? ['spikeCount', 'spikeList', ...(dense ? [] : ['rows']), 'syn', 'acc', 'counters', 'traces', 'health']
    : ['spikeCount', 'spikeList', ...(dense ? [] : ['cols']), 'syn', 'traces', 'health'];
}

const DECLS: Record<string, string> = {
  spikeCount: 'var<storage, read> spikeCount: array<u32>;',
  spikeList: 'var<storage, read> spikeList: array<u32>;',
  rows: 'var<storage, read> rows: array<u32>;',
  cols: 'var<storage, read> cols: array<u32>;',
  syn: 'var<storage, read_write> syn: array<f32>;',
  acc: 'var<storage, read_write> acc: array<atomic<i32>>;',
  counters: 'var<storage, read_write> counters: array<atomic<u32>>;',
  traces: 'var<storage, read_write> traces: array<f32>;',
  // [first step a weight became Inf or NaN, smallest instance x synapse position that ever did] (0xffffffff: never).
  health: 'var<storage, read_write> health: array<atomic<u32>>;',
};

/**
 * A trace's decay over n steps, exp(-n dt / tau), as the product of the table entries
 * R.pow_<trace>_<k / 4>[k % 4] = f32(exp(-2^k dt / tau)) for the set bits k of n (straight-line, no
 * loop): at most 32 correctly rounded factors, so the relative error stays below ~2e-6 for any n.
 */
function decayWgsl(side: 'pre' | 'post', tr: TraceSpec): string {
  const c = ['x', 'y', 'z', 'w'];
  let body = '';
  for (let bit = 0; bit < 32; bit++) body += `  if ((n & ${(2 ** bit) >>> 0}u) != 0u) { r = r * R.pow_${side}_${tr.name}_${bit >> 2}.${c[bit & 3]}; }\n`;
  return `fn decay_${side}_${tr.name}(n: u32) -> f32 {\n  var r = 1.0;\n${body}  return r;\n}`;
}

/** Declarations of a side's traces, decayed to step t from their last update at `last`. */
function readTraces(side: 'pre' | 'post', rule: RuleParts, at: string, mutable: boolean): string {
  const traces = side === 'pre' ? rule.preTraces : rule.postTraces;
  const n = traces.length;
  return `  let ${side}Last${mutable ? '' : 'N'} = bitcast<u32>(traces[${at} + ${n}u]);
${traces.map((tr, k) => `  ${mutable ? 'var' : 'let'} ${side}_${tr.name} = nc(traces[${at} + ${k}u] * decay_${side}_${tr.name}(t - ${side}Last${mutable ? '' : 'N'}));`).join('\n')}`;
}

/** The spiking neuron's traces take this spike; its last update becomes t. */
function takeSpike(side: 'pre' | 'post', rule: RuleParts, at: string): string {
  const traces = side === 'pre' ? rule.preTraces : rule.postTraces;
  return `${traces.map((tr, k) => `  traces[${at} + ${k}u] = ${tr.onSpike === 'add' ? `${side}_${tr.name} + R.amount_${side}_${tr.name}` : `R.amount_${side}_${tr.name}`};`).join('\n')}
  traces[${at} + ${traces.length}u] = bitcast<f32>(t);`;
}

export function plasticShader(o: PlasticShaderOptions): string {
  const r = o.rule;
  const buffers = plasticPassBuffers(o.pass, o.dense);
  const preAt = '(frame.preBase + (b * frame.nPre + i) * frame.preStride)';
  const postAt = '(frame.postBase + (b * frame.nPost + j) * frame.postStride)';
  const header = `// plastic (${o.pass} pass) — rule '${r.rule}' (${r.variant}), ${o.dense ? 'dense all-to-all' : 'sparse rows'} storage.
// A ${o.pass === 'pre' ? 'presynaptic' : 'postsynaptic'} spike at step t: for each of its synapses, ${o.pass === 'pre' ? 'deliver w, then' : 'through the transposed index,'}
//   ${(o.pass === 'pre' ? r.onPre : r.onPost).replace(/\n/g, '\n//   ')}
// then the neuron's ${o.pass} traces take the spike. Traces: x(t) = x(last) * exp(-(t - last) dt / tau).`;
  const common = `${header}
${o.frameStruct}
${o.clockStruct}
${o.ruleStruct}
@group(0) @binding(0) var<uniform> frame: Frame;
@group(0) @binding(1) var<uniform> clock: Clock;
@group(0) @binding(2) var<uniform> R: Rule;
${buffers.map((b, k) => `@group(0) @binding(${k + 3}) ${DECLS[b]}`).join('\n')}

// Blocks FMA contraction (see shaders/common/no-contract.wgsl.ts): every product feeding an add goes through it.
fn nc(x: f32) -> f32 {
  return bitcast<f32>(bitcast<u32>(x) ^ frame.noContract);
}

${[...r.preTraces.map((tr) => decayWgsl('pre', tr)), ...r.postTraces.map((tr) => decayWgsl('post', tr))].join('\n\n')}

// After a rule statement: a weight that became Inf or NaN is recorded (an integer test of the exponent
// bits: compilers may assume floats are finite), then w is kept in [wMin, wMax].
fn settle(w: f32, at: u32, t: u32) -> f32 {
  if ((bitcast<u32>(w) & 0x7f800000u) == 0x7f800000u) {
    atomicMin(&health[0], t);
    atomicMin(&health[1], at);
  }
  return clamp(w, R.wMin, R.wMax);
}
`;
  // One thread per spike k of instance b: the spiking neuron `id` (of nPre or nPost) and the step.
  const entry = (id: string, size: string) => `@compute @workgroup_size(${o.workgroupSize})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let k = gid.x;
  let b = gid.y;
  if (k >= spikeCount[b]) {
    return;
  }
  let ${id} = spikeList[b * frame.${size} + k];
  let t = clock.step;`;
  if (o.pass === 'pre') {
    return `${common}
${DELIVERY_WGSL}
${entry('i', 'nPre')}
${readTraces('pre', r, preAt, true)}
  let len = ${o.dense ? 'frame.denseRow' : 'rows[i]'};
  let base = i * frame.maxRow;
  let synBase = b * frame.synStride;
  let ring = ((t + 1u) % frame.slots) * frame.slotWords + b * frame.nPost;
  var wraps = 0u;
  for (var s = 0u; s < len; s = s + 1u) {
    let j = ${o.dense ? 'select(s, s + 1u, frame.skipSelf != 0u && s >= i)' : 'rows[frame.nPre + base + s]'};
    var w = syn[synBase + base + s];
    let q = i32(round(w * frame.scale));
    _ = addWrapped(atomicAdd(&acc[ring + j], q), q, &wraps);
${readTraces('post', r, postAt, false)}
    ${r.onPre}
    syn[synBase + base + s] = settle(w, synBase + base + s, t);
  }
${takeSpike('pre', r, preAt)}
  countDelivery(3u * frame.counterIndex, len, wraps);
}
`;
  }
  return `${common}
${entry('j', 'nPost')}
${readTraces('post', r, postAt, true)}
  let synBase = b * frame.synStride;
${o.dense
    ? `  for (var i = 0u; i < frame.nPre; i = i + 1u) {
    if (frame.skipSelf != 0u && i == j) {
      continue;
    }
    let pos = i * frame.maxRow + select(j, j - 1u, frame.skipSelf != 0u && j > i);`
    : `  let c1 = cols[j + 1u];
  for (var c = cols[j]; c < c1; c = c + 1u) {
    let pos = cols[frame.nPost + 1u + c];
    let i = pos / frame.maxRow;`}
${readTraces('pre', r, preAt, false).replace(/^/gm, '  ')}
    var w = syn[synBase + pos];
    ${r.onPost}
    syn[synBase + pos] = settle(w, synBase + pos, t);
  }
${takeSpike('post', r, postAt)}
}
`;
}
