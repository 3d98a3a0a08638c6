/**
 * One propagate dispatch for every sparse static projection in one or more synapse pages
 * (host/sim/arenas.ts), whatever their pre populations: the pages' buffers, the uniform table of
 * targets, the kernel and its bind group. A step encodes one delivery command for all sparse
 * projections of the pages it binds (usually every one of the network: issue 27).
 */
import type { GpuContext } from '../gpu/context.js';
import { packOne, uniformBufferSize } from '../gpu/layout.js';
import type { CompiledKernel } from '../gpu/pipelines.js';
import { Clock, CLOCK } from '../gpu/clock.js';
import { EVENT_WORKGROUP_SIZE } from '../kernels/neuron-kernel.js';
import { NO_DELAY_ARRAY, packTargets, PROPAGATE_FRAME, PROPAGATE_TARGET_STRIDE, propagateBindings, propagateSource, tableEntriesFor, type PropagateStrategy, type PropagateTarget } from '../kernels/propagate.js';
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
    /** Which of its pages each projection's rows lie in. */
    private readonly pageOf: readonly number[],
    readonly strategy: PropagateStrategy,
    private readonly kernel: CompiledKernel,
    private readonly bindGroup: GPUBindGroup,
    private readonly owned: GPUBuffer[],
  ) {}

  /** The pre populations of its projections, in order of first use. */
  get pres(): Population[] {
    return [...new Set(this.projections.map((p) => p.pre))];
  }

  /** Its pages' projections, page by page. */
  get pages(): GpuProjection[][] {
    return this.pageOf.reduce<GpuProjection[][]>((out, k, j) => {
      (out[k] ??= []).push(this.projections[j]!);
      return out;
    }, []);
  }

  /**
   * @param pages the dispatch's pages: buffers, plan and projections (rows already written: GpuProjection.createSparse); a placement no projection names stays unused
   * @param arena the input arena every target ring lies in, and its bytes
   * @param spikes the spike header arena and the list arena every pre population's header and list lie in
   */
  static async create(
    ctx: GpuContext, label: string, pages: readonly { buffers: PageBuffers; plan: PagePlan; projections: readonly GpuProjection[] }[],
    arena: { buffer: GPUBuffer; bytes: number }, spikes: { header: { buffer: GPUBuffer; bytes: number }; list: { buffer: GPUBuffer; bytes: number } },
    clock: Clock, counters: { buffer: GPUBuffer; count: number }, strategy: PropagateStrategy,
  ): Promise<PropagateGroup> {
    const projections = pages.flatMap((pg) => pg.projections);
    const pageOf = pages.flatMap((pg, k) => pg.projections.map(() => k));
    const batch = projections[0]?.pre.batch ?? 1;
    const targets: PropagateTarget[] = pages.flatMap(({ plan, projections: prs }, k) => prs.map((pr) => {
      const at = pr.page?.at;
      if (!at || !plan.placements.includes(at)) throw new Error(`${label}: projection '${pr.name}' does not lie in page ${k}`);
      const ring = postAccumulator(pr.name, pr.post, pr.target);
      const list = pr.pre.buffers.spikeList;
      if (ring.buffer !== arena.buffer || pr.pre.buffers.spikeCount !== spikes.header.buffer || list.buffer !== spikes.list.buffer || pr.pre.batch !== batch) {
        throw new Error(`${label}: projection '${pr.name}' does not belong to this dispatch`);
      }
      return {
        rowBase: at.rowBase, synBase: at.synBase, maxRow: pr.rows.maxRow, nPost: pr.rows.nPost, accBase: ring.offset / 4,
        slots: pr.post.inputSlots, slotWords: pr.post.inputSlotBytes / 4, delayBase: at.delayBase ?? NO_DELAY_ARRAY, delay: pr.rows.constDelay, counter: pr.counterIndex,
        countBase: pr.pre.countBase, listBase: list.offset / 4, nPre: pr.pre.size, page: k,
      };
    }));
    const tableEntries = tableEntriesFor(targets.length);
    const pageDelays = pages.map((pg) => pg.buffers.delay !== undefined);
    const options = { workgroupSize: EVENT_WORKGROUP_SIZE, pageDelays: pageDelays.map((d) => (d ? 'd' : '-')).join(''), tableEntries, strategy };
    const kernel = await ctx.pipelines.get({ name: 'propagate', options, bindings: propagateBindings(pageDelays), source: () => propagateSource(options.workgroupSize, pageDelays, tableEntries, strategy) });
    const frame = ctx.pool.createWithData(`${label}.frame`, GPUBufferUsage.UNIFORM, packOne(PROPAGATE_FRAME, { batch, projections: projections.length }));
    const table = ctx.pool.createWithData(`${label}.table`, GPUBufferUsage.UNIFORM, packTargets(targets, tableEntries));
    const entries: [GPUBuffer, number][] = [
      [frame, uniformBufferSize(PROPAGATE_FRAME)], [clock.buffer, uniformBufferSize(CLOCK)],
      [spikes.header.buffer, spikes.header.bytes], [spikes.list.buffer, spikes.list.bytes],
      [arena.buffer, arena.bytes], [counters.buffer, 12 * counters.count], [table, 4 * PROPAGATE_TARGET_STRIDE * tableEntries],
      ...pages.flatMap(({ buffers, plan }) => [
        [buffers.ind, 4 * plan.indWords], [buffers.weight, 4 * plan.indWords],
        ...(buffers.delay ? [[buffers.delay, 4 * plan.delayWords]] : []),
      ] as [GPUBuffer, number][]),
    ];
    const bindGroup = ctx.device.createBindGroup({
      label: `${label}.bindGroup`, layout: kernel.layout,
      entries: entries.map(([buffer, size], i) => ({ binding: i, resource: { buffer, size } })),
    });
    const owned = [frame, table, ...pages.flatMap(({ buffers }) => [buffers.ind, buffers.weight, ...(buffers.delay ? [buffers.delay] : [])])];
    return new PropagateGroup(label, spikes.header.buffer, projections, pageOf, strategy, kernel, bindGroup, owned);
  }

  /**
   * Adds step `step`'s propagation of every group, one after another, to an open compute pass (after
   * every population's dispatch of the step): the
   * pipeline is set only where it changes (groups of the same page shapes share one), each group's
   * bind group and indirect dispatch follow.
   */
  static encodeAll(pass: GPUComputePassEncoder, groups: readonly PropagateGroup[], clockSlot: number, step: number): void {
    let pipeline: GPUComputePipeline | null = null;
    const offsets = [Clock.offset(clockSlot)];
    for (const g of groups) {
      if (g.kernel.pipeline !== pipeline) {
        pipeline = g.kernel.pipeline;
        pass.setPipeline(pipeline);
      }
      pass.setBindGroup(0, g.bindGroup, offsets);
      pass.dispatchWorkgroupsIndirect(g.header, 4 * argsSlotWord(step));
    }
  }

  release(pool: GpuContext['pool']): void {
    for (const b of this.owned) pool.release(b);
  }
}
