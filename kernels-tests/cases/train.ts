/**
 * Training kernels against their oracles, the Trainer's gradients against the BPTT oracle (and the
 * oracle's equations against central finite differences), and Yin-Yang training.
 */
import type { GpuContext } from '../../host/gpu/context';
import { LifTrainOp, resolveTrainLif, stateLayout, type TrainLifParams } from '../../host/kernels/lifTrain';
import { MatmulOp } from '../../host/kernels/matmul';
import type { RateRegOptions } from '../../host/kernels/rateReg';
import { OptimizerOp, resolveOptimizer, type OptimizerOptions } from '../../host/kernels/optimizer';
import { createReadoutLoss, readoutLossFrame } from '../../host/kernels/readoutLoss';
import { resolveTrainNetwork, type TrainNetworkSpec } from '../../host/train/network';
import { Trainer, type Dataset, type EpochStats, type TrainerOptions } from '../../host/train/trainer';
import { yinYang } from '../../host/train/yinyang';
import { randmanRecipe, YIN_YANG_RECIPE } from '../../host/train/recipes';
import { randman, splitDataset } from '../../host/train/randman';
import type { ReadoutLoss } from '../../shaders/readoutLoss.wgsl';
import { lifTrainBackwardOracle, lifTrainForwardOracle, type BackwardRecord, type ForwardRecord } from '../oracle/lifTrain';
import { recSparseGradOracle, recTrainBackwardOracle, recTrainForwardOracle } from '../oracle/recTrain';
import { packSparseIndex, planRecTrain, RecTrainOp, sparseRecurrence, type RecTrainPlan } from '../../host/kernels/recTrain';
import type { Bound } from '../../host/kernels/prepared';
import { matmulOracle } from '../oracle/matmul';
import { optimizerOracle } from '../oracle/optimizer';
import { readoutLossOracle } from '../oracle/readoutLoss';
import { trainBatchOracle } from '../oracle/train';
import { testRandom, uniformIn } from './common';

const USAGE = (): number => GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;

function upload(ctx: GpuContext, label: string, data: Float32Array | Uint32Array, extraBytes = 0): GPUBuffer {
  const b = ctx.pool.acquire({ label, size: Math.max(16, data.byteLength + extraBytes), usage: USAGE() });
  ctx.device.queue.writeBuffer(b, 0, data as Float32Array<ArrayBuffer>);
  return b;
}

async function run(ctx: GpuContext, ops: { encode(pass: GPUComputePassEncoder): void }[]): Promise<void> {
  const enc = ctx.device.createCommandEncoder();
  const pass = enc.beginComputePass();
  for (const op of ops) op.encode(pass);
  pass.end();
  await ctx.submit('train case', [enc.finish()]);
}

function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-6): number {
  let worst = 0;
  let scale = floor;
  for (let k = 0; k < a.length; k++) scale = Math.max(scale, Math.abs(b[k]!));
  for (let k = 0; k < a.length; k++) worst = Math.max(worst, Math.abs(a[k]! - b[k]!) / scale);
  return worst;
}

function bitsDiffer(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let n = 0;
  for (let k = 0; k < a.length; k++) if (Math.fround(a[k]!) !== Math.fround(b[k]!) && !(Number.isNaN(a[k]!) && Number.isNaN(b[k]!))) n++;
  return n;
}

/** Products with every transpose, bias, accumulation, offsets and split sums: bit-identical to the oracle. */
export async function matmulVsOracle(ctx: GpuContext, a: { seed: number }): Promise<{ cases: string[]; mismatches: number[] }> {
  const r = testRandom(a.seed);
  const shapes = [
    { m: 1, n: 1, k: 1 }, { m: 17, n: 33, k: 5 }, { m: 40, n: 3, k: 100 }, { m: 3, n: 70, k: 257 }, { m: 64, n: 64, k: 64 },
  ];
  const cases: string[] = [];
  const mismatches: number[] = [];
  for (const s of shapes) for (const strategy of ['tiled', 'direct', 'events'] as const) {
    for (const [transA, transB, bias, accumulate, maxK] of [[false, false, true, false, 32768], [true, false, false, true, 32768], [false, true, false, false, 32768], [true, true, true, false, 16], [false, false, false, true, 7]] as const) {
      // The event-driven strategy is for sparse A: 80 % exact zeros.
      const A = Float32Array.from({ length: s.m * s.k }, () => (strategy === 'events' && r() < 0.8 ? 0 : uniformIn(r, -2, 2)));
      const Bm = Float32Array.from({ length: s.k * s.n }, () => uniformIn(r, -2, 2));
      const C0 = Float32Array.from({ length: s.m * s.n }, () => uniformIn(r, -1, 1));
      const bv = Float32Array.from({ length: s.n }, () => uniformIn(r, -1, 1));
      // C lives 256 bytes into its buffer: offsets work.
      const aBuf = upload(ctx, 'mm.A', A);
      const bBuf = upload(ctx, 'mm.B', Bm);
      const cBuf = ctx.pool.acquire({ label: 'mm.C', size: 256 + 4 * C0.length, usage: USAGE() });
      ctx.device.queue.writeBuffer(cBuf, 256, C0);
      const biasBuf = upload(ctx, 'mm.bias', bv);
      const op = await MatmulOp.create(ctx, { ...s, a: aBuf, b: bBuf, c: cBuf, cOffset: 256, transA, transB, accumulate, strategy, ...(bias ? { bias: biasBuf } : {}) }, maxK);
      await run(ctx, [op]);
      const got = new Float32Array(await ctx.read(cBuf, 256, 4 * C0.length));
      const want = matmulOracle({ ...s, a: A, b: Bm, c: C0, transA, transB, accumulate, ...(bias ? { bias: bv } : {}) });
      cases.push(`${strategy} ${s.m}x${s.k}x${s.n} ${transA ? 'T' : 'N'}${transB ? 'T' : 'N'}${bias ? ' bias' : ''}${accumulate ? ' acc' : ''} maxK ${maxK}`);
      mismatches.push(bitsDiffer(got, want));
      op.release();
      for (const b of [aBuf, bBuf, cBuf, biasBuf]) ctx.pool.release(b);
    }
  }
  return { cases, mismatches };
}

