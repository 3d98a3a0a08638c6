/**
 * Building a Simulator's projections: each model projection becomes a static GpuProjection
 * (sparse, dense or procedural delivery) or, with a learning rule, a PlasticProjection.
 */
import { InvalidParameterError } from '../errors.js';
import type { BufferRange } from '../gpu/buffers.js';
import type { GpuContext } from '../gpu/context.js';
import type { Clock } from '../gpu/clock.js';
import type { GpuRows } from '../kernels/connect.js';
import type { PropagateStrategy } from '../kernels/propagate.js';
import { STRUCTURAL_STREAM_BASE } from '../kernels/structural.js';
import { resolveSynapse } from '../learn/plasticity.js';
import type { ProjectionModel } from '../model/network.js';
import type { RaggedMeta, RaggedRows } from '../random/rows.js';
import { storageOf } from './plan.js';
import { PlasticProjection } from './plastic-projection.js';
import type { Population } from './population.js';
import { GpuProjection } from './projection.js';

export { PlasticProjection };
export type AnyProjection = GpuProjection | PlasticProjection;

/** A procedural projection before allocation: its frame values and delay. */
export interface ProceduralRows {
  procedural: Record<string, number>;
  meta: RaggedMeta;
}

export async function createProjection(
  ctx: GpuContext, p: ProjectionModel, index: number, rows: RaggedRows | GpuRows | ProceduralRows, populations: ReadonlyMap<string, Population>,
  clock: Clock, counters: { buffer: GPUBuffer; index: number; count: number }, opts: { dt: number; fractionBits: number; propagate: 'auto' | PropagateStrategy; seed: number },
): Promise<AnyProjection> {
  const pre = populations.get(p.pre)!;
  const post = populations.get(p.post)!;
  if ('procedural' in rows) return GpuProjection.createProcedural(ctx, p.name, pre, post, p.target, rows.procedural, clock, counters);
  const dense = storageOf(p, 0, 0, Infinity) === 'dense'
    ? { skipSelf: p.pre === p.post && p.connectivity.rule === 'allToAll' && p.connectivity.autapses !== true } : undefined;
  const plastic = resolveSynapse(`projection '${p.name}'`, 'synapse', p.synapse, opts.dt);
  if (plastic) {
    const sourceName = plastic.modulator?.population ?? null;
    const modSource = sourceName === null ? null : populations.get(sourceName);
    if (modSource === undefined) {
      throw new InvalidParameterError(`projection '${p.name}'`, 'synapse.modulator.population', sourceName, `one of ${[...populations.keys()].map((n) => JSON.stringify(n)).join(', ')}`);
    }
    return PlasticProjection.create(ctx, p.name, pre, post, p.target, rows, clock, counters, plastic.rule,
      { dendriticDelay: plastic.dendriticDelay, fractionBits: opts.fractionBits, dt: opts.dt, ...(dense ? { dense } : {}), modulator: plastic.modulator, modSource,
        structural: plastic.structural ? { ...plastic.structural, seed: opts.seed, stream: STRUCTURAL_STREAM_BASE + index, noSelf: p.pre === p.post } : null,
        consolidation: plastic.consolidation });
  }
  if (!dense) throw new Error(`projection '${p.name}': a static sparse projection is placed in a synapse page (createSparseProjections)`);
  return GpuProjection.createDense(ctx, p.name, pre, post, p.target, rows, clock, counters, dense);
}

/** The synapses and weights of a static stored projection (i32 fixed point back to the weight unit). */
export async function staticWeights(ctx: GpuContext, p: GpuProjection, batch: number): Promise<{ pre: Uint32Array; post: Uint32Array; weights: Float32Array; batch: number }> {
  const { nPre, maxRow } = p.rows;
  if (p.storage === 'procedural') {
    throw new InvalidParameterError(`projection '${p.name}'`, 'storage', 'procedural', "a stored projection ('sparse' or 'dense'): procedural synapses are regenerated at every spike, not stored");
  }
  const read = async (r: BufferRange, bytes: number) => ctx.read(r.buffer, r.offset, bytes);
  const rowLength = p.storage === 'dense' ? new Uint32Array(nPre).fill(maxRow) : new Uint32Array(await read(p.buffers.rowLength!, 4 * nPre));
  const ind = p.storage === 'dense' ? null : new Uint32Array(await read(p.buffers.ind!, 4 * nPre * maxRow));
  const q = new Int32Array(await read(p.buffers.weight!, 4 * nPre * maxRow));
  const n = rowLength.reduce((a, x) => a + x, 0);
  const pre = new Uint32Array(n);
  const post = new Uint32Array(n);
  const one = new Float32Array(n);
  const scale = 2 ** -p.post.inputFractionBits;
  let k = 0;
  for (let i = 0; i < nPre; i++) {
    for (let s = 0; s < rowLength[i]!; s++, k++) {
      pre[k] = i;
      post[k] = ind ? ind[i * maxRow + s]! : p.skipSelf && s >= i ? s + 1 : s;
      one[k] = q[i * maxRow + s]! * scale;
    }
  }
  const weights = new Float32Array(batch * n);
  for (let b = 0; b < batch; b++) weights.set(one, b * n);
  return { pre, post, weights, batch };
}
