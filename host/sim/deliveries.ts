/**
 * Building the shared delivery structures of a Simulator (host/sim/arenas.ts): the input arenas
 * every neuron population's rings live in, the spike arenas of every population's header and list,
 * and the synapse pages of the sparse static projections, each delivered by one PropagateGroup
 * dispatch per step.
 */
import type { BufferRange } from '../gpu/buffers.js';
import type { Clock } from '../gpu/clock.js';
import type { GpuContext } from '../gpu/context.js';
import type { GpuRows, PreparedGpuRows } from '../kernels/connect.js';
import { modelStateBytes } from '../kernels/models.js';
import { chooseStrategy, type PropagateStrategy } from '../kernels/propagate.js';
import { resolveSynapse } from '../learn/plasticity.js';
import type { NetworkModel, ProjectionModel } from '../model/network.js';
import type { RaggedRows } from '../random/rows.js';
import { LimitExceededError } from '../errors.js';
import { headerRegionWords, initialSharedArgs, SHARED_ARGS_WORDS } from '../kernels/spike-slots.js';
import { groupPagesForDispatch, packInArenas, planInputArenas, planSynapsePages, type PageMember, type PagePlan } from './arenas.js';
import { storageOf } from './plan.js';
import { inputSlotBytes } from './population-gpu.js';
import type { Population } from './population.js';
import { GpuProjection } from './projection.js';
import { allocatePage, PropagateGroup, type PageBuffers } from './propagate-group.js';

export interface InputArenas {
  arenas: { buffer: GPUBuffer; bytes: number }[];
  /** Each neuron population's rings. */
  inputs: Map<string, { exc: BufferRange; inh: BufferRange }>;
}

/** Allocates (and clears) the input arenas of a network's neuron populations, `slots` ring slots each. */
export function allocateInputArenas(ctx: GpuContext, network: NetworkModel, slots: ReadonlyMap<string, number>, batch: number, limitBytes: number): InputArenas {
  const rings = network.populations.filter((p) => modelStateBytes(p.model) > 0)
    .map((p) => ({ name: p.name, ringBytes: inputSlotBytes(ctx, p.size, batch) * (slots.get(p.name) ?? 1) }));
  const { placements, arenaBytes } = planInputArenas(rings, limitBytes);
  const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  const encoder = ctx.device.createCommandEncoder({ label: 'simulator.inputArenas' });
  const arenas = arenaBytes.map((bytes, a) => {
    const buffer = ctx.pool.acquire({ label: `simulator.inputArena${a}`, size: bytes, usage });
    encoder.clearBuffer(buffer, 0, bytes);
    return { buffer, bytes };
  });
  ctx.device.queue.submit([encoder.finish()]);
  const inputs = new Map<string, { exc: BufferRange; inh: BufferRange }>();
  for (const r of rings) {
    const at = placements.get(r.name)!;
    const buffer = arenas[at.arena]!.buffer;
    inputs.set(r.name, { exc: { buffer, offset: at.exc, size: r.ringBytes }, inh: { buffer, offset: at.inh, size: r.ringBytes } });
  }
  return { arenas, inputs };
}

export interface SpikeArenas {
  header: { buffer: GPUBuffer; bytes: number };
  lists: { buffer: GPUBuffer; bytes: number }[];
  /** Each population's place (PopulationInternals.spikes). */
  spikes: Map<string, { header: GPUBuffer; headerBytes: number; countBase: number; clearsArgs: boolean; list: BufferRange }>;
}

/**
 * Allocates the spike header arena (the shared args, then every population's header) and the list
 * arenas; the first population (dispatched first each step) empties the shared args of the next step.
 */
