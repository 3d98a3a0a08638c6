/**
 * connect kernel binding: GPU generation of a projection's ragged rows, bit-identical to
 * host/model/connect.ts (kernels-tests/oracle/connect.ts). Supported: allToAll, oneToOne,
 * fixedProbability and fixedOutDegree with constant or uniform weights and constant or
 * uniform-integer delays; anything else is generated on the host (gpuConnectSupport says why).
 * WGSL: shaders/connect.wgsl.ts.
 */
import type { GpuContext } from '../gpu/context';
import { defineStruct, packOne, uniformBufferSize } from '../gpu/layout';
import type { BindingSpec } from '../gpu/pipelines';
import { delaySteps, type RaggedMeta } from '../model/connect';
import type { ProjectionModel } from '../model/network';
import { seedWords } from '../random/philox';
import { InvalidParameterError } from '../errors';
import { connectShader, type ConnectRule } from '../../shaders/connect.wgsl';

export const CONNECT_FRAME = defineStruct('Frame', [
  ['nPre', 'u32'], ['nPost', 'u32'], ['maxRow', 'u32'], ['rowsPerY', 'u32'],
  ['seedLo', 'u32'], ['seedHi', 'u32'], ['stream', 'u32'], ['skipSelf', 'u32'],
  ['threshold', 'u32'], ['allPairs', 'u32'], ['k', 'u32'], ['pool', 'u32'],
  ['qConst', 'i32'], ['wLo', 'f32'], ['wRange', 'f32'], ['scale', 'f32'],
  ['dLo', 'u32'], ['dSpan', 'u32'], ['noContract', 'u32'],
]);

const WG = 64;

