/**
 * The fused engine: runs a Simulator's network in the fused kernel (host/kernels/fused.ts,
 * shaders/fused.wgsl.ts). The populations and projections keep their own buffers, which stay the
 * source of truth between chunks: each chunk copies them into the fused kernel's packed buffers,
 * dispatches once, and copies the results back, so readState, setParams, readCounters and the
 * per-step path work unchanged before and after. Results are bit-identical to the per-step path.
 */
import type { GpuContext } from '../gpu/context.js';
import { packOne, uniformBufferSize } from '../gpu/layout.js';
import type { CompiledKernel } from '../gpu/pipelines.js';
import { CLOCK_SLOTS, CLOCK_STRIDE } from '../gpu/clock.js';
import { FUSED_BINDINGS, FUSED_FRAME, LOOP_BUDGET } from '../kernels/fused.js';
import { poissonProbabilityScale } from '../kernels/poisson.js';
import { seedWords } from '../random/philox.js';
import { fusedShader, loopIterationsPerStep, type FusedPlan, type FusedPopPlan, type FusedProjPlan } from '../../shaders/fused.wgsl.js';
import { argsSlotWord } from '../kernels/spike-slots.js';
import type { Population } from './population.js';
import { PlasticProjection } from './plastic-projection.js';
import type { GpuProjection } from './projection.js';

/** The network cannot run fused (the message says why). */
export class FusedUnsupportedError extends Error {
  override name = 'FusedUnsupportedError';
}

/**
 * Why a network cannot run fused (null when it can). Plastic projections run on the per-step path:
 * the fused kernel has no pre/post learning passes yet, and 'auto' falls back to per-step for them.
 */
export function fusedSupport(projections: readonly (GpuProjection | PlasticProjection)[]): string | null {
  const plastic = projections.find((p) => p instanceof PlasticProjection);
  if (plastic) return `projection '${plastic.name}' is plastic (learning runs on the per-step path)`;
  const proc = projections.find((p) => p.storage === 'procedural');
  if (proc) return `projection '${proc.name}' is procedural (the fused kernel reads stored rows)`;
  return null;
}

/** A copy between a population's (or projection's) buffer and a packed fused buffer. */
interface Copy {
  from: GPUBuffer;
  fromOffset: number;
  to: GPUBuffer;
  toOffset: number;
  bytes: number;
}

/** 32-bit FNV-1a of a string (a cache key for the generated source). */
function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16);
}

export class FusedEngine {
  private constructor(
    private readonly ctx: GpuContext,
    private readonly kernel: CompiledKernel,
    private readonly bindGroup: GPUBindGroup,
    private readonly frame: GPUBuffer,
    private readonly frameValues: { inputScale: number; dt: number; halfDt: number },
    private readonly buffers: GPUBuffer[],
    private readonly batch: number,
    /** Copies into the packed buffers before every chunk, and back after it. */
    private readonly copyIn: Copy[],
    private readonly copyOut: Copy[],
    /** hdr byte range cleared before every chunk (per-step counts and bitmasks). */
    private readonly clearFrom: number,
    private readonly clearBytes: number,
    /** Per population: hdr byte offsets of its per-step counts and bitmasks. */
    private readonly perStep: Map<Population, { counts: number; bits: number; stepCountBytes: number; stepBitsBytes: number }>,
    private readonly hdr: GPUBuffer,
    readonly source: string,
    /** Steps per dispatch: as many as keep the loop iterations within LOOP_BUDGET (at most CLOCK_SLOTS). */
    readonly stepsPerDispatch: number,
  ) {}

