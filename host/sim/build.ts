/**
 * Assembling a Simulator: validates the options and the network; plans it (storage, where rows are
 * generated, a memory estimate from sizes alone: planNetwork) and refuses what cannot fit; generates
 * connectivity (on the GPU where possible, on the host in slices that yield to the event loop);
 * checks the exact estimate; then allocates every population and projection once, and the fused
 * engine where the small-network mode applies.
 */
import { InvalidParameterError, LimitExceededError } from '../errors.js';
import type { GpuContext } from '../gpu/context.js';
import { Clock } from '../gpu/clock.js';
import { generateRowsOnGpu, prepareRowsOnGpu, type GpuRows, type PreparedGpuRows } from '../kernels/connect.js';
import { fusedAutoMaxNeurons } from '../kernels/fused.js';
import { DEFAULT_INPUT_FRACTION_BITS } from '../kernels/neuron-kernel.js';
import { proceduralFrame } from '../kernels/procedural.js';
import type { NetworkModel } from '../model/network.js';
import { connectAsync, type RaggedMeta, type RaggedRows } from '../random/rows.js';
import { rejectUnknownKeys, requireInteger, requireOneOf, requirePositive } from '../validate.js';
import { FusedEngine, FusedUnsupportedError, fusedSupport } from './fused-engine.js';
import { estimateMemory, planNetwork, refuseIfTooLarge, type BufferEstimate } from './plan.js';
import { createPopulation, type Population, type PopulationOptions } from './population.js';
import { allocateInputArenas, allocateSpikeArenas, createPagedProjections, isPaged, type InputArenas, type SpikeArenas } from './deliveries.js';
import { createProjection, PlasticProjection, type AnyProjection, type ProceduralRows } from './projections.js';
import type { PropagateGroup } from './propagate-group.js';
import { NeuronGroup, planNeuronGroups } from './neuron-group.js';
import type { SimulatorOptions } from './options.js';

export interface AssembledNetwork {
  dt: number;
  batch: number;
  populations: Map<string, Population>;
  projections: AnyProjection[];
  /** One propagate dispatch per synapse page of sparse static projections (host/sim/propagate-group.ts). */
  groups: PropagateGroup[];
  /** One update dispatch per group of neuron populations (host/sim/neuron-group.ts); the other populations dispatch alone. */
  neuronGroups: NeuronGroup[];
  /** The input and spike arenas every population's rings, spike headers and lists live in (host/sim/arenas.ts). */
  arenas: GPUBuffer[];
  clock: Clock;
  /** 3 u32 per projection: wrapped partial sums, SynOps lo, SynOps hi. */
  counters: GPUBuffer;
  /** Gathers every counter (and the plastic projections' health words) for one readback per chunk. */
  stats: GPUBuffer;
  memory: BufferEstimate[];
  fused: FusedEngine | undefined;
}

/**
 * Internal build settings, for tests: `arenaBytes` caps the bytes of each input arena and
 * `pageBytes` those of each synapse page array below maxStorageBufferBindingSize, so small
 * networks exercise several arenas and pages; `pagesPerDispatch` caps the pages one propagate
 * dispatch binds (below what maxStorageBuffersPerShaderStage allows); `rowCapacity` caps the row
 * capacity of fixedTotalNumber rows generated in place, so a row passes it and is generated again.
 */
export interface BuildInternals {
  arenaBytes?: number;
  pageBytes?: number;
  pagesPerDispatch?: number;
  /** fixedTotalNumber's row capacity for rows generated in their page (below the plan's bound, to force the refill). */
  rowCapacity?: number;
  /** false: every neuron population keeps its own dispatch (the per-population path the groups are checked against). Default true. */
  groupNeurons?: boolean;
}

