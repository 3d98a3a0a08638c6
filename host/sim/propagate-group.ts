/**
 * One propagate dispatch for every sparse static projection of a pre population in one synapse
 * page (host/sim/arenas.ts): the page's buffers, its table of targets, the kernel and its bind
 * group. With one page per pre population (the usual case) a step encodes one delivery command per
 * population that has sparse projections, whatever their number (issue 27).
 */
import type { GpuContext } from '../gpu/context.js';
import { packOne, uniformBufferSize } from '../gpu/layout.js';
import type { CompiledKernel } from '../gpu/pipelines.js';
import { Clock, CLOCK } from '../gpu/clock.js';
import { EVENT_WORKGROUP_SIZE } from '../kernels/neuron-kernel.js';
import { NO_DELAY_ARRAY, packTargets, PROPAGATE_FRAME, propagateBindings, propagateSource, type PropagateStrategy, type PropagateTarget } from '../kernels/propagate.js';
import { spikeHeaderWords } from '../kernels/spike-slots.js';
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
    readonly pre: Population,
    readonly projections: readonly GpuProjection[],
    readonly strategy: PropagateStrategy,
    private readonly kernel: CompiledKernel,
    private readonly bindGroup: GPUBindGroup,
    private readonly owned: GPUBuffer[],
  ) {}

  /**
   * @param projections the page's projections, rows already written (GpuProjection.createSparse), in the plan's order
   * @param arena the input arena every target ring lies in, and its bytes
   */
  static async create(
    ctx: GpuContext, label: string, pre: Population, page: PageBuffers, plan: PagePlan, projections: readonly GpuProjection[],
    arena: { buffer: GPUBuffer; bytes: number }, clock: Clock, counters: { buffer: GPUBuffer; count: number }, strategy: PropagateStrategy,
  ): Promise<PropagateGroup> {
    const targets: PropagateTarget[] = projections.map((pr, j) => {
      const at = plan.placements[j]!;
      const ring = postAccumulator(pr.name, pr.post, pr.target);
      if (pr.pre !== pre || ring.buffer !== arena.buffer || pr.page?.at !== at) throw new Error(`${label}: projection '${pr.name}' does not belong to this page`);
      return {
        rowBase: at.rowBase, synBase: at.synBase, maxRow: pr.rows.maxRow, nPost: pr.rows.nPost, accBase: ring.offset / 4,
        slots: pr.post.inputSlots, slotWords: pr.post.inputSlotBytes / 4, delayBase: at.delayBase ?? NO_DELAY_ARRAY, delay: pr.rows.constDelay, counter: pr.counterIndex,
      };
    });
    ctx.device.queue.writeBuffer(page.ind, 0, packTargets(targets));
    const perSynapseDelay = page.delay !== undefined;
    const options = { workgroupSize: EVENT_WORKGROUP_SIZE, perSynapseDelay, strategy };
    const kernel = await ctx.pipelines.get({ name: 'propagate', options, bindings: propagateBindings(perSynapseDelay), source: () => propagateSource(options.workgroupSize, perSynapseDelay, strategy) });
    const frame = ctx.pool.createWithData(`${label}.frame`, GPUBufferUsage.UNIFORM, packOne(PROPAGATE_FRAME, { nPre: pre.size, projections: projections.length }));
    const entries: [GPUBuffer, number][] = [
      [frame, uniformBufferSize(PROPAGATE_FRAME)], [clock.buffer, uniformBufferSize(CLOCK)],
      [pre.buffers.spikeCount, 4 * spikeHeaderWords(pre.batch)], [pre.buffers.spikeList, 4 * pre.size * pre.batch],
      [page.ind, 4 * plan.indWords], [page.weight, 4 * plan.indWords], [arena.buffer, arena.bytes], [counters.buffer, 12 * counters.count],
      ...(page.delay ? [[page.delay, 4 * plan.delayWords] as [GPUBuffer, number]] : []),
    ];
    const bindGroup = ctx.device.createBindGroup({
      label: `${label}.bindGroup`, layout: kernel.layout,
      entries: entries.map(([buffer, size], i) => ({ binding: i, resource: { buffer, size } })),
    });
    return new PropagateGroup(label, pre, projections, strategy, kernel, bindGroup, [frame, page.ind, page.weight, ...(page.delay ? [page.delay] : [])]);
  }

  /** Adds step `step`'s propagation to an open compute pass (after the pre population's dispatch), reading that step's spike slot. */
  encode(pass: GPUComputePassEncoder, clockSlot: number, step: number): void {
    const slot = this.pre.countSlotOffset(step);
    pass.setPipeline(this.kernel.pipeline);
    pass.setBindGroup(0, this.bindGroup, [Clock.offset(clockSlot), slot]);
    pass.dispatchWorkgroupsIndirect(this.pre.buffers.spikeCount, slot + 4 * this.pre.batch);
  }

  release(pool: GpuContext['pool']): void {
    for (const b of this.owned) pool.release(b);
  }
}