  static async create(
    ctx: GpuContext, populations: readonly Population[], all: readonly (GpuProjection | PlasticProjection)[], counters: GPUBuffer, dt: number,
  ): Promise<FusedEngine> {
    const why = fusedSupport(all);
    if (why) throw new FusedUnsupportedError(why);
    const projections = all as readonly GpuProjection[];
    const B = populations[0]?.batch ?? 1;
    const K = CLOCK_SLOTS;
    const wg = Math.min(256, ctx.limits.maxComputeInvocationsPerWorkgroup, ctx.limits.maxComputeWorkgroupSizeX);
    const nProj = projections.length;
    // Words used so far in each packed buffer; hdr starts with the counters and the totals.
    type Region = 'cst' | 'st' | 'acc' | 'lists' | 'hdr';
    const used: Record<Region, number> = { cst: 0, st: 0, acc: 0, lists: 0, hdr: 3 * Math.max(1, nProj) + 4 * populations.length };
    const clearFromWords = used.hdr;
    const take = (n: number, at: Region): number => {
      const o = used[at];
      used[at] += n;
      return o;
    };
    // Pending copies name their packed target by region; resolved once the buffers exist.
    const ins: { from: GPUBuffer; fromOffset: number; region: Region; word: number; bytes: number }[] = [];
    const outs: { to: GPUBuffer; toOffset: number; region: Region; word: number; bytes: number }[] = [];
    const once: { from: GPUBuffer; fromOffset?: number; region: Region; word: number; bytes: number }[] = [];
    const index = new Map<Population, number>();
    const pops: FusedPopPlan[] = [];
    const perStepWords = new Map<Population, { counts: number; bits: number }>();
    for (const [k, pop] of populations.entries()) {
      index.set(pop, k);
      const N = pop.size;
      const totals = 3 * Math.max(1, nProj) + 4 * k;
      const counts = take(K * B, 'hdr');
      const bits = take(K * B * pop.words, 'hdr');
      const list = take(B * N, 'lists');
      perStepWords.set(pop, { counts, bits });
      const common = { name: pop.name, size: N, words: pop.words, totals, counts, bits, list };
      ins.push({ from: pop.buffers.spikeCount, fromOffset: pop.countersOffset, region: 'hdr', word: totals, bytes: 16 });
      outs.push({ to: pop.buffers.spikeCount, toOffset: pop.countersOffset, region: 'hdr', word: totals, bytes: 16 });
      outs.push({ to: pop.buffers.spikeList.buffer, toOffset: pop.buffers.spikeList.offset, region: 'lists', word: list, bytes: 4 * B * N });
      if (pop.model === 'poisson') {
        const rates = take(N, 'cst');
        ins.push({ from: pop.buffers.params.buffer, fromOffset: pop.buffers.params.offset, region: 'cst', word: rates, bytes: 4 * N });
        const [seedLo, seedHi] = seedWords(pop.seed);
        const pScaleBits = new Uint32Array(new Float32Array([poissonProbabilityScale(pop.dt)]).buffer)[0] as number;
        pops.push({ ...common, kind: 'poisson', rates, seedLo, seedHi, stream: pop.stream, pScaleBits });
        continue;
      }
      if (pop.model === 'spikeArray') {
        const offsets = take(pop.scheduleSteps + 1, 'cst');
        const ids = take(Math.max(1, pop.scheduleSpikes), 'cst');
        once.push({ from: pop.buffers.params.buffer, fromOffset: pop.buffers.params.offset, region: 'cst', word: offsets, bytes: 4 * (pop.scheduleSteps + 1) });
        once.push({ from: pop.buffers.ids as GPUBuffer, region: 'cst', word: ids, bytes: 4 * Math.max(1, pop.scheduleSpikes) });
        pops.push({ ...common, kind: 'spikeArray', offsets, ids, nSteps: pop.scheduleSteps });
        continue;
      }
      const m = pop.neuronModel!;
      const { paramsLayout, stateLayout } = m.kernel;
      const paramBytes = paramsLayout.stride * (m.scalarParams ? 1 : N);
      const params = take(paramBytes / 4, 'cst');
      ins.push({ from: pop.buffers.params.buffer, fromOffset: pop.buffers.params.offset, region: 'cst', word: params, bytes: paramBytes });
      const stateBytes = stateLayout.stride * N * B;
      const state = take(stateBytes / 4, 'st');
      ins.push({ from: pop.buffers.state!.buffer, fromOffset: pop.buffers.state!.offset, region: 'st', word: state, bytes: stateBytes });
      outs.push({ to: pop.buffers.state!.buffer, toOffset: pop.buffers.state!.offset, region: 'st', word: state, bytes: stateBytes });
      const ringBytes = pop.inputSlotBytes * pop.inputSlots;
      const exc = take(ringBytes / 4, 'acc');
      const inh = take(ringBytes / 4, 'acc');
      for (const [ring, word] of [[pop.buffers.inputExc!, exc], [pop.buffers.inputInh!, inh]] as const) {
        ins.push({ from: ring.buffer, fromOffset: ring.offset, region: 'acc', word, bytes: ringBytes });
        outs.push({ to: ring.buffer, toOffset: ring.offset, region: 'acc', word, bytes: ringBytes });
      }
      pops.push({
        ...common, kind: 'neuron', model: pop.modelKey, parts: m.kernel.parts(m.options), paramsLayout, stateLayout, scalarParams: m.scalarParams,
        params, state, exc, inh, slots: pop.inputSlots, slotWords: pop.inputSlotBytes / 4,
        seedLo: seedWords(pop.seed)[0], seedHi: seedWords(pop.seed)[1], stream: pop.stream,
      });
    }
    const projs: FusedProjPlan[] = [];
    for (const [i, pr] of projections.entries()) {
      const r = pr.rows;
      const post = pops[index.get(pr.post)!]!;
      if (post.kind !== 'neuron') throw new FusedUnsupportedError(`projection '${pr.name}' targets a spike source`);
      const synWords = r.nPre * r.maxRow;
      const weight = take(Math.max(1, synWords), 'cst');
      once.push({ from: pr.buffers.weight!.buffer, fromOffset: pr.buffers.weight!.offset, region: 'cst', word: weight, bytes: 4 * synWords });
      const plan: FusedProjPlan = {
        name: pr.name, pre: index.get(pr.pre)!, post: index.get(pr.post)!, ring: pr.target === 'exc' ? post.exc : post.inh,
        slots: post.slots, slotWords: post.slotWords, nPost: r.nPost, maxRow: r.maxRow, counter: i, weight, constDelay: r.constDelay,
      };
      if (pr.storage === 'dense') {
        plan.dense = { rowLength: r.nPost - (pr.skipSelf ? 1 : 0), skipSelf: pr.skipSelf };
      } else {
        plan.rowLength = take(Math.max(1, r.nPre), 'cst');
        plan.ind = take(Math.max(1, synWords), 'cst');
        once.push({ from: pr.buffers.rowLength!.buffer, fromOffset: pr.buffers.rowLength!.offset, region: 'cst', word: plan.rowLength, bytes: 4 * r.nPre });
        once.push({ from: pr.buffers.ind!.buffer, fromOffset: pr.buffers.ind!.offset, region: 'cst', word: plan.ind, bytes: 4 * synWords });
        if (r.perSynapseDelay) {
          plan.delay = take(Math.max(1, synWords), 'cst');
          once.push({ from: pr.buffers.delay!.buffer, fromOffset: pr.buffers.delay!.offset, region: 'cst', word: plan.delay, bytes: 4 * synWords });
        }
      }
      projs.push(plan);
    }
    const counterBytes = 12 * Math.max(1, nProj);
    ins.push({ from: counters, fromOffset: 0, region: 'hdr', word: 0, bytes: counterBytes });
    outs.push({ to: counters, toOffset: 0, region: 'hdr', word: 0, bytes: counterBytes });

    const plan: FusedPlan = { workgroupSize: wg, batch: B, maxSteps: K, pops, projs };
    const perStep = loopIterationsPerStep(plan);
    if (perStep > LOOP_BUDGET) {
      throw new FusedUnsupportedError(`one step may take ${perStep} loop iterations per invocation, over the budget of ${LOOP_BUDGET} (rows too long for one workgroup)`);
    }
    const stepsPerDispatch = Math.min(K, Math.floor(LOOP_BUDGET / perStep));
    const source = fusedShader(plan);
    const kernel = await ctx.pipelines.get({ name: 'fused', options: { workgroupSize: wg, source: hash(source) }, bindings: FUSED_BINDINGS, source: () => source });

    const pool = ctx.pool;
    const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    const bytesOf = { cst: 4 * Math.max(1, used.cst), st: 4 * Math.max(1, used.st), acc: 4 * Math.max(1, used.acc), lists: 4 * Math.max(1, used.lists), hdr: 4 * used.hdr };
    const made: GPUBuffer[] = [];
    try {
      const buf = {} as Record<Region, GPUBuffer>;
      for (const r of ['cst', 'st', 'acc', 'lists', 'hdr'] as const) {
        buf[r] = pool.acquire({ label: `fused.${r}`, size: bytesOf[r], usage });
        made.push(buf[r]);
      }
      const dt32 = Math.fround(dt);
      const frameValues = { inputScale: 2 ** -(populations[0]?.inputFractionBits ?? 16), dt: dt32, halfDt: Math.fround(dt / 2) };
      // One frame slot per dispatch of a chunk, bound with a dynamic offset.
      const frame = pool.acquire({ label: 'fused.frame', size: K * CLOCK_STRIDE, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST, storage: false });
      made.push(frame);
      const bindGroup = ctx.device.createBindGroup({
        label: 'fused.bindGroup', layout: kernel.layout,
        entries: [[frame, uniformBufferSize(FUSED_FRAME)] as const, ...(['cst', 'st', 'acc', 'hdr', 'lists'] as const).map((r) => [buf[r], bytesOf[r]] as const)]
          .map(([buffer, size], binding) => ({ binding, resource: { buffer, size } })),
      });
      // Rows and schedules never change: copy them once.
      const encoder = ctx.device.createCommandEncoder({ label: 'fused.init' });
      encoder.clearBuffer(buf.hdr);
      for (const c of once) if (c.bytes > 0) encoder.copyBufferToBuffer(c.from, c.fromOffset ?? 0, buf[c.region], 4 * c.word, c.bytes);
      ctx.device.queue.submit([encoder.finish()]);
      const perStepRegions = new Map<Population, { counts: number; bits: number; stepCountBytes: number; stepBitsBytes: number }>();
      for (const [pop, w] of perStepWords) perStepRegions.set(pop, { counts: 4 * w.counts, bits: 4 * w.bits, stepCountBytes: 4 * B, stepBitsBytes: 4 * B * pop.words });
      const copyIn = ins.map((c) => ({ from: c.from, fromOffset: c.fromOffset, to: buf[c.region], toOffset: 4 * c.word, bytes: c.bytes }));
      const copyOut = outs.map((c) => ({ from: buf[c.region], fromOffset: 4 * c.word, to: c.to, toOffset: c.toOffset, bytes: c.bytes }));
      return new FusedEngine(ctx, kernel, bindGroup, frame, frameValues, made, B, copyIn, copyOut,
        4 * clearFromWords, 4 * (used.hdr - clearFromWords), perStepRegions, buf.hdr, source, stepsPerDispatch);
    } catch (e) {
      for (const b of made) pool.release(b);
      throw e;
    }
  }

