/**
 * A plastic projection on the GPU (DESIGN.md §4a): f32 weights per synapse and batch instance, the
 * rule's per-neuron traces, the transposed index of the rows, and the two passes of the plastic
 * kernel (host/kernels/plastic.ts) every step, pre before post.
 *
 * Delays (per projection, in steps). Axonal D >= 1: a presynaptic spike emitted at step t reaches
 * its synapses at step t + D - 1, when the pre pass delivers its weight into the post ring slot of
 * step t + D (the same step a static projection's spike arrives) and runs onPre: the synapse sees the
 * spike D - 1 steps after it was emitted, as Brian2's on_pre with delay (D - 1) dt. Dendritic
 * D' >= 0: a postsynaptic spike reaches the synapses (onPost, the post traces) D' steps after it was
 * emitted, as Brian2's on_post with that delay. Spikes in flight wait in rings of spike lists, copied
 * after each step.
 */
import { DestroyedError, InvalidParameterError, NonFiniteWeightError } from '../errors.js';
import type { GpuContext } from '../gpu/context.js';
import { packOne, uniformBufferSize } from '../gpu/layout.js';
import type { CompiledKernel } from '../gpu/pipelines.js';
import { Clock, CLOCK } from '../gpu/clock.js';
import type { GpuRows } from '../kernels/connect.js';
import { EVENT_WORKGROUP_SIZE } from '../kernels/neuron-kernel.js';
import { StructuralOp } from '../kernels/structural.js';
import type { ResolvedStructural } from '../learn/structural.js';
import { consolidateSynapses } from '../learn/synapse-consolidation.js';
import { PLASTIC_FRAME, plasticBindings, plasticPassBuffers, plasticPasses, plasticSource, ruleLayout, ruleValues } from '../kernels/plastic.js';
import type { ResolvedModulator } from '../learn/modulator.js';
import type { RuleInstance } from '../learn/rule.js';
import type { PlasticPass } from '../../shaders/plastic.wgsl.js';
import { Modulator } from './modulator.js';
import { denseInd, initialSynapses, spikeSource, structuralLayout, traceKey, transposeRows, type PlasticIndex, type SpikeSource } from './plastic-layout.js';

export { transposeRows, type PlasticIndex };
import type { RaggedMeta, RaggedRows } from '../random/rows.js';
import type { Population } from './population.js';

const STORAGE = (): number => GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;

export class PlasticProjection {
  readonly storage: 'sparse' | 'dense';
  private destroyed = false;

  private constructor(
    private readonly ctx: GpuContext,
    readonly name: string,
    readonly pre: Population,
    readonly post: Population,
    readonly rows: RaggedMeta,
    readonly target: 'exc' | 'inh',
    readonly rule: RuleInstance,
    private indexNow: PlasticIndex,
    private readonly initialWeights: Float32Array,
    /** The rule's passes in step order (the modulate pass is the modulator's). */
    private readonly passes: { pass: Exclude<PlasticPass, 'modulate'>; kernel: CompiledKernel; bindGroup: GPUBindGroup }[],
    readonly modulator: Modulator | null,
    private readonly buffers: Record<string, GPUBuffer>,
    private readonly preSpikes: SpikeSource,
    private readonly postSpikes: SpikeSource,
    readonly axonalDelay: number,
    readonly dendriticDelay: number,
    dense: boolean,
    /** Structural plasticity, with the initial rows and columns (for reset). */
    private readonly structural: { op: StructuralOp; rows: Uint32Array; cols: Uint32Array; index: PlasticIndex } | null = null,
    /** The consolidation strength c (synapse.consolidation), or null when the projection has none. */
    readonly consolidationStrength: number | null = null,
  ) {
    this.storage = dense ? 'dense' : 'sparse';
  }