export function allocateSpikeArenas(ctx: GpuContext, network: NetworkModel, batch: number, limitBytes: number): SpikeArenas {
  const region = headerRegionWords(batch);
  const headerBytes = 4 * (SHARED_ARGS_WORDS + region * network.populations.length);
  if (headerBytes > limitBytes) {
    throw new LimitExceededError('simulator.spikeHeaders', 'bytes', headerBytes, limitBytes, 'Every population\'s spike header shares one storage binding: reduce the batch or the number of populations.');
  }
  const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  const header = { buffer: ctx.pool.acquire({ label: 'simulator.spikeHeaders', size: headerBytes, usage: usage | GPUBufferUsage.INDIRECT }), bytes: headerBytes };
  ctx.device.queue.writeBuffer(header.buffer, 0, initialSharedArgs(batch));
  const listBytes = (size: number) => 4 * size * batch;
  const { placements, arenaBytes } = packInArenas(network.populations.map((p) => ({ name: p.name, bytes: listBytes(p.size) })), limitBytes, (n) => `${n}.spikeList`,
    'A population\'s spike list (4 bytes x size x batch) must fit one storage binding.');
  const lists = arenaBytes.map((bytes, a) => ({ buffer: ctx.pool.acquire({ label: `simulator.spikeLists${a}`, size: bytes, usage }), bytes }));
  const spikes: SpikeArenas['spikes'] = new Map();
  network.populations.forEach((p, k) => {
    const at = placements.get(p.name)!;
    spikes.set(p.name, {
      header: header.buffer, headerBytes, countBase: SHARED_ARGS_WORDS + k * region, clearsArgs: k === 0,
      list: { buffer: lists[at.arena]!.buffer, offset: at.offset, size: listBytes(p.size) },
    });
  });
  return { header, lists, spikes };
}

/** Whether a projection's rows go in a synapse page: sparse storage, static synapses. */
export function isPaged(p: ProjectionModel, rows: unknown, dt: number): rows is RaggedRows | GpuRows | PreparedGpuRows {
  if (typeof rows === 'object' && rows !== null && 'procedural' in rows) return false;
  return storageOf(p, 0, 0, Infinity) !== 'dense' && resolveSynapse(`projection '${p.name}'`, 'synapse', p.synapse, dt) === null;
}

/**
 * Creates the paged projections (`paged` indices of `network.projections`) into `out`, grouped by
 * the input arena of their post ring and the list arena of their pre population (usually one
 * group), packed into pages; adds one PropagateGroup per run of pages one dispatch can bind
 * (groupPagesForDispatch; at most `maxPagesPerDispatch`) to `groups`. Prepared GPU rows
 * (prepareRowsOnGpu) are generated straight into their page; rows generated into buffers of their
 * own are copied there and their buffers destroyed; host rows are uploaded.
 */