  /**
   * Encodes `steps` (<= CLOCK_SLOTS) steps from `firstStep`: copies in, one dispatch, copies out, and
   * leaves each population's last-step spike count, list and bitmask where the per-step path has them
   * (the last step's slot, and the next step's slot empty: host/kernels/spike-slots.ts).
   * Write the frame first with writeFrame (queue-ordered before the submit).
   */
  encode(encoder: GPUCommandEncoder, firstStep: number, steps: number): void {
    for (const c of this.copyIn) encoder.copyBufferToBuffer(c.from, c.fromOffset, c.to, c.toOffset, c.bytes);
    encoder.clearBuffer(this.hdr, this.clearFrom, this.clearBytes);
    const pass = encoder.beginComputePass({ label: `fused ${steps} steps` });
    pass.setPipeline(this.kernel.pipeline);
    for (let d = 0; d * this.stepsPerDispatch < steps; d++) {
      pass.setBindGroup(0, this.bindGroup, [d * CLOCK_STRIDE]);
      pass.dispatchWorkgroups(this.batch);
    }
    pass.end();
    for (const c of this.copyOut) encoder.copyBufferToBuffer(c.from, c.fromOffset, c.to, c.toOffset, c.bytes);
    if (steps === 0) return;
    const last = firstStep + steps - 1;
    for (const [pop, r] of this.perStep) {
      encoder.copyBufferToBuffer(this.hdr, r.counts + (steps - 1) * r.stepCountBytes, pop.buffers.spikeCount, pop.countSlotOffset(last), r.stepCountBytes);
      encoder.copyBufferToBuffer(this.hdr, r.bits + (steps - 1) * r.stepBitsBytes, pop.buffers.spikeBits.buffer, pop.bitsSlotOffset(last), r.stepBitsBytes);
      // The next step's slot starts empty (counts and indirect x), as a per-step kernel would have left it.
      encoder.clearBuffer(pop.buffers.spikeCount, pop.countSlotOffset(last + 1), r.stepCountBytes + 4);
      encoder.clearBuffer(pop.buffers.spikeBits.buffer, pop.bitsSlotOffset(last + 1), r.stepBitsBytes);
    }
    // And the header arena's shared args of the next step (x), which the first population's kernel would have emptied.
    for (const header of new Set([...this.perStep.keys()].map((p) => p.buffers.spikeCount))) encoder.clearBuffer(header, 4 * argsSlotWord(last + 1), 4);
  }

