/**
 * Neuron groups: a Simulator's neuron populations (and Poisson sources) updated by one dispatch per
 * group per step instead of one each (issue 27; kernel: host/kernels/neuronGroup.ts, shaders/neuronGroup.wgsl.ts).
 *
 * Populations group when their rings share an input arena, their spike lists a list arena and their
 * headers the header arena (usually the whole network: host/sim/arenas.ts), with the same
 * workgroup size, batch, dt and fixed-point scale, and models whose params and state are scalar
 * fields (every built-in neuron model and equation model today). A group owns three arenas, each
 * at most one storage binding: params (its table at the head), state and spike bitmasks; each
 * member moves its own into a range of them (Population.moveInto), so everything that reads a
 * population (readState, setParams, recorders, probes, the fused engine) works unchanged.
 */
import type { BufferRange } from '../gpu/buffers.js';
import { Clock, CLOCK } from '../gpu/clock.js';
import type { GpuContext } from '../gpu/context.js';
import { packOne, packStruct, uniformBufferSize } from '../gpu/layout.js';
import type { CompiledKernel } from '../gpu/pipelines.js';
import { dispatchShape, type DispatchShape } from '../kernels/dispatch.js';
import { EVENT_WORKGROUP_SIZE } from '../kernels/neuron-kernel.js';
import { poissonProbabilityScale } from '../kernels/poisson.js';
import { GROUP_ENTRY, NEURON_GROUP_BINDINGS, NEURON_GROUP_FRAME, variantKey } from '../kernels/neuronGroup.js';
import { seedWords } from '../random/philox.js';
import { scalarFieldsOnly } from '../../shaders/common/model-module.wgsl.js';
import { neuronGroupShader, type GroupVariant } from '../../shaders/neuronGroup.wgsl.js';
import { alignArenaBytes as up } from './arenas.js';
import type { Population } from './population.js';


/**
 * How a population can join a group: 'neuron' (a neuron model whose params and state are scalar
 * fields, both rings in one buffer), 'poisson' (a Poisson source: it joins a group of neuron
 * populations sharing its spike arenas), or null (it dispatches alone: spike arrays).
 */
export function groupKind(pop: Population): 'neuron' | 'poisson' | null {
  if (pop.model === 'poisson') return 'poisson';
  const m = pop.neuronModel;
  const b = pop.buffers;
  return m !== undefined && b.state !== undefined && b.inputExc !== undefined && b.inputExc.buffer === b.inputInh?.buffer
    && scalarFieldsOnly(m.kernel.paramsLayout) && scalarFieldsOnly(m.kernel.stateLayout) ? 'neuron' : null;
}

/** Bytes a population takes in each of a group's arenas. */
function arenaBytesOf(pop: Population): { params: number; state: number; bits: number } {
  return { params: up(pop.buffers.params.size), state: pop.buffers.state ? up(pop.buffers.state.size) : 0, bits: up(pop.buffers.spikeBits.size) };
}

/**
 * Splits the populations that can group into groups, in order: the neuron populations one group
 * per set of shared buffers and settings, a new one when an arena (the params arena with its table,
 * the state or the bits arena) would exceed `limitBytes` or the blocks the dispatch can address
 * (`maxBlocks`); then each Poisson source joins the first group with its spike arenas and settings
 * that has room (else it dispatches alone).
 */
