/**
 * One propagate dispatch for every sparse static projection in one synapse page
 * (host/sim/arenas.ts), whatever their pre populations: the page's buffers, its table of targets,
 * the kernel and its bind group. With one page (the usual case) a step encodes one delivery command
 * for all sparse projections, whatever their number (issue 27).
 */
import type { GpuContext } from '../gpu/context.js';
import { packOne, uniformBufferSize } from '../gpu/layout.js';
import type { CompiledKernel } from '../gpu/pipelines.js';
import { Clock, CLOCK } from '../gpu/clock.js';
import { EVENT_WORKGROUP_SIZE } from '../kernels/neuron-kernel.js';
import { NO_DELAY_ARRAY, packTargets, PROPAGATE_FRAME, propagateBindings, propagateSource, type PropagateStrategy, type PropagateTarget } from '../kernels/propagate.js';
import { argsSlotWord } from '../kernels/spike-slots.js';
import type { PagePlan } from './arenas.js';
import type { Population } from './population.js';
import { postAccumulator, type GpuProjection } from './projection.js';

/** A page's buffers before its projections are written into it. */
export interface PageBuffers {
  ind: GPUBuffer;
  weight: GPUBuffer;
  delay?: GPUBuffer;
}

export function allocatePage(ctx: GpuContext, label: string, plan: PagePlan): PageBuffers {
  const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  const make = (b: string, words: number) => ctx.pool.acquire({ label: `${label}.${b}`, size: 4 * words, usage });
  return { ind: make('ind', plan.indWords), weight: make('weight', plan.indWords), ...(plan.delayWords > 0 ? { delay: make('delay', plan.delayWords) } : {}) };
}

export class PropagateGroup {
  private constructor(
    readonly label: string,
    /** The spike header arena: the dispatch's indirect args are its shared args. */
    private readonly header: GPUBuffer,
    readonly projections: readonly GpuProjection[],
    readonly strategy: PropagateStrategy,
    private readonly kernel: CompiledKernel,
    private readonly bindGroup: GPUBindGroup,
    private readonly owned: GPUBuffer[],
  ) {}

  /** The pre populations of its projections, in order of first use. */
  get pres(): Population[] {
    return [...new Set(this.projections.map((p) => p.pre))];
  }

  /**
   * @param projections the page's projections, rows already written (GpuProjection.createSparse), in the plan's order
   * @param arena the input arena every target ring lies in, and its bytes
   * @param spikes the spike header arena and the list arena every pre population's header and list lie in
   */
  static async create(
    ctx: GpuContext, label: string, page: PageBuffers, plan: PagePlan, projections: readonly GpuProjection[],
    arena: { buffer: GPUBuffer; bytes: number }, spikes: { header: { buffer: GPUBuffer; bytes: number }; list: { buffer: GPUBuffer; bytes: number } },
    clock: Clock, counters: { buffer: GPUBuffer; count: number }, strategy: PropagateStrategy,
  ): Promise<PropagateGroup> {
    const batch = projections[0]?.pre.batch ?? 1;
    const targets: PropagateTarget[] = projections.map((pr, j) => {
      const at = plan.placements[j]!;
      const ring = postAccumulator(pr.name, pr.post, pr.target);
      const list = pr.pre.buffers.spikeList;
      if (ring.buffer !== arena.buffer || pr.pre.buffers.spikeCount !== spikes.header.buffer || list.buffer !== spikes.list.buffer || pr.page?.at !== at || pr.pre.batch !== batch) {
        throw new Error(`${label}: projection '${pr.name}' does not belong to this page`);
      }
      return {
        rowBase: at.rowBase, synBase: at.synBase, maxRow: pr.rows.maxRow, nPost: pr.rows.nPost, accBase: ring.offset / 4,
        slots: pr.post.inputSlots, slotWords: pr.post.inputSlotBytes / 4, delayBase: at.delayBase ?? NO_DELAY_ARRAY, delay: pr.rows.constDelay, counter: pr.counterIndex,
        countBase: pr.pre.countBase, listBase: list.offset / 4, nPre: pr.pre.size,
      };
    });
    ctx.device.queue.writeBuffer(page.ind, 0, packTargets(targets));
    const perSynapseDelay = page.delay !== undefined;
    const options = { workgroupSize: EVENT_WORKGROUP_SIZE, perSynapseDelay, strategy };
    const kernel = await ctx.pipelines.get({ name: 'propagate', options, bindings: propagateBindings(perSynapseDelay), source: () => propagateSource(options.workgroupSize, perSynapseDelay, strategy) });
    const frame = ctx.pool.createWithData(`${label}.frame`, GPUBufferUsage.UNIFORM, packOne(PROPAGATE_FRAME, { batch, projections: projections.length }));
    const entries: [GPUBuffer, number][] = [
      [frame, uniformBufferSize(PROPAGATE_FRAME)], [clock.buffer, uniformBufferSize(CLOCK)],
      [spikes.header.buffer, spikes.header.bytes], [spikes.list.buffer, spikes.list.bytes],
      [page.ind, 4 * plan.indWords], [page.weight, 4 * plan.indWords], [arena.buffer, arena.bytes], [counters.buffer, 12 * counters.count],
      ...(page.delay ? [[page.delay, 4 * plan.delayWords] as [GPUBuffer, number]] : []),
    ];
    const bindGroup = ctx.device.createBindGroup({
      label: `${label}.bindGroup`, layout: kernel.layout,
      entries: entries.map(([buffer, size], i) => ({ binding: i, resource: { buffer, size } })),
    });
    return new PropagateGroup(label, spikes.header.buffer, projections, strategy, kernel, bindGroup, [frame, page.ind, page.weight, ...(page.delay ? [page.delay] : [])]);
  }

  /** Adds step `step`'s propagation to an open compute pass (after every population's dispatch of the step). */
  encode(pass: GPUComputePassEncoder, clockSlot: number, step: number): void {
    pass.setPipeline(this.kernel.pipeline);
    pass.setBindGroup(0, this.bindGroup, [Clock.offset(clockSlot)]);
    pass.dispatchWorkgroupsIndirect(this.header, 4 * argsSlotWord(step));
  }

  release(pool: GpuContext['pool']): void {
    for (const b of this.owned) pool.release(b);
  }
}