  /**
   * Ends a task (synapse.consolidation): for every synapse and instance, importance += max(0, change),
   * change = 0, gate = 1 / (1 + c importance). Reads the three variables back and writes them (between runs).
   */
  async consolidate(): Promise<void> {
    this.check();
    const c = this.consolidationStrength;
    if (c === null) throw new InvalidParameterError(`projection '${this.name}'`, 'synapse.consolidation', undefined, '{ strength } in the projection\'s synapse object');
    const vars = (this.rule.synapseVars ?? []).map((v) => v.name);
    const B = this.pre.batch;
    const S = this.rows.nPre * this.rows.maxRow;
    const at = (name: string) => 4 * (vars.indexOf(name) + 1) * B * S;
    const [change, importance, gate] = await Promise.all(['change', 'importance', 'gate'].map(async (n) => new Float32Array(await this.ctx.read(this.buffers.syn!, at(n), 4 * B * S))));
    consolidateSynapses(change!, importance!, gate!, c);
    for (const [n, data] of [['change', change], ['importance', importance], ['gate', gate]] as const) this.ctx.device.queue.writeBuffer(this.buffers.syn!, at(n), data! as Float32Array<ArrayBuffer>);
  }

  /** Rows and the transposed index, as last read (structural projections: refreshed by weights() and variable()). */
  get index(): PlasticIndex {
    return this.indexNow;
  }

  /** The rows and the transposed index now on the GPU, as the kernels read them (sparse storage; for consistency checks). */
  async readStructure(): Promise<{ rowLength: Uint32Array; ind: Uint32Array; colPtr: Uint32Array; colPos: Uint32Array }> {
    this.check();
    if (!this.buffers.rows || !this.buffers.cols) throw new InvalidParameterError(`projection '${this.name}'`, 'storage', 'dense', "sparse storage (a dense projection keeps no indices)");
    const { nPost } = this.rows;
    const rows = await this.readRows();
    const cols = new Uint32Array(await this.ctx.read(this.buffers.cols));
    const colPtr = cols.slice(0, nPost + 1);
    return { ...rows, colPtr, colPos: cols.slice(nPost + 1, nPost + 1 + colPtr[nPost]!) };
  }

  /** The row lengths and targets now on the GPU (sparse storage). */
  private async readRows(): Promise<{ rowLength: Uint32Array; ind: Uint32Array }> {
    const { nPre, maxRow } = this.rows;
    const words = new Uint32Array(await this.ctx.read(this.buffers.rows!, 0, 4 * (nPre + nPre * maxRow)));
    return { rowLength: words.slice(0, nPre), ind: words.slice(nPre) };
  }

  /** Structural projections: the rows now on the GPU, read back, and the index rebuilt from them. */
  private async refreshIndex(): Promise<void> {
    if (!this.structural) return;
    const { rowLength, ind } = await this.readRows();
    this.indexNow = transposeRows(this.rows.nPre, this.rows.nPost, this.rows.maxRow, rowLength, ind);
  }

