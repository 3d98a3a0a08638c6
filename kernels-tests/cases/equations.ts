/**
 * Models written as equations (host/equations) on the GPU: each shipped model's equation file against
 * its hand-written kernel (same random per-neuron parameters, same random input, every state variable
 * and spike compared bit for bit every step) and against its own oracle; verify() on the examples.
 */
import type { GpuContext } from '../../host/gpu/context';
import { unpackField } from '../../host/gpu/layout';
import { defineNeuronModel, type EquationParams, type NeuronModelSpec } from '../../host/equations/neuron-model';
import { EquationOracle } from '../../host/equations/oracle';
import { verifyNeuronModel, type VerifyOptions, type VerifyReport } from '../../host/equations/verify';
import { EQUATION_LIBRARY } from '../../host/equations/library/index';
import { createPopulation, type Population, type PopulationOptions } from '../../host/sim/population';
import { randomParams, type NeuronCaseArgs } from './neuron-vs-oracle';
import { testRandom, uniformIn } from './common';

export interface EquationVsBuiltinResult {
  steps: number;
  spikes: number;
  /** Steps x instances whose spike bitmask differs between the equation kernel and the hand-written one. */
  spikeMismatches: number;
  /** Values that differ (as f32 bits) between the two kernels, per state variable of the hand-written model. */
  stateMismatches: Record<string, number>;
  /** Values where the equation kernel and its own oracle differ (bits), every step, no resync. */
  oracleMismatches: number;
  method: string;
  firstProblems: string[];
}

const CHUNK = 100;
/** Hand-written state field -> equation state field, and hand-written param keys -> equation param keys. */
const STATE_MAP: Record<string, string> = { refr: 'sg_refr' };
const PARAM_MAP: Record<string, string> = { v0: 'v', gExc0: 'gExc', gInh0: 'gInh' };

