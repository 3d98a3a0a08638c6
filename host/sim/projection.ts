/**
 * A projection on the GPU: its synapses (ragged rows in a synapse page, a dense matrix, or
 * procedural parameters) and its event counters. Dense and procedural projections encode their own
 * delivery kernel (gather, procedural: host/kernels/); sparse ones are delivered by their page's
 * propagate dispatch (host/sim/propagate-group.ts), one per pre population and page.
 */
import type { BufferRange } from '../gpu/buffers.js';
import type { GpuContext } from '../gpu/context.js';
import { packOne, uniformBufferSize, type StructLayout } from '../gpu/layout.js';
import type { CompiledKernel } from '../gpu/pipelines.js';
import { Clock, CLOCK } from '../gpu/clock.js';
import type { GpuRows, PreparedGpuRows } from '../kernels/connect.js';
import { GATHER_BINDINGS, GATHER_FRAME, gatherSource } from '../kernels/gather.js';
import { EVENT_WORKGROUP_SIZE } from '../kernels/neuron-kernel.js';
import { spikeHeaderWords } from '../kernels/spike-slots.js';
import { PROCEDURAL_BINDINGS, PROCEDURAL_FRAME, proceduralSource } from '../kernels/procedural.js';
import type { PropagateStrategy } from '../kernels/propagate.js';
import type { RaggedMeta, RaggedRows } from '../random/rows.js';
import type { PagePlacement } from './arenas.js';
import type { Population } from './population.js';

/** The post population's accumulator ring a projection writes to. */
export function postAccumulator(name: string, post: Population, target: 'exc' | 'inh'): BufferRange {
  const acc = target === 'exc' ? post.buffers.inputExc : post.buffers.inputInh;
  if (!acc) throw new Error(`projection '${name}': post population '${post.name}' takes no input`);
  return acc;
}

/**
 * The bind group of a dense or procedural delivery kernel: bindings 0-3 are always its frame, the
 * clock and the pre population's spike count and list (DELIVERY_INPUTS_WGSL); `rest` follow in
 * binding order ([buffer, size, offset?]). The count binds one step slot (a dynamic offset:
 * Population.countSlotOffset).
 */
export function bindDelivery(
  ctx: GpuContext, name: string, kernel: CompiledKernel, frame: GPUBuffer, frameLayout: StructLayout, clock: Clock, pre: Population,
  rest: ([GPUBuffer, number] | [GPUBuffer, number, number])[],
): GPUBindGroup {
  const entries: ([GPUBuffer, number] | [GPUBuffer, number, number])[] = [
    [frame, uniformBufferSize(frameLayout)], [clock.buffer, uniformBufferSize(CLOCK)],
    [pre.buffers.spikeCount, 4 * spikeHeaderWords(pre.batch)], [pre.buffers.spikeList.buffer, 4 * pre.size * pre.batch, pre.buffers.spikeList.offset],
    ...rest,
  ];
  return ctx.device.createBindGroup({
    label: `${name}.bindGroup`, layout: kernel.layout,
    entries: entries.map(([buffer, size, offset], i) => ({ binding: i, resource: { buffer, size, offset: offset ?? 0 } })),
  });
}

/** Where a sparse projection's rows go: its page's buffers and its words there (host/sim/arenas.ts). */
export interface PageSlot {
  ind: GPUBuffer;
  weight: GPUBuffer;
  delay?: GPUBuffer;
  at: PagePlacement;
  strategy: PropagateStrategy;
}

/** Synapse buffers of a projection: ranges (a sparse projection's lie in its page). */
export interface ProjectionBuffers {
  frame?: GPUBuffer;
  rowLength?: BufferRange;
  ind?: BufferRange;
  weight?: BufferRange;
  delay?: BufferRange;
}

/**
 * A projection on the GPU: its synapses and, for dense and procedural storage, the dispatch that
 * delivers spikes. Sparse projections are delivered by their page's propagate dispatch
 * (host/sim/propagate-group.ts), with every other sparse projection of the same pre population.
 */