  /**
   * @param source the rows (host-generated, or generated on the GPU: read back once here)
   * @param dense all-to-all storage without indices (`skipSelf`: i -> i left out)
   */
  static async create(
    ctx: GpuContext, name: string, pre: Population, post: Population, target: 'exc' | 'inh', source: RaggedRows | GpuRows, clock: Clock,
    counters: { buffer: GPUBuffer; index: number; count: number }, rule: RuleInstance,
    opts: {
      dendriticDelay: number; fractionBits: number; dt: number; dense?: { skipSelf: boolean }; modulator: ResolvedModulator | null; modSource: Population | null;
      structural?: (ResolvedStructural & { seed: number; stream: number; noSelf: boolean }) | null;
      consolidation?: { strength: number } | null;
    },
  ): Promise<PlasticProjection> {
    const object = `projection '${name}'`;
    const generated: RaggedMeta = 'meta' in source ? source.meta : source;
    if (generated.perSynapseDelay) throw new InvalidParameterError(object, 'delayMs', 'a delay per synapse', 'one delay for the projection (plastic synapses see each spike at one time)');
    const B = pre.batch;
    // The structure and the initial fixed-point weights on the host (read back once if generated on the GPU).
    const read = 'meta' in source
      ? {
        rowLength: new Uint32Array(await ctx.read(source.rowLength, 0, 4 * generated.nPre)),
        ind: new Uint32Array(await ctx.read(source.ind, 0, 4 * generated.nPre * generated.maxRow)),
        weight: new Int32Array(await ctx.read(source.weight, 0, 4 * generated.nPre * generated.maxRow)),
      }
      : { rowLength: source.rowLength, ind: source.ind, weight: source.weight };
    const dense = opts.dense;
    // Structural plasticity: rows laid out with room for `capacity` synapses each.
    const st = opts.structural ?? null;
    const { meta, host } = st ? structuralLayout(object, generated, read, st, dense !== undefined) : { meta: generated, host: read };
    const { nPre, nPost, maxRow } = meta;
    const index = transposeRows(nPre, nPost, maxRow, host.rowLength, dense ? denseInd(nPre, maxRow, dense.skipSelf) : host.ind);
    const scale = 2 ** opts.fractionBits;
    const S = nPre * maxRow;
    const initial = new Float32Array(S);
    for (const at of index.positions) {
      const w = Math.fround(host.weight[at]! / scale);
      if (!(w >= rule.wMin && w <= rule.wMax)) {
        throw new InvalidParameterError(object, 'weight', w, `initial weights within the rule's bounds [wMin, wMax] = [${rule.wMin}, ${rule.wMax}]`);
      }
      initial[at] = w;
    }
    // Checked: the GPU-generated rows are now on the host; their buffers go back (the build releases them if a check above threw).
    if ('meta' in source) for (const b of [source.rowLength, source.ind, source.weight, source.delay]) if (b) ctx.pool.release(b);
    const preStride = rule.preTraces.length + 1;
    const postStride = rule.postTraces.length + 1;
    const label = (b: string) => `${name}.${b}`;
    const pool = ctx.pool;
    const buffers: Record<string, GPUBuffer> = {};
    const vars = rule.synapseVars ?? [];
    buffers.syn = pool.createWithData(label('weights'), STORAGE(), initialSynapses(initial, B, S, rule));
    buffers.traces = pool.createWithData(label('traces'), STORAGE(), new Float32Array(B * (nPre * preStride + nPost * postStride)));
    buffers.health = pool.createWithData(label('health'), STORAGE(), new Uint32Array([0xffffffff, 0xffffffff]));
    let rowWords: Uint32Array | null = null;
    let colWords: Uint32Array | null = null;
    if (!dense) {
      rowWords = new Uint32Array(nPre + S);
      rowWords.set(host.rowLength, 0);
      rowWords.set(host.ind, nPre);
      buffers.rows = pool.createWithData(label('rows'), STORAGE(), rowWords);
      // Structural projections: room for every position (the synapse count changes).
      colWords = new Uint32Array(nPost + 1 + Math.max(1, st ? S : index.colPos.length));
      colWords.set(index.colPtr, 0);
      colWords.set(index.colPos, nPost + 1);
      buffers.cols = pool.createWithData(label('cols'), STORAGE(), colWords);
    }
    buffers.frame = pool.createWithData(label('frame'), GPUBufferUsage.UNIFORM, packOne(PLASTIC_FRAME, {
      nPre, nPost, maxRow, synStride: S, slots: post.inputSlots, slotWords: post.inputSlotBytes / 4, counterIndex: counters.index, scale,
      preBase: 0, postBase: B * nPre * preStride, preStride, postStride, denseRow: dense ? maxRow : 0, skipSelf: dense?.skipSelf ? 1 : 0, noContract: 0,
      batch: B, varStride: B * S,
    }));
    const layout = ruleLayout(rule);
    buffers.rule = pool.createWithData(label('rule'), GPUBufferUsage.UNIFORM, packOne(layout, ruleValues(rule, opts.dt)));
    const preSpikes = spikeSource(ctx, label('preSpikeRing'), pre, meta.constDelay - 1);
    const postSpikes = spikeSource(ctx, label('postSpikeRing'), post, opts.dendriticDelay);
    for (const [k, src] of [['preRing', preSpikes], ['postRing', postSpikes]] as const) if (src.slots > 0) buffers[k] = src.header;
    const acc = target === 'exc' ? post.buffers.inputExc : post.buffers.inputInh;
    if (!acc) throw new Error(`projection '${name}': post population '${post.name}' takes no input`);
    const isDense = dense !== undefined;
    const modulated = rule.modulated === true;
    const layoutBytes = uniformBufferSize(layout);
    const uniforms = { frame: [buffers.frame, uniformBufferSize(PLASTIC_FRAME)] as [GPUBuffer, number], clock: [clock.buffer, uniformBufferSize(CLOCK)] as [GPUBuffer, number], rule: [buffers.rule, layoutBytes] as [GPUBuffer, number] };
    const code = [rule.onPreSpike ?? '', rule.deliver ?? '', rule.onPre, rule.onPost, rule.onStep ?? '', (rule.synapseVars ?? []).map((v) => v.name).join(',')].join('|');
    const compile = (pass: PlasticPass, modSource = false) => ctx.pipelines.get({
      name: 'plastic', options: { workgroupSize: EVENT_WORKGROUP_SIZE, pass, dense: isDense, modSource, rule: rule.rule, variant: rule.variant, traces: traceKey(rule), code },
      bindings: plasticBindings(pass, isDense, modulated, modSource), source: () => plasticSource(EVENT_WORKGROUP_SIZE, pass, isDense, rule, modSource),
    });
    let modulator: Modulator | null = null;
    if (modulated) {
      const spec = opts.modulator!;
      modulator = new Modulator(ctx, name, B, spec, opts.modSource, await compile('modulate', opts.modSource !== null), uniforms, opts.dt);
      buffers.mod = modulator.state;
    }
    // [buffer, size, offset]: the accumulator ring is a range of the Simulator's input arena.
    const named: Record<string, [GPUBuffer, number] | [GPUBuffer, number, number]> = {
      syn: [buffers.syn, 4 * B * S * (1 + vars.length)], traces: [buffers.traces, 4 * B * (nPre * preStride + nPost * postStride)],
      acc: [acc.buffer, post.inputSlotBytes * post.inputSlots, acc.offset], counters: [counters.buffer, 12 * counters.count], health: [buffers.health, 8],
      ...(buffers.rows ? { rows: [buffers.rows, 4 * (nPre + S)] as [GPUBuffer, number] } : {}),
      ...(buffers.cols ? { cols: [buffers.cols, colWords!.byteLength] as [GPUBuffer, number] } : {}),
      ...(modulator ? { mod: [modulator.state, 4 * (2 + B)] as [GPUBuffer, number] } : {}),
    };
    const passes: { pass: Exclude<PlasticPass, 'modulate'>; kernel: CompiledKernel; bindGroup: GPUBindGroup }[] = [];
    for (const pass of plasticPasses(rule)) {
      if (pass === 'modulate') continue;
      const kernel = await compile(pass);
      const src = pass === 'pre' ? preSpikes : postSpikes;
      const entries: ([GPUBuffer, number] | [GPUBuffer, number, number])[] = [
        uniforms.frame, uniforms.clock, uniforms.rule,
        ...(pass === 'step' ? [] : [[src.header, src.headerBytes], [src.list, src.listBytes]] as [GPUBuffer, number][]),
        ...plasticPassBuffers(pass, isDense, modulated).slice(pass === 'step' ? 0 : 2).map((b) => named[b]!),
      ];
      const bindGroup = ctx.device.createBindGroup({
        label: label(`${pass}.bindGroup`), layout: kernel.layout,
        entries: entries.map(([buffer, size, offset], i) => ({ binding: i, resource: { buffer, size, offset: offset ?? 0 } })),
      });
      passes.push({ pass, kernel, bindGroup });
    }
    const structural = st && rowWords && colWords
      ? {
        op: await StructuralOp.create(ctx, label('structural'), {
          nPre, nPost, maxRow, batch: B, varInit: vars.map((v) => v.initial), capacity: maxRow, every: st.every, seed: st.seed, stream: st.stream,
          noSelf: st.noSelf, pruneBelow: st.pruneBelow, regrowWeight: st.regrowWeight,
        }, clock, { rows: buffers.rows!, syn: buffers.syn, cols: buffers.cols! }),
        rows: rowWords, cols: colWords, index,
      }
      : null;
    return new PlasticProjection(ctx, name, pre, post, meta, target, rule, index, initial, passes, modulator, buffers, preSpikes, postSpikes,
      meta.constDelay, opts.dendriticDelay, isDense, structural, opts.consolidation?.strength ?? null);
  }