export interface LayerCaseArgs {
  seed: number;
  steps: number;
  batch: number;
  size: number;
  params: TrainLifParams;
  spiking: boolean;
  model?: 'lif' | 'alif';
  trainAlpha?: boolean;
  trainThreshold?: boolean;
  trainAlphaSyn?: boolean;
}

export interface LayerCaseResult {
  vMismatch: number;
  zMismatch: number;
  aMismatch: number;
  iMismatch: number;
  giMismatch: number;
  giMaxRel: number;
  pgMismatch: number;
  pgMaxRel: number;
  spikes: number;
}

/** Random layer inputs, upstream gradients and per-neuron parameters (alpha with one value clamped above 1 and one below 0). */
function layerCaseData(a: LayerCaseArgs, r: () => number) {
  const stride = a.batch * a.size;
  const T = a.steps;
  const I = Float32Array.from({ length: T * stride }, () => uniformIn(r, -0.3, 0.9));
  const GZ = Float32Array.from({ length: (a.spiking ? T + 1 : T) * stride }, () => uniformIn(r, -1, 1));
  const QA = Float32Array.from({ length: a.size }, (_, n) => (n === 1 ? 1.2 : n === 2 ? -0.1 : uniformIn(r, 0.6, 0.97)));
  const QT = Float32Array.from({ length: a.size }, () => uniformIn(r, 0.5, 1.5));
  const QS = Float32Array.from({ length: a.size }, (_, n) => (n === 3 ? 1.3 : n === 4 ? -0.2 : uniformIn(r, 0.4, 0.9)));
  return { I, GZ, QA, QT, QS };
}

/** Reads the layer buffers back and compares them with the oracle's records. */
async function compareLayer(ctx: GpuContext, a: LayerCaseArgs, bufs: Record<string, GPUBuffer>, fw: ForwardRecord, bw: BackwardRecord): Promise<LayerCaseResult> {
  const stride = a.batch * a.size;
  const T = a.steps;
  const read = async (name: string, floats: number) => new Float32Array(await ctx.read(bufs[name]!, 0, 4 * floats));
  const V = await read('V', T * stride);
  const Z = await read('Z', (a.spiking ? T + 1 : 1) * stride);
  const Ifilt = await read('I', T * stride);
  const GI = await read('GI', T * stride);
  const alif = a.model === 'alif';
  const A = alif ? await read('A', T * stride) : new Float32Array(0);
  const params = a.trainAlpha || a.trainThreshold || a.trainAlphaSyn;
  // The GPU's S holds each sum from a 256-byte aligned offset (after the backward carry); the oracle's are packed.
  const pg = stateLayout(stride, 1);
  const PG = params ? await read('S', pg.floats) : new Float32Array(0);
  const pgWant = [...(a.trainAlpha ? bw.PG.subarray(0, stride) : []), ...(a.trainThreshold ? bw.PG.subarray(stride, 2 * stride) : []), ...(a.trainAlphaSyn ? bw.PG.subarray(2 * stride, 3 * stride) : [])];
  const pgGot = [...(a.trainAlpha ? PG.subarray(pg.pgAlpha, pg.pgAlpha + stride) : []), ...(a.trainThreshold ? PG.subarray(pg.pgThreshold, pg.pgThreshold + stride) : []),
    ...(a.trainAlphaSyn ? PG.subarray(pg.pgAlphaSyn, pg.pgAlphaSyn + stride) : [])];
  return {
    vMismatch: bitsDiffer(V, fw.V), zMismatch: a.spiking ? bitsDiffer(Z, fw.Z) : 0, aMismatch: alif ? bitsDiffer(A, fw.A) : 0, iMismatch: bitsDiffer(Ifilt, fw.Ifilt),
    giMismatch: bitsDiffer(GI, bw.GI), giMaxRel: maxRelDiff(GI, bw.GI), pgMismatch: bitsDiffer(pgGot, pgWant), pgMaxRel: params ? maxRelDiff(pgGot, pgWant) : 0,
    spikes: a.spiking ? Z.reduce((s, x) => s + x, 0) : 0,
  };
}

/** Layer buffers; P holds the per-neuron alpha (from 0), threshold (from qtAt), alphaSyn (from qsAt) and recurrent weights (from rAt), as the Trainer's parameter buffer does. */
function layerBuffers(ctx: GpuContext, a: LayerCaseArgs, data: ReturnType<typeof layerCaseData>, R: Float32Array = new Float32Array(0), extra: Record<string, Float32Array | Uint32Array> = {}):
  { bufs: Record<string, GPUBuffer>; offsets: { qaAt: number; qtAt: number; qsAt: number; rAt: number } } {
  const stride = a.batch * a.size;
  const T = a.steps;
  const empty = (label: string, floats: number) => ctx.pool.acquire({ label, size: 4 * Math.max(4, floats), usage: USAGE() });
  const align = (n: number): number => Math.ceil(n / 64) * 64;
  const offsets = { qaAt: 0, qtAt: align(a.size), qsAt: 2 * align(a.size), rAt: 3 * align(a.size) };
  const P = new Float32Array(offsets.rAt + R.length);
  P.set(data.QA, offsets.qaAt);
  P.set(data.QT, offsets.qtAt);
  P.set(data.QS, offsets.qsAt);
  P.set(R, offsets.rAt);
  const bufs: Record<string, GPUBuffer> = {
    I: upload(ctx, 'lt.I', data.I), V: empty('lt.V', T * stride), Z: empty('lt.Z', (T + 1) * stride), GZ: upload(ctx, 'lt.GZ', data.GZ),
    GI: empty('lt.GI', (T + 1) * stride), A: empty('lt.A', T * stride), S: empty('lt.S', stateLayout(stride, 1).floats), P: upload(ctx, 'lt.P', P),
  };
  for (const [k, v] of Object.entries(extra)) bufs[k] = upload(ctx, `lt.${k}`, v);
  const enc = ctx.device.createCommandEncoder();
  enc.clearBuffer(bufs.Z!);
  ctx.device.queue.submit([enc.finish()]);
  return { bufs, offsets };
}

