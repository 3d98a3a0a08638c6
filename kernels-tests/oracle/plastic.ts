/**
 * CPU oracle for shaders/plastic.wgsl.ts: a plastic projection stepped as the GPU passes do, written
 * for clarity. Per step t, after every population has stepped:
 *  0. modulate (rules that read M): M <- f32(M exp(-dt/tau)) + perSpike x (source spikes at t), then
 *     the events of step t in order (add, or set);
 *  1. pre pass: each presynaptic spike emitted at t - (D - 1) (D: the axonal delay in steps) runs the
 *     rule's onPreSpike, then walks its row: the synapse delivers round-half-even(deliver x 2^bits)
 *     into the post ring slot t + 1, then the rule's onPre runs with the neuron's pre traces (before
 *     this spike) and the target's post traces, decayed to t; then the pre traces take the spike;
 *  2. post pass: each postsynaptic spike emitted at t - D' (the dendritic delay) walks its incoming
 *     synapses in pre order; onPost with the post traces (before this spike) and each source's pre
 *     traces decayed to t; then the post traces take the spike;
 *  3. step pass: onStep for every synapse (at steps t with (t + 1) % stepEvery == 0).
 * Traces decay as value * exp(-(t - last) dt / tau), the factor multiplied from the host's table of
 * f32(exp(-2^k dt / tau)) over the set bits of t - last, in the kernel's order.
 */
import { ruleValues, traceDecayTable } from '../../host/kernels/plastic';
import { ALL_INSTANCES, type ResolvedEvent, type ResolvedModulator } from '../../host/learn/modulator';
import type { RuleInstance, RuleTwin, SynapseState, TraceSpec } from '../../host/learn/rule';
import type { RaggedRows } from '../../host/random/rows';
import { rewireOracle, type StructuralOracleParams } from './structural';

const f = Math.fround;

export type { RuleTwin, SynapseState } from '../../host/learn/rule';

/**
 * The twin of a rule gated by synapse.consolidation (host/learn/synapse-consolidation.ts): after each
 * statement, a finite w is clamped, its change scaled by the synapse's gate (when not 1) and added to
 * `change`, in f32 steps as the WGSL wrapper.
 */
export function gatedTwin(twin: RuleTwin, wMin: number, wMax: number): RuleTwin {
  const settle = (s: SynapseState, w0: number): void => {
    if (!Number.isFinite(s.w!)) return;
    const w1 = Math.min(Math.max(s.w!, wMin), wMax);
    s.w = s.gate === 1 ? w1 : f(w0 + f(f(w1 - w0) * s.gate!));
    s.change = f(s.change! + f(s.w - w0));
  };
  // The gated rule's variant carries '|gated'; the rule's own twin reads the variant it knows.
  const own = (v: string) => v.replace(/\|gated$/, '');
  return {
    ...(twin.onPreSpike ? { onPreSpike: (R, v, pre) => twin.onPreSpike!(R, own(v), pre) } : {}),
    ...(twin.deliver ? { deliver: (R, v, s, spike) => twin.deliver!(R, own(v), s, spike) } : {}),
    ...(twin.onPre ? { onPre: (R, v, s, pre, post, M) => { const w0 = s.w!; twin.onPre!(R, own(v), s, pre, post, M); settle(s, w0); } } : {}),
    ...(twin.onPost ? { onPost: (R, v, s, pre, post, M) => { const w0 = s.w!; twin.onPost!(R, own(v), s, pre, post, M); settle(s, w0); } } : {}),
    ...(twin.onStep ? { onStep: (R, v, s, M) => { const w0 = s.w!; twin.onStep!(R, own(v), s, M); settle(s, w0); } } : {}),
  };
}

