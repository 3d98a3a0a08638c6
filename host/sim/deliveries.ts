/**
 * Building the shared delivery structures of a Simulator (host/sim/arenas.ts): the input arenas
 * every neuron population's rings live in, and the synapse pages of the sparse static projections,
 * each delivered by one PropagateGroup dispatch per step.
 */
import type { BufferRange } from '../gpu/buffers.js';
import type { Clock } from '../gpu/clock.js';
import type { GpuContext } from '../gpu/context.js';
import type { GpuRows } from '../kernels/connect.js';
import { modelStateBytes } from '../kernels/models.js';
import { chooseStrategy, type PropagateStrategy } from '../kernels/propagate.js';
import { resolveSynapse } from '../learn/plasticity.js';
import type { NetworkModel, ProjectionModel } from '../model/network.js';
import type { RaggedRows } from '../random/rows.js';
import { planInputArenas, planSynapsePages, type PageMember } from './arenas.js';
import { storageOf } from './plan.js';
import { inputSlotBytes } from './population-gpu.js';
import type { Population } from './population.js';
import { GpuProjection } from './projection.js';
import { allocatePage, PropagateGroup } from './propagate-group.js';

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

/** Whether a projection's rows go in a synapse page: sparse storage, static synapses. */
export function isPaged(p: ProjectionModel, rows: unknown, dt: number): rows is RaggedRows | GpuRows {
  if (typeof rows === 'object' && rows !== null && 'procedural' in rows) return false;
  return storageOf(p, 0, 0, Infinity) !== 'dense' && resolveSynapse(`projection '${p.name}'`, 'synapse', p.synapse, dt) === null;
}

/**
 * Creates the paged projections (`paged` indices of `network.projections`) into `out`, grouped by
 * pre population and input arena of the post ring, packed into pages; returns one PropagateGroup
 * per page. Rows generated on the GPU are copied into their page and their buffers destroyed.
 */
export async function createPagedProjections(
  ctx: GpuContext, network: NetworkModel, paged: readonly number[], rows: readonly (RaggedRows | GpuRows)[], populations: ReadonlyMap<string, Population>,
  arenas: InputArenas, clock: Clock, counters: { buffer: GPUBuffer; count: number }, propagate: 'auto' | PropagateStrategy, out: (GpuProjection | unknown)[],
  groups: PropagateGroup[], limitBytes: number,
): Promise<void> {
  const keyOf = (i: number) => {
    const p = network.projections[i]!;
    const ring = (p.target === 'exc' ? populations.get(p.post)!.buffers.inputExc : populations.get(p.post)!.buffers.inputInh);
    return `${p.pre}\u0000${ring ? arenas.arenas.findIndex((a) => a.buffer === ring.buffer) : -1}`;
  };
  const byKey = new Map<string, number[]>();
  for (const i of paged) {
    const k = keyOf(i);
    if (!byKey.has(k)) byKey.set(k, []);
    byKey.get(k)!.push(i);
  }
  for (const members of byKey.values()) {
    const pre = populations.get(network.projections[members[0]!]!.pre)!;
    const arenaIndex = Number(keyOf(members[0]!).split('\u0000')[1]);
    const metaOf = (i: number) => { const r = rows[i]!; return 'meta' in r ? r.meta : r; };
    const pageMembers: PageMember[] = members.map((i) => ({ index: i, name: network.projections[i]!.name, nPre: metaOf(i).nPre, maxRow: metaOf(i).maxRow, perSynapseDelay: metaOf(i).perSynapseDelay }));
    for (const [k, plan] of planSynapsePages(pageMembers, limitBytes).entries()) {
      const label = `${pre.name}.page${k}`;
      const maxRow = Math.max(0, ...plan.placements.map((at) => metaOf(at.index).maxRow));
      const strategy = propagate === 'auto' ? chooseStrategy(maxRow, ctx.adapter.software) : propagate;
      if (arenaIndex < 0) throw new Error(`${label}: a post population takes no input`);
      const page = allocatePage(ctx, label, plan);
      try {
        const encoder = ctx.device.createCommandEncoder({ label: `${label}.fill` });
        const moved: GPUBuffer[] = [];
        const made: GpuProjection[] = [];
        for (const at of plan.placements) {
          const p = network.projections[at.index]!;
          made.push(GpuProjection.createSparse(ctx, p.name, pre, populations.get(p.post)!, p.target, rows[at.index]!, at.index, { ...page, at, strategy }, encoder, moved));
        }
        ctx.device.queue.submit([encoder.finish()]);
        for (const b of moved) ctx.pool.destroy(b);
        made.forEach((pr, j) => { out[plan.placements[j]!.index] = pr; });
        groups.push(await PropagateGroup.create(ctx, label, pre, page, plan, made, arenas.arenas[arenaIndex]!, clock, counters, strategy));
      } catch (e) {
        for (const b of Object.values(page)) if (b) ctx.pool.release(b);
        throw e;
      }
    }
  }
}
