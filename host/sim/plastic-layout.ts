/**
 * What a plastic projection is laid out from (host/sim/plastic-projection.ts): the transposed index
 * of its rows (GeNN's remap), its synapse buffer's initial contents, the rows of a structural
 * projection with room to grow, a dense projection's indices, and the spike sources its passes read
 * (the population's own spikes, or a ring of delayed copies).
 */
import { InvalidParameterError } from '../errors.js';
import type { GpuContext } from '../gpu/context.js';
import { spikeHeaderWords } from '../kernels/spike-slots.js';
import type { ResolvedStructural } from '../learn/structural.js';
import type { RuleInstance } from '../learn/rule.js';
import type { RaggedMeta } from '../random/rows.js';
import type { Population } from './population.js';

const STORAGE = (): number => GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;

/** Host copies of a projection's structure: rows and the transposed index. */
export interface PlasticIndex {
  rowLength: Uint32Array;
  /** Post index of row-major position i * maxRow + s (sparse); empty for dense. */
  ind: Uint32Array;
  /** Column j's synapses are colPos[colPtr[j] .. colPtr[j + 1]), positions into the row-major arrays, in pre order. */
  colPtr: Uint32Array;
  colPos: Uint32Array;
  /** Every synapse's row-major position, in row order (the order of weights() and setWeights()). */
  positions: Uint32Array;
}

/** Builds the transposed index (GeNN's remap) of ragged rows: for each post neuron, its synapses' positions. */
export function transposeRows(nPre: number, nPost: number, maxRow: number, rowLength: Uint32Array, ind: Uint32Array): PlasticIndex {
  const colPtr = new Uint32Array(nPost + 1);
  let synapses = 0;
  for (let i = 0; i < nPre; i++) {
    for (let s = 0; s < rowLength[i]!; s++) colPtr[ind[i * maxRow + s]! + 1]!++;
    synapses += rowLength[i]!;
  }
  for (let j = 0; j < nPost; j++) colPtr[j + 1]! += colPtr[j]!;
  const fill = colPtr.slice(0, nPost);
  const colPos = new Uint32Array(synapses);
  const positions = new Uint32Array(synapses);
  let n = 0;
  for (let i = 0; i < nPre; i++) {
    for (let s = 0; s < rowLength[i]!; s++) {
      const at = i * maxRow + s;
      colPos[fill[ind[at]!]!++] = at;
      positions[n++] = at;
    }
  }
  return { rowLength, ind, colPtr, colPos, positions };
}

export interface SpikeSource {
  /** The buffer holding the (copied) spike headers and lists; the population's own when undelayed. */
  header: GPUBuffer;
  list: GPUBuffer;
  /** Ring slots (0: read the population's current spikes). */
  slots: number;
  /** Bytes per slot, and the list's offset within a slot. */
  slotBytes: number;
  listOffset: number;
  headerBytes: number;
  listBytes: number;
}

/** The synapse buffer's initial contents: the weights of every instance, then each synapse variable's initial value. */
export function initialSynapses(initial: Float32Array, B: number, S: number, rule: RuleInstance): Float32Array<ArrayBuffer> {
  const vars = rule.synapseVars ?? [];
  const syn = new Float32Array(B * S * (1 + vars.length));
  for (let b = 0; b < B; b++) syn.set(initial, b * S);
  vars.forEach((v, k) => syn.fill(Math.fround(v.initial), (k + 1) * B * S, (k + 2) * B * S));
  return syn;
}

/**
 * Structural projections: checks the options against the rows and lays the rows out with room for
 * `capacity` synapses each (the stride maxRow becomes the capacity).
 */
export function structuralLayout(object: string, meta: RaggedMeta, host: { rowLength: Uint32Array; ind: Uint32Array; weight: Int32Array }, st: ResolvedStructural & { noSelf: boolean }, dense: boolean): { meta: RaggedMeta; host: { rowLength: Uint32Array; ind: Uint32Array; weight: Int32Array } } {
  if (dense) throw new InvalidParameterError(object, 'synapse.structural', 'with dense storage', "sparse storage (storage: 'sparse'): an all-to-all projection has no room to rewire");
  if (meta.nPost > 65535) throw new InvalidParameterError(object, 'post size', meta.nPost, 'at most 65535 neurons with structural plasticity (the index rebuild scans the columns in one loop)');
  let longest = 0;
  for (const n of host.rowLength) longest = Math.max(longest, n);
  const capacity = st.capacity ?? Math.max(1, longest);
  if (capacity < longest) throw new InvalidParameterError(object, 'synapse.structural.capacity', capacity, `at least the longest row (${longest} synapses now)`);
  const targets = meta.nPost - (st.noSelf ? 1 : 0);
  if (capacity > targets) throw new InvalidParameterError(object, 'synapse.structural.capacity', capacity, `at most the ${targets} possible targets of a row`);
  const { nPre, maxRow } = meta;
  const ind = new Uint32Array(nPre * capacity);
  const weight = new Int32Array(nPre * capacity);
  for (let i = 0; i < nPre; i++) {
    ind.set(host.ind.subarray(i * maxRow, i * maxRow + host.rowLength[i]!), i * capacity);
    weight.set(host.weight.subarray(i * maxRow, i * maxRow + host.rowLength[i]!), i * capacity);
  }
  return { meta: { ...meta, maxRow: capacity }, host: { rowLength: host.rowLength, ind, weight } };
}

/** Post index of each row-major position of a dense (all-to-all) projection. */
export function denseInd(nPre: number, rowLen: number, skipSelf: boolean): Uint32Array {
  const ind = new Uint32Array(nPre * rowLen);
  for (let i = 0; i < nPre; i++) for (let s = 0; s < rowLen; s++) ind[i * rowLen + s] = skipSelf && s >= i ? s + 1 : s;
  return ind;
}

/** A compile-time key of the rule's traces (names and modes). */
export function traceKey(rule: RuleInstance): string {
  return [...rule.preTraces.map((t) => `pre.${t.name}.${t.onSpike}`), ...rule.postTraces.map((t) => `post.${t.name}.${t.onSpike}`)].join(',');
}

/** The spikes a pass reads: the population's own (delay 0) or a ring of `delay` slots copied after each step. */
export function spikeSource(ctx: GpuContext, label: string, pop: Population, delay: number): SpikeSource {
  const headerBytes = 4 * spikeHeaderWords(pop.batch);
  const listBytes = 4 * pop.size * pop.batch;
  if (delay <= 0) return { header: pop.buffers.spikeCount, list: pop.buffers.spikeList.buffer, slots: 0, slotBytes: 0, listOffset: pop.buffers.spikeList.offset, headerBytes, listBytes };
  const align = ctx.limits.minStorageBufferOffsetAlignment;
  const round = (n: number) => Math.ceil(n / align) * align;
  const listOffset = round(headerBytes);
  const slotBytes = round(listOffset + listBytes);
  const ring = ctx.pool.createWithData(label, STORAGE() | GPUBufferUsage.INDIRECT, new Uint8Array(slotBytes * delay));
  return { header: ring, list: ring, slots: delay, slotBytes, listOffset, headerBytes, listBytes };
}
