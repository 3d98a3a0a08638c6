/**
 * A projection on the GPU: its synapses (ragged rows, a dense matrix, or procedural parameters),
 * the delivery kernel that scatters or gathers each step's spikes into the post population's delay
 * ring (propagate, gather or procedural: host/kernels/), and its event counters.
 */
import type { GpuContext } from '../gpu/context.js';
import { packOne, uniformBufferSize, type StructLayout } from '../gpu/layout.js';
import type { CompiledKernel } from '../gpu/pipelines.js';
import { Clock, CLOCK } from '../gpu/clock.js';
import type { GpuRows } from '../kernels/connect.js';
import { GATHER_BINDINGS, GATHER_FRAME, gatherSource } from '../kernels/gather.js';
import { EVENT_WORKGROUP_SIZE } from '../kernels/neuron-kernel.js';
import { spikeHeaderWords } from '../kernels/spike-slots.js';
import { PROCEDURAL_BINDINGS, PROCEDURAL_FRAME, proceduralSource } from '../kernels/procedural.js';
import { chooseStrategy, PROPAGATE_FRAME, propagateBindings, propagateSource, type PropagateStrategy } from '../kernels/propagate.js';
import type { RaggedMeta, RaggedRows } from '../random/rows.js';
import type { Population } from './population.js';

/** The post population's accumulator ring a projection writes to. */
function postAccumulator(name: string, post: Population, target: 'exc' | 'inh'): GPUBuffer {
  const acc = target === 'exc' ? post.buffers.inputExc : post.buffers.inputInh;
  if (!acc) throw new Error(`projection '${name}': post population '${post.name}' takes no input`);
  return acc;
}

/**
 * The bind group of a delivery kernel: bindings 0-3 are always its frame, the clock and the pre
 * population's spike count and list (DELIVERY_INPUTS_WGSL); `rest` follow in binding order. The
 * count binds one step slot (a dynamic offset: Population.countSlotOffset).
 */
function bindDelivery(
  ctx: GpuContext, name: string, kernel: CompiledKernel, frame: GPUBuffer, frameLayout: StructLayout, clock: Clock, pre: Population,
  rest: [GPUBuffer, number][],
): GPUBindGroup {
  const entries: [GPUBuffer, number][] = [
    [frame, uniformBufferSize(frameLayout)], [clock.buffer, uniformBufferSize(CLOCK)],
    [pre.buffers.spikeCount, 4 * spikeHeaderWords(pre.batch)], [pre.buffers.spikeList, 4 * pre.size * pre.batch],
    ...rest,
  ];
  return ctx.device.createBindGroup({
    label: `${name}.bindGroup`, layout: kernel.layout,
    entries: entries.map(([buffer, size], i) => ({ binding: i, resource: { buffer, size } })),
  });
}