/** The modulator of one projection, stepped as the modulate pass does. */
export class ModulatorOracle {
  readonly M: Float32Array;
  private pending: ResolvedEvent[];
  constructor(readonly spec: ResolvedModulator, readonly batch: number) {
    this.M = new Float32Array(batch).fill(spec.initial);
    this.pending = [...spec.events];
  }
  step(t: number, source: number[][] | null): void {
    for (let b = 0; b < this.batch; b++) {
      const decayed = f(this.M[b]! * this.spec.decay);
      this.M[b] = source ? f(decayed + f(this.spec.perSpike * source[b]!.length)) : decayed;
    }
    while (this.pending.length > 0 && this.pending[0]!.step <= t) {
      const e = this.pending.shift()!;
      if (e.step < t) continue;
      for (let b = 0; b < this.batch; b++) {
        if (e.instance === ALL_INSTANCES || e.instance === b) this.M[b] = e.mode === 'set' ? e.amount : f(this.M[b]! + e.amount);
      }
    }
  }
  /** Host writes (Simulator.setModulator / scheduleModulator). */
  set(values: readonly number[]): void {
    values.forEach((v, b) => { this.M[b] = v; });
  }
  schedule(events: ResolvedEvent[]): void {
    this.pending = [...this.pending, ...events].map((e, k) => ({ e, k })).sort((a, b) => a.e.step - b.e.step || a.k - b.k).map(({ e }) => e);
  }
}

/** exp(-n dt / tau) as the kernel computes it: the product, in bit order, of the table entries of n's set bits (f32 products). */
export function decayOver(table: readonly number[], n: number): number {
  let r = 1;
  for (let bit = 0; bit < 32; bit++) if (((n >>> bit) & 1) === 1) r = f(r * table[bit]!);
  return r;
}

/** WGSL round(): to the nearest integer, ties to even. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - Math.trunc(x)) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

class Traces {
  readonly value: Float32Array;
  readonly last: Uint32Array;
  private readonly tables: number[][];
  constructor(readonly specs: TraceSpec[], readonly size: number, batch: number, dt: number) {
    this.value = new Float32Array(batch * size * specs.length);
    this.last = new Uint32Array(batch * size);
    this.tables = specs.map((tr) => traceDecayTable(dt, tr));
  }
  /** The traces of neuron i (instance b) decayed to step t, by name. */
  at(b: number, i: number, t: number): Record<string, number> {
    const out: Record<string, number> = {};
    const k = b * this.size + i;
    this.specs.forEach((tr, m) => { out[tr.name] = f(this.value[k * this.specs.length + m]! * decayOver(this.tables[m]!, t - this.last[k]!)); });
    return out;
  }
  /** Neuron i takes a spike at t, from its decayed values `now`. */
  spike(R: Record<string, number>, side: 'pre' | 'post', b: number, i: number, t: number, now: Record<string, number>): void {
    const k = b * this.size + i;
    this.specs.forEach((tr, m) => {
      const amount = R[`amount_${side}_${tr.name}`]!;
      this.value[k * this.specs.length + m] = tr.onSpike === 'add' ? f(now[tr.name]! + amount) : tr.onSpike === 'set' ? amount : now[tr.name]!;
    });
    this.last[k] = t;
  }
  clear(): void {
    this.value.fill(0);
    this.last.fill(0);
  }
}

export class PlasticOracle {
  /** [instance][nPre * maxRow] f32 weights. */
  readonly syn: Float32Array;
  private readonly R: Record<string, number>;
  private readonly pre: Traces;
  private readonly post: Traces;
  /** Each synapse variable besides w, [instance][nPre * maxRow]. */
  readonly vars: Record<string, Float32Array> = {};
  /** The modulator (rules that read M). */
  readonly modulator: ModulatorOracle | null;
  /** Spikes emitted in the last steps, newest last, for the delays. */
  private readonly preHistory: number[][][] = [];
  private readonly postHistory: number[][][] = [];
  /** Incoming synapses of each post neuron: row-major positions in pre order. */
  private columns: number[][];
  readonly scale: number;
  /** The rows (with structural plasticity: a copy with room for `capacity` per row, changed by each rewiring). */
  readonly rows: RaggedRows;
  private readonly structural: (StructuralOracleParams & { every: number }) | null;

