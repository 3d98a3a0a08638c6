/**
 * The CPU oracle of a neuron model written as equations: the same statements the WGSL body runs
 * (neuron-model.ts), in the same order (schedule included), evaluated in plain TypeScript with f32 rounding after every operation
 * (evaluate.ts), one neuron at a time, in the kernel's order. State lives in typed arrays indexed
 * b*size + i, like the GPU buffers. Used by verify() and by the test suite.
 */
import type { Expr } from './ast.js';
import { evalF32, evalF64, type Env } from './evaluate.js';
import type { NeuronModel } from './neuron-model.js';
import type { ResolvedNeuronParams } from '../kernels/neuron-kernel.js';
import type { StructValues } from '../gpu/layout.js';
import { SCHEDULE_PHASES } from './check.js';
import { randomWords } from '../random/philox.js';
import { gauss4 } from '../random/gauss4.js';

const f = Math.fround;

export class EquationOracle {
  readonly state: Record<string, Float32Array | Float64Array | Int32Array> = {};
  /** (left - right) of the threshold comparison at the last step; NaN when not tested. */
  readonly margin: Float64Array;
  private readonly params: StructValues[];
  private readonly counter: boolean;

  private readonly ev: typeof evalF32;
  private readonly r: (x: number) => number;
  /** The step the next step() computes: the population's step count, which keys randn()'s draws. */
  stepIndex = 0;

  /**
   * `precision` 'f64' runs the same statements in float64 (with model.resolveF64's parameters): the
   * reference for how far the f32 kernel's rounding moves a trajectory (compared with Brian2, float64).
   */
  /**
   * `random`: the population's seed and stream, which key randn()'s draws (Population.seed and
   * .stream; needed only by a model that calls randn()).
   */
  constructor(private readonly model: NeuronModel, resolved: ResolvedNeuronParams, readonly size: number, readonly batch: number,
    private readonly inputScale: number, private readonly dt: number, precision: 'f32' | 'f64' = 'f32', private readonly random?: { seed: number; stream: number }) {
    if (model.compiled.checked.draws > 0 && !random) throw new Error(`EquationOracle: ${model.name} calls randn(); give the population's seed and stream`);
    this.ev = precision === 'f32' ? evalF32 : evalF64;
    this.r = precision === 'f32' ? f : (x: number): number => x;
    this.params = Array.from({ length: size }, (_, i) => resolved.at(i));
    for (const fl of model.kernel.stateLayout.fields) {
      const arr = fl.type === 'i32' ? new Int32Array(size * batch) : precision === 'f32' ? new Float32Array(size * batch) : new Float64Array(size * batch);
      for (let k = 0; k < size * batch; k++) arr[k] = resolved.initialState(k % size)[fl.name] as number;
      this.state[fl.name] = arr;
    }
    this.margin = new Float64Array(size * batch);
    this.counter = model.compiled.refractoryTime !== null;
  }

  /** Advances every neuron one step with fixed-point inputs (length batch*size, or none). Returns sorted spike indices per instance. */
  step(inExc?: ArrayLike<number>, inInh?: ArrayLike<number>): number[][] {
    const out: number[][] = [];
    for (let b = 0; b < this.batch; b++) {
      const spikes: number[] = [];
      for (let i = 0; i < this.size; i++) {
        const k = b * this.size + i;
        const r = this.r;
        if (this.update(k, i, b, this.params[i] as StructValues, r(f(inExc?.[k] ?? 0) * this.inputScale), r(f(inInh?.[k] ?? 0) * this.inputScale))) spikes.push(i);
      }
      out.push(spikes);
    }
    this.stepIndex++;
    return out;
  }

  private update(k: number, i: number, b: number, p: StructValues, inExc: number, inInh: number): boolean {
    const c = this.model.compiled;
    const st = this.state;
    // A transient variable (NeuronModel.transientVariables) starts the step at its constant.
    const local = c.transients.size > 0 ? new Map(c.transients) : null;
    const get = (n: string): number => (local?.has(n) ? local.get(n) as number : (st[n] as Float32Array)[k] as number);
    const set = (n: string, v: number): void => {
      if (local?.has(n)) local.set(n, v);
      else (st[n] as Float32Array)[k] = v;
    };
    const { exc, inh } = c.checked.inputs;
    set(exc, this.r(get(exc) + inExc));
    set(inh, this.r(get(inh) + inInh));
    const temps = new Map<string, number>();
    const env: Env = {
      state: get,
      param: (n) => p[n] as number,
      temp: (n) => temps.get(n) as number,
      dt: this.dt,
      active: true,
      // Draw j: Philox at (i, step, stream, b | j << 20), as the kernel's randnWgsl.
      randn: (j) => {
        const rnd = this.random as { seed: number; stream: number };
        return gauss4(randomWords(rnd.seed, rnd.stream, this.stepIndex, i, (b | (j << 20)) >>> 0));
      },
    };
    const refr = st.sg_refr as Int32Array | undefined;
    env.active = this.counter ? !((refr as Int32Array)[k] as number > 0) : c.refractoryCondition ? !(this.ev(c.refractoryCondition, env) as boolean) : true;
    if (this.counter && !env.active) (refr as Int32Array)[k] = ((refr as Int32Array)[k] as number) - 1;
    const advance = (): void => {
      for (const l of c.program.lets) temps.set(l.name, this.ev(l.value, env) as number);
      const next = c.program.updates.map((u) => this.ev(u.value, env) as number);
      c.program.updates.forEach((u, j) => set(u.name, next[j] as number));
    };
    const statements = (): void => {
      for (const u of c.update) set(u.target, this.ev(u.value, env) as number);
    };
    const fire = (): boolean => {
      this.margin[k] = NaN;
      if (!c.threshold || !env.active) return false;
      const t = c.threshold;
      if (t.k === 'cmp') this.margin[k] = (this.ev(t.a, env) as number) - (this.ev(t.b, env) as number);
      if (!(this.ev(t, env) as boolean)) return false;
      for (const r of c.reset) set(r.target, this.ev(r.value as Expr, env) as number);
      if (this.counter) (refr as Int32Array)[k] = p.sg_refrSteps as number;
      return true;
    };
    let spiked = false;
    for (const phase of SCHEDULE_PHASES[c.checked.schedule]) {
      if (phase === 'equations') advance();
      else if (phase === 'update') statements();
      else spiked = fire();
    }
    return spiked;
  }
}
