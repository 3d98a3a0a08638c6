/**
 * plastic: the passes of a plastic projection, assembled from a learning rule's parts
 * (host/learn/rule.ts), each step in this order:
 *  - 'modulate' (rules that read a neuromodulator M): one thread decays each instance's M, adds the
 *    source population's spikes of this step and applies this step's scheduled events;
 *  - 'pre': one thread per presynaptic spike reaching the synapses (dispatched indirectly from the
 *    spike count, no readback): the rule's onPreSpike once, then its row: each synapse delivers
 *    `deliver` (default w; i32 fixed point, round-half-even, atomicAdd into the post ring slot of the
 *    next step), then runs onPre with the neuron's pre traces (before this spike) and its target's
 *    post traces, decayed to now; then the neuron's pre traces take the spike;
 *  - 'post': one thread per postsynaptic spike walks its column through the transposed index
 *    (positions into the row-major arrays, GeNN's remap: one copy of the weights) and runs onPost;
 *    then its post traces take the spike;
 *  - 'step' (rules with clock-driven terms): one thread per synapse runs onStep.
 * The passes are separate dispatches, pre before post within a step (Brian2's order), so every
 * synapse is written by one thread per dispatch and the result does not depend on thread order.
 * Traces decay in closed form: value * exp(-(t - last) dt / tau), the factor a product over the set
 * bits k of t - last of f32(exp(-2^k dt / tau)) from a host table (no loop; the oracle multiplies the
 * same table in the same order). Storage 'dense' (all-to-all) keeps no indices: row entry s
 * of pre i is post s (s + 1 from s = i without autapses).
 */
import { DELIVERY_WGSL } from './common/delivery.wgsl.js';

/** A per-neuron trace of a rule (see host/learn/rule.ts). */
export interface TraceSpec {
  /** WGSL name suffix: pre_<name> / post_<name>. */
  name: string;
  /** Time constant (ms), >= 0 (0: the trace is gone one step later). */
  tauMs: number;
  /**
   * At a spike of the trace's neuron: 'add' `amount` (all-to-all pairing), 'set' it to `amount`
   * (nearest spike), or 'keep' what the rule's onPreSpike statements left in it (pre side only).
   */
  onSpike: 'add' | 'set' | 'keep';
  amount: number;
}

/** A per-synapse variable of a rule besides w (an eligibility trace...): f32 per synapse and instance. */
export interface SynapseVarSpec {
  name: string;
  /** The WGSL local the statements use (default: name). Rules written as equations print v_<name>, so no name of a model can shadow the kernel's own locals. */
  local?: string;
  /** Its value at build and after reset(). */
  initial: number;
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
  /** WGSL statements per synapse at a presynaptic and at a postsynaptic spike ('' = none). */
  onPre: string;
  onPost: string;
  /** WGSL statements once per arriving presynaptic spike, before its row (may set 'keep' pre traces and declare lets for deliver and onPre). */
  onPreSpike?: string;
  /** WGSL expression of the amount a synapse delivers (default 'w'). */
  deliver?: string;
  /** WGSL statements per synapse every step, after the spike passes (clock-driven terms: eligibility decay, w += eta M e). */
  onStep?: string;
  /** Steps between runs of onStep (default 1: every step); it runs after the spike passes of steps t with (t + 1) % stepEvery == 0. */
  stepEvery?: number;
  /** Per-synapse variables besides w, read and assigned by name in every statement. */
  synapseVars?: SynapseVarSpec[];
  /** Whether the statements read the neuromodulator `M` (then the projection needs a modulator). */
  modulated?: boolean;
  /** The bounds the framework keeps every weight in (in the uniform as R.wMin, R.wMax). */
  wMin: number;
  wMax: number;
}

export type PlasticPass = 'modulate' | 'pre' | 'post' | 'step';

/** The passes a rule needs, in the order they run each step. */
export function plasticPasses(rule: RuleParts): PlasticPass[] {
  return [
    ...(rule.modulated ? ['modulate' as const] : []),
    'pre' as const,
    ...(rule.onPost.trim() !== '' || rule.postTraces.length > 0 ? ['post' as const] : []),
    ...((rule.onStep ?? '').trim() !== '' ? ['step' as const] : []),
  ];
}

export interface PlasticShaderOptions {
  workgroupSize: number;
  pass: PlasticPass;
  dense: boolean;
  /** modulate: whether a population's spikes drive the modulator (binding 'source'). */
  modSource: boolean;
  rule: RuleParts;
  frameStruct: string;
  clockStruct: string;
  ruleStruct: string;
}

