/**
 * GPU vs oracle for the neuron kernels (lif, alif, izhikevich): random per-neuron parameters,
 * random fixed-point input every step, B instances, every step's spike count, compact list,
 * bitmask and full state compared. The compact list is pre-filled with a sentinel before every
 * step (entries past the count must keep it); recording buffers are pre-filled too.
 */
import type { GpuContext } from '../../host/gpu/context';
import { unpackField } from '../../host/gpu/layout';
import { alifKernel, type AlifParams } from '../../host/kernels/alif';
import { izhikevichKernel, type IzhikevichParams } from '../../host/kernels/izhikevich';
import { lifKernel, type LifParams } from '../../host/kernels/lif';
import { lifCondKernel, type LifCondParams } from '../../host/kernels/lifCond';
import { LifCondOracle } from '../oracle/lifCond';
import { iafKernel, type IafParams } from '../../host/kernels/iaf';
import { IafOracle } from '../oracle/iaf';
import type { NeuronKernel } from '../../host/kernels/neuron-kernel';
import { createPopulation, type PopulationOptions } from '../../host/sim/population';
import { AlifOracle } from '../oracle/alif';
import { IzhikevichOracle } from '../oracle/izhikevich';
import { LifOracle } from '../oracle/lif';
import type { NeuronOracle } from '../oracle/neuron-oracle';
import { bitsOf, SENTINEL, sameSortedArrays, sentinelBuffer, testRandom, uniformIn } from './common';

export interface NeuronCaseArgs {
  model: 'lif' | 'alif' | 'izhikevich' | 'lifCond' | 'iaf';
  size: number;
  batch: number;
  steps: number;
  seed: number;
  reset?: 'hard' | 'soft';
  /** One value for the whole population (uniform params path) instead of per-neuron arrays. */
  scalarParams?: boolean;
  workgroupSize?: number;
  /** Probability per step and neuron of an input event on each channel. */
  inputProbability?: number;
  /** lif: Poisson input with random per-neuron rates (mean counts 0..20 per step, a quarter off) and weights of either sign. */
  poissonInput?: boolean;
  /**
   * After the first chunk, move params, state and bitmask into ranges 256 bytes into larger buffers
   * (Population.moveInto, as a Simulator's neuron group does): the rest must still match the oracle.
   */
  moveIntoArenas?: boolean;
}

export interface NeuronCaseResult {
  steps: number;
  spikes: number;
  /** Spike differences not explained by a near-threshold value. Must be 0. */
  mismatches: number;
  /** Spike differences where the oracle's value was within flipTolerance of threshold (reported, then resynced). */
  nearThresholdFlips: number;
  flipTolerance: number;
  /** Output words still holding the sentinel where the kernel must write, or written beyond the spike count. */
  sentinelViolations: number;
  /** Steps whose bitmask disagrees with the compact list. */
  bitsMismatches: number;
  /** Largest |gpu - oracle| per state field over all steps. */
  maxAbsError: Record<string, number>;
  /** Declared tolerance per state field. */
  tolerance: Record<string, number>;
  toleranceViolations: number;
  firstProblems: string[];
}

const CHUNK = 200;

