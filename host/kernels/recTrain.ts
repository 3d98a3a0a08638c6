/**
 * recTrain kernel binding: a recurrent LIF/ALIF layer's prepared forward and backward dispatches (one
 * workgroup per instance, the steps split so each invocation stays within LOOP_BUDGET loop
 * iterations), the sparse recurrent weights' index arrays, and their weight-gradient pass.
 * WGSL: shaders/recTrain.wgsl.ts; oracle: kernels-tests/oracle/recTrain.ts.
 */
import { InvalidParameterError, LimitExceededError } from '../errors.js';
import type { GpuContext } from '../gpu/context.js';
import { defineStruct } from '../gpu/layout.js';
import { recTrainBindings, recTrainShader } from '../../shaders/recTrain.wgsl.js';
import { TRAIN_CHUNK_FRAME_FIELDS, TRAIN_STEP_FRAME_FIELDS } from '../../shaders/common/train-step.wgsl.js';
import { LOOP_BUDGET } from './fused.js';
import { chunkFrame, stateLayout, type NeuronParamOffsets, type ResolvedTrainLif, type TrainableNeuronParams } from './lifTrain.js';
import { grid1d, PreparedDispatch, type Bound } from './prepared.js';

export const REC_TRAIN_FRAME = defineStruct('Frame', [
  ['steps', 'u32'], ['stride', 'u32'], ['rowsPerY', 'u32'], ['noContract', 'u32'], ['neurons', 'u32'], ['batch', 'u32'],
  ['firstStep', 'u32'], ['endStep', 'u32'], ['entries', 'u32'], ...TRAIN_CHUNK_FRAME_FIELDS,
  ['rAt', 'u32'], ['preAt', 'u32'], ['postAt', 'u32'], ['colAt', 'u32'], ['rowAt', 'u32'], ['byPreAt', 'u32'],
  ...TRAIN_STEP_FRAME_FIELDS,
]);

/** Sparse recurrent connectivity: entries sorted by post, then pre (no duplicates), and the index arrays of both passes. */
export interface SparseRecurrence {
  pre: Uint32Array;
  post: Uint32Array;
  /** colStart[n] .. colStart[n + 1]: the entries onto n (N + 1 values). */
  colStart: Uint32Array;
  /** rowStart[n] .. rowStart[n + 1]: positions in byPre of the entries from n (N + 1 values). */
  rowStart: Uint32Array;
  /** Entry indices grouped by pre neuron, in post order within each. */
  byPre: Uint32Array;
  maxIn: number;
  maxOut: number;
}

/** Sorts and indexes (pre, post) pairs of an N-neuron recurrent layer; rejects out-of-range and duplicate pairs. */
export function sparseRecurrence(object: string, N: number, pre: ArrayLike<number>, post: ArrayLike<number>): SparseRecurrence {
  if (pre.length !== post.length) throw new InvalidParameterError(object, 'post', post, `an array as long as pre (${pre.length})`);
  const order = Array.from({ length: pre.length }, (_, e) => e);
  for (let e = 0; e < pre.length; e++) {
    for (const [field, v] of [['pre', pre[e]!], ['post', post[e]!]] as const) {
      if (!Number.isInteger(v) || v < 0 || v >= N) throw new InvalidParameterError(object, `${field}[${e}]`, v, `a neuron index in [0, ${N - 1}]`);
    }
  }
  order.sort((a, b) => post[a]! - post[b]! || pre[a]! - pre[b]!);
  const E = order.length;
  const sp = new Uint32Array(E);
  const so = new Uint32Array(E);
  order.forEach((e, k) => { sp[k] = pre[e]!; so[k] = post[e]!; });
  for (let k = 1; k < E; k++) {
    if (sp[k] === sp[k - 1] && so[k] === so[k - 1]) throw new InvalidParameterError(object, 'pre/post', `${sp[k]} -> ${so[k]}`, 'each pair at most once');
  }
  const colStart = new Uint32Array(N + 1);
  const rowStart = new Uint32Array(N + 1);
  for (let k = 0; k < E; k++) {
    colStart[so[k]! + 1] = colStart[so[k]! + 1]! + 1;
    rowStart[sp[k]! + 1] = rowStart[sp[k]! + 1]! + 1;
  }
  let maxIn = 0;
  let maxOut = 0;
  for (let n = 0; n < N; n++) {
    maxIn = Math.max(maxIn, colStart[n + 1]!);
    maxOut = Math.max(maxOut, rowStart[n + 1]!);
    colStart[n + 1] = colStart[n + 1]! + colStart[n]!;
    rowStart[n + 1] = rowStart[n + 1]! + rowStart[n]!;
  }
  // Entries are in post order, so filling each pre's run in entry order keeps it in post order.
  const byPre = new Uint32Array(E);
  const fill = rowStart.slice(0, N);
  for (let k = 0; k < E; k++) byPre[fill[sp[k]!]!++] = k;
  return { pre: sp, post: so, colStart, rowStart, byPre, maxIn, maxOut };
}