/** The bindings of each pass, in order after the frame (0), clock (1) and rule constants (2). */
export function plasticPassBuffers(pass: PlasticPass, dense: boolean, modulated: boolean, modSource = false): string[] {
  const mod = modulated ? ['mod'] : [];
  switch (pass) {
    case 'pre': return ['spikeCount', 'spikeList', ...(dense ? [] : ['rows']), 'syn', 'acc', 'counters', 'traces', 'health', ...mod];
    case 'post': return ['spikeCount', 'spikeList', ...(dense ? [] : ['cols']), 'syn', 'traces', 'health', ...mod];
    case 'step': return [...(dense ? [] : ['rows']), 'syn', 'health', ...mod];
    case 'modulate': return ['modState', 'events', ...(modSource ? ['source'] : [])];
  }
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
  // The modulator: [next event, events, M of each instance (f32 bits)].
  mod: 'var<storage, read> modulator: array<u32>;',
  modState: 'var<storage, read_write> modulator: array<u32>;',
  // Scheduled modulator events, by step: (step, instance or 0xffffffff for all, amount bits, 0 add / 1 set).
  events: 'var<storage, read> events: array<vec4<u32>>;',
  source: 'var<storage, read> source: array<u32>;',
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
  const value = (tr: TraceSpec) => tr.onSpike === 'add' ? `${side}_${tr.name} + R.amount_${side}_${tr.name}` : tr.onSpike === 'set' ? `R.amount_${side}_${tr.name}` : `${side}_${tr.name}`;
  return `${traces.map((tr, k) => `  traces[${at} + ${k}u] = ${value(tr)};`).join('\n')}
  traces[${at} + ${traces.length}u] = bitcast<f32>(t);`;
}

/** Loads of w and the rule's synapse variables at row-major position `pos` of instance b (var: the statements assign them). */
function loadSynapse(rule: RuleParts, pos: string): string {
  return [`var w = syn[synBase + ${pos}];`, ...(rule.synapseVars ?? []).map((v, k) => `var ${v.local ?? v.name} = syn[${k + 1}u * frame.varStride + synBase + ${pos}];`)].join('\n    ');
}

/** After the statements: w settled (recorded if non-finite, kept in [wMin, wMax]) and the variables stored. */
function storeSynapse(rule: RuleParts, pos: string): string {
  return [`syn[synBase + ${pos}] = settle(w, synBase + ${pos}, t);`, ...(rule.synapseVars ?? []).map((v, k) => `syn[${k + 1}u * frame.varStride + synBase + ${pos}] = ${v.local ?? v.name};`)].join('\n    ');
}

/** The modulator of instance b as the statements see it: its value plus the baseline. */
function readModulator(rule: RuleParts): string {
  return rule.modulated ? '\n  let M = bitcast<f32>(modulator[2u + b]) + R.modBaseline;' : '';
}

/** The modulate pass: one thread decays each instance's M, adds the source population's spikes, then applies this step's scheduled events. */
function modulateShader(common: string, modSource: boolean): string {
  return `${common}
@compute @workgroup_size(1)
fn main() {
  let t = clock.step;
  for (var b = 0u; b < frame.batch; b = b + 1u) {
    let m = nc(bitcast<f32>(modulator[2u + b]) * R.modDecay)${modSource ? ' + nc(R.modPerSpike * f32(source[b]))' : ''};
    modulator[2u + b] = bitcast<u32>(m);
  }
  var k = modulator[0];
  let n = modulator[1];
  loop {
    if (k >= n) {
      break;
    }
    let e = events[k];
    if (e.x > t) {
      break;
    }
    if (e.x == t) {
      for (var b = 0u; b < frame.batch; b = b + 1u) {
        if (e.y == 0xffffffffu || e.y == b) {
          let now = bitcast<f32>(modulator[2u + b]);
          modulator[2u + b] = bitcast<u32>(select(now + bitcast<f32>(e.z), bitcast<f32>(e.z), e.w == 1u));
        }
      }
    }
    k = k + 1u;
  }
  modulator[0] = k;
}
`;
}