export async function createPagedProjections(
  ctx: GpuContext, network: NetworkModel, paged: readonly number[], rows: readonly (RaggedRows | GpuRows | PreparedGpuRows)[], populations: ReadonlyMap<string, Population>,
  arenas: InputArenas, spikeArenas: SpikeArenas, clock: Clock, counters: { buffer: GPUBuffer; count: number }, propagate: 'auto' | PropagateStrategy, out: (GpuProjection | unknown)[],
  groups: PropagateGroup[], limitBytes: number, maxPagesPerDispatch: number,
  /** Generates projection i's rows again into buffers of their own, at a row capacity (a fixedTotalNumber row passed the first). */
  regenerate: (index: number, rowCapacity: number) => Promise<GpuRows>,
  /** Called when prepared rows have been generated into their page (build progress). */
  generated: (index: number) => void = () => {},
): Promise<void> {
  // A page's projections share the input arena of their post rings and the list arena of their pre populations.
  const arenaOf = (i: number) => {
    const p = network.projections[i]!;
    const ring = (p.target === 'exc' ? populations.get(p.post)!.buffers.inputExc : populations.get(p.post)!.buffers.inputInh);
    return ring ? arenas.arenas.findIndex((a) => a.buffer === ring.buffer) : -1;
  };
  const listOf = (i: number) => spikeArenas.lists.findIndex((l) => l.buffer === populations.get(network.projections[i]!.pre)!.buffers.spikeList.buffer);
  const keyOf = (i: number) => `${arenaOf(i)} ${listOf(i)}`;
  const byKey = new Map<string, number[]>();
  for (const i of paged) {
    const k = keyOf(i);
    if (!byKey.has(k)) byKey.set(k, []);
    byKey.get(k)!.push(i);
  }
  for (const members of byKey.values()) {
    const arenaIndex = arenaOf(members[0]!);
    const list = spikeArenas.lists[listOf(members[0]!)];
    const rowsOf = new Map(members.map((i) => [i, rows[i]!]));
    const metaOf = (i: number) => { const r = rowsOf.get(i)!; return 'meta' in r ? r.meta : r; };
    // Pages for `pending`; a fixedTotalNumber projection whose rows passed their capacity in its page
    // leaves its slot unused and goes, generated again at its counted length, into a page after them.
    for (let pending = members; pending.length > 0;) {
      const again: number[] = [];
      const pageMembers: PageMember[] = pending.map((i) => ({ index: i, name: network.projections[i]!.name, nPre: metaOf(i).nPre, maxRow: metaOf(i).maxRow, perSynapseDelay: metaOf(i).perSynapseDelay }));
      const plans = planSynapsePages(pageMembers, limitBytes);
      for (const ids of groupPagesForDispatch(plans, ctx.limits.maxStorageBuffersPerShaderStage, maxPagesPerDispatch)) {
        const label = `simulator.propagate${groups.length}`;
        const maxRow = Math.max(0, ...ids.flatMap((k) => plans[k]!.placements.map((at) => metaOf(at.index).maxRow)));
        const strategy = propagate === 'auto' ? chooseStrategy(maxRow, ctx.adapter.software) : propagate;
        if (arenaIndex < 0 || !list) throw new Error(`${label}: a post population takes no input, or a pre population's list is not in an arena`);
        const pages: { buffers: PageBuffers; plan: PagePlan; projections: GpuProjection[] }[] = [];
        try {
          for (const k of ids) {
            const plan = plans[k]!;
            const buffers = allocatePage(ctx, `${label}.page${pages.length}`, plan);
            const made: GpuProjection[] = [];
            pages.push({ buffers, plan, projections: made });
            const encoder = ctx.device.createCommandEncoder({ label: `${label}.page${pages.length - 1}.fill` });
            const moved: GPUBuffer[] = [];
            for (const at of plan.placements) {
              const p = network.projections[at.index]!;
              const source = rowsOf.get(at.index)!;
              const pr = GpuProjection.createSparse(ctx, p.name, populations.get(p.pre)!, populations.get(p.post)!, p.target, source, at.index, { ...buffers, at, strategy }, encoder, moved);
              if ('fill' in source) {
                // Generated on the GPU straight into its page.
                const { rowLength, ind, weight, delay } = pr.buffers;
                const filled = await source.fill({ rowLength: rowLength!, ind: ind!, weight: weight!, ...(delay ? { delay } : {}) });
                source.release();
                if (filled.overflow !== undefined) {
                  rowsOf.set(at.index, await regenerate(at.index, filled.overflow));
                  again.push(at.index);
                  continue;
                }
                generated(at.index);
              } else if (source !== rows[at.index]) {
                generated(at.index);
              }
              made.push(pr);
              out[at.index] = pr;
            }
            ctx.device.queue.submit([encoder.finish()]);
            for (const b of moved) ctx.pool.destroy(b);
          }
          // A page left with no projection (each passed its capacity) is given back; a dispatch with no page is not made.
          for (const { buffers } of pages.filter((pg) => pg.projections.length === 0)) for (const b of Object.values(buffers)) if (b) ctx.pool.release(b);
          const kept = pages.filter((pg) => pg.projections.length > 0);
          pages.length = 0;
          pages.push(...kept);
          if (kept.length > 0) groups.push(await PropagateGroup.create(ctx, label, kept, arenas.arenas[arenaIndex]!, { header: spikeArenas.header, list }, clock, counters, strategy));
        } catch (e) {
          for (const { buffers } of pages) for (const b of Object.values(buffers)) if (b) ctx.pool.release(b);
          // Rows generated again here are ours (the build releases the ones it made).
          for (const [i, r] of rowsOf) if (r !== rows[i] && 'rowLength' in r && 'meta' in r) for (const b of [r.rowLength, r.ind, r.weight, r.delay]) if (b) ctx.pool.release(b);
          throw e;
        }
      }
      pending = again;
    }
  }
}