export async function assembleNetwork(ctx: GpuContext, network: NetworkModel, options: SimulatorOptions, internals: BuildInternals = {}): Promise<AssembledNetwork> {
  ctx.check();
  const object = 'Simulator.build options';
  if (typeof options !== 'object' || options === null) throw new InvalidParameterError(object, 'options', options, 'an object with at least dt');
  rejectUnknownKeys(object, options, ['dt', 'batch', 'seed', 'workgroupSize', 'inputFractionBits', 'maxDelayMs', 'connectivityOn', 'fused', 'fusedMaxNeurons', 'propagate', 'onProgress']);
  const fusedMax = options.fusedMaxNeurons === undefined ? fusedAutoMaxNeurons(ctx.adapter.software) : requireInteger(object, 'fusedMaxNeurons', options.fusedMaxNeurons, 0, 2 ** 31);
  const propagate = requireOneOf(object, 'propagate', options.propagate ?? 'auto', ['auto', 'thread', 'workgroup'] as const);
  const fusedMode = requireOneOf(object, 'fused', options.fused ?? 'auto', ['auto', 'on', 'off'] as const);
  const connectivityOn = requireOneOf(object, 'connectivityOn', options.connectivityOn ?? 'auto', ['auto', 'gpu', 'host'] as const);
  const dt = requirePositive(object, 'dt', options.dt, 'ms');
  const batch = requireInteger(object, 'batch', options.batch ?? 1, 1, ctx.limits.maxComputeWorkgroupsPerDimension);
  const seed = requireInteger(object, 'seed', options.seed ?? 1, 0, Number.MAX_SAFE_INTEGER);
  const fractionBits = requireInteger(object, 'inputFractionBits', options.inputFractionBits ?? DEFAULT_INPUT_FRACTION_BITS, 0, 24);
  const maxDelayMs = requirePositive(object, 'maxDelayMs', options.maxDelayMs ?? 100, 'ms');
  const maxDelaySteps = Math.max(1, Math.floor(maxDelayMs / dt + 1e-9));
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') {
    throw new InvalidParameterError(object, 'onProgress', options.onProgress, 'a function ({ phase, projection, fraction }) => void');
  }
  // Validate and plan before generating or allocating anything: a model that cannot fit is refused from its sizes.
  const plan = planNetwork(network, dt, { batch, connectivityOn, maxDelaySteps }, ctx.limits);
  if (connectivityOn === 'gpu') {
    const host = plan.projections.find((q) => q.generation === 'host');
    if (host) throw new InvalidParameterError(object, 'connectivityOn', 'gpu', `'auto' or 'host': projection '${host.name}': ${host.hostBecause}`);
  }
  refuseIfTooLarge(plan);

  // Connectivity from Philox (on the GPU where possible; on the host in slices that yield to the
  // event loop), then the delay-ring depth of every post population.
  const rows: (RaggedRows | GpuRows | ProceduralRows | PreparedGpuRows)[] = [];
  const releaseRows = () => {
    for (const r of rows) {
      if ('rowLength' in r && 'meta' in r) for (const b of [r.rowLength, r.ind, r.weight, r.delay]) if (b) ctx.pool.release(b);
      if ('fill' in r) r.release();
    }
  };
  try {
    for (const [i, p] of network.projections.entries()) {
      const q = plan.projections[i]!;
      const o = { seed, dt, fractionBits, maxDelaySteps };
      const progress = (fraction: number) => options.onProgress?.({ phase: 'connectivity', projection: p.name, fraction });
      if (q.storage === 'procedural') {
        const frame = proceduralFrame(p, i, q.nPre, q.nPost, p.pre === p.post, o);
        const d = frame.delay as number;
        rows.push({ procedural: frame, meta: { nPre: q.nPre, nPost: q.nPost, maxRow: 0, synapses: 0, constDelay: d, maxDelay: d, perSynapseDelay: false } });
      } else if (q.generation === 'gpu' && isPaged(p, null, dt) && p.connectivity.rule !== 'fixedInDegree') {
        // Rows for a synapse page: sized now, written into the page once it is planned (no copy).
        // fixedInDegree keeps buffers of its own (its hash sets would stay allocated until then).
        const capacity = p.connectivity.rule === 'fixedTotalNumber' && internals.rowCapacity !== undefined ? { rowCapacity: internals.rowCapacity } : {};
        rows.push(await prepareRowsOnGpu(ctx, p, i, q.nPre, q.nPost, p.pre === p.post, { ...o, ...capacity }));
      } else if (q.generation === 'gpu') {
        rows.push(await generateRowsOnGpu(ctx, p, i, q.nPre, q.nPost, p.pre === p.post, o));
      } else {
        rows.push(await connectAsync(p, i, q.nPre, q.nPost, p.pre === p.post, o, progress));
      }
      // Prepared rows are generated once their page is planned (createPagedProjections reports them then).
      if (!('fill' in rows[rows.length - 1]!)) progress(1);
    }
  } catch (e) {
    releaseRows();
    throw e;
  }
  const metas: RaggedMeta[] = rows.map((r) => ('meta' in r ? r.meta : r));
  const stored = network.projections.map((_, i) => !('procedural' in rows[i]!));
  const slots = new Map<string, number>();
  network.projections.forEach((p, i) => slots.set(p.post, Math.max(slots.get(p.post) ?? 1, metas[i]!.maxDelay)));

  const memory = estimateMemory(ctx.limits, network, metas, slots, batch, dt, stored);
  for (const m of memory) {
    if (m.bytes > m.limit) {
      releaseRows();
      throw new LimitExceededError(m.buffer, 'bytes', m.bytes, m.limit,
        `The model does not fit this device: ${memory.filter((x) => x.bytes > x.limit).map((x) => `${x.buffer} ${x.bytes} B`).join(', ')} exceed maxStorageBufferBindingSize; reduce batch, size or fan-out.`);
    }
  }

  const clock = new Clock(ctx, 'simulator.clock');
  const nProj = network.projections.length;
  const counters = ctx.pool.createWithData('simulator.counters', GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC, new Uint32Array(3 * Math.max(1, nProj)));
  const populations = new Map<string, Population>();
  const made: (AnyProjection | undefined)[] = network.projections.map(() => undefined);
  const groups: PropagateGroup[] = [];
  const neuronGroups: NeuronGroup[] = [];
  let inputs: InputArenas | undefined;
  let spikeArenas: SpikeArenas | undefined;
  const releaseAll = () => {
    for (const pop of populations.values()) pop.destroy();
    for (const pr of made) pr?.release(ctx.pool);
    for (const g of groups) g.release(ctx.pool);
    for (const g of neuronGroups) g.release(ctx.pool);
    for (const a of inputs?.arenas ?? []) ctx.pool.release(a.buffer);
    for (const a of spikeArenas ? [spikeArenas.header, ...spikeArenas.lists] : []) ctx.pool.release(a.buffer);
    // Rows not handed to a projection are still ours (pool.release ignores those already given back or destroyed).
    for (const [i, r] of rows.entries()) if (!made[i] && 'rowLength' in r && 'meta' in r) for (const b of [r.rowLength, r.ind, r.weight, r.delay]) if (b) ctx.pool.release(b);
    for (const r of rows) if ('fill' in r) r.release();
    clock.release();
    ctx.pool.release(counters);
  };
  try {
    // Every neuron population's input rings in shared arenas (host/sim/arenas.ts), so one propagate
    // dispatch reaches every post population of a pre population.
    const arenaBytes = Math.min(ctx.limits.maxStorageBufferBindingSize, internals.arenaBytes ?? Infinity);
    inputs = allocateInputArenas(ctx, network, slots, batch, arenaBytes);
    // And every population's spike header and list in the spike arenas (host/kernels/spike-slots.ts),
    // so that dispatch reads the spikes of every pre population.
    spikeArenas = allocateSpikeArenas(ctx, network, batch, arenaBytes);
    for (const [index, p] of network.populations.entries()) {
      const opts = {
        ...p, dt, batch, name: p.name, seed, stream: index, inputFractionBits: fractionBits,
        ...(options.workgroupSize !== undefined ? { workgroupSize: options.workgroupSize } : {}),
      } as PopulationOptions;
      const ring = inputs.inputs.get(p.name);
      populations.set(p.name, await createPopulation(ctx, opts, { clock, inputSlots: slots.get(p.name) ?? 1, ...(ring ? { inputs: ring } : {}), spikes: spikeArenas.spikes.get(p.name)! }));
    }
    // Neuron populations that share arenas update in one dispatch per group; before any projection
    // binds a population's buffers, since the group moves their params, state and bitmasks.
    if (internals.groupNeurons !== false) {
      const maxDim = ctx.limits.maxComputeWorkgroupsPerDimension;
      for (const members of planNeuronGroups([...populations.values()], ctx.limits.maxStorageBufferBindingSize, maxDim * maxDim)) {
        neuronGroups.push(await NeuronGroup.create(ctx, `simulator.neuronGroup${neuronGroups.length}`, members, clock));
      }
    }
    const counterSpec = { buffer: counters, count: Math.max(1, nProj) };
    const paged: number[] = [];
    for (const [i, p] of network.projections.entries()) {
      if (isPaged(p, rows[i], dt)) paged.push(i);
      else made[i] = await createProjection(ctx, p, i, rows[i]!, populations, clock, { ...counterSpec, index: i }, { dt, fractionBits, propagate, seed });
    }
    const pageBytes = Math.min(ctx.limits.maxStorageBufferBindingSize, internals.pageBytes ?? Infinity);
    // A fixedTotalNumber row that passed its capacity in its page (probability < 1e-8 per row) is generated again at its counted length.
    const regenerate = (i: number, rowCapacity: number) => {
      const q = plan.projections[i]!;
      const p = network.projections[i]!;
      return generateRowsOnGpu(ctx, p, i, q.nPre, q.nPost, p.pre === p.post, { seed, dt, fractionBits, maxDelaySteps, rowCapacity });
    };
    await createPagedProjections(ctx, network, paged, rows as (RaggedRows | GpuRows | PreparedGpuRows)[], populations, inputs, spikeArenas, clock, counterSpec, propagate, made, groups, pageBytes,
      Math.max(1, internals.pagesPerDispatch ?? Infinity), regenerate, (i) => options.onProgress?.({ phase: 'connectivity', projection: network.projections[i]!.name, fraction: 1 }));
  } catch (e) {
    releaseAll();
    throw e;
  }
  const projections = made as AnyProjection[];
  let fused: FusedEngine | undefined;
  const neurons = network.populations.reduce((a, p) => a + p.size, 0);
  if (fusedMode === 'on' || (fusedMode === 'auto' && fusedSupport(projections) === null && neurons <= fusedMax)) {
    try {
      fused = await FusedEngine.create(ctx, [...populations.values()], projections, counters, dt);
    } catch (e) {
      if (fusedMode === 'on' || !(e instanceof FusedUnsupportedError)) {
        releaseAll();
        throw e instanceof FusedUnsupportedError ? new InvalidParameterError(object, 'fused', 'on', `'auto' or 'off': ${e.message}`) : e;
      }
    }
  }
  const nPlastic = projections.filter((p) => p instanceof PlasticProjection).length;
  const stats = ctx.pool.acquire({ label: 'simulator.stats', size: 16 * populations.size + 12 * Math.max(1, nProj) + 8 * nPlastic, usage: GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST, storage: false });
  return { dt, batch, populations, projections, groups, neuronGroups, arenas: [...inputs.arenas, spikeArenas.header, ...spikeArenas.lists].map((a) => a.buffer), clock, counters, stats, memory, fused };
}