/** A projection on the GPU: its synapses and the dispatch that delivers spikes. */
export class GpuProjection {
  private constructor(
    readonly name: string,
    readonly pre: Population,
    readonly post: Population,
    readonly rows: RaggedMeta,
    private readonly kernel: CompiledKernel,
    private readonly bindGroup: GPUBindGroup,
    readonly buffers: { frame: GPUBuffer; rowLength?: GPUBuffer; ind?: GPUBuffer; weight?: GPUBuffer; delay?: GPUBuffer },
    /**
     * 'sparse': event-driven scatter over stored rows; 'dense': the all-to-all gather (one thread
     * per post neuron); 'procedural': like dense, but synapses regenerated from Philox, none stored.
     */
    readonly storage: 'sparse' | 'dense' | 'procedural',
    /** The post population's input channel. */
    readonly target: 'exc' | 'inh',
    /** Dense rows leave out i -> i (all-to-all without autapses): row entry q is post q, or q + 1 from q = pre on. */
    readonly skipSelf = false,
    /** Sparse delivery: a thread per spike, or a workgroup's threads per row (host/kernels/propagate.ts). */
    readonly strategy: PropagateStrategy | null = null,
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
      [[acc, post.inputSlotBytes * post.inputSlots], [counters.buffer, 12 * counters.count]]);
    const nPre = values.nPre as number;
    const nPost = values.nPost as number;
    const expected = values.allPairs ? nPre * nPost - (values.skipSelf ? nPre : 0) : Math.round(((values.threshold as number) / 2 ** 32) * nPre * (nPost - (values.skipSelf ? 1 : 0)));
    const meta: RaggedMeta = { nPre, nPost, maxRow: 0, synapses: expected, constDelay: values.delay as number, maxDelay: values.delay as number, perSynapseDelay: false };
    return new GpuProjection(name, pre, post, meta, kernel, bindGroup, { frame }, 'procedural', target);
  }

  /**
   * @param counters shared u32 counters, 3 per projection (wrapped sums, SynOps lo, SynOps hi); this one uses slot `index`
   */
  static async create(
    ctx: GpuContext, name: string, pre: Population, post: Population, target: 'exc' | 'inh', source: RaggedRows | GpuRows, clock: Clock,
    counters: { buffer: GPUBuffer; index: number; count: number },
    dense?: { skipSelf: boolean },
    propagate: 'auto' | PropagateStrategy = 'auto',
  ): Promise<GpuProjection> {
    const pool = ctx.pool;
    const label = (b: string) => `${name}.${b}`;
    const acc = postAccumulator(name, post, target);
    const rows: RaggedMeta = 'meta' in source ? source.meta : source;
    const perSynapseDelay = rows.perSynapseDelay;
    if (dense && perSynapseDelay) throw new Error(`projection '${name}': the dense strategy needs one delay for the projection`);
    // Rows generated on the GPU are used in place; host-generated rows are uploaded (the dense
    // gather reads only the weights, so it uploads no indices).
    const STORAGE = GPUBufferUsage.STORAGE;
    const upload = (b: string, data: ArrayBufferView): GPUBuffer => pool.createWithData(label(b), STORAGE | GPUBufferUsage.COPY_SRC, data);
    const rowLength = 'meta' in source ? source.rowLength : upload('rowLength', source.rowLength);
    const ind = 'meta' in source ? source.ind : upload('ind', dense ? new Uint32Array(1) : source.ind);
    const weight = 'meta' in source ? source.weight : upload('weight', source.weight);
    const delay = 'meta' in source ? source.delay : source.delay ? upload('delay', source.delay) : undefined;
    const synapseBytes = 4 * rows.nPre * rows.maxRow;
    const accBinding: [GPUBuffer, number] = [acc, post.inputSlotBytes * post.inputSlots];
    const countersBinding: [GPUBuffer, number] = [counters.buffer, 12 * counters.count];
    if (dense) {
      const frame = pool.createWithData(label('frame'), GPUBufferUsage.UNIFORM, packOne(GATHER_FRAME, {
        nPre: rows.nPre, nPost: rows.nPost, maxRow: rows.maxRow, slots: post.inputSlots, slotWords: post.inputSlotBytes / 4,
        delay: rows.constDelay, counterIndex: counters.index, skipSelf: dense.skipSelf ? 1 : 0, rowLength: rows.nPost - (dense.skipSelf ? 1 : 0),
      }));
      const options = { workgroupSize: EVENT_WORKGROUP_SIZE };
      const kernel = await ctx.pipelines.get({ name: 'gather', options, bindings: GATHER_BINDINGS, source: () => gatherSource(options.workgroupSize) });
      const bindGroup = bindDelivery(ctx, name, kernel, frame, GATHER_FRAME, clock, pre, [[weight, synapseBytes], accBinding, countersBinding]);
      return new GpuProjection(name, pre, post, rows, kernel, bindGroup, { frame, rowLength, ind, weight }, 'dense', target, dense.skipSelf);
    }
    const frame = pool.createWithData(label('frame'), GPUBufferUsage.UNIFORM, packOne(PROPAGATE_FRAME, {
      nPre: rows.nPre, nPost: rows.nPost, maxRow: rows.maxRow, slots: post.inputSlots, slotWords: post.inputSlotBytes / 4, delay: rows.constDelay, counterIndex: counters.index,
    }));
    const strategy = propagate === 'auto' ? chooseStrategy(rows.maxRow, ctx.adapter.software) : propagate;
    const options = { workgroupSize: EVENT_WORKGROUP_SIZE, perSynapseDelay, strategy };
    const kernel = await ctx.pipelines.get({ name: 'propagate', options, bindings: propagateBindings(perSynapseDelay), source: () => propagateSource(options.workgroupSize, perSynapseDelay, strategy) });
    const rest: [GPUBuffer, number][] = [[rowLength, 4 * rows.nPre], [ind, synapseBytes], [weight, synapseBytes], accBinding, countersBinding];
    if (delay) rest.push([delay, synapseBytes]);
    const bindGroup = bindDelivery(ctx, name, kernel, frame, PROPAGATE_FRAME, clock, pre, rest);
    return new GpuProjection(name, pre, post, rows, kernel, bindGroup, { frame, rowLength, ind, weight, ...(delay ? { delay } : {}) }, 'sparse', target, false, strategy);
  }

  /** Adds step `step`'s propagation to an open compute pass (after the pre population's dispatch), reading that step's spike slot. */
  encode(pass: GPUComputePassEncoder, clockSlot: number, step: number): void {
    const slot = this.pre.countSlotOffset(step);
    pass.setPipeline(this.kernel.pipeline);
    pass.setBindGroup(0, this.bindGroup, [Clock.offset(clockSlot), slot]);
    if (this.storage !== 'sparse') pass.dispatchWorkgroups(Math.ceil(this.rows.nPost / EVENT_WORKGROUP_SIZE), this.pre.batch);
    else pass.dispatchWorkgroupsIndirect(this.pre.buffers.spikeCount, slot + 4 * this.pre.batch);
  }

  release(pool: GpuContext['pool']): void {
    for (const b of Object.values(this.buffers)) if (b) pool.release(b);
  }
}