  constructor(rows: RaggedRows, readonly rule: RuleInstance, private readonly twin: RuleTwin,
    readonly opts: { batch: number; dt: number; fractionBits: number; dendriticDelay: number; modulator?: ResolvedModulator | null;
      structural?: (Omit<StructuralOracleParams, 'capacity'> & { capacity: number | undefined }) | null }) {
    this.scale = 2 ** opts.fractionBits;
    const st = opts.structural ?? null;
    if (st) {
      const longest = Math.max(1, ...rows.rowLength);
      const capacity = st.capacity ?? longest;
      const ind = new Uint32Array(rows.nPre * capacity);
      const weight = new Int32Array(rows.nPre * capacity);
      for (let i = 0; i < rows.nPre; i++) {
        for (let s = 0; s < rows.rowLength[i]!; s++) {
          ind[i * capacity + s] = rows.ind[i * rows.maxRow + s]!;
          weight[i * capacity + s] = rows.weight[i * rows.maxRow + s]!;
        }
      }
      rows = { ...rows, maxRow: capacity, rowLength: Uint32Array.from(rows.rowLength), ind, weight };
      this.structural = { ...st, capacity };
    } else {
      this.structural = null;
    }
    this.rows = rows;
    this.R = ruleValues(rule, opts.dt) as Record<string, number>;
    const S = rows.nPre * rows.maxRow;
    this.syn = new Float32Array(opts.batch * S);
    for (const v of rule.synapseVars ?? []) this.vars[v.name] = new Float32Array(opts.batch * S).fill(v.initial);
    for (let i = 0; i < rows.nPre; i++) {
      for (let s = 0; s < rows.rowLength[i]!; s++) {
        const at = i * rows.maxRow + s;
        for (let b = 0; b < opts.batch; b++) this.syn[b * S + at] = f(rows.weight[at]! / this.scale);
      }
    }
    this.columns = this.buildColumns();
    this.pre = new Traces(rule.preTraces, rows.nPre, opts.batch, opts.dt);
    this.post = new Traces(rule.postTraces, rows.nPost, opts.batch, opts.dt);
    this.modulator = opts.modulator ? new ModulatorOracle(opts.modulator, opts.batch) : null;
  }

  /** Incoming synapses of each post neuron: row-major positions in pre order. */
  private buildColumns(): number[][] {
    const { rows } = this;
    const columns: number[][] = Array.from({ length: rows.nPost }, () => []);
    for (let i = 0; i < rows.nPre; i++) for (let s = 0; s < rows.rowLength[i]!; s++) columns[rows.ind[i * rows.maxRow + s]!]!.push(i * rows.maxRow + s);
    return columns;
  }

  /** The synapses now: pre and post neuron of each, in row order. */
  synapseList(): { pre: number[]; post: number[] } {
    const pre: number[] = [];
    const post: number[] = [];
    for (let i = 0; i < this.rows.nPre; i++) {
      for (let s = 0; s < this.rows.rowLength[i]!; s++) {
        pre.push(i);
        post.push(this.rows.ind[i * this.rows.maxRow + s]!);
      }
    }
    return { pre, post };
  }

  /** w and the variables of the synapse at index k of the flat arrays. */
  private load(k: number): SynapseState {
    const s: SynapseState = { w: this.syn[k]! };
    for (const [name, a] of Object.entries(this.vars)) s[name] = a[k]!;
    return s;
  }

  /** Stores w (clamped) and the variables back. */
  private store(k: number, s: SynapseState): void {
    this.syn[k] = this.clamp(s.w!);
    for (const [name, a] of Object.entries(this.vars)) a[k] = s[name]!;
  }

  /** M as instance b's statements read it: the modulator plus its baseline. */
  private M(b: number): number {
    return this.modulator ? f(this.modulator.M[b]! + this.R.modBaseline!) : 0;
  }