  /** Writes the frames of a chunk's dispatches (uploaded before the next submit). */
  writeFrame(firstStep: number, steps: number): void {
    const n = Math.ceil(steps / this.stepsPerDispatch);
    const data = new Uint8Array(Math.max(1, n) * CLOCK_STRIDE);
    for (let d = 0; d < n; d++) {
      const offset = d * this.stepsPerDispatch;
      data.set(new Uint8Array(packOne(FUSED_FRAME, {
        firstStep: (firstStep + offset) >>> 0, steps: Math.min(this.stepsPerDispatch, steps - offset), offset, ...this.frameValues, noContract: 0,
      })), d * CLOCK_STRIDE);
    }
    this.ctx.device.queue.writeBuffer(this.frame, 0, data);
  }

  /** Copies `bytes` of step `s` of the chunk's spike bitmask of `pop` (instance 0 first) to `dst` at `dstOffset`. */
  encodeStepBitsCopy(encoder: GPUCommandEncoder, pop: Population, s: number, dst: GPUBuffer, dstOffset: number, bytes: number): void {
    const r = this.perStep.get(pop)!;
    encoder.copyBufferToBuffer(this.hdr, r.bits + s * r.stepBitsBytes, dst, dstOffset, bytes);
  }

  /** Copies the chunk's per-step spike bitmasks of `pop` ([step][instance][word]) into `ring` at 0. */
  encodeSpikeCopy(encoder: GPUCommandEncoder, pop: Population, ring: GPUBuffer, steps: number): void {
    const r = this.perStep.get(pop)!;
    encoder.copyBufferToBuffer(this.hdr, r.bits, ring, 0, steps * r.stepBitsBytes);
  }

  /** Copies the chunk's per-step spike counts of `pop` ([step][instance]) into `ring` at 0. */
  encodeCountCopy(encoder: GPUCommandEncoder, pop: Population, ring: GPUBuffer, steps: number): void {
    const r = this.perStep.get(pop)!;
    encoder.copyBufferToBuffer(this.hdr, r.counts, ring, 0, steps * r.stepCountBytes);
  }

  release(): void {
    for (const b of this.buffers) this.ctx.pool.release(b);
  }
}
