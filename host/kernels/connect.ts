/**
 * connect kernel binding: GPU generation of a projection's ragged rows, bit-identical to
 * host/random/rows.ts (kernels-tests/oracle/connect.ts). Supported: allToAll, oneToOne,
 * fixedProbability, fixedOutDegree and fixedInDegree with constant or uniform weights and constant or
 * uniform-integer delays, normal weights and delays (normalF32: host/random/normal-f32.ts); anything else
 * is generated on the host (gpuConnectSupport says why). generateRowsOnGpu writes the rows into
 * buffers of their own; prepareRowsOnGpu sizes them and leaves the fill to be pointed at ranges of
 * the caller's (the Simulator's synapse pages: host/sim/deliveries.ts), so they are never copied.
 * WGSL: shaders/connect.wgsl.ts.
 */
import type { BufferRange } from '../gpu/buffers.js';
import type { GpuContext } from '../gpu/context.js';
import { defineStruct, packOne, uniformBufferSize } from '../gpu/layout.js';
import type { BindingSpec } from '../gpu/pipelines.js';
import { binomialRowBound, delaySteps, normalClip, normalDelayFrame, type RaggedMeta, type RowSpec } from '../random/rows.js';
import { NORMAL_F32_MAX } from '../random/normal-f32.js';
import { seedWords } from '../random/philox.js';
import { InvalidParameterError, LimitExceededError } from '../errors.js';
import { connectPassBuffers, connectShader, type ConnectPass, type ConnectRule } from '../../shaders/connect.wgsl.js';

export const CONNECT_FRAME = defineStruct('Frame', [
  ['nPre', 'u32'], ['nPost', 'u32'], ['maxRow', 'u32'], ['rowsPerY', 'u32'],
  ['seedLo', 'u32'], ['seedHi', 'u32'], ['stream', 'u32'], ['skipSelf', 'u32'],
  ['threshold', 'u32'], ['allPairs', 'u32'], ['k', 'u32'], ['pool', 'u32'],
  ['qConst', 'i32'], ['wLo', 'f32'], ['wRange', 'f32'], ['scale', 'f32'],
  ['dLo', 'u32'], ['dSpan', 'u32'], ['noContract', 'u32'],
  /** This dispatch's column range (sample pass: the range of Floyd steps). */
  ['j0', 'u32'], ['j1', 'u32'],
  /** fixedInDegree: slots per column's hash set (a power of two >= 2k) and 32 - log2(tableSize). */
  ['tableSize', 'u32'], ['tableShift', 'u32'],
  /** Normal weights: mean, sd, clip bounds (f32; +-FLT_MAX when not clipped). Normal delays: mean, sd (steps) and the largest step. */
  ['wMean', 'f32'], ['wSd', 'f32'], ['wLow', 'f32'], ['wHigh', 'f32'], ['dMean', 'f32'], ['dSd', 'f32'], ['dHi', 'u32'],
  /** fixedTotalNumber: the number of synapses (one thread each). */
  ['total', 'u32'],
]);

/**
 * Columns (or Floyd steps) per dispatch. Each costs an invocation at most ~40 loop iterations (the
 * column loop, Philox's 10 rounds for up to 3 draws, hash probes), which keeps every dispatch under
 * llvmpipe's limit of 65 535 loop iterations per invocation.
 */
export const CONNECT_COLUMNS_PER_DISPATCH = 1024;
const FRAME_STRIDE = 256;

/**
 * Longest fixedInDegree row sorted in place. Per row: a heap sort of n entries (at most about
 * 1.5 n (log2 n + 1) + 1.5 n loop iterations) and n values of up to two Philox draws (10 rounds each,
 * should the compiler keep the loop): under 48 000 for n <= 1200, inside llvmpipe's 65 535. Longer
 * rows use the row-by-column fill instead (cost pre x post).
 */
export const CONNECT_SORT_MAX_ROW = 1200;

const WG = 64;

/** Slots of a fixedInDegree column's hash set: a power of two >= 2k (at least 2). */
export function inDegreeTableSize(k: number): number {
  return Math.max(2, 2 ** Math.ceil(Math.log2(Math.max(1, 2 * k))));
}

/**
 * null when the projection can be generated on the GPU, else the reason it cannot. With `sizes`,
 * also checks that fixedInDegree's hash sets (nPost x tableSize words) fit one storage binding.
 */