/** The sparse index arrays packed into one u32 buffer (pre, post, colStart, rowStart, byPre) and their offsets. */
export function packSparseIndex(sp: SparseRecurrence): { data: Uint32Array; offsets: { preAt: number; postAt: number; colAt: number; rowAt: number; byPreAt: number } } {
  const parts = [sp.pre, sp.post, sp.colStart, sp.rowStart, sp.byPre];
  const data = new Uint32Array(parts.reduce((a, x) => a + x.length, 0));
  const at: number[] = [];
  let o = 0;
  for (const x of parts) {
    at.push(o);
    data.set(x, o);
    o += x.length;
  }
  return { data, offsets: { preAt: at[0]!, postAt: at[1]!, colAt: at[2]!, rowAt: at[3]!, byPreAt: at[4]! } };
}

/**
 * Buffers of the passes (see recTrainBindings). P: the parameters (R from offsets.rAt, trainable alpha
 * and threshold at qaAt, qtAt); idx: packSparseIndex's data; S: the backward carry, parameter-gradient
 * sums and checkpoints (stateLayout); G: the sparse weights' gradient.
 */
export type RecTrainIo = Partial<Record<'P' | 'idx' | 'I' | 'V' | 'Z' | 'A' | 'GZ' | 'GI' | 'S' | 'G', Bound>>;

export interface RecTrainPlan {
  workgroupSize: number;
  /** Steps per forward and per backward dispatch. */
  forwardSteps: number;
  backwardSteps: number;
}

/** Workgroup size and steps per dispatch of an N-neuron recurrent layer; throws when one step alone is over the loop budget or N over the workgroup memory. */
export function planRecTrain(ctx: GpuContext, object: string, N: number, sparse?: Pick<SparseRecurrence, 'maxIn' | 'maxOut'>): RecTrainPlan {
  const maxN = Math.floor(ctx.limits.maxComputeWorkgroupStorageSize / 4);
  if (N > maxN) {
    throw new LimitExceededError(object, 'size', N, maxN, `A recurrent layer keeps one value per neuron in workgroup memory (maxComputeWorkgroupStorageSize = ${ctx.limits.maxComputeWorkgroupStorageSize} bytes); use a smaller layer or a feed-forward one.`);
  }
  const limit = Math.min(256, ctx.limits.maxComputeInvocationsPerWorkgroup, ctx.limits.maxComputeWorkgroupSizeX);
  let workgroupSize = 32;
  while (workgroupSize < N && workgroupSize * 2 <= limit) workgroupSize *= 2;
  const K = Math.ceil(N / workgroupSize);
  const perStep = (inner: number): number => K * (inner + 2) + 2 * K;
  const fwd = perStep(sparse ? sparse.maxIn : N);
  const bwd = perStep(sparse ? sparse.maxOut : N);
  const worst = Math.max(fwd, bwd);
  if (worst > LOOP_BUDGET) {
    throw new LimitExceededError(object, 'loop iterations per step', worst, LOOP_BUDGET,
      'One step of this recurrent layer loops over too many weights per invocation (some drivers, such as llvmpipe, stop loops after 65 535 iterations); use fewer neurons or sparse recurrent weights.');
  }
  return { workgroupSize, forwardSteps: Math.max(1, Math.floor(LOOP_BUDGET / fwd)), backwardSteps: Math.max(1, Math.floor(LOOP_BUDGET / bwd)) };
}

/** Rows (t, b) per weight-gradient dispatch of the sparse entries. */
const GRAD_ROWS = LOOP_BUDGET;
const WG_GRAD = 64;

type Encodable = { encode(pass: GPUComputePassEncoder): void };

const sequence = (ds: readonly PreparedDispatch[]): Encodable => ({ encode: (pass) => { for (const d of ds) d.encode(pass); } });

/**
 * Prepared dispatches of one recurrent layer, per checkpoint chunk (one chunk of all the steps by
 * default): forward dispatches in step order, backward ones in reverse, and the sparse weight gradient.
 */
export class RecTrainOp {
  private constructor(
    private readonly forwardOf: PreparedDispatch[][],
    private readonly backwardOf: PreparedDispatch[][],
    private readonly gradOf: PreparedDispatch[][],
    readonly plan: RecTrainPlan,
  ) {}