/** null when the projection can be generated on the GPU, else the reason it cannot. */
export function gpuConnectSupport(p: ProjectionModel): string | null {
  const rule = p.connectivity.rule;
  if (rule === 'fixedInDegree' || rule === 'explicit') return `${rule} connectivity is generated on the host`;
  const w = p.weight;
  if (typeof w === 'object' && w.dist !== 'constant' && w.dist !== 'uniform') return `${w.dist} weights are drawn on the host (float64 log/cos)`;
  const d = p.delayMs;
  if (d !== undefined && typeof d === 'object' && d.dist !== 'constant' && d.dist !== 'uniform') return 'this delay distribution is drawn on the host';
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

/**
 * Generates the rows of projection `index` on the GPU: a count pass, one small readback of the row
 * lengths (at build time only), then a fill pass into buffers sized by the longest row.
 */
export async function generateRowsOnGpu(
  ctx: GpuContext, p: ProjectionModel, index: number, nPre: number, nPost: number, sameNeurons: boolean,
  opts: { seed: number; dt: number; fractionBits: number; maxDelaySteps: number },
): Promise<GpuRows> {
  const object = `projection '${p.name}'`;
  const why = gpuConnectSupport(p);
  if (why) throw new Error(`generateRowsOnGpu: ${why}`);
  const c = p.connectivity;
  const rule = c.rule as ConnectRule;
  const autapses = 'autapses' in c && c.autapses === true;
  const skipSelf = sameNeurons && !autapses && rule !== 'oneToOne';
  const pool = skipSelf ? nPost - 1 : nPost;
  const k = c.rule === 'fixedOutDegree' ? c.k : 0;
  if (c.rule === 'fixedOutDegree' && k > pool) throw new InvalidParameterError(object, 'connectivity.k', k, `at most ${pool}`);
  if (c.rule === 'oneToOne' && nPre !== nPost) throw new InvalidParameterError(object, 'connectivity.rule', 'oneToOne', `pre and post of equal size (got ${nPre} and ${nPost})`);
  const p01 = c.rule === 'fixedProbability' ? c.p : 1;
  const scale = 2 ** opts.fractionBits;
  const f = Math.fround;
  const w = p.weight;
  const uniformWeight = typeof w === 'object' && w.dist === 'uniform';
  const wConst = typeof w === 'number' ? w : w.dist === 'constant' ? w.value : 0;
  const wLo = uniformWeight ? f((w as { low: number }).low) : 0;
  const wHi = uniformWeight ? f((w as { high: number }).high) : 0;
  const limit = 0x7fffffff / scale;
  for (const [field, v] of [['weight', uniformWeight ? Math.max(Math.abs(wLo), Math.abs(wHi)) : wConst]] as const) {
    if (!Number.isFinite(v) || Math.abs(v) > limit * 0.999) {
      throw new InvalidParameterError(object, field, v, `a finite weight within +-${(limit * 0.999).toFixed(1)} (the fixed-point range at ${opts.fractionBits} fraction bits)`);
    }
  }
  const d = p.delayMs ?? opts.dt;
  const uniformDelay = typeof d === 'object' && d.dist === 'uniform';
  const dConst = uniformDelay ? 0 : delaySteps(object, 'delayMs', typeof d === 'number' ? d : (d as { value: number }).value, opts.dt, opts.maxDelaySteps);
  const dLo = uniformDelay ? delaySteps(object, 'delayMs.low', (d as { low: number }).low, opts.dt, opts.maxDelaySteps) : 0;
  const dHi = uniformDelay ? delaySteps(object, 'delayMs.high', (d as { high: number }).high, opts.dt, opts.maxDelaySteps) : 0;
  const [seedLo, seedHi] = seedWords(opts.seed);
  const groups = Math.ceil(nPre / WG);
  const gx = Math.min(groups, ctx.limits.maxComputeWorkgroupsPerDimension);
  const gy = Math.ceil(groups / gx);
  const frameValues = (maxRow: number) => ({
    nPre, nPost, maxRow, rowsPerY: gx * WG, seedLo, seedHi, stream: STREAM_BASE + index, skipSelf: skipSelf ? 1 : 0,
    threshold: Math.min(0xffffffff, Math.floor(p01 * 2 ** 32)), allPairs: p01 >= 1 ? 1 : 0, k, pool,
    qConst: Math.round(wConst * scale), wLo, wRange: f(wHi - wLo), scale, dLo, dSpan: dHi - dLo + 1, noContract: 0,
  });
  const run = async (fill: boolean, maxRow: number, buffers: GPUBuffer[]): Promise<void> => {
    const options = { workgroupSize: WG, rule, fill, uniformWeight: fill && uniformWeight, uniformDelay: fill && uniformDelay };
    const bindings: BindingSpec[] = [{ name: 'frame', kind: 'uniform' }, ...buffers.map((_, i) => ({ name: `b${i}`, kind: 'storage' as const }))];
    const kernel = await ctx.pipelines.get({ name: 'connect', options, bindings, source: () => connectShader({ ...options, frameStruct: CONNECT_FRAME.wgsl }) });
    const frame = ctx.pool.createWithData(`${p.name}.connect.frame`, GPUBufferUsage.UNIFORM, packOne(CONNECT_FRAME, frameValues(maxRow)));
    const bindGroup = ctx.device.createBindGroup({
      label: `${p.name}.connect`, layout: kernel.layout,
      entries: [{ binding: 0, resource: { buffer: frame, size: uniformBufferSize(CONNECT_FRAME) } },
        ...buffers.map((buffer, i) => ({ binding: i + 1, resource: { buffer, size: i === 0 ? 4 * nPre : 4 * nPre * maxRow } }))],
    });
    const encoder = ctx.device.createCommandEncoder({ label: `${p.name}.connect` });
    const pass = encoder.beginComputePass({ label: `${p.name}.connect` });
    pass.setPipeline(kernel.pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(gx, gy);
    pass.end();
    await ctx.submit(`connect ${p.name}`, [encoder.finish()]);
    ctx.pool.release(frame);
  };
  const STORAGE = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  const rowLength = ctx.pool.acquire({ label: `${p.name}.rowLength`, size: 4 * nPre, usage: STORAGE });
  await run(false, 0, [rowLength]);
  const lengths = new Uint32Array(await ctx.read(rowLength, 0, 4 * nPre));
  let maxRow = 1;
  let synapses = 0;
  for (const n of lengths) {
    if (n > maxRow) maxRow = n;
    synapses += n;
  }
  const bytes = 4 * nPre * maxRow;
  const ind = ctx.pool.acquire({ label: `${p.name}.ind`, size: bytes, usage: STORAGE });
  const weight = ctx.pool.acquire({ label: `${p.name}.weight`, size: bytes, usage: STORAGE });
  const delay = uniformDelay ? ctx.pool.acquire({ label: `${p.name}.delay`, size: bytes, usage: STORAGE }) : undefined;
  await run(true, maxRow, delay ? [rowLength, ind, weight, delay] : [rowLength, ind, weight]);
  return {
    meta: { nPre, nPost, maxRow, synapses, constDelay: dConst, maxDelay: Math.max(1, uniformDelay ? dHi : dConst), perSynapseDelay: uniformDelay },
    rowLength, ind, weight, ...(delay ? { delay } : {}),
  };
}