export function gpuConnectSupport(p: RowSpec, sizes?: { nPost: number; maxBindingBytes: number }): string | null {
  if (sizes && p.connectivity.rule === 'fixedInDegree') {
    const bytes = 4 * sizes.nPost * inDegreeTableSize(p.connectivity.k);
    if (bytes > sizes.maxBindingBytes) return `fixedInDegree sampling needs ${bytes} bytes of hash sets, over maxStorageBufferBindingSize (${sizes.maxBindingBytes})`;
  }
  const rule = p.connectivity.rule;
  if (rule === 'explicit') return 'explicit connectivity is given, not generated';
  if (p.connectivity.rule === 'fixedTotalNumber' && p.connectivity.multapses === false) {
    return 'fixedTotalNumber without multapses draws its pairs on the host (each pair taken once: one sequence over the whole projection)';
  }
  const w = p.weight;
  if (typeof w === 'object' && w.dist === 'lognormal') return 'lognormal weights are drawn on the host (float64 exp)';
  const d = p.delayMs;
  if (d !== undefined && typeof d === 'object' && d.dist === 'lognormal') return 'lognormal delays are drawn on the host';
  return null;
}

export interface GpuRows {
  meta: RaggedMeta;
  rowLength: GPUBuffer;
  ind: GPUBuffer;
  weight: GPUBuffer;
  delay?: GPUBuffer;
}

const STREAM_BASE = 0x10000;

/** Where a fill writes a projection's rows: ranges of buffers (each offset a multiple of 256 bytes), sized by its meta. */
export interface RowTargets {
  rowLength: BufferRange;
  ind: BufferRange;
  weight: BufferRange;
  delay?: BufferRange;
}

/**
 * A projection whose rows' shape is known (meta: row stride maxRow, synapses, delays) but whose rows
 * are not yet written: `fill` writes them where the caller says (a synapse page, or buffers of
 * their own), so rows generated on the GPU need no copy. fixedTotalNumber rows get the plan's
 * capacity (a binomial bound a row passes with probability < 1e-8): should one pass it, `fill`
 * resolves with the counted longest row (`overflow`) and the target holds no valid rows.
 */
export interface PreparedGpuRows {
  meta: RaggedMeta;
  fill(into: RowTargets): Promise<{ synapses: number; overflow?: undefined } | { overflow: number }>;
  /** Frees what the count or sample pass kept for the fill (fixedInDegree's hash sets). */
  release(): void;
}

/**
 * Generates the rows of projection `index` on the GPU into buffers of their own: a count pass, one
 * small readback of the row lengths (at build time only), then a fill pass into buffers sized by
 * the longest row (prepareRowsOnGpu, then its fill).
 */
export async function generateRowsOnGpu(
  ctx: GpuContext, p: RowSpec, index: number, nPre: number, nPost: number, sameNeurons: boolean,
  /** `rowCapacity`: fixedTotalNumber's first row capacity instead of the plan's bound (tests force the refill with it). */
  opts: { seed: number; dt: number; fractionBits: number; maxDelaySteps: number; rowCapacity?: number },
): Promise<GpuRows> {
  let rowCapacity = opts.rowCapacity;
  for (;;) {
    const prepared = await prepareRowsOnGpu(ctx, p, index, nPre, nPost, sameNeurons, { ...opts, ...(rowCapacity !== undefined ? { rowCapacity } : {}) });
    const { meta } = prepared;
    const bytes = 4 * nPre * meta.maxRow;
    if (bytes > ctx.limits.maxStorageBufferBindingSize) {
      prepared.release();
      throw new LimitExceededError(`${p.name}.ind`, 'bytes', bytes, ctx.limits.maxStorageBufferBindingSize,
        `Projection '${p.name}': its longest row has ${meta.maxRow} synapses, more than planned for; reduce the fan-out or the sizes.`);
    }
    const STORAGE = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    const make = (b: string, size: number) => ctx.pool.acquire({ label: `${p.name}.${b}`, size, usage: STORAGE });
    const own = {
      rowLength: make('rowLength', 4 * nPre), ind: make('ind', bytes), weight: make('weight', bytes),
      ...(meta.perSynapseDelay ? { delay: make('delay', bytes) } : {}),
    };
    // Exact sizes: a pooled buffer may be larger than asked for.
    const range = (buffer: GPUBuffer, size: number) => ({ buffer, offset: 0, size });
    try {
      const r = await prepared.fill({
        rowLength: range(own.rowLength, 4 * nPre), ind: range(own.ind, bytes), weight: range(own.weight, bytes), ...(own.delay ? { delay: range(own.delay, bytes) } : {}),
      });
      if (r.overflow === undefined) return { meta: { ...meta, synapses: r.synapses }, ...own };
      for (const b of Object.values(own)) ctx.pool.release(b);
      rowCapacity = r.overflow;
    } catch (e) {
      for (const b of Object.values(own)) ctx.pool.release(b);
      throw e;
    } finally {
      prepared.release();
    }
  }
}