  /** Adds this step's passes (modulate, pre, post, step: those the rule has) to an open compute pass, after every population's dispatch. */
  encode(pass: GPUComputePassEncoder, clockSlot: number, step: number): void {
    this.modulator?.encode(pass, clockSlot, step);
    this.encodePasses(pass, clockSlot, step);
    // Structural plasticity rewires after the step's learning.
    if (this.structural?.op.due(step)) this.structural.op.encode(pass, clockSlot);
  }

  private encodePasses(pass: GPUComputePassEncoder, clockSlot: number, step: number): void {
    for (const p of this.passes) {
      pass.setPipeline(p.kernel.pipeline);
      if (p.pass === 'step') {
        if ((step + 1) % (this.rule.stepEvery ?? 1) !== 0) continue;
        pass.setBindGroup(0, p.bindGroup, [Clock.offset(clockSlot)]);
        const positions = this.rows.nPre * this.rows.maxRow;
        pass.dispatchWorkgroups(Math.min(Math.ceil(positions / EVENT_WORKGROUP_SIZE), MAX_GROUPS), this.pre.batch);
        continue;
      }
      const src = p.pass === 'pre' ? this.preSpikes : this.postSpikes;
      const pop = p.pass === 'pre' ? this.pre : this.post;
      // A ring slot of delayed spikes, or the population's own slot of this step.
      const at = src.slots > 0 ? (step % src.slots) * src.slotBytes : pop.countSlotOffset(step);
      const listAt = src.slots > 0 ? at + src.listOffset : src.listOffset;
      pass.setBindGroup(0, p.bindGroup, [Clock.offset(clockSlot), at, listAt]);
      pass.dispatchWorkgroupsIndirect(src.header, at + 4 * pop.batch);
    }
  }