  /**
   * `chunkSteps`: the steps of each checkpoint chunk (default one chunk of `steps`); the buffers then
   * hold one chunk's rows, and S (stateLayout(B N, chunks)) the checkpoints between them.
   */
  static async create(ctx: GpuContext, label: string, r: ResolvedTrainLif, steps: number, batch: number, neurons: number, io: RecTrainIo,
    o: { sparse?: SparseRecurrence; trainable?: TrainableNeuronParams; plan?: RecTrainPlan; offsets?: NeuronParamOffsets & { rAt: number }; accumulateGrad?: boolean; chunkSteps?: number[] } = {}): Promise<RecTrainOp> {
    const sparse = o.sparse;
    const trainable = o.trainable ?? { alpha: false, threshold: false };
    const plan = o.plan ?? planRecTrain(ctx, label, neurons, sparse);
    const chunkSteps = o.chunkSteps ?? [steps];
    const K = chunkSteps.length;
    const stride = batch * neurons;
    const layout = stateLayout(stride, K);
    const index = sparse ? packSparseIndex(sparse).offsets : { preAt: 0, postAt: 0, colAt: 0, rowAt: 0, byPreAt: 0 };
    const { groups, rowsPerY } = grid1d(ctx, batch, 1);
    const base = { ...r.frame, stride, rowsPerY, neurons, batch, ...index, qaAt: 0, qtAt: 0, qsAt: 0, rAt: 0, ...o.offsets, entries: sparse ? sparse.pre.length : 0 };
    const made: PreparedDispatch[] = [];
    const make = async (pass: 'forward' | 'backward' | 'weightGrad', c: number, firstStep: number, endStep: number): Promise<PreparedDispatch> => {
      const options = {
        workgroupSize: pass === 'weightGrad' ? WG_GRAD : plan.workgroupSize, pass, sparse: sparse !== undefined, neurons, spiking: true, model: r.model, reset: r.reset,
        detachReset: r.detachReset, surrogate: r.surrogate, trainAlpha: trainable.alpha, trainThreshold: trainable.threshold, trainAlphaSyn: trainable.alphaSyn === true,
        accumulate: pass === 'weightGrad' && (o.accumulateGrad === true || c < K - 1),
      };
      const storage = recTrainBindings(options).map(([name, readOnly]) => {
        const bound = io[name as keyof RecTrainIo];
        if (!bound) throw new Error(`recTrain ${label}.${pass}: buffer ${name} missing`);
        return { name, readOnly, bound };
      });
      let g = groups;
      const chunk = chunkFrame(layout, c, K);
      let values: Record<string, number> = { ...base, ...chunk, steps: chunkSteps[c]!, firstStep, endStep,
        // The checkpoint is stored after the chunk's last forward dispatch only.
        stateOut: pass === 'forward' && endStep === chunkSteps[c] ? chunk.stateOut! : 0 };
      if (pass === 'weightGrad') {
        const grid = grid1d(ctx, sparse!.pre.length, WG_GRAD);
        g = grid.groups;
        values = { ...values, rowsPerY: grid.rowsPerY };
      }
      const d = await PreparedDispatch.create(ctx, {
        name: 'recTrain', label: `${label}.${pass}[${c}][${firstStep}, ${endStep})`, options, frame: { layout: REC_TRAIN_FRAME, values }, storage, groups: g,
        source: () => recTrainShader({ ...options, frameStruct: REC_TRAIN_FRAME.wgsl }),
      });
      made.push(d);
      return d;
    };
    try {
      const forwardOf: PreparedDispatch[][] = [];
      const backwardOf: PreparedDispatch[][] = [];
      const gradOf: PreparedDispatch[][] = [];
      for (let c = 0; c < K; c++) {
        const L = chunkSteps[c]!;
        const f: PreparedDispatch[] = [];
        for (let t = 0; t < L; t += plan.forwardSteps) f.push(await make('forward', c, t, Math.min(L, t + plan.forwardSteps)));
        const b: PreparedDispatch[] = [];
        for (let end = L; end > 0; end -= plan.backwardSteps) b.push(await make('backward', c, Math.max(0, end - plan.backwardSteps), end));
        const w: PreparedDispatch[] = [];
        if (sparse && sparse.pre.length > 0) {
          for (let row = 0; row < L * batch; row += GRAD_ROWS) w.push(await make('weightGrad', c, row, Math.min(L * batch, row + GRAD_ROWS)));
        }
        forwardOf.push(f);
        backwardOf.push(b);
        gradOf.push(w);
      }
      return new RecTrainOp(forwardOf, backwardOf, gradOf, plan);
    } catch (e) {
      for (const d of made) d.release();
      throw e;
    }
  }

  /** Chunk c's forward, backward and sparse weight gradient (nothing for dense weights: the Trainer's product computes it). */
  forwardChunk(c: number): Encodable { return sequence(this.forwardOf[c]!); }
  backwardChunk(c: number): Encodable { return sequence(this.backwardOf[c]!); }
  weightGradChunk(c: number): Encodable { return sequence(this.gradOf[c]!); }

  /** All chunks: forward in step order, backward and weight gradients last chunk first (the last chunk's gradient is written, the others added). */
  readonly forward = { encode: (pass: GPUComputePassEncoder): void => { for (const f of this.forwardOf) sequence(f).encode(pass); } };
  readonly backward = { encode: (pass: GPUComputePassEncoder): void => { for (const b of [...this.backwardOf].reverse()) sequence(b).encode(pass); } };
  readonly weightGrad = { encode: (pass: GPUComputePassEncoder): void => { for (const w of [...this.gradOf].reverse()) sequence(w).encode(pass); } };

  release(): void {
    for (const d of [...this.forwardOf, ...this.backwardOf, ...this.gradOf].flat()) d.release();
  }
}