export function randomParams(args: NeuronCaseArgs): { params: LifParams | AlifParams | IzhikevichParams | LifCondParams | IafParams; dt: number } {
  const r = testRandom(args.seed);
  const n = args.size;
  const arr = (g: () => number): number[] | number => (args.scalarParams ? g() : Array.from({ length: n }, g));
  if (args.model === 'izhikevich') {
    // As in Izhikevich 2003 net.m: excitatory a=.02 b=.2 c=-65+15r^2 d=8-6r^2; inhibitory a=.02+.08r b=.25-.05r c=-65 d=2.
    const cells = Array.from({ length: args.scalarParams ? 1 : n }, () => {
      const x = r();
      return r() < 0.8 ? { a: 0.02, b: 0.2, c: -65 + 15 * x * x, d: 8 - 6 * x * x } : { a: 0.02 + 0.08 * x, b: 0.25 - 0.05 * x, c: -65, d: 2 };
    });
    const pick = (k: 'a' | 'b' | 'c' | 'd') => (args.scalarParams ? (cells[0] as Record<string, number>)[k] as number : cells.map((c) => c[k]));
    // Noise as the paper's thalamic input (sd 5 or 2), off for some neurons.
    const noiseSd = arr(() => (r() < 0.25 ? 0 : uniformIn(r, 0, 5)));
    return { params: { a: pick('a'), b: pick('b'), c: pick('c'), d: pick('d'), biasCurrent: arr(() => uniformIn(r, 0, 12)), v0: arr(() => uniformIn(r, -70, -55)), noiseSd }, dt: 0.5 };
  }
  if (args.model === 'lifCond') {
    const vRestC = arr(() => uniformIn(r, -70, -55));
    const atC = (x: number[] | number, i: number) => (typeof x === 'number' ? x : (x[i] as number));
    const tauMem = arr(() => uniformIn(r, 10, 30));
    const cMem = arr(() => uniformIn(r, 0.1, 0.3));
    return {
      params: {
        tauMem, cMem, vRest: vRestC,
        vThreshold: typeof vRestC === 'number' ? vRestC + 10 : vRestC.map((v) => v + uniformIn(r, 6, 14)),
        vReset: typeof vRestC === 'number' ? vRestC - 2 : vRestC.map((v) => v - uniformIn(r, 0, 5)),
        eExc: 0, eInh: -80, tauSynExc: arr(() => uniformIn(r, 2, 8)), tauSynInh: arr(() => uniformIn(r, 5, 15)),
        refractoryMs: arr(() => uniformIn(r, 0, 3)),
        // Bias around rheobase: gLeak * distance to threshold (nA).
        biasCurrent: typeof cMem === 'number' ? (cMem / (tauMem as number)) * 24 : cMem.map((c, i) => (c / atC(tauMem, i)) * uniformIn(r, 4, 16)),
        reset: args.reset ?? 'hard',
      },
      dt: 0.1,
    };
  }
  if (args.model === 'iaf') {
    const vReset = arr(() => uniformIn(r, -5, 0));
    const atI = (x: number[] | number, i: number) => (typeof x === 'number' ? x : (x[i] as number));
    return {
      params: {
        cm: arr(() => uniformIn(r, 0.5, 2)), vReset, vThreshold: typeof vReset === 'number' ? vReset + 10 : vReset.map((v) => v + uniformIn(r, 5, 15)),
        // A bias that crosses threshold within tens of steps for some neurons, a negative one for others.
        biasCurrent: arr(() => uniformIn(r, -0.5, 2)), refractoryMs: arr(() => uniformIn(r, 0, 3)),
        tauSynExc: arr(() => (r() < 0.3 ? 0 : uniformIn(r, 1, 10))), tauSynInh: arr(() => (r() < 0.3 ? 0 : uniformIn(r, 2, 15))),
        v0: typeof vReset === 'number' ? vReset : vReset.map((v, i) => v + uniformIn(r, 0, 5) * (atI(vReset, i) < -2 ? 1 : 0.5)),
        reset: args.reset ?? 'hard',
      },
      dt: 0.25,
    };
  }
  const vRest = arr(() => uniformIn(r, -75, -60));
  const at = (x: number[] | number, i: number) => (typeof x === 'number' ? x : (x[i] as number));
  const gap = arr(() => uniformIn(r, 8, 20));
  const rMem = arr(() => uniformIn(r, 0.5, 2));
  const p: LifParams = {
    tauMem: arr(() => uniformIn(r, 5, 40)),
    vRest,
    vThreshold: typeof vRest === 'number' ? vRest + (gap as number) : vRest.map((v, i) => v + at(gap, i)),
    vReset: typeof vRest === 'number' ? vRest - 2 : vRest.map((v) => v - uniformIn(r, 0, 5)),
    rMem,
    biasCurrent: typeof gap === 'number' ? (gap / (rMem as number)) * 1.6 : gap.map((g, i) => (g / at(rMem, i)) * uniformIn(r, 0.6, 1.6)),
    refractoryMs: arr(() => uniformIn(r, 0, 3)),
    tauSynExc: arr(() => (r() < 0.2 ? 0 : uniformIn(r, 1, 10))),
    tauSynInh: arr(() => (r() < 0.2 ? 0 : uniformIn(r, 2, 15))),
    reset: args.reset ?? 'hard',
  };
  if (args.poissonInput === true) {
    // Mean counts per step up to 20 (the limit) at dt = 0.25 ms: rate = lambda / dt * 1000.
    p.poissonRateHz = arr(() => (r() < 0.25 ? 0 : uniformIn(r, 0, 20) * 4000));
    p.poissonWeight = arr(() => uniformIn(r, -0.3, 0.5));
  }
  if (args.model === 'alif') {
    return { params: { ...p, tauAdapt: arr(() => uniformIn(r, 50, 500)), beta: arr(() => uniformIn(r, 0, 300)) }, dt: 0.25 };
  }
  return { params: p, dt: 0.25 };
}