  /**
   * Step t: modulate, the pre pass (delivering into `ring`, [slot][instance][post]), the post pass,
   * the step pass. `preSpikes` / `postSpikes` / `sourceSpikes` (the modulator's population): this
   * step's sorted spikes per instance. Returns wrapped partial sums.
   */
  step(t: number, preSpikes: number[][], postSpikes: number[][], ring: Int32Array, slots: number, slotWords: number, sourceSpikes: number[][] | null = null): number {
    const { rows, R, twin } = this;
    const variant = this.rule.variant;
    const S = rows.nPre * rows.maxRow;
    const D = rows.constDelay;
    this.modulator?.step(t, sourceSpikes);
    this.preHistory.push(preSpikes);
    this.postHistory.push(postSpikes);
    const arriving = this.preHistory[this.preHistory.length - D] ?? [];
    const backProp = this.postHistory[this.postHistory.length - 1 - this.opts.dendriticDelay] ?? [];
    let wraps = 0;
    arriving.forEach((pres, b) => {
      const M = this.M(b);
      for (const i of pres) {
        const preNow = this.pre.at(b, i, t);
        const spike = twin.onPreSpike ? twin.onPreSpike(R, variant, preNow) : {};
        for (let s = 0; s < rows.rowLength[i]!; s++) {
          const at = i * rows.maxRow + s;
          const j = rows.ind[at]!;
          const syn = this.load(b * S + at);
          const amount = twin.deliver ? twin.deliver(R, variant, syn, spike) : syn.w!;
          const q = roundHalfEven(f(amount * this.scale));
          const k = ((t + 1) % slots) * slotWords + b * rows.nPost + j;
          const old = ring[k]!;
          const sum = (old + q) | 0;
          if (((old ^ sum) & (q ^ sum)) < 0) wraps++;
          ring[k] = sum;
          if (twin.onPre) {
            twin.onPre(R, variant, syn, preNow, this.post.at(b, j, t), M);
            this.store(b * S + at, syn);
          }
        }
        this.pre.spike(R, 'pre', b, i, t, preNow);
      }
    });
    backProp.forEach((posts, b) => {
      const M = this.M(b);
      for (const j of posts) {
        const postNow = this.post.at(b, j, t);
        if (twin.onPost) {
          for (const at of this.columns[j]!) {
            const i = Math.floor(at / rows.maxRow);
            const syn = this.load(b * S + at);
            twin.onPost(R, variant, syn, this.pre.at(b, i, t), postNow, M);
            this.store(b * S + at, syn);
          }
        }
        this.post.spike(R, 'post', b, j, t, postNow);
      }
    });
    if (twin.onStep && (t + 1) % (this.rule.stepEvery ?? 1) === 0) {
      for (let b = 0; b < this.opts.batch; b++) {
        const M = this.M(b);
        for (let i = 0; i < rows.nPre; i++) {
          for (let s = 0; s < rows.rowLength[i]!; s++) {
            const syn = this.load(b * S + i * rows.maxRow + s);
            twin.onStep(R, variant, syn, M);
            this.store(b * S + i * rows.maxRow + s, syn);
          }
        }
      }
    }
    // Structural plasticity: rewiring after the step's learning, then the columns from the new rows.
    const st = this.structural;
    if (st && (t + 1) % st.every === 0) {
      const vars = (this.rule.synapseVars ?? []).map((v) => ({ data: this.vars[v.name]!, initial: Math.fround(v.initial) }));
      rewireOracle(rows, vars, this.syn, this.opts.batch, st, (t + 1) / st.every);
      this.columns = this.buildColumns();
    }
    const keep = Math.max(D, this.opts.dendriticDelay + 1);
    while (this.preHistory.length > keep) this.preHistory.shift();
    while (this.postHistory.length > keep) this.postHistory.shift();
    return wraps;
  }

  /** synapse.consolidation's task boundary: importance += max(0, change), change = 0, gate = f32(1 / (1 + c importance)). */
  consolidate(strength: number): void {
    const { change, importance, gate } = this.vars;
    for (let k = 0; k < change!.length; k++) {
      importance![k] = f(importance![k]! + Math.max(0, change![k]!));
      change![k] = 0;
      gate![k] = f(1 / (1 + strength * importance![k]!));
    }
  }

  /** The framework's bound after every rule statement: WGSL clamp(w, wMin, wMax). */
  private clamp(w: number): number {
    return Math.min(Math.max(w, this.R.wMin!), this.R.wMax!);
  }

  /** The weights (or a synapse variable) of every synapse in row order, [instance][synapse]. */
  weights(variable = 'w'): Float32Array {
    const S = this.rows.nPre * this.rows.maxRow;
    const src = variable === 'w' ? this.syn : this.vars[variable]!;
    const out: number[] = [];
    for (let b = 0; b < this.opts.batch; b++) {
      for (let i = 0; i < this.rows.nPre; i++) for (let s = 0; s < this.rows.rowLength[i]!; s++) out.push(src[b * S + i * this.rows.maxRow + s]!);
    }
    return Float32Array.from(out);
  }
}