const bound = (bufs: Record<string, GPUBuffer>): Record<string, Bound> => Object.fromEntries(Object.entries(bufs).map(([k, b]) => [k, [b, b.size] as Bound]));

/** A LIF/ALIF (or readout) layer's forward and backward on the GPU vs the oracle, for reset, surrogate, detach and trainable-parameter variants. */
export async function lifTrainVsOracle(ctx: GpuContext, a: LayerCaseArgs): Promise<LayerCaseResult> {
  const r = testRandom(a.seed);
  const lif = resolveTrainLif('test layer', a.params, 1, a.model ?? 'lif');
  const stride = a.batch * a.size;
  const data = layerCaseData(a, r);
  const { bufs, offsets } = layerBuffers(ctx, a, data);
  const trainable = { alpha: a.trainAlpha ?? false, threshold: a.trainThreshold ?? false, alphaSyn: a.trainAlphaSyn ?? false };
  const op = await LifTrainOp.create(ctx, 'test', lif, a.spiking, a.steps, a.batch, a.size, bound(bufs), true, trainable, { qaAt: offsets.qaAt, qtAt: offsets.qtAt, qsAt: offsets.qsAt });
  await run(ctx, [op.forward, op.backward]);
  const o = {
    r: lif, spiking: a.spiking, delayed: a.spiking, steps: a.steps, stride, neurons: a.size,
    ...(trainable.alpha ? { QA: data.QA } : {}), ...(trainable.threshold ? { QT: data.QT } : {}), ...(trainable.alphaSyn ? { QS: data.QS } : {}),
  };
  const fw = lifTrainForwardOracle(o, data.I);
  const bw = lifTrainBackwardOracle(o, data.GZ, fw);
  const out = await compareLayer(ctx, a, bufs, fw, bw);
  op.release();
  for (const b of Object.values(bufs)) ctx.pool.release(b);
  return out;
}

/** A recurrent layer (dense or sparse recurrent weights) on the GPU vs the oracle, optionally split into short dispatch chunks. */
export async function recTrainVsOracle(ctx: GpuContext, a: LayerCaseArgs & { sparse?: number; chunks?: { forward: number; backward: number } }):
  Promise<LayerCaseResult & { gradMismatch: number; gradMaxRel: number; plan: RecTrainPlan }> {
  const r = testRandom(a.seed);
  const lif = resolveTrainLif('test layer', a.params, 1, a.model ?? 'lif');
  const N = a.size;
  const stride = a.batch * N;
  const data = layerCaseData(a, r);
  const pre: number[] = [];
  const post: number[] = [];
  if (a.sparse) for (let j = 0; j < N; j++) for (let n = 0; n < N; n++) if (r() < a.sparse) { pre.push(j); post.push(n); }
  const sparse = a.sparse ? sparseRecurrence('test', N, pre, post) : undefined;
  const R = Float32Array.from({ length: sparse ? sparse.pre.length : N * N }, () => uniformIn(r, -0.4, 0.6));
  const extra: Record<string, Float32Array | Uint32Array> = { G: new Float32Array(Math.max(4, R.length)) };
  if (sparse) extra.idx = packSparseIndex(sparse).data;
  const { bufs, offsets } = layerBuffers(ctx, a, data, R, extra);
  const trainable = { alpha: a.trainAlpha ?? false, threshold: a.trainThreshold ?? false, alphaSyn: a.trainAlphaSyn ?? false };
  const base = planRecTrain(ctx, 'test', N, sparse);
  const plan = a.chunks ? { ...base, forwardSteps: a.chunks.forward, backwardSteps: a.chunks.backward } : base;
  const op = await RecTrainOp.create(ctx, 'test', lif, a.steps, a.batch, N, bound(bufs), { ...(sparse ? { sparse } : {}), trainable, plan, offsets });
  await run(ctx, [op.forward, op.backward, op.weightGrad]);
  const o = {
    r: lif, spiking: true, delayed: true, steps: a.steps, stride, neurons: N, R, ...(sparse ? { sparse } : {}),
    ...(trainable.alpha ? { QA: data.QA } : {}), ...(trainable.threshold ? { QT: data.QT } : {}), ...(trainable.alphaSyn ? { QS: data.QS } : {}),
  };
  const fw = recTrainForwardOracle(o, data.I);
  const bw = recTrainBackwardOracle(o, data.GZ, fw);
  const out = await compareLayer(ctx, a, bufs, fw, bw);
  let gradMismatch = 0;
  let gradMaxRel = 0;
  if (sparse) {
    const got = new Float32Array(await ctx.read(bufs.G!, 0, 4 * R.length));
    const want = recSparseGradOracle(sparse, N, a.steps * a.batch, fw.Z, bw.GI);
    gradMismatch = bitsDiffer(got, want);
    gradMaxRel = maxRelDiff(got, want);
  }
  op.release();
  for (const b of Object.values(bufs)) ctx.pool.release(b);
  return { ...out, gradMismatch, gradMaxRel, plan };
}