export async function neuronVsOracle(ctx: GpuContext, args: NeuronCaseArgs): Promise<NeuronCaseResult> {
  const { model, size, batch, steps } = args;
  const { params, dt } = randomParams(args);
  const kernel = { lif: lifKernel, alif: alifKernel, izhikevich: izhikevichKernel, lifCond: lifCondKernel, iaf: iafKernel }[model] as NeuronKernel<unknown>;
  const pop = await createPopulation(ctx, { model, size, batch, dt, params, workgroupSize: args.workgroupSize ?? 64, name: `${model}-oracle` } as PopulationOptions);
  const resolved = kernel.resolve('oracle', params, size, dt);
  const scale = 2 ** -pop.inputFractionBits;
  const soft = args.reset === 'soft';
  const oracle: NeuronOracle = model === 'lif' ? new LifOracle(resolved, size, batch, scale, soft)
    : model === 'alif' ? new AlifOracle(resolved, size, batch, scale, soft)
    : model === 'lifCond' ? new LifCondOracle(resolved, size, batch, scale, soft)
    : model === 'iaf' ? new IafOracle(resolved, size, batch, scale, soft)
      : new IzhikevichOracle(resolved, size, batch, scale, dt);
  const layout = kernel.stateLayout;
  // Every neuron kernel is documented bit-identical to its oracle on both runtimes (README,
  // docs/testing.md): every state variable must agree exactly, every step. A spike that differs where
  // the oracle sat within flipTolerance of threshold is still reported apart as a near-threshold flip.
  const tolerance: Record<string, number> = Object.fromEntries(kernel.stateLayout.fields.map((f) => [f.name, 0]));
  const flipTolerance = model === 'izhikevich' ? 1e-3 : 1e-4;
  const words = pop.words;
  const NB = size * batch;
  const usage = GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  const sentinelList = sentinelBuffer(ctx, 'test.sentinelList', NB, 0);
  const countRec = sentinelBuffer(ctx, 'test.countRec', CHUNK * batch, 0);
  const listRec = sentinelBuffer(ctx, 'test.listRec', CHUNK * NB, 0);
  const bitsRec = sentinelBuffer(ctx, 'test.bitsRec', CHUNK * words * batch, 0);
  const stateRec = ctx.pool.acquire({ label: 'test.stateRec', size: CHUNK * NB * layout.stride, usage, storage: false });
  const inputBuf = ctx.pool.acquire({ label: 'test.inputs', size: CHUNK * NB * 8, usage, storage: false });
  const rand = testRandom(args.seed + 1);
  const prob = args.inputProbability ?? 0.05;
  // lifCond inputs are conductance jumps (uS, >= 0 on both channels).
  const [excLo, excHi, inhLo] = model === 'izhikevich' ? [0, 12, -6] : model === 'lifCond' ? [0, 0.02, 0] : [0, 4, -4];
  const res: NeuronCaseResult = {
    steps, spikes: 0, mismatches: 0, nearThresholdFlips: 0, flipTolerance, sentinelViolations: 0, bitsMismatches: 0,
    maxAbsError: Object.fromEntries(layout.fields.map((fl) => [fl.name, 0])), tolerance, toleranceViolations: 0, firstProblems: [],
  };
  const problem = (s: string) => { if (res.firstProblems.length < 8) res.firstProblems.push(s); };

  const arenas: GPUBuffer[] = [];
  for (let done = 0; done < steps; done += CHUNK) {
    if (args.moveIntoArenas && done === CHUNK) {
      const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
      const range = (label: string, size: number, extra = 0) => {
        const buffer = ctx.pool.acquire({ label, size: 256 + size + 256, usage: storage | extra });
        arenas.push(buffer);
        return { buffer, offset: 256, size };
      };
      const b = pop.buffers;
      pop.moveInto({ params: range('test.paramsArena', b.params.size, GPUBufferUsage.UNIFORM), state: range('test.stateArena', b.state!.size), spikeBits: range('test.bitsArena', b.spikeBits.size) });
    }
    const chunk = Math.min(CHUNK, steps - done);
    // Inputs for this chunk: [step][exc|inh][b*size+i] as i32 fixed point.
    const inputs = new Int32Array(chunk * NB * 2);
    for (let s = 0; s < chunk; s++) for (let k = 0; k < NB; k++) {
      if (rand() < prob) inputs[(s * 2) * NB + k] = Math.round(uniformIn(rand, excLo, excHi) / scale);
      if (rand() < prob) inputs[(s * 2 + 1) * NB + k] = Math.round((model === 'lifCond' ? uniformIn(rand, 0, 0.05) : uniformIn(rand, inhLo, 0)) / scale);
    }
    ctx.device.queue.writeBuffer(inputBuf, 0, inputs);
    const base = pop.stepCount;
    await pop.run(chunk, {
      before: (enc, step) => {
        const s = step - base;
        enc.copyBufferToBuffer(inputBuf, (s * 2) * NB * 4, pop.buffers.inputExc!.buffer, pop.buffers.inputExc!.offset, NB * 4);
        enc.copyBufferToBuffer(inputBuf, (s * 2 + 1) * NB * 4, pop.buffers.inputInh!.buffer, pop.buffers.inputInh!.offset, NB * 4);
        enc.copyBufferToBuffer(sentinelList, 0, pop.buffers.spikeList.buffer, pop.buffers.spikeList.offset, NB * 4);
      },
      after: (enc, step) => {
        const s = step - base;
        enc.copyBufferToBuffer(pop.buffers.spikeCount, pop.countSlotOffset(step), countRec, s * batch * 4, batch * 4);
        enc.copyBufferToBuffer(pop.buffers.spikeList.buffer, pop.buffers.spikeList.offset, listRec, s * NB * 4, NB * 4);
        enc.copyBufferToBuffer(pop.buffers.spikeBits.buffer, pop.bitsSlotOffset(step), bitsRec, s * words * batch * 4, words * batch * 4);
        enc.copyBufferToBuffer(pop.buffers.state!.buffer, pop.buffers.state!.offset, stateRec, s * NB * layout.stride, NB * layout.stride);
      },
    });
    const counts = new Uint32Array(await ctx.read(countRec, 0, chunk * batch * 4));
    const lists = new Uint32Array(await ctx.read(listRec, 0, chunk * NB * 4));
    const bits = new Uint32Array(await ctx.read(bitsRec, 0, chunk * words * batch * 4));
    const stateData = await ctx.read(stateRec, 0, chunk * NB * layout.stride);
    const fieldValues = Object.fromEntries(layout.fields.map((fl) => [fl.name, unpackField(layout, stateData, fl.name, chunk * NB)]));

    for (let s = 0; s < chunk; s++) {
      const step = done + s;
      const exc = inputs.subarray((s * 2) * NB, (s * 2 + 1) * NB);
      const inh = inputs.subarray((s * 2 + 1) * NB, (s * 2 + 2) * NB);
      const expected = oracle.step(exc, inh);
      for (let b = 0; b < batch; b++) {
        const count = counts[s * batch + b] as number;
        if (count > size) {
          res.sentinelViolations++;
          problem(`step ${step} instance ${b}: spike count ${count} > size`);
          continue;
        }
        const listBase = s * NB + b * size;
        const got = Array.from(lists.subarray(listBase, listBase + count)).sort((x, y) => x - y);
        for (let k = count; k < size; k++) if (lists[listBase + k] !== SENTINEL) { res.sentinelViolations++; problem(`step ${step} b ${b}: list[${k}] written beyond count`); break; }
        const gotBits = bits.subarray((s * batch + b) * words, (s * batch + b + 1) * words);
        if (!sameSortedArrays(Array.from(gotBits), Array.from(bitsOf(got, words)))) {
          res.bitsMismatches++;
          problem(`step ${step} b ${b}: bitmask disagrees with list`);
        }
        const exp = expected[b] as number[];
        res.spikes += got.length;
        if (!sameSortedArrays(got, exp)) {
          const all = new Set([...got, ...exp]);
          for (const i of all) {
            if (got.includes(i) === exp.includes(i)) continue;
            const k = b * size + i;
            const margin = oracle.margin[k] as number;
            if (Math.abs(margin) <= flipTolerance) {
              res.nearThresholdFlips++;
              problem(`step ${step} b ${b} neuron ${i}: near-threshold flip (oracle margin ${margin.toExponential(2)}), resynced`);
              for (const fl of layout.fields) (oracle.state[fl.name] as Float32Array | Int32Array)[k] = (fieldValues[fl.name] as Float64Array)[s * NB + k] as number;
            } else {
              res.mismatches++;
              problem(`step ${step} b ${b} neuron ${i}: gpu ${got.includes(i) ? 'spiked' : 'silent'}, oracle ${exp.includes(i) ? 'spiked' : 'silent'} (margin ${margin})`);
            }
          }
        }
      }
      for (const fl of layout.fields) {
        const g = fieldValues[fl.name] as Float64Array;
        const o = oracle.state[fl.name] as Float32Array | Int32Array;
        const tol = tolerance[fl.name] ?? 0;
        let worst = res.maxAbsError[fl.name] ?? 0;
        for (let k = 0; k < NB; k++) {
          const err = Math.abs((g[s * NB + k] as number) - (o[k] as number));
          if (!(err <= tol)) {
            res.toleranceViolations++;
            problem(`step ${step} ${fl.name}[${k}]: gpu ${g[s * NB + k]} oracle ${o[k]}`);
          }
          if (err > worst || Number.isNaN(err)) worst = Number.isNaN(err) ? Infinity : err;
        }
        res.maxAbsError[fl.name] = worst;
      }
    }
  }
  if (args.moveIntoArenas && (arenas.length !== 3 || pop.buffers.state!.buffer !== arenas[1] || pop.bitsSlotOffset(0) !== 256)) {
    res.mismatches++;
    problem('the population did not move into the arena ranges');
  }
  for (const b of [sentinelList, countRec, listRec, bitsRec, stateRec, inputBuf, ...arenas]) ctx.pool.release(b);
  pop.destroy();
  return res;
}
