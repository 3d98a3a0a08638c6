/**
 * CPU oracle for shaders/plastic.wgsl.ts: a plastic projection stepped as the GPU passes do, written
 * for clarity. Per step t, after every population has stepped:
 *  1. pre pass: each presynaptic spike emitted at t - (D - 1) (D: the axonal delay in steps) walks its
 *     row: the synapse delivers round-half-even(w * 2^bits) into the post ring slot t + 1, then the
 *     rule's onPre runs with the neuron's pre traces (before this spike) and the target's post traces,
 *     decayed to t; then the pre traces take the spike;
 *  2. post pass: each postsynaptic spike emitted at t - D' (the dendritic delay) walks its incoming
 *     synapses in pre order; onPost with the post traces (before this spike) and each source's pre
 *     traces decayed to t; then the post traces take the spike.
 * Traces decay as value * exp(-(t - last) dt / tau), the factor multiplied from the host's table of
 * f32(exp(-2^k dt / tau)) over the set bits of t - last, in the kernel's order.
 */
import { ruleValues, traceDecayTable } from '../../host/kernels/plastic';
import type { RuleInstance, TraceSpec } from '../../host/learn/rule';
import type { RaggedRows } from '../../host/random/rows';

const f = Math.fround;

/** A rule's statements on the CPU: the new weight after onPre / onPost (before the clamp to [wMin, wMax]). */
export interface RuleTwin {
  onPre(R: Record<string, number>, variant: string, w: number, pre: Record<string, number>, post: Record<string, number>): number;
  onPost(R: Record<string, number>, variant: string, w: number, pre: Record<string, number>, post: Record<string, number>): number;
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
      this.value[k * this.specs.length + m] = tr.onSpike === 'add' ? f(now[tr.name]! + amount) : amount;
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
  /** Spikes emitted in the last steps, newest last, for the delays. */
  private readonly preHistory: number[][][] = [];
  private readonly postHistory: number[][][] = [];
  /** Incoming synapses of each post neuron: row-major positions in pre order. */
  private readonly columns: number[][];
  readonly scale: number;

  constructor(readonly rows: RaggedRows, readonly rule: RuleInstance, private readonly twin: RuleTwin,
    readonly opts: { batch: number; dt: number; fractionBits: number; dendriticDelay: number }) {
    this.scale = 2 ** opts.fractionBits;
    this.R = ruleValues(rule, opts.dt) as Record<string, number>;
    const S = rows.nPre * rows.maxRow;
    this.syn = new Float32Array(opts.batch * S);
    this.columns = Array.from({ length: rows.nPost }, () => []);
    for (let i = 0; i < rows.nPre; i++) {
      for (let s = 0; s < rows.rowLength[i]!; s++) {
        const at = i * rows.maxRow + s;
        for (let b = 0; b < opts.batch; b++) this.syn[b * S + at] = f(rows.weight[at]! / this.scale);
        this.columns[rows.ind[at]!]!.push(at);
      }
    }
    this.pre = new Traces(rule.preTraces, rows.nPre, opts.batch, opts.dt);
    this.post = new Traces(rule.postTraces, rows.nPost, opts.batch, opts.dt);
  }

  /**
   * Step t: the pre pass (delivering into `ring`, [slot][instance][post]), then the post pass.
   * `preSpikes` / `postSpikes`: this step's sorted spikes per instance. Returns wrapped partial sums.
   */
  step(t: number, preSpikes: number[][], postSpikes: number[][], ring: Int32Array, slots: number, slotWords: number): number {
    const { rows, R, twin } = this;
    const variant = this.rule.variant;
    const S = rows.nPre * rows.maxRow;
    const D = rows.constDelay;
    this.preHistory.push(preSpikes);
    this.postHistory.push(postSpikes);
    const arriving = this.preHistory[this.preHistory.length - D] ?? [];
    const backProp = this.postHistory[this.postHistory.length - 1 - this.opts.dendriticDelay] ?? [];
    let wraps = 0;
    arriving.forEach((pres, b) => {
      for (const i of pres) {
        const preNow = this.pre.at(b, i, t);
        for (let s = 0; s < rows.rowLength[i]!; s++) {
          const at = i * rows.maxRow + s;
          const j = rows.ind[at]!;
          const w = this.syn[b * S + at]!;
          const q = roundHalfEven(f(w * this.scale));
          const k = ((t + 1) % slots) * slotWords + b * rows.nPost + j;
          const old = ring[k]!;
          const sum = (old + q) | 0;
          if (((old ^ sum) & (q ^ sum)) < 0) wraps++;
          ring[k] = sum;
          this.syn[b * S + at] = this.clamp(twin.onPre(R, variant, w, preNow, this.post.at(b, j, t)));
        }
        this.pre.spike(R, 'pre', b, i, t, preNow);
      }
    });
    backProp.forEach((posts, b) => {
      for (const j of posts) {
        const postNow = this.post.at(b, j, t);
        for (const at of this.columns[j]!) {
          const i = Math.floor(at / rows.maxRow);
          this.syn[b * S + at] = this.clamp(twin.onPost(R, variant, this.syn[b * S + at]!, this.pre.at(b, i, t), postNow));
        }
        this.post.spike(R, 'post', b, j, t, postNow);
      }
    });
    const keep = Math.max(D, this.opts.dendriticDelay + 1);
    while (this.preHistory.length > keep) this.preHistory.shift();
    while (this.postHistory.length > keep) this.postHistory.shift();
    return wraps;
  }

  /** The framework's bound after every rule statement: WGSL clamp(w, wMin, wMax). */
  private clamp(w: number): number {
    return Math.min(Math.max(w, this.R.wMin!), this.R.wMax!);
  }

  /** The weights of every synapse in row order, [instance][synapse]. */
  weights(): Float32Array {
    const S = this.rows.nPre * this.rows.maxRow;
    const out: number[] = [];
    for (let b = 0; b < this.opts.batch; b++) {
      for (let i = 0; i < this.rows.nPre; i++) for (let s = 0; s < this.rows.rowLength[i]!; s++) out.push(this.syn[b * S + i * this.rows.maxRow + s]!);
    }
    return Float32Array.from(out);
  }
}