/** `noise`: izhikevich's noise current (the izhikevichNoise file, randn(), against the kernel with random noiseSd). */
export async function equationVsBuiltin(ctx: GpuContext, args: NeuronCaseArgs & { noise?: boolean }): Promise<EquationVsBuiltinResult> {
  const { model, size, batch, steps } = args;
  const soft = args.reset === 'soft';
  const file = soft ? `${model}Soft` : args.noise ? `${model}Noise` : model;
  const spec = (EQUATION_LIBRARY as Record<string, NeuronModelSpec>)[file];
  if (!spec) throw new Error(`no equation file ${file}`);
  const eq = defineNeuronModel(spec);
  const { params, dt } = randomParams(args);
  // The plain izhikevich file has no noise current: both run without it.
  if (model === 'izhikevich' && !args.noise) (params as { noiseSd?: number }).noiseSd = 0;
  const eqParams: EquationParams = {};
  for (const [k, v] of Object.entries(params as Record<string, unknown>)) if (k !== 'reset' && (k !== 'noiseSd' || args.noise)) eqParams[PARAM_MAP[k] ?? k] = v as number | number[];
  if (model === 'izhikevich') {
    // The hand-written kernel starts u at f32(b) * f32(v0) in f32; the file's initial u is an expression of parameters only.
    const at = (x: number | number[], i: number): number => Math.fround(typeof x === 'number' ? x : x[i] as number);
    const b = eqParams.b as number | number[];
    const v0 = (eqParams.v ?? -65) as number | number[];
    eqParams.u = typeof b === 'number' && typeof v0 === 'number' ? Math.fround(at(b, 0) * at(v0, 0)) : Array.from({ length: size }, (_, i) => Math.fround(at(b, i) * at(v0, i)));
  }
  const wg = args.workgroupSize ?? 64;
  const builtin = await createPopulation(ctx, { model, size, batch, dt, params, workgroupSize: wg, name: `${model}-builtin` } as PopulationOptions);
  const custom = await createPopulation(ctx, { model: eq, size, batch, dt, params: eqParams, workgroupSize: wg, name: `${model}-equations` });
  if (builtin.seed !== custom.seed || builtin.stream !== custom.stream) throw new Error('the twins must share seed and stream (their noise draws)');
  const oracle = new EquationOracle(eq, eq.kernel.resolve('oracle', eqParams, size, dt), size, batch, 2 ** -custom.inputFractionBits, dt, 'f32', { seed: custom.seed, stream: custom.stream });
  const NB = size * batch;
  const pops: Population[] = [builtin, custom];
  const layouts = pops.map((p) => (p.neuronModel as NonNullable<Population['neuronModel']>).kernel.stateLayout);
  const usage = GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  const words = builtin.words;
  const rec = pops.map((p, j) => ({
    bits: ctx.pool.acquire({ label: `eq.bits${j}`, size: CHUNK * words * batch * 4, usage, storage: false }),
    state: ctx.pool.acquire({ label: `eq.state${j}`, size: CHUNK * NB * (layouts[j] as { stride: number }).stride, usage, storage: false }),
  }));
  const inputBuf = ctx.pool.acquire({ label: 'eq.inputs', size: CHUNK * NB * 8, usage, storage: false });
  const rand = testRandom(args.seed + 1);
  const prob = args.inputProbability ?? 0.05;
  const [excLo, excHi, inhLo, inhHi] = model === 'lifCond' ? [0, 0.02, 0, 0.05] : [0, 4, -4, 0];
  const scale = 2 ** -builtin.inputFractionBits;
  const res: EquationVsBuiltinResult = {
    steps, spikes: 0, spikeMismatches: 0, oracleMismatches: 0, method: eq.method, firstProblems: [],
    stateMismatches: Object.fromEntries((layouts[0] as { fields: readonly { name: string }[] }).fields.map((f) => [f.name, 0])),
  };
  const problem = (s: string): void => { if (res.firstProblems.length < 8) res.firstProblems.push(s); };
  const bitsOf = (x: number, i32: boolean): number => (i32 ? x : new Uint32Array(new Float32Array([x]).buffer)[0] as number);
  try {
    for (let done = 0; done < steps; done += CHUNK) {
      const chunk = Math.min(CHUNK, steps - done);
      const inputs = new Int32Array(chunk * NB * 2);
      for (let s = 0; s < chunk; s++) for (let k = 0; k < NB; k++) {
        if (rand() < prob) inputs[s * 2 * NB + k] = Math.round(uniformIn(rand, excLo, excHi) / scale);
        if (rand() < prob) inputs[(s * 2 + 1) * NB + k] = Math.round(uniformIn(rand, inhLo, inhHi) / scale);
      }
      ctx.device.queue.writeBuffer(inputBuf, 0, inputs);
      for (const [j, pop] of pops.entries()) {
        const base = pop.stepCount;
        const stride = (layouts[j] as { stride: number }).stride;
        const r = rec[j] as { bits: GPUBuffer; state: GPUBuffer };
        await pop.run(chunk, {
          before: (enc, step) => {
            const s = step - base;
            enc.copyBufferToBuffer(inputBuf, s * 2 * NB * 4, pop.buffers.inputExc!.buffer, pop.buffers.inputExc!.offset, NB * 4);
            enc.copyBufferToBuffer(inputBuf, (s * 2 + 1) * NB * 4, pop.buffers.inputInh!.buffer, pop.buffers.inputInh!.offset, NB * 4);
          },
          after: (enc, step) => {
            const s = step - base;
            enc.copyBufferToBuffer(pop.buffers.spikeBits.buffer, pop.bitsSlotOffset(step), r.bits, s * words * batch * 4, words * batch * 4);
            enc.copyBufferToBuffer(pop.buffers.state!.buffer, pop.buffers.state!.offset, r.state, s * NB * stride, NB * stride);
          },
        });
      }
      const bits = await Promise.all(rec.map(async (r) => new Uint32Array(await ctx.read(r.bits, 0, chunk * words * batch * 4))));
      const states = await Promise.all(rec.map(async (r, j) => {
        const layout = layouts[j] as Parameters<typeof unpackField>[0];
        const data = await ctx.read(r.state, 0, chunk * NB * layout.stride);
        return Object.fromEntries(layout.fields.map((f) => [f.name, unpackField(layout, data, f.name, chunk * NB)]));
      }));
      for (let s = 0; s < chunk; s++) {
        const step = done + s;
        oracle.step(inputs.subarray(s * 2 * NB, (s * 2 + 1) * NB), inputs.subarray((s * 2 + 1) * NB, (s * 2 + 2) * NB));
        for (let w = 0; w < words * batch; w++) {
          const a = (bits[0] as Uint32Array)[s * words * batch + w] as number;
          const b = (bits[1] as Uint32Array)[s * words * batch + w] as number;
          let x = a;
          while (x) { res.spikes++; x &= x - 1; }
          if (a !== b) { res.spikeMismatches++; problem(`step ${step} word ${w}: hand-written ${a.toString(2)} equations ${b.toString(2)}`); }
        }
        for (const f of (layouts[0] as { fields: readonly { name: string; type: string }[] }).fields) {
          const other = STATE_MAP[f.name] ?? f.name;
          const g0 = (states[0] as Record<string, Float64Array>)[f.name] as Float64Array;
          const g1 = (states[1] as Record<string, Float64Array>)[other] as Float64Array;
          const o = oracle.state[other] as Float32Array | Int32Array;
          for (let k = 0; k < NB; k++) {
            const i32 = f.type === 'i32';
            const x0 = g0[s * NB + k] as number;
            const x1 = g1[s * NB + k] as number;
            if (bitsOf(x0, i32) !== bitsOf(x1, i32)) { res.stateMismatches[f.name] = (res.stateMismatches[f.name] ?? 0) + 1; problem(`step ${step} ${f.name}[${k}]: hand-written ${x0}, equations ${x1}`); }
            if (bitsOf(x1, i32) !== bitsOf(o[k] as number, i32)) { res.oracleMismatches++; problem(`step ${step} ${other}[${k}]: equations kernel ${x1}, its oracle ${o[k]}`); }
          }
        }
      }
    }
  } finally {
    for (const r of rec) { ctx.pool.release(r.bits); ctx.pool.release(r.state); }
    ctx.pool.release(inputBuf);
    builtin.destroy();
    custom.destroy();
  }
  return res;
}

