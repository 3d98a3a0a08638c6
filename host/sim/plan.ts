/**
 * The plan of a network, made before anything is generated or allocated: for every projection its
 * storage strategy, where its rows would be generated, the longest row it can have (exact for the
 * deterministic rules, a 6-sigma bound for the random ones) and so the bytes of every buffer. Pure
 * (no GPU): Simulator.build refuses a model whose plan does not fit in milliseconds, and
 * `planNetwork` lets an application ask the same question before it acquires a device.
 */
import { bitsSlotWords } from '../kernels/spike-slots.js';
import { binomialRowBound } from '../random/rows.js';
import { InvalidParameterError, LimitExceededError } from '../errors.js';
import { gpuConnectSupport } from '../kernels/connect.js';
import { modelStateBytes } from '../kernels/models.js';
import { proceduralSupport } from '../kernels/procedural.js';
import { resolveSynapse } from '../learn/plasticity.js';
import { delaySteps, type RaggedMeta } from '../random/rows.js';
import type { NetworkModel, ProjectionModel } from '../model/network.js';
import { oneDelay, validateNetwork } from '../model/validate-network.js';
import { requireInteger, requireOneOf, requirePositive } from '../validate.js';

/** The device limits a plan is checked against (GPUSupportedLimits has them all). */
export interface PlanLimits {
  maxStorageBufferBindingSize: number;
  minStorageBufferOffsetAlignment: number;
}

/** One line of the memory estimate. */
export interface BufferEstimate {
  buffer: string;
  bytes: number;
  /** The binding-size limit it must fit. */
  limit: number;
}

export interface ProjectionPlan {
  name: string;
  nPre: number;
  nPost: number;
  storage: 'sparse' | 'dense' | 'procedural';
  /** Where the rows are generated ('none': procedural projections store no rows). */
  generation: 'gpu' | 'host' | 'none';
  /** Why the rows are generated on the host, when they are. */
  hostBecause?: string;
  /** Expected number of synapses (exact for deterministic rules). */
  expectedSynapses: number;
  /** The longest row the rule can produce: exact, or a bound exceeded with probability < 1e-8 per row. */
  maxRowBound: number;
  perSynapseDelay: boolean;
}

export interface NetworkPlan {
  projections: ProjectionPlan[];
  /** Per-buffer bytes, before allocation. */
  memory: BufferEstimate[];
  /** Sum of `memory` (device memory the network needs, at the row bounds). */
  totalBytes: number;
  /** The buffers whose bytes exceed their binding limit (empty: the model fits). */
  tooLarge: BufferEstimate[];
}

export interface PlanOptions {
  batch: number;
  connectivityOn: 'auto' | 'gpu' | 'host';
  /** Largest allowed delay in steps (Simulator option maxDelayMs / dt). */
  maxDelaySteps: number;
}



/** Expected synapses and the longest-row bound of a projection's rule, from sizes alone. */
export function rowShape(p: ProjectionModel, nPre: number, nPost: number): { expected: number; maxRow: number } {
  const c = p.connectivity;
  const same = p.pre === p.post;
  const skipSelf = same && !('autapses' in c && c.autapses === true);
  const cols = nPost - (skipSelf ? 1 : 0);
  switch (c.rule) {
    case 'allToAll': return { expected: nPre * cols, maxRow: cols };
    case 'oneToOne': return { expected: nPre, maxRow: 1 };
    case 'fixedProbability': return { expected: nPre * cols * c.p, maxRow: binomialRowBound(cols, c.p) };
    case 'fixedOutDegree': return { expected: nPre * c.k, maxRow: c.k };
    case 'fixedInDegree': {
      // Each post neuron picks k of the pool; a pre neuron's row counts the posts that picked it.
      const pool = nPre - (skipSelf ? 1 : 0);
      return { expected: nPost * c.k, maxRow: binomialRowBound(nPost, pool > 0 ? c.k / pool : 0) };
    }
    case 'fixedTotalNumber':
      // Row i holds the draws that picked pre i: binomial(n, 1 / nPre) (without multapses, a little less).
      return { expected: c.n, maxRow: Math.min(c.multapses === false ? cols : Infinity, binomialRowBound(c.n, 1 / nPre)) };
    case 'explicit': {
      const counts = new Map<number, number>();
      let maxRow = 0;
      for (const i of c.pre) {
        const n = (counts.get(i) ?? 0) + 1;
        counts.set(i, n);
        if (n > maxRow) maxRow = n;
      }
      return { expected: c.pre.length, maxRow };
    }
  }
}

/**
 * The storage rule: an explicit 'sparse' | 'dense' | 'procedural' wins; 'auto' picks dense for
 * allToAll with one delay, sparse otherwise, and procedural instead when the stored rows would
 * exceed `bindingLimit` bytes and the projection can be procedural (static synapses only: a plastic
 * synapse needs its weight stored).
 */