  /** Whether encodeAfterStep copies anything (spikes into delay rings): the step's pass must end first. */
  get copiesAfterStep(): boolean {
    return this.preSpikes.slots > 0 || this.postSpikes.slots > 0;
  }

  /** After step `step`'s pass: its spikes join the rings of delayed arrivals. */
  encodeAfterStep(encoder: GPUCommandEncoder, step: number): void {
    for (const [src, pop] of [[this.preSpikes, this.pre], [this.postSpikes, this.post]] as const) {
      if (src.slots === 0) continue;
      const at = (step % src.slots) * src.slotBytes;
      encoder.copyBufferToBuffer(pop.buffers.spikeCount, pop.countSlotOffset(step), src.header, at, src.headerBytes);
      encoder.copyBufferToBuffer(pop.buffers.spikeList.buffer, pop.buffers.spikeList.offset, src.header, at + src.listOffset, src.listBytes);
    }
  }

  /** Synapses (row order: by pre, then post). */
  get synapses(): number {
    return this.index.positions.length;
  }

  /** Pre and post neuron of every synapse, in the order of weights(). */
  synapseIndices(): { pre: Uint32Array; post: Uint32Array } {
    const pre = new Uint32Array(this.synapses);
    const post = new Uint32Array(this.synapses);
    this.index.positions.forEach((at, n) => {
      pre[n] = Math.floor(at / this.rows.maxRow);
      post[n] = this.index.ind[at]!;
    });
    return { pre, post };
  }

  /** The weights of every instance, [instance][synapse] in the order of synapseIndices(). */
  async weights(): Promise<Float32Array> {
    this.check();
    await this.refreshIndex();
    const S = this.rows.nPre * this.rows.maxRow;
    const all = new Float32Array(await this.ctx.read(this.buffers.syn!, 0, 4 * this.pre.batch * S));
    const out = new Float32Array(this.pre.batch * this.synapses);
    for (let b = 0; b < this.pre.batch; b++) this.index.positions.forEach((at, n) => { out[b * this.synapses + n] = all[b * S + at]!; });
    return out;
  }

  /** A synapse variable of the rule (an eligibility trace...), [instance][synapse] in the order of synapseIndices(). */
  async variable(name: string): Promise<Float32Array> {
    this.check();
    const vars = this.rule.synapseVars ?? [];
    const k = vars.findIndex((v) => v.name === name);
    if (k < 0) {
      throw new InvalidParameterError(`projection '${this.name}'`, 'variable', name, vars.length ? `one of ${vars.map((v) => JSON.stringify(v.name)).join(', ')} (rule '${this.rule.rule}')` : `nothing: rule '${this.rule.rule}' has no synapse variable besides w (read it with weights())`);
    }
    await this.refreshIndex();
    const B = this.pre.batch;
    const S = this.rows.nPre * this.rows.maxRow;
    const all = new Float32Array(await this.ctx.read(this.buffers.syn!, 4 * (k + 1) * B * S, 4 * B * S));
    const out = new Float32Array(B * this.synapses);
    for (let b = 0; b < B; b++) this.index.positions.forEach((at, n) => { out[b * this.synapses + n] = all[b * S + at]!; });
    return out;
  }