export class GpuProjection {
  private constructor(
    readonly name: string,
    readonly pre: Population,
    readonly post: Population,
    readonly rows: RaggedMeta,
    /** Dense and procedural storage: the kernel and its bind group (sparse: null, delivered by its page). */
    private readonly delivery: { kernel: CompiledKernel; bindGroup: GPUBindGroup } | null,
    readonly buffers: ProjectionBuffers,
    /** Buffers this projection owns (released with it); a page's are its group's. */
    private readonly owned: GPUBuffer[],
    /**
     * 'sparse': event-driven scatter over stored rows; 'dense': the all-to-all gather (one thread
     * per post neuron); 'procedural': like dense, but synapses regenerated from Philox, none stored.
     */
    readonly storage: 'sparse' | 'dense' | 'procedural',
    /** The post population's input channel. */
    readonly target: 'exc' | 'inh',
    /** Its slot in the Simulator's event counters. */
    readonly counterIndex: number,
    /** Dense rows leave out i -> i (all-to-all without autapses): row entry q is post q, or q + 1 from q = pre on. */
    readonly skipSelf = false,
    /** Sparse delivery: a thread per spike, or a workgroup's threads per row (host/kernels/propagate.ts); its page's. */
    readonly strategy: PropagateStrategy | null = null,
    /** Sparse: where its rows lie in its page. */
    readonly page: PageSlot | null = null,
  ) {}

  /** A procedural projection: `frame` from proceduralFrame (host/kernels/procedural.ts). */
  static async createProcedural(
    ctx: GpuContext, name: string, pre: Population, post: Population, target: 'exc' | 'inh', frameValues: Record<string, number>, clock: Clock,
    counters: { buffer: GPUBuffer; index: number; count: number },
  ): Promise<GpuProjection> {
    const acc = postAccumulator(name, post, target);
    const { uniform, ...values } = frameValues;
    const frame = ctx.pool.createWithData(`${name}.frame`, GPUBufferUsage.UNIFORM, packOne(PROCEDURAL_FRAME, {
      ...values, slots: post.inputSlots, slotWords: post.inputSlotBytes / 4, counterIndex: counters.index, noContract: 0,
    } as Record<string, number>));
    const options = { workgroupSize: EVENT_WORKGROUP_SIZE, uniformWeight: uniform === 1 };
    const kernel = await ctx.pipelines.get({ name: 'procedural', options, bindings: PROCEDURAL_BINDINGS, source: () => proceduralSource(options.workgroupSize, options.uniformWeight) });
    const bindGroup = bindDelivery(ctx, name, kernel, frame, PROCEDURAL_FRAME, clock, pre,
      [[acc.buffer, post.inputSlotBytes * post.inputSlots, acc.offset], [counters.buffer, 12 * counters.count]]);
    const nPre = values.nPre as number;
    const nPost = values.nPost as number;
    const expected = values.allPairs ? nPre * nPost - (values.skipSelf ? nPre : 0) : Math.round(((values.threshold as number) / 2 ** 32) * nPre * (nPost - (values.skipSelf ? 1 : 0)));
    const meta: RaggedMeta = { nPre, nPost, maxRow: 0, synapses: expected, constDelay: values.delay as number, maxDelay: values.delay as number, perSynapseDelay: false };
    return new GpuProjection(name, pre, post, meta, { kernel, bindGroup }, { frame }, [frame], 'procedural', target, counters.index);
  }

  /**
   * A dense projection (the all-to-all gather): its weights uploaded, or used in place when generated on the GPU.
   * @param counters shared u32 counters, 3 per projection (wrapped sums, SynOps lo, SynOps hi); this one uses slot `index`
   */
  static async createDense(
    ctx: GpuContext, name: string, pre: Population, post: Population, target: 'exc' | 'inh', source: RaggedRows | GpuRows, clock: Clock,
    counters: { buffer: GPUBuffer; index: number; count: number }, dense: { skipSelf: boolean },
  ): Promise<GpuProjection> {
    const pool = ctx.pool;
    const acc = postAccumulator(name, post, target);
    const rows: RaggedMeta = 'meta' in source ? source.meta : source;
    if (rows.perSynapseDelay) throw new Error(`projection '${name}': the dense strategy needs one delay for the projection`);
    // The gather reads only the weights: GPU-generated rows give their other buffers back.
    const synapseBytes = 4 * rows.nPre * rows.maxRow;
    let weight: GPUBuffer;
    if ('meta' in source) {
      weight = source.weight;
      for (const b of [source.rowLength, source.ind, source.delay]) if (b) pool.release(b);
    } else {
      weight = pool.createWithData(`${name}.weight`, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC, source.weight);
    }
    const frame = pool.createWithData(`${name}.frame`, GPUBufferUsage.UNIFORM, packOne(GATHER_FRAME, {
      nPre: rows.nPre, nPost: rows.nPost, maxRow: rows.maxRow, slots: post.inputSlots, slotWords: post.inputSlotBytes / 4,
      delay: rows.constDelay, counterIndex: counters.index, skipSelf: dense.skipSelf ? 1 : 0, rowLength: rows.nPost - (dense.skipSelf ? 1 : 0),
    }));
    const options = { workgroupSize: EVENT_WORKGROUP_SIZE };
    const kernel = await ctx.pipelines.get({ name: 'gather', options, bindings: GATHER_BINDINGS, source: () => gatherSource(options.workgroupSize) });
    const bindGroup = bindDelivery(ctx, name, kernel, frame, GATHER_FRAME, clock, pre,
      [[weight, synapseBytes], [acc.buffer, post.inputSlotBytes * post.inputSlots, acc.offset], [counters.buffer, 12 * counters.count]]);
    return new GpuProjection(name, pre, post, rows, { kernel, bindGroup }, { frame, weight: { buffer: weight, offset: 0, size: synapseBytes } },
      [frame, weight], 'dense', target, counters.index, dense.skipSelf);
  }