export function storageOf(p: ProjectionModel, nPre: number, nPost: number, bindingLimit: number): 'sparse' | 'dense' | 'procedural' {
  const s = p.storage ?? 'auto';
  if (s !== 'auto') return s;
  const c = p.connectivity;
  const plastic = p.synapse !== undefined && p.synapse !== 'static';
  if (!plastic && (c.rule === 'allToAll' || c.rule === 'fixedProbability')) {
    if (4 * nPre * rowShape(p, nPre, nPost).maxRow > bindingLimit && proceduralSupport(p) === null) return 'procedural';
  }
  return c.rule === 'allToAll' && oneDelay(p.delayMs) ? 'dense' : 'sparse';
}

/** Per-buffer byte counts of a network whose row shapes are known (planned bounds or generated rows). */
export function estimateMemory(limits: PlanLimits, network: NetworkModel, rows: readonly RaggedMeta[], slots: ReadonlyMap<string, number>, batch: number, dt: number, stored?: readonly boolean[]): BufferEstimate[] {
  const limit = limits.maxStorageBufferBindingSize;
  const align = limits.minStorageBufferOffsetAlignment;
  const out: BufferEstimate[] = [];
  for (const p of network.populations) {
    const nb = p.size * batch;
    const stateBytes = modelStateBytes(p.model);
    if (stateBytes) { // neuron models (spike sources keep no state and take no input)
      out.push({ buffer: `${p.name}.state`, bytes: stateBytes * nb, limit });
      const ring = Math.ceil((4 * nb) / align) * align * (slots.get(p.name) ?? 1);
      out.push({ buffer: `${p.name}.inputExc`, bytes: ring, limit }, { buffer: `${p.name}.inputInh`, bytes: ring, limit });
    }
    out.push({ buffer: `${p.name}.spikeList`, bytes: 4 * nb, limit }, { buffer: `${p.name}.spikeBits`, bytes: 8 * bitsSlotWords(Math.ceil(p.size / 32), batch), limit });
  }
  network.projections.forEach((p, i) => {
    if (stored && !stored[i]) return; // procedural: nothing stored
    const r = rows[i]!;
    const syn = 4 * r.nPre * r.maxRow;
    out.push({ buffer: `${p.name}.rowLength`, bytes: 4 * r.nPre, limit }, { buffer: `${p.name}.ind`, bytes: syn, limit }, { buffer: `${p.name}.weight`, bytes: syn, limit });
    if (r.perSynapseDelay) out.push({ buffer: `${p.name}.delay`, bytes: syn, limit });
    const plastic = resolveSynapse(`projection '${p.name}'`, 'synapse', p.synapse, dt);
    if (plastic) {
      // f32 weights and synapse variables per instance, the transposed index, per-neuron traces (each plus its last-update step), the modulator.
      const r2 = plastic.rule;
      out.push({ buffer: `${p.name}.weights`, bytes: syn * batch * (1 + (r2.synapseVars?.length ?? 0)), limit }, { buffer: `${p.name}.cols`, bytes: 4 * (r.nPost + 1 + r.synapses), limit },
        { buffer: `${p.name}.traces`, bytes: 4 * batch * ((r2.preTraces.length + 1) * r.nPre + (r2.postTraces.length + 1) * r.nPost), limit });
      if (plastic.modulator) out.push({ buffer: `${p.name}.modulatorEvents`, bytes: 16 * Math.max(16, plastic.modulator.events.length), limit });
    }
  });
  return out;
}

/** The largest delay (steps) a projection's delays can take; each given delay is checked (a multiple of dt, in range). */
function maxDelayBound(p: ProjectionModel, dt: number, maxDelaySteps: number): number {
  const object = `projection '${p.name}'`;
  const c = p.connectivity;
  if (c.rule === 'explicit' && c.delayMs) return c.delayMs.reduce((a, d, s) => Math.max(a, delaySteps(object, `connectivity.delayMs[${s}]`, d, dt, maxDelaySteps)), 1);
  const d = p.delayMs ?? dt;
  if (typeof d === 'number') return delaySteps(object, 'delayMs', d, dt, maxDelaySteps);
  if (d.dist === 'constant') return delaySteps(object, 'delayMs', d.value, dt, maxDelaySteps);
  if (d.dist === 'uniform') {
    delaySteps(object, 'delayMs.low', d.low, dt, maxDelaySteps);
    return delaySteps(object, 'delayMs.high', d.high, dt, maxDelaySteps);
  }
  if (d.dist === 'normal') {
    // Drawn delays are clipped to [low, high] and rounded to steps (normalDelaySteps): the bounds must lie in range.
    if (d.high !== undefined && d.high > maxDelaySteps * dt) throw new InvalidParameterError(object, 'delayMs.high', d.high, `at most maxDelayMs = ${maxDelaySteps * dt} ms (raise Simulator option maxDelayMs)`);
    if (d.low !== undefined && d.high !== undefined && d.low > d.high) throw new InvalidParameterError(object, 'delayMs.high', d.high, `a value >= low = ${d.low}`);
    if (d.low !== undefined && d.low > maxDelaySteps * dt) throw new InvalidParameterError(object, 'delayMs.low', d.low, `at most maxDelayMs = ${maxDelaySteps * dt} ms`);
    return d.high === undefined ? maxDelaySteps : Math.max(1, Math.floor(d.high / dt + 1e-9));
  }
  return maxDelaySteps;
}