  /** Writes weights: one per synapse (every instance) or one per instance and synapse, each finite and within [wMin, wMax]. */
  setWeights(values: ArrayLike<number>): void {
    this.check();
    const object = `projection '${this.name}'`;
    if (this.structural) {
      throw new InvalidParameterError(object, 'synapse.structural', 'set', 'no structural plasticity for setWeights: the synapses of this projection change on the GPU, so a list of weights has nothing fixed to refer to (read them with weights())');
    }
    const n = this.synapses;
    const B = this.pre.batch;
    if (values === null || typeof values !== 'object' || typeof values.length !== 'number' || (values.length !== n && values.length !== B * n)) {
      throw new InvalidParameterError(object, 'weights', values, `an array of ${n} weights (one per synapse)${B > 1 ? ` or ${B * n} (per instance, then synapse)` : ''}`);
    }
    const S = this.rows.nPre * this.rows.maxRow;
    const data = new Float32Array(B * S);
    const all = values.length === B * n;
    for (let b = 0; b < B; b++) {
      this.index.positions.forEach((at, k) => {
        const v = values[all ? b * n + k : k]!;
        if (typeof v !== 'number' || !(v >= this.rule.wMin && v <= this.rule.wMax)) {
          throw new InvalidParameterError(object, `weights[${all ? b * n + k : k}]`, v, `a finite weight within [wMin, wMax] = [${this.rule.wMin}, ${this.rule.wMax}]`);
        }
        data[b * S + at] = v;
      });
    }
    this.ctx.device.queue.writeBuffer(this.buffers.syn!, 0, data);
  }

  /** The health words (first step a weight became Inf or NaN, a synapse that did): copied by the Simulator with its counters. */
  get healthBuffer(): GPUBuffer {
    return this.buffers.health!;
  }

  /** Throws NonFiniteWeightError when the health words record a non-finite weight. */
  throwIfNonFinite(words: Uint32Array, checkedAt: number): void {
    const step = words[0] ?? 0xffffffff;
    if (step === 0xffffffff) return;
    const at = words[1] ?? 0;
    const S = this.rows.nPre * this.rows.maxRow;
    const pos = at % S;
    const n = this.index.positions.indexOf(pos);
    throw new NonFiniteWeightError(this.name, step, n, Math.floor(pos / this.rows.maxRow), this.index.ind[pos] ?? 0, Math.floor(at / S), checkedAt);
  }

  /** Back to the initial weights, empty traces and empty delay rings. */
  reset(): void {
    this.check();
    const syn = initialSynapses(this.initialWeights, this.pre.batch, this.rows.nPre * this.rows.maxRow, this.rule);
    this.ctx.device.queue.writeBuffer(this.buffers.syn!, 0, syn);
    if (this.structural) {
      this.ctx.device.queue.writeBuffer(this.buffers.rows!, 0, this.structural.rows as Uint32Array<ArrayBuffer>);
      this.ctx.device.queue.writeBuffer(this.buffers.cols!, 0, this.structural.cols as Uint32Array<ArrayBuffer>);
      this.indexNow = this.structural.index;
    }
    this.modulator?.reset();
    const encoder = this.ctx.device.createCommandEncoder({ label: `${this.name}.reset` });
    encoder.clearBuffer(this.buffers.traces!);
    this.ctx.device.queue.writeBuffer(this.buffers.health!, 0, new Uint32Array([0xffffffff, 0xffffffff]));
    for (const k of ['preRing', 'postRing']) if (this.buffers[k]) encoder.clearBuffer(this.buffers[k]);
    this.ctx.device.queue.submit([encoder.finish()]);
  }

  private check(): void {
    if (this.destroyed) throw new DestroyedError('Simulator');
    this.ctx.check();
  }

  release(pool: GpuContext['pool']): void {
    this.destroyed = true;
    for (const [k, b] of Object.entries(this.buffers)) if (k !== 'mod') pool.release(b);
    this.modulator?.release();
    this.structural?.op.release();
  }
}

/** Most workgroups of one dispatch dimension (the step pass strides beyond). */
const MAX_GROUPS = 65535;