/** verify() on a model of the library, by name, or on a spec given in full. */
export async function equationVerify(ctx: GpuContext, args: { model: string | NeuronModelSpec; options?: VerifyOptions }): Promise<VerifyReport> {
  const spec = typeof args.model === 'string' ? (EQUATION_LIBRARY as Record<string, NeuronModelSpec>)[args.model] : args.model;
  if (!spec) throw new Error(`no equation model ${String(args.model)}`);
  return verifyNeuronModel(ctx, defineNeuronModel(spec), args.options);
}

/** Runs a library model for `durationMs` with per-neuron `params` and optional input jumps `exc` (steps x n, row-major); returns every spike. */
export async function equationRun(ctx: GpuContext, args: { model: string; n: number; dt: number; durationMs: number; params: EquationParams; exc?: number[] }): Promise<{ i: number[]; step: number[]; method: string }> {
  const spec = (EQUATION_LIBRARY as Record<string, NeuronModelSpec>)[args.model];
  if (!spec) throw new Error(`no equation model ${args.model}`);
  const model = defineNeuronModel(spec);
  const steps = Math.round(args.durationMs / args.dt);
  const n = args.n;
  const pop = await createPopulation(ctx, { model, size: n, dt: args.dt, params: args.params, name: `run-${args.model}` });
  const usage = GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  const words = pop.words;
  const bitsRec = ctx.pool.acquire({ label: 'eqrun.bits', size: CHUNK * words * 4, usage, storage: false });
  const inputBuf = ctx.pool.acquire({ label: 'eqrun.inputs', size: CHUNK * n * 4, usage, storage: false });
  const scale = 2 ** -pop.inputFractionBits;
  const out = { i: [] as number[], step: [] as number[], method: model.method };
  try {
    for (let done = 0; done < steps; done += CHUNK) {
      const chunk = Math.min(CHUNK, steps - done);
      if (args.exc) ctx.device.queue.writeBuffer(inputBuf, 0, Int32Array.from({ length: chunk * n }, (_, k) => Math.round((args.exc as number[])[done * n + k] as number / scale)));
      const base = pop.stepCount;
      await pop.run(chunk, {
        before: (enc, step) => { if (args.exc) enc.copyBufferToBuffer(inputBuf, (step - base) * n * 4, pop.buffers.inputExc!.buffer, pop.buffers.inputExc!.offset, n * 4); },
        after: (enc, step) => enc.copyBufferToBuffer(pop.buffers.spikeBits.buffer, pop.bitsSlotOffset(step), bitsRec, (step - base) * words * 4, words * 4),
      });
      const bits = new Uint32Array(await ctx.read(bitsRec, 0, chunk * words * 4));
      for (let s = 0; s < chunk; s++) for (let i = 0; i < n; i++) {
        if ((((bits[s * words + (i >> 5)] as number) >>> (i & 31)) & 1) === 1) { out.i.push(i); out.step.push(done + s); }
      }
    }
  } finally {
    ctx.pool.release(bitsRec);
    ctx.pool.release(inputBuf);
    pop.destroy();
  }
  return out;
}
