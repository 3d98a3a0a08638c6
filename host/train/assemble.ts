/**
 * A Trainer's GPU side, built from its plan (host/train/plan.ts): the buffers (cleared, parameters
 * initialised), the layer kernels, the products, the loss, the regularisers and the optimizer, and
 * the plan's symbolic steps turned into encodable GPU work. On failure everything made is released.
 */
import type { GpuContext } from '../gpu/context.js';
import { ConsolidationOp, consolidationBuffers } from '../kernels/consolidation.js';
import { LifTrainOp } from '../kernels/lifTrain.js';
import { stateLayout } from '../kernels/lifTrain.js';
import { MatmulOp } from '../kernels/matmul.js';
import { OptimizerOp } from '../kernels/optimizer.js';
import type { Bound, PreparedDispatch } from '../kernels/prepared.js';
import { RateRegOp } from '../kernels/rateReg.js';
import { createReadoutLoss } from '../kernels/readoutLoss.js';
import { packSparseIndex, planRecTrain, RecTrainOp } from '../kernels/recTrain.js';
import type { ResolvedLayer } from './network.js';
import { SPIKE_EVENTS_MIN_COLUMNS, type ResolvedTrainerOptions } from './options.js';
import { initialParams, type PlanStep, type Tensor, type TrainerPlan } from './plan.js';

export type Encodable = { encode(pass: GPUComputePassEncoder): void };
/** A compute operation, or a buffer copy between compute passes: [source, offset, destination, offset, bytes]. */
export type Step = Encodable | { copy: [GPUBuffer, number, GPUBuffer, number, number] };

/** Encodes steps into compute passes, ending a pass for each copy. */
export function encodeSteps(encoder: GPUCommandEncoder, steps: readonly Step[], label: string): void {
  let pass: GPUComputePassEncoder | null = null;
  for (const s of steps) {
    if ('copy' in s) {
      pass?.end();
      pass = null;
      encoder.copyBufferToBuffer(...s.copy);
      continue;
    }
    pass ??= encoder.beginComputePass({ label });
    s.encode(pass);
  }
  pass?.end();
}

export interface AssembledTrainer {
  bufs: Record<string, GPUBuffer>;
  forwardSteps: Step[];
  loss: PreparedDispatch;
  backwardSteps: Step[];
  optimizer: OptimizerOp;
  consolidation: ConsolidationOp | undefined;
  regOps: RateRegOp[];
  releasables: { release(): void }[];
}

/** Checks the layers against the device (recurrent kernels' limits) before anything is allocated. */
export function checkTrainerDevice(ctx: GpuContext, layers: readonly ResolvedLayer[]): void {
  for (const l of layers) if (l.recurrent) planRecTrain(ctx, `TrainNetworkSpec ${l.name}`, l.size, l.recurrent.kind === 'sparse' ? l.recurrent.sparse : undefined);
}