/** Loss, gradient, correctness and predictions of a batch (with a short last batch) vs the oracle. */
export async function readoutLossVsOracle(ctx: GpuContext, a: { seed: number; loss: ReadoutLoss; steps: number; batch: number; outputs: number; valid: number }):
  Promise<{ lossRel: number; guMaxRel: number; correctMismatch: number; predictedMismatch: number }> {
  const r = testRandom(a.seed);
  // spikeCount: U is a spiking readout's Z, T + 1 rows of 0/1 (row 0 zero), and GU has T + 1 rows.
  const counts = a.loss === 'spikeCount';
  const n = (counts ? a.steps + 1 : a.steps) * a.batch * a.outputs;
  const U = Float32Array.from({ length: n }, (_, k) => (!counts ? uniformIn(r, -2, 3) : k < a.batch * a.outputs ? 0 : r() < 0.25 ? 1 : 0));
  const labels = a.loss === 'mse' ? Float32Array.from({ length: a.steps * a.batch * a.outputs }, () => uniformIn(r, -1, 1)) : Uint32Array.from({ length: a.batch }, () => Math.floor(r() * a.outputs));
  const bufs = { U: upload(ctx, 'rl.U', U), target: upload(ctx, 'rl.y', labels), GU: ctx.pool.acquire({ label: 'rl.GU', size: 4 * n, usage: USAGE() }), stats: ctx.pool.acquire({ label: 'rl.stats', size: 12 * a.batch, usage: USAGE() }) };
  const op = await createReadoutLoss(ctx, 'test loss', a.loss, a.steps, a.batch, a.outputs, { U: [bufs.U, 4 * n], target: [bufs.target, 4 * labels.length], GU: [bufs.GU, 4 * n], stats: [bufs.stats, 12 * a.batch] });
  op.setFrame(readoutLossFrame(a.steps, a.batch, a.outputs, a.valid));
  await run(ctx, [op]);
  const GU = new Float32Array(await ctx.read(bufs.GU, 0, 4 * n));
  const statsBuf = await ctx.read(bufs.stats, 0, 12 * a.batch);
  const sf = new Float32Array(statsBuf);
  const su = new Uint32Array(statsBuf);
  const want = readoutLossOracle(a.loss, U, labels, a.steps, a.batch, a.outputs, a.valid);
  let loss = 0;
  let correctMismatch = 0;
  let predictedMismatch = 0;
  for (let b = 0; b < a.batch; b++) {
    loss += sf[3 * b]!;
    if (su[3 * b + 1] !== want.correct[b]) correctMismatch++;
    if (b < a.valid && su[3 * b + 2] !== want.predicted[b]) predictedMismatch++;
  }
  const wantLoss = want.loss.reduce((s, x) => s + x, 0);
  op.release();
  for (const b of Object.values(bufs)) ctx.pool.release(b);
  return { lossRel: Math.abs(loss - wantLoss) / Math.abs(wantLoss), guMaxRel: maxRelDiff(GU, want.GU), correctMismatch, predictedMismatch };
}

/** Several updates of SGD, Adam or AdamW (with clipping and decay) vs the published equations; an Inf gradient changes nothing. */
export async function optimizerVsOracle(ctx: GpuContext, a: { seed: number; options: OptimizerOptions; updates: number }): Promise<{ maxRel: number; infChanged: number }> {
  const r = testRandom(a.seed);
  const res = resolveOptimizer(a.options);
  const tensors = [{ offset: 0, length: 600 }, { offset: 640, length: 300 }];
  const count = 1024;
  const P = Float32Array.from({ length: count }, () => uniformIn(r, -1, 1));
  const bufs = { P: upload(ctx, 'opt.P', P), G: ctx.pool.acquire({ label: 'opt.G', size: 4 * count, usage: USAGE() }), M1: upload(ctx, 'opt.M1', new Float32Array(count)), M2: upload(ctx, 'opt.M2', new Float32Array(count)) };
  const op = await OptimizerOp.create(ctx, res, tensors, { ...bufs, count });
  const state = { p: Float32Array.from(P), m1: new Float32Array(count), m2: new Float32Array(count) };
  for (let u = 0; u < a.updates; u++) {
    const g = Float32Array.from({ length: count }, (_, e) => (e < 600 || (e >= 640 && e < 940) ? uniformIn(r, -3, 3) : 0));
    ctx.device.queue.writeBuffer(bufs.G, 0, g);
    op.setStep(u);
    await run(ctx, [op]);
    optimizerOracle(res, state, g, u);
  }
  const got = new Float32Array(await ctx.read(bufs.P, 0, 4 * count));
  const maxRel = maxRelDiff(got, state.p);
  // An Inf gradient: nothing may change.
  const g = new Float32Array(count);
  g[5] = Infinity;
  ctx.device.queue.writeBuffer(bufs.G, 0, g);
  op.setStep(a.updates);
  await run(ctx, [op]);
  const after = new Float32Array(await ctx.read(bufs.P, 0, 4 * count));
  op.release();
  for (const b of Object.values(bufs)) ctx.pool.release(b);
  return { maxRel, infChanged: bitsDiffer(after, got) };
}

/** A batch of constant-current samples as the Trainer uploads it: X [t][b][f], short batches padded with the last sample. */
function batchAsUploaded(ds: Dataset, idx: number[], T: number, B: number): { X: Float32Array; y: Uint32Array } {
  const F = ds.features;
  const X = new Float32Array(T * B * F);
  const y = new Uint32Array(B);
  for (let b = 0; b < B; b++) {
    const s = idx[Math.min(b, idx.length - 1)]!;
    y[b] = ds.labels[s]!;
    for (let t = 0; t < T; t++) X.set(ds.inputs.subarray(F * s, F * (s + 1)), (t * B + b) * F);
  }
  return { X, y };
}

/** Adds target traces [size][T][O] for the 'mse' loss: rising to x, y and x y of the sample (Yin-Yang features). */
function withTargets(d: Dataset, T: number, O: number): Dataset {
  const targets = new Float32Array(d.size * T * O);
  for (let s = 0; s < d.size; s++) {
    const x = d.inputs[4 * s]!;
    const y = d.inputs[4 * s + 1]!;
    const level = [x, y, x * y];
    for (let t = 0; t < T; t++) for (let q = 0; q < O; q++) targets[(s * T + t) * O + q] = (1 - Math.exp(-t / 5)) * level[q % 3]!;
  }
  return { ...d, targets };
}

function targetsAsUploaded(d: Dataset, idx: number[], T: number, B: number, O: number): Float32Array {
  const y = new Float32Array(T * B * O);
  for (let b = 0; b < B; b++) {
    const s = idx[Math.min(b, idx.length - 1)]!;
    for (let t = 0; t < T; t++) y.set(d.targets!.subarray((s * T + t) * O, (s * T + t + 1) * O), (t * B + b) * O);
  }
  return y;
}

export const SMALL_NET: TrainNetworkSpec = {
  inputs: 4,
  hidden: [{ size: 24, params: { tauMem: 10, tauSyn: 5 } }, { size: 16, params: { tauMem: 8, reset: 'hard', detachReset: false, surrogate: { kind: 'arctan' } } }],
  readout: { size: 3, params: { tauMem: 20, tauSyn: 5 } },
};

