/**
 * verify(): runs a model written as equations on the GPU and in its oracle (oracle.ts) side by side,
 * from the same (optionally random) start state with the same random synaptic input, and reports the
 * largest difference of every state variable and every spike that differs. The oracle is set to the
 * GPU's state after every step's comparison, so a difference is measured per step and does not grow
 * by the dynamics. A model without inexact WGSL functions must agree bit for bit; one with them
 * (exp, log, sqrt, tanh, sin, cos, pow of the state) within `tolerance`.
 */
import { InvalidParameterError } from '../errors.js';
import type { GpuContext } from '../gpu/context.js';
import { unpackField } from '../gpu/layout.js';
import { randomWords, uniform01 } from '../random/philox.js';
import { createPopulation } from '../sim/population.js';
import { requireFinite, requireInteger, requirePositive } from '../validate.js';
import { isNeuronModel, type EquationParams, type NeuronModel } from './neuron-model.js';
import { EquationOracle } from './oracle.js';

export interface VerifyOptions {
  /** Parameters and start values (as a population's params). Default: the model's defaults. */
  params?: EquationParams;
  /** Neurons and batch instances. Default 256 and 2. */
  size?: number;
  batch?: number;
  /** Steps compared. Default 200. */
  steps?: number;
  /** Time step (ms). Default 0.1. */
  dt?: number;
  /** Seed of the random inputs and start state. Default 1. */
  seed?: number;
  /** Random input per step and neuron on each channel: a jump uniform in [lo, hi] with the given probability. Default exc [0, 1], inh [-1, 0], probability 0.1. */
  input?: { exc?: readonly [number, number]; inh?: readonly [number, number]; probability?: number };
  /** Random start values of state variables: [lo, hi] per variable (others start at their initial value). */
  randomState?: Record<string, readonly [number, number]>;
  /**
   * For models with inexact functions: a value passes within `ulps` f32 steps of the larger of its
   * magnitude and its change this step (an exp's few ulps in a large increment are that increment's
   * ulps, not the sum's), or within `abs` of the oracle. Default 16 ulps, abs 1e-6.
   */
  tolerance?: { ulps?: number; abs?: number };
}

export interface VerifyReport {
  model: string;
  method: string;
  /** The model is expected to agree bit for bit (no inexact function of the state). */
  exact: boolean;
  steps: number;
  size: number;
  batch: number;
  spikes: number;
  /** Spikes that differ where the oracle was not within 1e-4 (relative) of the threshold. */
  spikeMismatches: number;
  /** Spikes that differ where the oracle was within 1e-4 (relative) of the threshold (its state is then taken from the GPU). */
  nearThresholdFlips: number;
  maxAbsDiff: Record<string, number>;
  maxUlpDiff: Record<string, number>;
  tolerance: { ulps: number; abs: number };
  /** Values outside the tolerance. */
  violations: number;
  /** The first few problems, in words. */
  problems: string[];
  passed: boolean;
}

const CHUNK = 100;

/** Distance in f32 steps between two f32 values (Infinity when one is NaN). */
/** The spacing of f32 values at magnitude x (the ulp of an f32 of that size; the smallest subnormal step below 2^-126). */
export function f32Ulp(x: number): number {
  const a = Math.abs(x);
  if (!Number.isFinite(a)) return Infinity;
  if (a < 2 ** -126) return 2 ** -149;
  return 2 ** (Math.floor(Math.log2(a)) - 23);
}

export function ulpDistance(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  const ord = (x: number): number => {
    const u = new Int32Array(new Float32Array([x]).buffer)[0] as number;
    return u < 0 ? -2147483648 - u : u;
  };
  return Math.abs(ord(a) - ord(b));
}