/**
 * Validates and plans a network. No connectivity is generated: random rules are bounded
 * statistically, so a model too large for the device is known from its sizes alone, in
 * milliseconds. `limits` are the device's (GPUDevice.limits; e.g. 128 MiB bindings in
 * compatibility mode).
 */
export function planNetwork(network: NetworkModel, dt: number, options: PlanOptions, limits: PlanLimits): NetworkPlan {
  const object = 'planNetwork';
  requirePositive(object, 'dt', dt, 'ms');
  if (typeof options !== 'object' || options === null) throw new InvalidParameterError(object, 'options', options, '{ batch, connectivityOn, maxDelaySteps }');
  requireInteger(object, 'options.batch', options.batch, 1, 2 ** 31 - 1);
  requireOneOf(object, 'options.connectivityOn', options.connectivityOn, ['auto', 'gpu', 'host'] as const);
  requireInteger(object, 'options.maxDelaySteps', options.maxDelaySteps, 1, 2 ** 31 - 1);
  requirePlanLimits(object, limits);
  validateNetwork(network, dt);
  const sizes = new Map(network.populations.map((p) => [p.name, p.size]));
  const slots = new Map<string, number>();
  const metas: RaggedMeta[] = [];
  const stored: boolean[] = [];
  const projections = network.projections.map((p): ProjectionPlan => {
    const nPre = sizes.get(p.pre)!;
    const nPost = sizes.get(p.post)!;
    const storage = storageOf(p, nPre, nPost, limits.maxStorageBufferBindingSize);
    const shape = rowShape(p, nPre, nPost);
    const maxDelay = maxDelayBound(p, dt, options.maxDelaySteps);
    slots.set(p.post, Math.max(slots.get(p.post) ?? 1, maxDelay));
    const perSynapseDelay = (p.connectivity.rule === 'explicit' && p.connectivity.delayMs !== undefined) || !oneDelay(p.delayMs);
    metas.push({ nPre, nPost, maxRow: Math.max(1, shape.maxRow), synapses: shape.expected, constDelay: maxDelay, maxDelay, perSynapseDelay });
    stored.push(storage !== 'procedural');
    const why = storage === 'procedural' ? null : options.connectivityOn === 'host' ? 'connectivityOn is host' : gpuConnectSupport(p, { nPost, maxBindingBytes: limits.maxStorageBufferBindingSize });
    const generation = storage === 'procedural' ? 'none' : why ? 'host' : 'gpu';
    return {
      name: p.name, nPre, nPost, storage, generation, ...(generation === 'host' && why ? { hostBecause: why } : {}),
      expectedSynapses: shape.expected, maxRowBound: shape.maxRow, perSynapseDelay,
    };
  });
  const memory = estimateMemory(limits, network, metas, slots, options.batch, dt, stored);
  return { projections, memory, totalBytes: memory.reduce((a, m) => a + m.bytes, 0), tooLarge: memory.filter((m) => m.bytes > m.limit) };
}

/** Throws LimitExceededError naming every buffer of `plan` that exceeds its limit. */
export function refuseIfTooLarge(plan: Pick<NetworkPlan, 'tooLarge' | 'totalBytes'>, what = 'The model'): void {
  const worst = plan.tooLarge.reduce<BufferEstimate | undefined>((a, m) => (!a || m.bytes / m.limit > a.bytes / a.limit ? m : a), undefined);
  if (!worst) return;
  throw new LimitExceededError(worst.buffer, 'bytes', worst.bytes, worst.limit,
    `${what} does not fit this device: ${plan.tooLarge.map((x) => `${x.buffer} ${x.bytes} B`).join(', ')} exceed maxStorageBufferBindingSize ` +
    `(${(plan.totalBytes / 2 ** 20).toFixed(1)} MiB in all). Reduce batch, sizes or fan-out, or use storage: 'procedural' where the rule allows.`);
}

function requirePlanLimits(object: string, limits: unknown): PlanLimits {
  const l = limits as Partial<PlanLimits> | null;
  for (const k of ['maxStorageBufferBindingSize', 'minStorageBufferOffsetAlignment'] as const) {
    if (typeof l !== 'object' || l === null || !(typeof l[k] === 'number' && l[k]! > 0)) {
      throw new InvalidParameterError(object, `limits.${k}`, l?.[k], 'a positive number (from GPUDevice.limits)');
    }
  }
  return l as PlanLimits;
}