/** Recurrence, adaptation and trainable per-neuron parameters: a dense recurrent ALIF layer (trainable alpha, alphaSyn and threshold), a sparse recurrent LIF layer, a readout with trainable alpha and alphaSyn. */
export const RECURRENT_NET: TrainNetworkSpec = {
  inputs: 4,
  hidden: [
    { size: 20, model: 'alif', params: { tauMem: 10, tauSyn: 5, beta: 0.3, tauAdapt: 30, detachReset: false }, recurrent: true, train: { tauMem: true, tauSyn: true, threshold: true } },
    { size: 16, recurrent: { density: 0.25, seed: 3 }, params: { tauMem: 8, reset: 'hard', surrogate: { kind: 'arctan' } } },
  ],
  readout: { size: 3, params: { tauMem: 20, tauSyn: 5 }, train: { tauMem: true, tauSyn: true } },
};

/** A spiking readout (trainable thresholds) for the spike-count loss, after a dense recurrent layer. */
export const SPIKING_NET: TrainNetworkSpec = {
  inputs: 4,
  hidden: [{ size: 24, recurrent: true, params: { tauMem: 10, tauSyn: 5 } }],
  readout: { size: 3, spiking: true, params: { tauMem: 10, tauSyn: 5 }, train: { threshold: true } },
};

export type CaseNet = 'small' | 'recurrent' | 'spiking';
const NETS: Record<CaseNet, TrainNetworkSpec> = { small: SMALL_NET, recurrent: RECURRENT_NET, spiking: SPIKING_NET };

/**
 * The Trainer's gradients for one batch vs the f32 BPTT oracle on the same weights and inputs, and
 * the oracle's backward equations (float64) vs central finite differences of its loss in the
 * readout's weights and bias (the non-spiking part: hidden spikes do not change for small steps).
 */
export async function trainerGradients(ctx: GpuContext, a: { seed: number; loss: ReadoutLoss; rateReg?: RateRegOptions; net?: CaseNet; spikeProducts?: 'auto' | 'events' | 'dense' }): Promise<{
  maxRel: Record<string, number>; lossRel: number; fdMaxRel: number; fdChecked: number; spikes: number; loss: number; hiddenGradNorm: number;
}> {
  const T = 25;
  const B = 6;
  const net = NETS[a.net ?? 'small'];
  const trainer = await Trainer.create(ctx, net, {
    steps: T, batchSize: B, seed: a.seed, loss: a.loss, initGain: 3, ...(a.rateReg ? { rateRegularizer: a.rateReg } : {}), ...(a.spikeProducts ? { spikeProducts: a.spikeProducts } : {}),
  });
  // Random biases: with all-zero biases a readout can sit at exactly 0 for its first steps, a tie in
  // the maximum over time where the loss has a kink (finite differences then see two slopes).
  const r = testRandom(a.seed + 100);
  const layers = resolveTrainNetwork(net, 1);
  trainer.setWeights(Object.fromEntries(layers.map((l) => [`${l.name}.bias`, Array.from({ length: l.size }, () => uniformIn(r, -0.2, 0.2))])));
  const ds = withTargets(yinYang({ size: 20, seed: a.seed }), T, 3);
  const idx = [0, 3, 5, 7, 11];
  const { gradients, loss } = await trainer.gradientsOf(ds, idx);
  const weights = await trainer.getWeights();
  const { X, y: labelsOf } = batchAsUploaded(ds, idx, T, B);
  const y = a.loss === 'mse' ? targetsAsUploaded(ds, idx, T, B, 3) : labelsOf;
  const o = trainBatchOracle(layers, weights, X, y, { steps: T, batch: B, loss: a.loss, valid: idx.length, ...(a.rateReg ? { rateReg: a.rateReg } : {}) });
  const maxRel: Record<string, number> = {};
  for (const [name, g] of Object.entries(gradients)) maxRel[name] = maxRelDiff(g, o.gradients[name]!);
  // Finite differences in float64 on the readout (smooth in its parameters).
  const p = trainBatchOracle(layers, weights, X, y, { steps: T, batch: B, loss: a.loss, valid: idx.length, precise: true });
  let fdMaxRel = 0;
  let fdChecked = 0;
  const h = 1e-5;
  // The readout's membrane is smooth in its weights, bias and alpha; a spiking readout has no smooth part.
  const smooth = layers[layers.length - 1]!.spiking ? [] : ['readout.weight', 'readout.bias', ...['readout.alpha', 'readout.alphaSyn'].filter((k) => weights[k])];
  for (const name of smooth) {
    const w = weights[name]!;
    for (let e = 0; e < w.length; e += Math.max(1, Math.floor(w.length / 12))) {
      const plus: Record<string, Float64Array> = { ...Object.fromEntries(Object.entries(weights).map(([k, v]) => [k, Float64Array.from(v)])) };
      const minus: Record<string, Float64Array> = { ...Object.fromEntries(Object.entries(weights).map(([k, v]) => [k, Float64Array.from(v)])) };
      plus[name]![e] = w[e]! + h;
      minus[name]![e] = w[e]! - h;
      const lp = trainBatchOracle(layers, plus, X, y, { steps: T, batch: B, loss: a.loss, valid: idx.length, precise: true }).loss;
      const lm = trainBatchOracle(layers, minus, X, y, { steps: T, batch: B, loss: a.loss, valid: idx.length, precise: true }).loss;
      const fd = (lp - lm) / (2 * h);
      const an = p.gradients[name]![e]!;
      fdMaxRel = Math.max(fdMaxRel, Math.abs(fd - an) / Math.max(1e-4, Math.abs(an)));
      fdChecked++;
    }
  }
  const spikes = o.Z.slice(0, -1).reduce((s, z) => s + z.reduce((q, x) => q + x, 0), 0);
  trainer.destroy();
  const hiddenGradNorm = Math.hypot(...gradients['hidden0.weight']!);
  return { maxRel, lossRel: Math.abs(loss - o.loss) / Math.abs(o.loss), fdMaxRel, fdChecked, spikes, loss, hiddenGradNorm };
}