export function planNeuronGroups(pops: readonly Population[], limitBytes: number, maxBlocks: number): Population[][] {
  const byKey = new Map<string, Population[][]>();
  const sums = new Map<Population[], { params: number; state: number; bits: number; blocks: number; spikes: string }>();
  const ids = new Map<GPUBuffer, number>();
  const id = (b: GPUBuffer) => {
    if (!ids.has(b)) ids.set(b, ids.size);
    return ids.get(b)!;
  };
  // What every member shares: the spike list and header arenas and the dispatch settings.
  const spikesKey = (pop: Population) => [id(pop.buffers.spikeList.buffer), id(pop.buffers.spikeCount), pop.workgroupSize, pop.batch, pop.dt].join(' ');
  const blocksOf = (pop: Population) => Math.ceil(pop.size / pop.workgroupSize);
  const fits = (g: Population[], pop: Population) => {
    const s = sums.get(g)!;
    const own = arenaBytesOf(pop);
    return up(GROUP_ENTRY.stride * (g.length + 1)) + s.params + own.params <= limitBytes && s.state + own.state <= limitBytes
      && s.bits + own.bits <= limitBytes && s.blocks + blocksOf(pop) <= maxBlocks;
  };
  const add = (g: Population[], pop: Population) => {
    g.push(pop);
    const t = sums.get(g)!;
    const own = arenaBytesOf(pop);
    t.params += own.params;
    t.state += own.state;
    t.bits += own.bits;
    t.blocks += blocksOf(pop);
  };
  for (const pop of pops) {
    if (groupKind(pop) !== 'neuron') continue;
    const key = `${id(pop.buffers.inputExc!.buffer)} ${pop.inputFractionBits} ${spikesKey(pop)}`;
    const groups = byKey.get(key) ?? [];
    byKey.set(key, groups);
    let g = groups[groups.length - 1];
    if (!g || !fits(g, pop)) {
      g = [];
      groups.push(g);
      sums.set(g, { params: 0, state: 0, bits: 0, blocks: 0, spikes: spikesKey(pop) });
    }
    add(g, pop);
  }
  const groups = [...byKey.values()].flat();
  for (const pop of pops) {
    if (groupKind(pop) !== 'poisson') continue;
    const g = groups.find((x) => sums.get(x)!.spikes === spikesKey(pop) && fits(x, pop));
    if (g) add(g, pop);
  }
  return groups;
}

export class NeuronGroup {
  private constructor(
    readonly label: string,
    readonly members: readonly Population[],
    private readonly kernel: CompiledKernel,
    private readonly bindGroup: GPUBindGroup,
    private readonly shape: DispatchShape,
    /** The arenas and the frame (released with the group; the members' ranges lie in the arenas). */
    private readonly buffers: readonly GPUBuffer[],
  ) {}