  /**
   * A sparse projection: its rows written into its page (host rows uploaded there; GPU-generated
   * rows copied there by `encoder`, their buffers destroyed once `encoder` is submitted: see `moved`;
   * prepared rows are left for the caller to fill into its ranges). Delivered by the page's PropagateGroup.
   */
  static createSparse(
    ctx: GpuContext, name: string, pre: Population, post: Population, target: 'exc' | 'inh', source: RaggedRows | GpuRows | PreparedGpuRows,
    counterIndex: number, page: PageSlot, encoder: GPUCommandEncoder, moved: GPUBuffer[],
  ): GpuProjection {
    postAccumulator(name, post, target);
    const rows: RaggedMeta = 'meta' in source ? source.meta : source;
    const { at } = page;
    const synapseBytes = 4 * rows.nPre * rows.maxRow;
    const rowBytes = 4 * rows.nPre;
    if (rows.perSynapseDelay !== (at.delayBase !== null) || (rows.perSynapseDelay && !page.delay)) {
      throw new Error(`projection '${name}': its page was planned for ${at.delayBase === null ? 'one delay' : 'per-synapse delays'}`);
    }
    const ranges: ProjectionBuffers = {
      rowLength: { buffer: page.ind, offset: 4 * at.rowBase, size: rowBytes },
      ind: { buffer: page.ind, offset: 4 * at.synBase, size: synapseBytes },
      weight: { buffer: page.weight, offset: 4 * at.synBase, size: synapseBytes },
      ...(at.delayBase !== null ? { delay: { buffer: page.delay!, offset: 4 * at.delayBase, size: synapseBytes } } : {}),
    };
    const parts: [Exclude<keyof ProjectionBuffers, 'frame'>, GPUBuffer | ArrayBufferView | undefined, number][] = 'fill' in source ? [] : 'meta' in source
      ? [['rowLength', source.rowLength, rowBytes], ['ind', source.ind, synapseBytes], ['weight', source.weight, synapseBytes], ['delay', source.delay, synapseBytes]]
      : [['rowLength', source.rowLength, rowBytes], ['ind', source.ind, synapseBytes], ['weight', source.weight, synapseBytes], ['delay', source.delay ?? undefined, synapseBytes]];
    for (const [key, from, bytes] of parts) {
      const to = ranges[key];
      if (!from || !to || bytes === 0) continue;
      if (ArrayBuffer.isView(from)) ctx.device.queue.writeBuffer(to.buffer, to.offset, from.buffer, from.byteOffset, bytes);
      else encoder.copyBufferToBuffer(from, 0, to.buffer, to.offset, bytes);
    }
    if ('rowLength' in source && 'meta' in source) for (const b of [source.rowLength, source.ind, source.weight, source.delay]) if (b) moved.push(b);
    return new GpuProjection(name, pre, post, rows, null, ranges, [], 'sparse', target, counterIndex, false, page.strategy, page);
  }

  /** Adds step `step`'s delivery to an open compute pass (after the pre population's dispatch), reading that step's spike slot. */
  encode(pass: GPUComputePassEncoder, clockSlot: number, step: number): void {
    if (!this.delivery) throw new Error(`projection '${this.name}': sparse projections are delivered by their page (PropagateGroup)`);
    const slot = this.pre.countSlotOffset(step);
    pass.setPipeline(this.delivery.kernel.pipeline);
    pass.setBindGroup(0, this.delivery.bindGroup, [Clock.offset(clockSlot), slot]);
    pass.dispatchWorkgroups(Math.ceil(this.rows.nPost / EVENT_WORKGROUP_SIZE), this.pre.batch);
  }

  /** Whether it encodes its own delivery (dense, procedural); sparse ones are in a page's dispatch. */
  get deliversItself(): boolean {
    return this.delivery !== null;
  }

  release(pool: GpuContext['pool']): void {
    for (const b of this.owned) pool.release(b);
  }
}