/**
 * Yin-Yang (5000 train, 1000 test) with the recipe of host/train/recipes.ts over `epochs` epochs; also
 * checks that the same seed retrains to the same first epoch bit for bit, and that the weights saved
 * and loaded give the same test accuracy.
 */
export async function yinYangTraining(ctx: GpuContext, a: { epochs: number; seed: number }): Promise<{ history: EpochStats[]; test: { loss: number; accuracy: number }; repeatable: boolean; reloaded: number; simulator: { accuracy: number; agreement: number; meanHiddenRate: number; seconds: number } }> {
  const train = yinYang({ size: 5000, seed: 42 });
  const test = yinYang({ size: 1000, seed: 41 });
  const R = YIN_YANG_RECIPE;
  const trainer = await Trainer.create(ctx, R.spec, R.options(a.seed, a.epochs, train.size));
  const history = await trainer.fit(train, { epochs: a.epochs });
  const result = await trainer.evaluate(test);
  const saved = await trainer.save();
  const inSimulator = await trainer.evaluateInSimulator(test);
  const gpuPredicted = await trainer.predict(test);
  const agreement = gpuPredicted.reduce((a, p, k) => a + (p === inSimulator.predicted[k] ? 1 : 0), 0) / test.size;
  trainer.destroy();
  const loaded = await Trainer.load(ctx, saved, { batchSize: 100 });
  const reloaded = (await loaded.evaluate(test)).accuracy;
  loaded.destroy();
  // Determinism: the same seed retrains to the same first epoch, bit for bit.
  const again = await Trainer.create(ctx, R.spec, R.options(a.seed, a.epochs, train.size));
  const h2 = await again.fit(train, { epochs: 1 });
  again.destroy();
  const repeatable = h2[0]!.loss === history[0]!.loss && h2[0]!.accuracy === history[0]!.accuracy;
  return { history, test: result, repeatable, reloaded, simulator: { accuracy: inSimulator.accuracy, agreement, meanHiddenRate: inSimulator.meanHiddenRate, seconds: inSimulator.wallSeconds } };
}


/** One batch's GPU gradients with everything PyTorch needs to recompute them (bench/peers/torch_grads.py). */
export async function trainerBatchForTorch(ctx: GpuContext, a: { seed: number; loss: ReadoutLoss; net?: CaseNet }): Promise<Record<string, unknown>> {
  const T = 20;
  const B = 5;
  const net = NETS[a.net ?? 'small'];
  const trainer = await Trainer.create(ctx, net, { steps: T, batchSize: B, seed: a.seed, loss: a.loss, initGain: 3 });
  const r = testRandom(a.seed + 200);
  const layers = resolveTrainNetwork(net, 1);
  trainer.setWeights(Object.fromEntries(layers.map((l) => [`${l.name}.bias`, Array.from({ length: l.size }, () => uniformIn(r, -0.2, 0.2))])));
  const ds = yinYang({ size: 30, seed: a.seed });
  const idx = [1, 2, 4, 8];
  const { gradients, loss } = await trainer.gradientsOf(ds, idx);
  const weights = await trainer.getWeights();
  const { X, y } = batchAsUploaded(ds, idx, T, B);
  const x = Array.from(X);
  const labels = Array.from(y);
  trainer.destroy();
  return {
    steps: T, batch: B, valid: idx.length, loss: a.loss, x, labels,
    layers: layers.map((l) => {
      const fr = l.lif.frame as Record<string, number>;
      return {
        name: l.name, inputs: l.inputs, size: l.size, spiking: l.spiking, alphaMem: fr.alphaMem, rMem: fr.rMem, threshold: fr.threshold, alphaSyn: fr.alphaSyn,
        reset: l.lif.reset, detachReset: l.lif.detachReset, surrogate: l.lif.surrogate, slope: fr.slope, scale: fr.scale,
        model: l.lif.model, beta: fr.beta, rhoAdapt: fr.rhoAdapt, oneMinusRho: fr.oneMinusRho, trainAlpha: l.trainAlpha, trainThreshold: l.trainThreshold, trainAlphaSyn: l.trainAlphaSyn,
        recurrent: !l.recurrent ? null : l.recurrent.kind === 'dense' ? 'dense' : { pre: Array.from(l.recurrent.sparse.pre), post: Array.from(l.recurrent.sparse.post) },
      };
    }),
    weights: Object.fromEntries(Object.entries(weights).map(([k, v]) => [k, Array.from(v)])),
    gpu: { loss, gradients: Object.fromEntries(Object.entries(gradients).map(([k, v]) => [k, Array.from(v)])) },
  };
}

/**
 * A recurrent ALIF network (sparse recurrent weights, trainable per-neuron decay and threshold) with a
 * spiking readout and the spike-count loss, trained on Yin-Yang (2000 train, 500 test); also runs it
 * in the event-driven Simulator, and saves and reloads it.
 */
export async function recurrentTraining(ctx: GpuContext, a: { epochs: number }): Promise<{
  history: EpochStats[]; test: number; simulator: number; agreement: number; reloaded: number; alphaChanged: number; thresholdChanged: number; recurrentEntries: number;
}> {
  const train = yinYang({ size: 2000, seed: 42 });
  const test = yinYang({ size: 500, seed: 41 });
  const spec: TrainNetworkSpec = {
    inputs: 4,
    hidden: [{ size: 64, model: 'alif', params: { tauMem: 10, tauSyn: 5, beta: 0.2, tauAdapt: 50 }, recurrent: { density: 0.2, seed: 2 }, train: { tauMem: true, threshold: true } }],
    readout: { size: 3, spiking: true, params: { tauMem: 10, tauSyn: 5 } },
  };
  const trainer = await Trainer.create(ctx, spec, { steps: 30, batchSize: 50, loss: 'spikeCount', optimizer: { kind: 'adam', lr: 0.001 }, seed: 3 });
  const before = await trainer.getWeights();
  const history = await trainer.fit(train, { epochs: a.epochs });
  const after = await trainer.getWeights();
  const changed = (name: string): number => after[name]!.reduce((n, x, k) => n + (x !== before[name]![k] ? 1 : 0), 0);
  const accuracy = (await trainer.evaluate(test)).accuracy;
  const sim = await trainer.evaluateInSimulator(test);
  const predicted = await trainer.predict(test);
  const agreement = predicted.reduce((n, p, k) => n + (p === sim.predicted[k] ? 1 : 0), 0) / test.size;
  const saved = await trainer.save();
  trainer.destroy();
  const loaded = await Trainer.load(ctx, saved, { batchSize: 100 });
  const reloaded = (await loaded.evaluate(test)).accuracy;
  const recurrentEntries = loaded.tensors.find((t) => t.name === 'hidden0.recurrent')!.length;
  loaded.destroy();
  return { history, test: accuracy, simulator: sim.accuracy, agreement, reloaded, alphaChanged: changed('hidden0.alpha'), thresholdChanged: changed('hidden0.threshold'), recurrentEntries };
}