  /** Builds the group's shader (cached by its variants), arenas and table, and moves every member's params, state and bitmask into them. */
  static async create(ctx: GpuContext, label: string, members: readonly Population[], clock: Clock): Promise<NeuronGroup> {
    const first = members[0];
    if (!first) throw new Error(`${label}: a neuron group needs at least one population`);
    const wg = first.workgroupSize;
    const variants: GroupVariant[] = [];
    const variantOf = new Map<string, number>();
    const variantIndex = members.map((pop) => {
      const m = pop.neuronModel;
      const key = m ? variantKey(pop.modelKey, m.options) : 'poisson';
      if (!variantOf.has(key)) {
        variantOf.set(key, variants.length);
        variants.push(m
          ? { kind: 'neuron', key: pop.modelKey, label: key, parts: m.kernel.parts(m.options), paramsLayout: m.kernel.paramsLayout, stateLayout: m.kernel.stateLayout }
          : { kind: 'poisson', label: key });
      }
      return variantOf.get(key)!;
    });
    const kernel = await ctx.pipelines.get({
      name: 'neuronGroup',
      options: { workgroupSize: wg, variants: variants.map((v) => v.label).join(';') },
      bindings: NEURON_GROUP_BINDINGS,
      source: () => neuronGroupShader({ workgroupSize: wg, variants, frameStruct: NEURON_GROUP_FRAME.wgsl, clockStruct: CLOCK.wgsl, entryLayout: GROUP_ENTRY }),
    });

    // Each member's place in the three arenas; the params arena starts with the table.
    let params = up(GROUP_ENTRY.stride * members.length);
    let state = 0;
    let bits = 0;
    const at = members.map((pop) => {
      const own = arenaBytesOf(pop);
      const place = { params, state, bits };
      params += own.params;
      state += own.state;
      bits += own.bits;
      return place;
    });
    const firstBlocks: number[] = [];
    let blocks = 0;
    for (const pop of members) {
      firstBlocks.push(blocks);
      blocks += Math.ceil(pop.size / wg);
    }
    const shape = dispatchShape(label, blocks * wg, first.batch, wg, ctx.limits);
    const pool = ctx.pool;
    const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    const made: GPUBuffer[] = [];
    try {
      // A member's own kernel binds scalar params as a uniform range of the params arena.
      const cst = pool.acquire({ label: `${label}.params`, size: params, usage: storage | GPUBufferUsage.UNIFORM });
      made.push(cst);
      const st = pool.acquire({ label: `${label}.state`, size: Math.max(4, state), usage: storage });
      made.push(st);
      const bitsArena = pool.acquire({ label: `${label}.spikeBits`, size: Math.max(4, bits), usage: storage });
      made.push(bitsArena);

      const frame = pool.createWithData(`${label}.frame`, GPUBufferUsage.UNIFORM, packOne(NEURON_GROUP_FRAME, {
        batch: first.batch, eventWg: EVENT_WORKGROUP_SIZE, wgX: shape.x, pops: members.length, totalBlocks: blocks,
        inputScale: 2 ** -first.inputFractionBits, dt: Math.fround(first.dt), halfDt: Math.fround(first.dt / 2), noContract: 0,
      }));
      made.push(frame);
      // Bind what the members use of the shared arenas (pooled buffers may be larger than asked).
      const end = (rs: BufferRange[]) => Math.max(...rs.map((r) => r.offset + r.size));
      const b0 = first.buffers;
      // The input arena of the neuron members (every group has one: sources only join neuron groups).
      const rings = members.flatMap((p) => (p.buffers.inputExc && p.buffers.inputInh ? [p.buffers.inputExc, p.buffers.inputInh] : []));
      const entries: [GPUBuffer, number, number][] = [
        [frame, 0, uniformBufferSize(NEURON_GROUP_FRAME)],
        [cst, 0, params],
        [st, 0, Math.max(4, state)],
        [rings[0]!.buffer, 0, end(rings)],
        [b0.spikeCount, 0, Math.max(...members.map((p) => p.headerBytes))],
        [b0.spikeList.buffer, 0, end(members.map((p) => p.buffers.spikeList))],
        [bitsArena, 0, Math.max(4, bits)],
        [clock.buffer, 0, uniformBufferSize(CLOCK)],
      ];
      const bindGroup = ctx.device.createBindGroup({
        label: `${label}.bindGroup`, layout: kernel.layout,
        entries: entries.map(([buffer, offset, size], binding) => ({ binding, resource: { buffer, offset, size } })),
      });
      // Last, once nothing can fail: the table, and every member moves in.
      const table = new ArrayBuffer(GROUP_ENTRY.stride * members.length);
      const view = new DataView(table);
      members.forEach((pop, k) => {
        const m = pop.neuronModel;
        const b = pop.buffers;
        const place = at[k]!;
        const [seedLo, seedHi] = seedWords(pop.seed);
        // A Poisson source has no state or rings (one slot, so the kernel's ring arithmetic stays defined).
        packStruct(GROUP_ENTRY, {
          firstBlock: firstBlocks[k]!, n: pop.size, words: pop.words, variant: variantIndex[k]!,
          params: place.params / 4, paramStride: m && !m.scalarParams ? m.kernel.paramsLayout.stride / 4 : 0,
          state: place.state / 4, exc: (b.inputExc?.offset ?? 0) / 4, inh: (b.inputInh?.offset ?? 0) / 4, slots: m ? pop.inputSlots : 1, slotWords: m ? pop.inputSlotBytes / 4 : 0,
          countBase: pop.countBase, list: b.spikeList.offset / 4, bits: place.bits / 4, stream: pop.stream, seedLo, seedHi, clearsArgs: pop.clearsArgs ? 1 : 0,
          pScale: m ? 0 : poissonProbabilityScale(pop.dt),
        }, view, GROUP_ENTRY.stride * k);
        const range = (buffer: GPUBuffer, offset: number, size: number): BufferRange => ({ buffer, offset, size });
        pop.moveInto({
          params: range(cst, place.params, b.params.size), spikeBits: range(bitsArena, place.bits, b.spikeBits.size),
          ...(b.state ? { state: range(st, place.state, b.state.size) } : {}),
        });
      });
      ctx.device.queue.writeBuffer(cst, 0, table);
      return new NeuronGroup(label, members, kernel, bindGroup, shape, made);
    } catch (e) {
      for (const b of made) pool.release(b);
      throw e;
    }
  }

  /** Adds the step's dispatch (every member's update) to an open compute pass. */
  encode(pass: GPUComputePassEncoder, clockSlot: number): void {
    pass.setPipeline(this.kernel.pipeline);
    pass.setBindGroup(0, this.bindGroup, [Clock.offset(clockSlot)]);
    pass.dispatchWorkgroups(this.shape.x, this.shape.y, this.shape.z);
  }

  release(pool: GpuContext['pool']): void {
    for (const b of this.buffers) pool.release(b);
  }
}