export async function assembleTrainer(ctx: GpuContext, layers: readonly ResolvedLayer[], inputs: number, o: ResolvedTrainerOptions, plan: TrainerPlan): Promise<AssembledTrainer> {
  const { sizes, tensors, chunkSteps, chunked, accumulates: acc } = plan;
  const { steps, batchSize: B } = o;
  const F = inputs;
  const K = chunkSteps.length;
  const C = o.checkpointEvery;
  const readout = layers[layers.length - 1]!;
  const tensor = (name: string): Tensor => tensors.find((t) => t.name === name)!;
  const spikeStrategy = (columns: number): 'events' | 'auto' =>
    o.spikeProducts === 'events' || (o.spikeProducts === 'auto' && columns >= SPIKE_EVENTS_MIN_COLUMNS) ? 'events' : 'auto';

  const pool = ctx.pool;
  const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  const made: GPUBuffer[] = [];
  const bufs: Record<string, GPUBuffer> = {};
  const encoder = ctx.device.createCommandEncoder({ label: 'trainer.init' });
  for (const [name, floats] of Object.entries(sizes)) {
    const b = pool.acquire({ label: `trainer.${name}`, size: 4 * Math.max(4, floats), usage });
    made.push(b);
    encoder.clearBuffer(b);
    bufs[name] = b;
  }
  bufs.P = bufs.params!;
  bufs.G = bufs.grads!;
  bufs.M1 = bufs.m1!;
  bufs.M2 = bufs.m2!;
  bufs.X = bufs.input!;
  ctx.device.queue.submit([encoder.finish()]);
  for (const l of layers) {
    if (l.recurrent?.kind === 'sparse') ctx.device.queue.writeBuffer(bufs[`${l.name}.idx`]!, 0, packSparseIndex(l.recurrent.sparse).data as Uint32Array<ArrayBuffer>);
  }
  ctx.device.queue.writeBuffer(bufs.ones!, 0, new Float32Array(sizes.ones!).fill(1));
  ctx.device.queue.writeBuffer(bufs.P!, 0, initialParams(layers, tensors, plan.paramFloats, o.seed, o.initGain));

  const releasables: { release(): void }[] = [];
  try {
    const f = (name: string): Bound => [bufs[name]!, 4 * Math.max(4, sizes[name]!)];
    const own = (l: ResolvedLayer, what: string): Partial<Record<string, Bound>> => (bufs[`${l.name}.${what}`] ? { [what]: f(`${l.name}.${what}`) } : {});
    const keep = <T extends { release(): void }>(op: T): T => {
      releasables.push(op);
      return op;
    };
    const mm = async (spec: Parameters<typeof MatmulOp.create>[1]): Promise<MatmulOp> => keep(await MatmulOp.create(ctx, spec));
    const inputOf = (li: number): string => (li === 0 ? (chunked ? 'inputChunk' : 'input') : `${layers[li - 1]!.name}.Z`);
    // The layers' chunked dispatches.
    const layerOps: { forwardChunk(c: number): Encodable; backwardChunk(c: number): Encodable; weightGradChunk?(c: number): Encodable }[] = [];
    for (const l of layers) {
      const io = { ...own(l, 'I'), ...own(l, 'V'), ...own(l, 'Z'), ...own(l, 'A'), ...own(l, 'GZ'), ...own(l, 'GI'), ...own(l, 'S'), P: f('params') };
      const trainable = { alpha: l.trainAlpha, threshold: l.trainThreshold, alphaSyn: l.trainAlphaSyn };
      const at = (flag: boolean, name: string): number => (flag ? tensor(`${l.name}.${name}`).offset : 0);
      const offsets = { qaAt: at(l.trainAlpha, 'alpha'), qtAt: at(l.trainThreshold, 'threshold'), qsAt: at(l.trainAlphaSyn, 'alphaSyn') };
      if (l.recurrent) {
        const sparse = l.recurrent.kind === 'sparse' ? l.recurrent.sparse : undefined;
        const R = tensor(`${l.name}.recurrent`);
        layerOps.push(keep(await RecTrainOp.create(ctx, l.name, l.lif, steps, B, l.size, {
          ...io, G: [bufs.G!, 4 * Math.max(4, R.length), 4 * R.offset], ...own(l, 'idx'),
        }, { ...(sparse ? { sparse } : {}), trainable, offsets: { ...offsets, rAt: R.offset }, accumulateGrad: acc, chunkSteps })));
      } else {
        const op = keep(await LifTrainOp.create(ctx, l.name, l.lif, l.spiking, steps, B, l.size, io, true, trainable, offsets, chunkSteps));
        layerOps.push({ forwardChunk: (c) => op.forwardChunks[c]!, backwardChunk: (c) => op.backwardChunks[c]! });
      }
    }
    // The products, per distinct chunk length.
    interface Products { forward: MatmulOp[]; gz: (MatmulOp | undefined)[]; grads: Encodable[][] }
    const products = new Map<number, Products>();
    for (const L of new Set(chunkSteps)) {
      const rows = L * B;
      const p: Products = { forward: [], gz: [], grads: [] };
      for (const [li, l] of layers.entries()) {
        const W = tensor(`${l.name}.weight`);
        const bT = tensor(`${l.name}.bias`);
        // Products whose left operand is spikes (every layer after the first) can skip the zeros.
        const strategy = li === 0 && !o.spikeInputs ? 'auto' as const : spikeStrategy(l.size);
        const input = bufs[inputOf(li)]!;
        p.forward.push(await mm({ label: `${l.name}.forward`, m: rows, k: l.inputs, n: l.size, a: input, b: bufs.P!, bOffset: 4 * W.offset, c: bufs[`${l.name}.I`]!, bias: bufs.P!, biasOffset: 4 * bT.offset, strategy }));
        // dL/dz of this layer from the next one's dL/dI (row r of GZ from row r of GI; chunked: one row more, the step after the chunk).
        const next = layers[li + 1];
        p.gz.push(next ? await mm({ label: `${l.name}.dZ`, m: chunked ? rows + B : rows, k: next.size, n: l.size, transB: true, a: bufs[`${next.name}.GI`]!, b: bufs.P!, bOffset: 4 * tensor(`${next.name}.weight`).offset, c: bufs[`${l.name}.GZ`]! }) : undefined);
        const grads: Encodable[] = [
          await mm({ label: `${l.name}.dW`, m: l.inputs, k: rows, n: l.size, transA: true, a: input, b: bufs[`${l.name}.GI`]!, c: bufs.G!, cOffset: 4 * W.offset, strategy, accumulate: acc }),
          await mm({ label: `${l.name}.db`, m: 1, k: rows, n: l.size, a: bufs.ones!, b: bufs[`${l.name}.GI`]!, c: bufs.G!, cOffset: 4 * bT.offset, accumulate: acc }),
        ];
        // Recurrent weight gradient: dense, Z[0..L)^T GI (row t of Z holds z_{t-1}); sparse, per entry (recTrain).
        if (l.recurrent?.kind === 'dense') {
          const R = tensor(`${l.name}.recurrent`);
          grads.push(await mm({ label: `${l.name}.dR`, m: l.size, k: rows, n: l.size, transA: true, a: bufs[`${l.name}.Z`]!, b: bufs[`${l.name}.GI`]!, c: bufs.G!, cOffset: 4 * R.offset, strategy: spikeStrategy(l.size), accumulate: acc }));
        }
        p.grads.push(grads);
      }
      products.set(L, p);
    }
    // Per-neuron parameter gradients: each instance's sums (in S) over the batch, once per batch.
    const paramGrads: Encodable[] = [];
    for (const l of layers) {
      const layout = stateLayout(B * l.size, K);
      for (const [flag, name, from] of [[l.trainAlpha, 'alpha', layout.pgAlpha], [l.trainThreshold, 'threshold', layout.pgThreshold], [l.trainAlphaSyn, 'alphaSyn', layout.pgAlphaSyn]] as const) {
        if (!flag) continue;
        const t = tensor(`${l.name}.${name}`);
        paramGrads.push(await mm({ label: `${l.name}.d${name}`, m: 1, k: B, n: l.size, a: bufs.ones!, b: bufs[`${l.name}.S`]!, bOffset: 4 * from, c: bufs.G!, cOffset: 4 * t.offset, accumulate: acc }));
      }
    }
    const O = readout.size;
    const U = chunked ? 'readout.U' : `readout.${readout.spiking ? 'Z' : 'V'}`;
    const GU = chunked ? 'readout.GU' : 'readout.GZ';
    const loss = keep(await createReadoutLoss(ctx, 'trainer.loss', o.loss, steps, B, O, { U: f(U), target: f('target'), GU: f(GU), stats: f('stats') }));
    const regOps: RateRegOp[] = [];
    const regOf = new Map<number, RateRegOp>();
    const rateReg = async (li: number): Promise<RateRegOp> => {
      const l = layers[li]!;
      let op = regOf.get(li);
      if (!op) {
        const rows = steps * B * l.size + B * l.size;
        op = keep(await RateRegOp.create(ctx, `${l.name}.rateReg`, o.rateRegularizer!, steps, B, l.size, { Z: [bufs[`${l.name}.Z`]!, 4 * rows], GZ: [bufs[`${l.name}.GZ`]!, 4 * rows], stats: f('stats') }));
        regOf.set(li, op);
        regOps.push(op);
      }
      return op;
    };
    // Chunk c's rows: its start and the copies of the input rows in, the readout rows out, and the loss gradient rows in.
    const start = (c: number): number => c * C;
    const shift = readout.spiking ? B * O : 0; // a spiking readout's rows are one later (Z row t + 1 holds z_t)
    const stepsOf = async (s: PlanStep): Promise<Step[]> => {
      switch (s.op) {
        case 'copyInput': return [{ copy: [bufs.input!, 4 * start(s.chunk) * B * F, bufs.inputChunk!, 0, 4 * chunkSteps[s.chunk]! * B * F] }];
        case 'copyReadoutOut': return [{ copy: [bufs[`readout.${readout.spiking ? 'Z' : 'V'}`]!, 4 * shift, bufs['readout.U']!, 4 * (start(s.chunk) * B * O + shift), 4 * chunkSteps[s.chunk]! * B * O] }];
        case 'copyReadoutGradIn': return [{ copy: [bufs['readout.GU']!, 4 * (start(s.chunk) * B * O + shift), bufs['readout.GZ']!, 4 * shift, 4 * chunkSteps[s.chunk]! * B * O] }];
        case 'product': return [products.get(chunkSteps[s.chunk]!)!.forward[s.layer]!];
        case 'layerForward': return [layerOps[s.layer]!.forwardChunk(s.chunk)];
        case 'layerBackward': return [layerOps[s.layer]!.backwardChunk(s.chunk)];
        case 'gradZ': return [products.get(chunkSteps[s.chunk]!)!.gz[s.layer]!];
        case 'rateReg': return [await rateReg(s.layer)];
        case 'weightGrads': return products.get(chunkSteps[s.chunk]!)!.grads[s.layer]!;
        case 'sparseRecGrad': return [layerOps[s.layer]!.weightGradChunk!(s.chunk)];
        case 'paramGrads': return paramGrads;
      }
    };
    const forwardSteps: Step[] = [];
    for (const s of plan.forward) forwardSteps.push(...await stepsOf(s));
    const backwardSteps: Step[] = [];
    for (const s of plan.backward) backwardSteps.push(...await stepsOf(s));
    const optimizer = keep(await OptimizerOp.create(ctx, o.optimizer, tensors, { P: bufs.P!, G: bufs.G!, M1: bufs.M1!, M2: bufs.M2!, count: plan.paramFloats }));
    const c = o.consolidation;
    const consolidation = c ? keep(await ConsolidationOp.create(ctx, c, plan.paramFloats, bufs.P!, bufs.G!,
      Object.fromEntries(consolidationBuffers(c.method).map((name) => [name, bufs[`consolidation.${name}`]!])))) : undefined;
    return { bufs, forwardSteps, loss, backwardSteps, optimizer, consolidation, regOps, releasables };
  } catch (e) {
    for (const r of releasables) r.release();
    for (const b of made) pool.release(b);
    throw e;
  }
}