/**
 * A Trainer with `variant` options against the same network as one plain batch of 6, on the same
 * weights (random biases from `biasSeed`) and samples `idx`: gradients vs the plain run and vs the BPTT
 * oracle, both losses, memory, and one epoch of training each.
 */
async function againstPlainBatch(ctx: GpuContext, a: { seed: number; net: CaseNet; loss: ReadoutLoss; steps: number; biasSeed: number; idx: number[]; variant: Partial<TrainerOptions> }): Promise<{
  vsPlain: Record<string, number>; vsOracle: Record<string, number>; loss: [number, number]; epochLoss: [number, number]; updates: [number, number]; memory: [number, number]; spikes: number;
}> {
  const T = a.steps;
  const B = 6;
  const net = NETS[a.net];
  const base = { steps: T, seed: a.seed, loss: a.loss, initGain: 3 };
  const variant = await Trainer.create(ctx, net, { ...base, batchSize: B, ...a.variant });
  const plain = await Trainer.create(ctx, net, { ...base, batchSize: B });
  const layers = resolveTrainNetwork(net, 1);
  const r = testRandom(a.biasSeed);
  const biases = Object.fromEntries(layers.map((l) => [`${l.name}.bias`, Array.from({ length: l.size }, () => uniformIn(r, -0.2, 0.2))]));
  variant.setWeights(biases);
  plain.setWeights(biases);
  const ds = withTargets(yinYang({ size: 40, seed: a.seed }), T, 3);
  const v = await variant.gradientsOf(ds, a.idx);
  const p = await plain.gradientsOf(ds, a.idx);
  const weights = await plain.getWeights();
  const { X, y: labelsOf } = batchAsUploaded(ds, a.idx, T, B);
  const y = a.loss === 'mse' ? targetsAsUploaded(ds, a.idx, T, B, 3) : labelsOf;
  const o = trainBatchOracle(layers, weights, X, y, { steps: T, batch: B, loss: a.loss, valid: a.idx.length });
  const vsPlain: Record<string, number> = {};
  const vsOracle: Record<string, number> = {};
  for (const [name, g] of Object.entries(v.gradients)) {
    vsPlain[name] = maxRelDiff(g, p.gradients[name]!);
    vsOracle[name] = maxRelDiff(g, o.gradients[name]!);
  }
  const memory: [number, number] = [variant.memoryBytes, plain.memoryBytes];
  const hv = await variant.fit(ds, { epochs: 1 });
  const hp = await plain.fit(ds, { epochs: 1 });
  const updates: [number, number] = [variant.updates, plain.updates];
  variant.destroy();
  plain.destroy();
  const spikes = o.Z.slice(0, -1).reduce((q, z) => q + z.reduce((t, x) => t + x, 0), 0);
  return { vsPlain, vsOracle, loss: [v.loss, p.loss], epochLoss: [hv[0]!.loss, hp[0]!.loss], updates, memory, spikes };
}

const relDiff = ([x, y]: [number, number]): number => Math.abs(x - y) / Math.abs(y);

/**
 * Gradient accumulation: batchSize 3 x gradientAccumulation 2 against batchSize 6 on the same
 * weights and samples (gradients and loss, and the BPTT oracle), and one epoch of training each.
 */
export async function accumulationGradients(ctx: GpuContext, a: { seed: number; net: CaseNet; loss: ReadoutLoss }): Promise<{
  vsFull: Record<string, number>; vsOracle: Record<string, number>; lossRel: number; epochLossRel: number; updates: [number, number];
}> {
  const r = await againstPlainBatch(ctx, { ...a, steps: 20, biasSeed: a.seed + 300, idx: [0, 3, 5, 7, 11], variant: { batchSize: 3, gradientAccumulation: 2 } });
  return { vsFull: r.vsPlain, vsOracle: r.vsOracle, lossRel: relDiff(r.loss), epochLossRel: relDiff(r.epochLoss), updates: r.updates };
}

/**
 * Checkpointing: T = 25 in chunks of `every` steps (recomputed in the backward pass) against the same
 * network without checkpoints, on the same weights and samples: loss (the forward pass is
 * bit-identical), gradients, the BPTT oracle, memory, and one epoch of training each.
 */
export async function checkpointGradients(ctx: GpuContext, a: { seed: number; net: CaseNet; loss: ReadoutLoss; every: number; accumulation?: number }): Promise<{
  vsPlain: Record<string, number>; vsOracle: Record<string, number>; lossEqual: boolean; epochLossRel: number; memory: [number, number]; spikes: number;
}> {
  const n = a.accumulation ?? 1;
  const r = await againstPlainBatch(ctx, {
    seed: a.seed, net: a.net, loss: a.loss, steps: 25, biasSeed: a.seed + 400, idx: [0, 3, 5, 7, 11, 13],
    variant: { batchSize: 6 / n, gradientAccumulation: n, checkpointEvery: a.every },
  });
  const [c, p] = r.loss;
  return { vsPlain: r.vsPlain, vsOracle: r.vsOracle, lossEqual: c === p || Math.abs(c - p) <= 1e-7 * Math.abs(p), epochLossRel: relDiff(r.epochLoss), memory: r.memory, spikes: r.spikes };
}