export function plasticShader(o: PlasticShaderOptions): string {
  const r = o.rule;
  const buffers = plasticPassBuffers(o.pass, o.dense, r.modulated === true, o.modSource);
  const preAt = '(frame.preBase + (b * frame.nPre + i) * frame.preStride)';
  const postAt = '(frame.postBase + (b * frame.nPost + j) * frame.postStride)';
  const what: Record<PlasticPass, string> = {
    modulate: 'the modulator M of each instance: M = M exp(-dt/tau) + perSpike x (source spikes), then this step\'s scheduled events (add or set)',
    pre: `a presynaptic spike at step t: ${r.onPreSpike ? `once, ${r.onPreSpike.replace(/\n/g, ' ')}; then ` : ''}for each of its synapses, deliver ${r.deliver ?? 'w'}, then\n//   ${r.onPre.replace(/\n/g, '\n//   ') || '(no statement)'}\n// then the neuron's pre traces take the spike`,
    post: `a postsynaptic spike at step t: for each of its synapses, through the transposed index,\n//   ${r.onPost.replace(/\n/g, '\n//   ') || '(no statement)'}\n// then the neuron's post traces take the spike`,
    step: `every synapse, every step (after the spike passes):\n//   ${(r.onStep ?? '').replace(/\n/g, '\n//   ')}`,
  };
  const header = `// plastic (${o.pass} pass) — rule '${r.rule}' (${r.variant}), ${o.dense ? 'dense all-to-all' : 'sparse rows'} storage.
// ${what[o.pass]}. Traces: x(t) = x(last) * exp(-(t - last) dt / tau).`;
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
`;
  if (o.pass === 'modulate') return modulateShader(common, o.modSource);
  const withSynapses = `${common}
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
  if (o.pass === 'step') {
    return `${withSynapses}
// One thread per synapse position (strided when the positions outnumber the dispatch), y = instance.
@compute @workgroup_size(${o.workgroupSize})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let b = gid.y;
  let t = clock.step;
  let synBase = b * frame.synStride;${readModulator(r)}
  let total = frame.nPre * frame.maxRow;
  for (var pos = gid.x; pos < total; pos = pos + groups.x * ${o.workgroupSize}u) {
${o.dense ? '' : `    let i = pos / frame.maxRow;
    if (pos - i * frame.maxRow >= rows[i]) {
      continue;
    }
`}    ${loadSynapse(r, 'pos')}
    ${r.onStep}
    ${storeSynapse(r, 'pos')}
  }
}
`;
  }
  // One thread per spike k of instance b: the spiking neuron `id` (of nPre or nPost) and the step.
  const entry = (id: string, size: string) => `@compute @workgroup_size(${o.workgroupSize})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let k = gid.x;
  let b = gid.y;
  if (k >= spikeCount[b]) {
    return;
  }
  let ${id} = spikeList[b * frame.${size} + k];
  let t = clock.step;${readModulator(r)}`;
  if (o.pass === 'pre') {
    const learn = r.onPre.trim() !== '';
    return `${withSynapses}
${DELIVERY_WGSL}
${entry('i', 'nPre')}
${readTraces('pre', r, preAt, true)}
  ${r.onPreSpike ?? ''}
  let len = ${o.dense ? 'frame.denseRow' : 'rows[i]'};
  let base = i * frame.maxRow;
  let synBase = b * frame.synStride;
  let ring = ((t + 1u) % frame.slots) * frame.slotWords + b * frame.nPost;
  var wraps = 0u;
  for (var s = 0u; s < len; s = s + 1u) {
    let j = ${o.dense ? 'select(s, s + 1u, frame.skipSelf != 0u && s >= i)' : 'rows[frame.nPre + base + s]'};
    ${learn ? loadSynapse(r, 'base + s') : 'let w = syn[synBase + base + s];'}
    let q = i32(round(${r.deliver ?? 'w'} * frame.scale));
    _ = addWrapped(atomicAdd(&acc[ring + j], q), q, &wraps);
${learn ? `${readTraces('post', r, postAt, false)}
    ${r.onPre}
    ${storeSynapse(r, 'base + s')}` : ''}
  }
${takeSpike('pre', r, preAt)}
  countDelivery(3u * frame.counterIndex, len, wraps);
}
`;
  }
  const learn = r.onPost.trim() !== '';
  return `${withSynapses}
${entry('j', 'nPost')}
${readTraces('post', r, postAt, true)}
  let synBase = b * frame.synStride;
${!learn ? '' : `${o.dense
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
    ${loadSynapse(r, 'pos')}
    ${r.onPost}
    ${storeSynapse(r, 'pos')}
  }`}
${takeSpike('post', r, postAt)}
}
`;
}