/**
 * Validates projection `index` for GPU generation and runs what sizes its rows (the count pass and
 * one small readback of the row lengths; fixedInDegree's sample pass, whose hash sets the fill
 * reads; for fixedTotalNumber nothing: the plan's row capacity). See PreparedGpuRows.
 */
export async function prepareRowsOnGpu(
  ctx: GpuContext, p: RowSpec, index: number, nPre: number, nPost: number, sameNeurons: boolean,
  opts: { seed: number; dt: number; fractionBits: number; maxDelaySteps: number; rowCapacity?: number },
): Promise<PreparedGpuRows> {
  const object = `projection '${p.name}'`;
  const why = gpuConnectSupport(p);
  if (why) throw new Error(`generateRowsOnGpu: ${why}`);
  const c = p.connectivity;
  const rule = c.rule as ConnectRule;
  const autapses = 'autapses' in c && c.autapses === true;
  const skipSelf = sameNeurons && !autapses && rule !== 'oneToOne';
  const inDegree = c.rule === 'fixedInDegree';
  const pool = inDegree ? (skipSelf ? nPre - 1 : nPre) : (skipSelf ? nPost - 1 : nPost);
  const k = c.rule === 'fixedOutDegree' || c.rule === 'fixedInDegree' ? c.k : 0;
  const total = c.rule === 'fixedTotalNumber' ? c.n : 0;
  if (c.rule === 'fixedTotalNumber') {
    const pairs = nPre * (nPost - (skipSelf ? 1 : 0));
    if (pairs <= 0 && total > 0) throw new InvalidParameterError(object, 'connectivity.n', total, 'at most 0 (there are no pairs to connect)');
    if (total > 0xffffffff) throw new InvalidParameterError(object, 'connectivity.n', total, 'at most 2^32 - 1 synapses per projection');
  }
  if (k > pool) throw new InvalidParameterError(object, 'connectivity.k', k, `at most ${pool} (the ${inDegree ? 'pre' : 'post'} population${skipSelf ? ' minus the neuron itself' : ''})`);
  if (c.rule === 'oneToOne' && nPre !== nPost) throw new InvalidParameterError(object, 'connectivity.rule', 'oneToOne', `pre and post of equal size (got ${nPre} and ${nPost})`);
  const tableSize = inDegree ? inDegreeTableSize(k) : 2;
  const tableBytes = 4 * nPost * tableSize;
  if (inDegree && tableBytes > ctx.limits.maxStorageBufferBindingSize) throw new Error(`generateRowsOnGpu: ${gpuConnectSupport(p, { nPost, maxBindingBytes: ctx.limits.maxStorageBufferBindingSize })}`);
  const p01 = c.rule === 'fixedProbability' ? c.p : 1;
  const scale = 2 ** opts.fractionBits;
  const f = Math.fround;
  const w = p.weight;
  const uniformWeight = typeof w === 'object' && w.dist === 'uniform';
  const normal = typeof w === 'object' && w.dist === 'normal' ? w : null;
  const wConst = typeof w === 'number' ? w : w.dist === 'constant' ? w.value : 0;
  const wLo = uniformWeight ? f((w as { low: number }).low) : 0;
  const wHi = uniformWeight ? f((w as { high: number }).high) : 0;
  const clip = normal ? normalClip(normal) : { low: 0, high: 0 };
  // A normal draw lies within +-NORMAL_F32_MAX sd, then within the clip bounds.
  const normalReach = normal ? Math.max(Math.abs(Math.max(clip.low, normal.mean - NORMAL_F32_MAX * normal.sd)), Math.abs(Math.min(clip.high, normal.mean + NORMAL_F32_MAX * normal.sd))) : 0;
  const limit = 0x7fffffff / scale;
  for (const [field, v] of [['weight', uniformWeight ? Math.max(Math.abs(wLo), Math.abs(wHi)) : normal ? normalReach : wConst]] as const) {
    if (!Number.isFinite(v) || Math.abs(v) > limit * 0.999) {
      throw new InvalidParameterError(object, field, v, `a finite weight within +-${(limit * 0.999).toFixed(1)} (the fixed-point range at ${opts.fractionBits} fraction bits)`);
    }
  }
  const d = p.delayMs ?? opts.dt;
  const uniformDelay = typeof d === 'object' && d.dist === 'uniform';
  const normalDelay = typeof d === 'object' && d.dist === 'normal' ? normalDelayFrame(d, opts.dt, opts.maxDelaySteps) : null;
  const dConst = uniformDelay || normalDelay ? 0 : delaySteps(object, 'delayMs', typeof d === 'number' ? d : (d as { value: number }).value, opts.dt, opts.maxDelaySteps);
  const dLo = uniformDelay ? delaySteps(object, 'delayMs.low', (d as { low: number }).low, opts.dt, opts.maxDelaySteps) : 0;
  const dHi = uniformDelay ? delaySteps(object, 'delayMs.high', (d as { high: number }).high, opts.dt, opts.maxDelaySteps) : 0;
  const [seedLo, seedHi] = seedWords(opts.seed);
  const grid = (threads: number): [number, number, number] => {
    const groups = Math.max(1, Math.ceil(threads / WG));
    const gx = Math.min(groups, ctx.limits.maxComputeWorkgroupsPerDimension);
    return [gx, Math.ceil(groups / gx), gx * WG];
  };
  const frameValues = (maxRow: number, rowsPerY: number, j0: number, j1: number) => ({
    nPre, nPost, maxRow, rowsPerY, seedLo, seedHi, stream: STREAM_BASE + index, skipSelf: skipSelf ? 1 : 0,
    threshold: Math.min(0xffffffff, Math.floor(p01 * 2 ** 32)), allPairs: p01 >= 1 ? 1 : 0, k, pool,
    qConst: Math.round(wConst * scale), wLo, wRange: f(wHi - wLo), scale, dLo: normalDelay ? normalDelay.lo : dLo, dSpan: dHi - dLo + 1, noContract: 0,
    j0, j1, tableSize, tableShift: 32 - Math.log2(tableSize), total,
    wMean: normal ? normal.mean : 0, wSd: normal ? normal.sd : 0, wLow: clip.low, wHigh: clip.high,
    dMean: normalDelay?.mean ?? 0, dSd: normalDelay?.sd ?? 0, dHi: normalDelay?.hi ?? 0,
  });
  /**
   * One pass: a dispatch per range of CONNECT_COLUMNS_PER_DISPATCH columns (Floyd steps for 'sample',
   * hash-set slots for 'scatter'; 'sort' has one), `clear` zeroed first; `buffers` by name
   * (connectPassBuffers gives the order).
   */
  const run = async (pass: ConnectPass, maxRow: number, named: Record<string, BufferRange>, clear: BufferRange[]): Promise<void> => {
    const writes = pass === 'fill' || pass === 'sort';
    const options = {
      workgroupSize: WG, rule, pass, uniformWeight: writes && uniformWeight, uniformDelay: writes && uniformDelay,
      normalWeight: writes && normal !== null, normalDelay: writes && normalDelay !== null,
    };
    const buffers = connectPassBuffers(options).map((name) => named[name]!);
    const bindings: BindingSpec[] = [{ name: 'frame', kind: 'uniform', dynamicOffset: true }, ...buffers.map((_, i) => ({ name: `b${i}`, kind: 'storage' as const }))];
    const kernel = await ctx.pipelines.get({ name: 'connect', options, bindings, source: () => connectShader({ ...options, frameStruct: CONNECT_FRAME.wgsl }) });
    // fixedTotalNumber: a thread per synapse, one range.
    const [gx, gy, rowsPerY] = grid(rule === 'fixedTotalNumber' ? total : pass === 'sample' || pass === 'scatter' ? nPost : nPre);
    const span = rule === 'fixedTotalNumber' || pass === 'sort' ? 1 : pass === 'sample' ? k : pass === 'scatter' ? tableSize : nPost;
    const per = pass === 'sort' ? 1 : CONNECT_COLUMNS_PER_DISPATCH;
    const ranges = Math.max(1, Math.ceil(span / per));
    const frames = new Uint8Array(ranges * FRAME_STRIDE);
    for (let r = 0; r < ranges; r++) {
      const j0 = r * per;
      frames.set(new Uint8Array(packOne(CONNECT_FRAME, frameValues(maxRow, rowsPerY, j0, Math.min(span, j0 + per)))), r * FRAME_STRIDE);
    }
    const frame = ctx.pool.createWithData(`${p.name}.connect.frame`, GPUBufferUsage.UNIFORM, frames);
    const bindGroup = ctx.device.createBindGroup({
      label: `${p.name}.connect`, layout: kernel.layout,
      entries: [{ binding: 0, resource: { buffer: frame, size: uniformBufferSize(CONNECT_FRAME) } },
        ...buffers.map(({ buffer, offset, size }, i) => ({ binding: i + 1, resource: { buffer, offset, size } }))],
    });
    const encoder = ctx.device.createCommandEncoder({ label: `${p.name}.connect` });
    for (const b of clear) encoder.clearBuffer(b.buffer, b.offset, b.size);
    const computePass = encoder.beginComputePass({ label: `${p.name}.connect.${pass}` });
    computePass.setPipeline(kernel.pipeline);
    for (let r = 0; r < ranges; r++) {
      computePass.setBindGroup(0, bindGroup, [r * FRAME_STRIDE]);
      computePass.dispatchWorkgroups(gx, gy);
    }
    computePass.end();
    await ctx.submit(`connect ${p.name}`, [encoder.finish()]);
    ctx.pool.release(frame);
  };
  const STORAGE = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  const table = inDegree ? ctx.pool.acquire({ label: `${p.name}.inDegreeSets`, size: tableBytes, usage: STORAGE }) : undefined;
  const tableRange: Record<string, BufferRange> = table ? { table: { buffer: table, offset: 0, size: tableBytes } } : {};
  const release = () => { if (table) ctx.pool.release(table); };
  const meta = (maxRow: number, synapses: number): RaggedMeta => ({
    nPre, nPost, maxRow, synapses, constDelay: dConst, maxDelay: Math.max(1, uniformDelay ? dHi : normalDelay ? normalDelay.hi : dConst), perSynapseDelay: uniformDelay || normalDelay !== null,
  });
  const longest = (lengths: Uint32Array): { maxRow: number; synapses: number } => {
    let maxRow = 1;
    let synapses = 0;
    for (const n of lengths) {
      if (n > maxRow) maxRow = n;
      synapses += n;
    }
    return { maxRow, synapses };
  };
  const targets = (into: RowTargets): Record<string, BufferRange> => {
    if (into.rowLength.size < 4 * nPre || into.ind.size < 4 * nPre * shape.maxRow || into.weight.size < into.ind.size || (shape.perSynapseDelay && (into.delay?.size ?? 0) < into.ind.size)) {
      throw new Error(`projection '${p.name}': its row targets are smaller than its rows (${nPre} rows of ${shape.maxRow})`);
    }
    return { ...tableRange, rowLength: into.rowLength, ind: into.ind, weight: into.weight, ...(into.delay ? { delay: into.delay } : {}) };
  };
  let shape: RaggedMeta;
  let fill: PreparedGpuRows['fill'];
  try {
    if (rule === 'fixedTotalNumber') {
      // No count pass: rows get the plan's capacity (binomial bound, exceeded with probability < 1e-8 per
      // row) and synapses take their rows' next slots in arrival order (rowLength, cleared, is the cursor).
      // Should a row pass the capacity, fill reports its counted length (the caller refills at it).
      const capacity = Math.max(1, opts.rowCapacity ?? binomialRowBound(total, 1 / nPre));
      shape = meta(capacity, total);
      fill = async (into) => {
        const named = targets(into);
        await run('fill', capacity, named, [into.rowLength]);
        const got = longest(new Uint32Array(await ctx.read(into.rowLength.buffer, into.rowLength.offset, 4 * nPre)));
        return got.maxRow <= capacity ? { synapses: got.synapses } : { overflow: got.maxRow };
      };
    } else {
      const counted = ctx.pool.acquire({ label: `${p.name}.rowLength`, size: 4 * nPre, usage: STORAGE });
      const countRange = { buffer: counted, offset: 0, size: 4 * nPre };
      try {
        if (table) await run('sample', 0, { ...tableRange, rowLength: countRange }, [countRange, { buffer: table, offset: 0, size: tableBytes }]);
        else await run('count', 0, { rowLength: countRange }, [countRange]);
        const { maxRow, synapses } = longest(new Uint32Array(await ctx.read(counted, 0, 4 * nPre)));
        shape = meta(maxRow, synapses);
      } finally {
        ctx.pool.release(counted);
      }
      fill = async (into) => {
        const named = targets(into);
        if (table && shape.maxRow <= CONNECT_SORT_MAX_ROW) {
          // Cost follows synapses: columns append to their rows, rows sort themselves.
          await run('scatter', shape.maxRow, named, [into.rowLength]);
          await run('sort', shape.maxRow, named, []);
        } else {
          // Cost follows pre x post: every row walks every column (for fixedInDegree, looking itself up in the column's set).
          await run('fill', shape.maxRow, named, [into.rowLength]);
        }
        return { synapses: shape.synapses };
      };
    }
  } catch (e) {
    release();
    throw e;
  }
  return { meta: shape, fill, release };
}