/** Bad input to the Trainer: each case's error class and message. */
export async function trainerBadInput(ctx: GpuContext): Promise<Record<string, { name: string; message: string }>> {
  const out: Record<string, { name: string; message: string }> = {};
  const attempt = async (label: string, f: () => Promise<unknown>) => {
    try {
      await f();
      out[label] = { name: 'none', message: '' };
    } catch (e) {
      out[label] = { name: (e as Error).name, message: (e as Error).message };
    }
  };
  const net = { inputs: 4, hidden: [{ size: 8 }], readout: { size: 3 } };
  const opts = { steps: 10, batchSize: 4 };
  const ds = yinYang({ size: 12, seed: 1 });
  await attempt('zero steps', () => Trainer.create(ctx, net, { ...opts, steps: 0 }));
  await attempt('batch over the device limit', () => Trainer.create(ctx, { inputs: 4, hidden: [{ size: 4096 }], readout: { size: 3 } }, { steps: 1000, batchSize: 4096 }));
  await attempt('bad tauMem', () => Trainer.create(ctx, { ...net, hidden: [{ size: 8, params: { tauMem: -1 } }] }, opts));
  await attempt('unknown surrogate', () => Trainer.create(ctx, { ...net, hidden: [{ size: 8, params: { surrogate: { kind: 'sigmoidish' as never } } }] }, opts));
  await attempt('alif without beta', () => Trainer.create(ctx, { ...net, hidden: [{ size: 8, model: 'alif' }] }, opts));
  await attempt('recurrent density out of range', () => Trainer.create(ctx, { ...net, hidden: [{ size: 8, recurrent: { density: 1.5 } }] }, opts));
  await attempt('recurrent pair out of range', () => Trainer.create(ctx, { ...net, hidden: [{ size: 8, recurrent: { pre: [0, 9], post: [1, 2] } }] }, opts));
  await attempt('spike-count loss without a spiking readout', () => Trainer.create(ctx, net, { ...opts, loss: 'spikeCount' }));
  await attempt('checkpointEvery over steps', () => Trainer.create(ctx, net, { ...opts, checkpointEvery: 11 }));
  await attempt('checkpointEvery with a rate regulariser', () => Trainer.create(ctx, net, { ...opts, checkpointEvery: 5, rateRegularizer: { lower: { count: 1, strength: 1 } } }));
  await attempt('recurrent layer over the workgroup memory', () => Trainer.create(ctx, { ...net, hidden: [{ size: 100000, recurrent: true }] }, { steps: 2, batchSize: 1 }));
  const t = await Trainer.create(ctx, net, opts);
  await attempt('features mismatch', () => t.fit({ ...ds, features: 3, inputs: new Float32Array(36) }, { epochs: 1 }));
  await attempt('inputs shape', () => t.fit({ ...ds, inputs: new Float32Array(10) }, { epochs: 1 }));
  const nan = Float32Array.from(ds.inputs);
  nan[7] = NaN;
  await attempt('NaN in data', () => t.fit({ ...ds, inputs: nan }, { epochs: 1 }));
  const badLabels = Uint32Array.from(ds.labels);
  badLabels[2] = 3;
  await attempt('label out of range', () => t.fit({ ...ds, labels: badLabels }, { epochs: 1 }));
  // Huge (finite) inputs overflow the currents: the gradient is not finite; the weights must stay.
  const before = await t.getWeights();
  await attempt('non-finite gradient', () => t.fit({ ...ds, inputs: new Float32Array(ds.inputs.length).fill(3e38) }, { epochs: 1 }));
  const after = await t.getWeights();
  const unchanged = Object.keys(before).every((k) => before[k]!.every((x, i) => Object.is(x, after[k]![i])));
  out['weights unchanged after the non-finite gradient'] = { name: String(unchanged), message: '' };
  t.destroy();
  await attempt('use after destroy', () => t.evaluate(ds));
  return out;
}

/** Per-operation times of one Yin-Yang training batch (profiling; not asserted). */
export async function trainerProfile(ctx: GpuContext): Promise<{ op: string; ms: number }[]> {
  const R = YIN_YANG_RECIPE;
  const t = await Trainer.create(ctx, R.spec, R.options(1, 1, 5000));
  const r = await t.profileBatch(yinYang({ size: 64, seed: 1 }));
  t.destroy();
  return r;
}

/** Randman at D = 1 (5 classes, 30 units, 40 steps, 80 samples per class): spike-train ('sequence') input trains. */
export async function randmanTraining(ctx: GpuContext, a: { seed: number; epochs: number }): Promise<{ train: number; test: number }> {
  const data = randman({ classes: 5, units: 30, steps: 40, manifoldDim: 1, samplesPerClass: 80, seed: a.seed });
  const [train, test] = splitDataset(data, 0.75);
  const r = randmanRecipe(30, 5, 40);
  const trainer = await Trainer.create(ctx, r.spec, r.options(1, a.epochs, train.size));
  const h = await trainer.fit(train, { epochs: a.epochs });
  const t = await trainer.evaluate(test);
  trainer.destroy();
  return { train: h[h.length - 1]!.accuracy, test: t.accuracy };
}

/** Regression with the 'mse' loss: 3 readouts learn sample-dependent target traces; returns the epoch losses. */
export async function mseTraining(ctx: GpuContext, a: { epochs: number }): Promise<{ losses: number[] }> {
  const T = 25;
  const d = withTargets(yinYang({ size: 400, seed: 3 }), T, 3);
  const trainer = await Trainer.create(ctx, { inputs: 4, hidden: [{ size: 64, params: { tauMem: 10, tauSyn: 5 } }], readout: { size: 3, params: { tauMem: 5, rMem: 1 } } },
    { steps: T, batchSize: 32, seed: 1, loss: 'mse', initGain: 1, optimizer: { kind: 'adam', lr: 1e-2 } });
  const h = await trainer.fit(d, { epochs: a.epochs });
  trainer.destroy();
  return { losses: h.map((x) => x.loss) };
}