export async function verifyNeuronModel(ctx: GpuContext, model: NeuronModel, options: VerifyOptions = {}): Promise<VerifyReport> {
  const object = 'verify';
  if (!isNeuronModel(model)) throw new InvalidParameterError(object, 'model', model, 'a model made by defineNeuronModel()');
  const size = requireInteger(object, 'size', options.size ?? 256, 1, 1 << 20);
  const batch = requireInteger(object, 'batch', options.batch ?? 2, 1, 64);
  const steps = requireInteger(object, 'steps', options.steps ?? 200, 1, 1e6);
  const dt = requirePositive(object, 'dt', options.dt ?? 0.1, 'ms');
  const seed = requireInteger(object, 'seed', options.seed ?? 1, 0, Number.MAX_SAFE_INTEGER);
  const range = (field: string, r: unknown, def: readonly [number, number]): readonly [number, number] => {
    const v = r ?? def;
    if (!Array.isArray(v) || v.length !== 2) throw new InvalidParameterError(object, field, v, 'a pair [lo, hi]');
    return [requireFinite(object, `${field}[0]`, v[0]), requireFinite(object, `${field}[1]`, v[1])];
  };
  const exc = range('input.exc', options.input?.exc, [0, 1]);
  const inh = range('input.inh', options.input?.inh, [-1, 0]);
  const prob = options.input?.probability ?? 0.1;
  if (typeof prob !== 'number' || !(prob >= 0 && prob <= 1)) throw new InvalidParameterError(object, 'input.probability', prob, 'a probability in [0, 1]');
  const tol = model.exact ? { ulps: 0, abs: 0 } : { ulps: options.tolerance?.ulps ?? 16, abs: options.tolerance?.abs ?? 1e-6 };

  let draws = 0;
  const rand = (): number => uniform01(randomWords(seed, 0x7e71f, 0, draws++)[0]);
  const pop = await createPopulation(ctx, { model, size, batch, dt, params: options.params, name: `verify-${model.name}` });
  try {
    const resolved = model.kernel.resolve(object, options.params, size, dt);
    const scale = 2 ** -pop.inputFractionBits;
    const oracle = new EquationOracle(model, resolved, size, batch, scale, dt, 'f32', { seed: pop.seed, stream: pop.stream });
    const NB = size * batch;
    if (options.randomState) {
      const values: Record<string, Float32Array> = {};
      for (const [name, r] of Object.entries(options.randomState)) {
        if (!model.stateVariables.includes(name)) throw new InvalidParameterError(object, `randomState.${name}`, r, `a state variable (${model.stateVariables.join(', ')})`);
        const [lo, hi] = range(`randomState.${name}`, r, [0, 0]);
        const arr = new Float32Array(NB);
        for (let k = 0; k < NB; k++) arr[k] = lo + (hi - lo) * rand();
        values[name] = arr;
        (oracle.state[name] as Float32Array).set(arr);
      }
      await pop.writeState(values);
    }
    const layout = model.kernel.stateLayout;
    const words = pop.words;
    const usage = GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    const bitsRec = ctx.pool.acquire({ label: 'verify.bits', size: CHUNK * words * batch * 4, usage, storage: false });
    const stateRec = ctx.pool.acquire({ label: 'verify.state', size: CHUNK * NB * layout.stride, usage, storage: false });
    const inputBuf = ctx.pool.acquire({ label: 'verify.inputs', size: CHUNK * NB * 8, usage, storage: false });
    const report: VerifyReport = {
      model: model.name, method: model.method, exact: model.exact, steps, size, batch, spikes: 0, spikeMismatches: 0, nearThresholdFlips: 0,
      maxAbsDiff: Object.fromEntries(model.stateVariables.map((n) => [n, 0])), maxUlpDiff: Object.fromEntries(model.stateVariables.map((n) => [n, 0])),
      tolerance: tol, violations: 0, problems: [], passed: false,
    };
    const problem = (s: string): void => { if (report.problems.length < 8) report.problems.push(s); };
    try {
      for (let done = 0; done < steps; done += CHUNK) {
        const chunk = Math.min(CHUNK, steps - done);
        const inputs = new Int32Array(chunk * NB * 2);
        for (let s = 0; s < chunk; s++) for (let k = 0; k < NB; k++) {
          if (rand() < prob) inputs[s * 2 * NB + k] = Math.round((exc[0] + (exc[1] - exc[0]) * rand()) / scale);
          if (rand() < prob) inputs[(s * 2 + 1) * NB + k] = Math.round((inh[0] + (inh[1] - inh[0]) * rand()) / scale);
        }
        ctx.device.queue.writeBuffer(inputBuf, 0, inputs);
        const base = pop.stepCount;
        await pop.run(chunk, {
          before: (enc, step) => {
            const s = step - base;
            enc.copyBufferToBuffer(inputBuf, s * 2 * NB * 4, pop.buffers.inputExc!.buffer, pop.buffers.inputExc!.offset, NB * 4);
            enc.copyBufferToBuffer(inputBuf, (s * 2 + 1) * NB * 4, pop.buffers.inputInh!.buffer, pop.buffers.inputInh!.offset, NB * 4);
          },
          after: (enc, step) => {
            const s = step - base;
            enc.copyBufferToBuffer(pop.buffers.spikeBits.buffer, pop.bitsSlotOffset(step), bitsRec, s * words * batch * 4, words * batch * 4);
            enc.copyBufferToBuffer(pop.buffers.state!.buffer, pop.buffers.state!.offset, stateRec, s * NB * layout.stride, NB * layout.stride);
          },
        });
        const bits = new Uint32Array(await ctx.read(bitsRec, 0, chunk * words * batch * 4));
        const data = await ctx.read(stateRec, 0, chunk * NB * layout.stride);
        const gpu = Object.fromEntries(layout.fields.map((fl) => [fl.name, unpackField(layout, data, fl.name, chunk * NB)]));
        for (let s = 0; s < chunk; s++) {
          const step = done + s;
          const before = Object.fromEntries(layout.fields.map((fl) => [fl.name, Float64Array.from(oracle.state[fl.name] as Float32Array)]));
          const expected = oracle.step(inputs.subarray(s * 2 * NB, (s * 2 + 1) * NB), inputs.subarray((s * 2 + 1) * NB, (s * 2 + 2) * NB));
          for (let b = 0; b < batch; b++) {
            const exp = new Set(expected[b]);
            for (let i = 0; i < size; i++) {
              const got = (((bits[(s * batch + b) * words + (i >> 5)] as number) >>> (i & 31)) & 1) === 1;
              if (got) report.spikes++;
              if (got === exp.has(i)) continue;
              const k = b * size + i;
              const margin = oracle.margin[k] as number;
              const thr = Math.max(1, Math.abs(oracle.state[model.stateVariables[0] as string]?.[k] ?? 1));
              if (Math.abs(margin) <= 1e-4 * thr) report.nearThresholdFlips++;
              else { report.spikeMismatches++; problem(`step ${step} instance ${b} neuron ${i}: GPU ${got ? 'spiked' : 'silent'}, oracle ${got ? 'silent' : 'spiked'} (threshold margin ${margin})`); }
            }
          }
          for (const fl of layout.fields) {
            const g = gpu[fl.name] as Float64Array;
            const o = oracle.state[fl.name] as Float32Array | Int32Array;
            for (let k = 0; k < NB; k++) {
              const gv = g[s * NB + k] as number;
              const ov = o[k] as number;
              if (fl.type === 'i32') {
                if (gv !== ov) { report.violations++; problem(`step ${step} ${fl.name}[${k}]: GPU ${gv}, oracle ${ov}`); }
              } else {
                const abs = Number.isNaN(gv) !== Number.isNaN(ov) ? Infinity : Number.isNaN(gv) ? 0 : Math.abs(gv - ov);
                const ulps = ulpDistance(gv, ov);
                if (abs > (report.maxAbsDiff[fl.name] as number)) report.maxAbsDiff[fl.name] = abs;
                if (ulps > (report.maxUlpDiff[fl.name] as number)) report.maxUlpDiff[fl.name] = ulps;
                const scale = Math.max(Math.abs(ov), Math.abs(ov - ((before[fl.name] as Float64Array)[k] as number)));
                if (!(abs <= tol.ulps * f32Ulp(scale)) && !(abs <= tol.abs)) { report.violations++; problem(`step ${step} ${fl.name}[${k}]: GPU ${gv}, oracle ${ov} (${ulps} ulps)`); }
              }
              o[k] = gv; // measure the next step from the GPU's state
            }
          }
        }
      }
    } finally {
      for (const buf of [bitsRec, stateRec, inputBuf]) ctx.pool.release(buf);
    }
    report.passed = report.spikeMismatches === 0 && report.violations === 0 && (!model.exact || report.nearThresholdFlips === 0);
    return report;
  } finally {
    pop.destroy();
  }
}
