/** GPU cases of the consolidation kernel: each pass against the oracle, and inside a Trainer. */
import type { GpuContext } from '../../host/gpu/context';
import { ConsolidationOp, consolidationBuffers, resolveConsolidation, type ConsolidationOptions } from '../../host/kernels/consolidation';
import { permuteFeatures, type Dataset } from '../../host/train/dataset';
import type { TrainerOptions } from '../../host/train/options';
import { randman, splitDataset } from '../../host/train/randman';
import { randmanRecipe } from '../../host/train/recipes';
import { Trainer } from '../../host/train/trainer';
import { yinYang } from '../../host/train/yinyang';
import type { TrainNetworkSpec } from '../../host/train/network';
import { consolidationOracle, type ConsolidationState } from '../oracle/consolidation';
import { errorRecorder } from './common';

const rand = (n: number, seed: number, scale = 1) => Float32Array.from({ length: n }, (_, i) => Math.fround(Math.sin(seed * 1000 + i * 12.9898) * 43758.5453 % 1 * scale));

/** Mismatch count and the largest relative difference of two arrays. */
function compare(gpu: Float32Array, want: Float32Array): { mismatches: number; maxRel: number } {
  let mismatches = 0;
  let maxRel = 0;
  for (let e = 0; e < want.length; e++) {
    if (!Object.is(gpu[e], want[e])) mismatches++;
    maxRel = Math.max(maxRel, Math.abs(gpu[e]! - want[e]!) / Math.max(1e-30, Math.abs(want[e]!)));
  }
  return { mismatches, maxRel };
}

/** Every pass of both methods on random buffers (count not a multiple of the workgroup), vs the oracle. */
export async function consolidationVsOracle(ctx: GpuContext, a: { count: number; strength: number; damping: number }): Promise<unknown> {
  const results: Record<string, { mismatches: number; maxRel: number }> = {};
  for (const method of ['si', 'ewc'] as const) {
    const r = resolveConsolidation({ method, strength: a.strength, ...(method === 'si' ? { damping: a.damping } : {}) });
    const n = a.count;
    const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    const s: ConsolidationState = { P: rand(n, 1), G: rand(n, 2, 0.1), Omega: rand(n, 3, 5).map(Math.abs), Pstar: rand(n, 4) };
    if (method === 'si') Object.assign(s, { omega: rand(n, 5, 0.01), Pprev: rand(n, 6), Gtask: rand(n, 7) });
    const P = ctx.pool.createWithData('test.P', usage, s.P);
    const G = ctx.pool.createWithData('test.G', usage, s.G);
    const bufs = Object.fromEntries(consolidationBuffers(method).map((name) => [name, ctx.pool.createWithData(`test.${name}`, usage, (s as unknown as Record<string, Float32Array>)[name]!)]));
    const op = await ConsolidationOp.create(ctx, r, n, P, G, bufs);
    ctx.device.queue.writeBuffer(bufs.Pstar!, 0, s.Pstar as Float32Array<ArrayBuffer>); // create() anchored P* at P: back to the random P*
    const run = async (pass: 'penalty' | 'path' | 'si' | 'fisher' | 'anchor') => {
      const encoder = ctx.device.createCommandEncoder();
      const p = encoder.beginComputePass();
      op.pass(pass)!.encode(p);
      p.end();
      ctx.device.queue.submit([encoder.finish()]);
      consolidationOracle(s, pass, { lambda: r.strength, xi: r.damping, scale: pass === 'fisher' ? 1 / 3 : 1 });
      for (const [name, buffer] of [['G', G], ...Object.entries(bufs)] as [string, GPUBuffer][]) {
        const got = new Float32Array(await ctx.read(buffer, 0, 4 * n));
        results[`${method}.${pass}.${name}`] = compare(got, (s as unknown as Record<string, Float32Array>)[name]!);
      }
    };
    await run('penalty');
    if (method === 'si') {
      // An "update" moves P, then the path integral, then a consolidation.
      s.P = rand(n, 8);
      ctx.device.queue.writeBuffer(P, 0, s.P as Float32Array<ArrayBuffer>);
      await run('path');
      await run('si');
    } else {
      op.setFisherScale(1 / 3);
      await run('fisher');
      await run('fisher');
      await run('anchor');
    }
    op.release();
    for (const b of [P, G, ...Object.values(bufs)]) ctx.pool.release(b);
  }
  return results;
}

const SPEC: TrainNetworkSpec = { inputs: 4, hidden: [{ size: 24, params: { tauMem: 10, tauSyn: 5 } }], readout: { size: 3, params: { tauMem: 20, tauSyn: 5 } } };
const base = { steps: 20, batchSize: 32, seed: 2, initGain: 3, optimizer: { kind: 'adam' as const, lr: 5e-3 } };

/**
 * Consolidation inside a Trainer, checked against the oracle on read-back buffers: strength 0 changes
 * nothing; SI's path integral after one update; SI's consolidation; the penalty in the gradient; EWC's
 * squared-gradient importance from the batches' gradients.
 */
export async function consolidationInTrainer(ctx: GpuContext): Promise<unknown> {
  const data = yinYang({ size: 96, seed: 4 });
  const batch = yinYang({ size: 32, seed: 5 });
  const flat = (r: Record<string, Float32Array>) => Float32Array.from(Object.values(r).flatMap((x) => Array.from(x)));
  const out: Record<string, unknown> = {};
  const made: Trainer[] = [];
  const trainer = async (extra: object) => {
    const t = await Trainer.create(ctx, SPEC, { ...base, ...extra });
    made.push(t);
    return t;
  };
  try {
    // 1. strength 0: the same weights as without consolidation, bit for bit.
    const plain = await trainer({});
    const zero = await trainer({ consolidation: { method: 'si', strength: 0 } });
    await plain.fit(data, { epochs: 2 });
    await zero.fit(data, { epochs: 2 });
    out.zeroStrength = compare(flat(await zero.getWeights()), flat(await plain.getWeights()));
    // 2. SI's path integral after one update of one batch: omega = -g (P1 - P0).
    const si = await trainer({ consolidation: { method: 'si', strength: 2, damping: 0.01 } });
    const P0 = flat(await si.getWeights());
    const g = flat((await si.gradientsOf(batch, Array.from({ length: 32 }, (_, i) => i))).gradients);
    await si.fit(batch, { epochs: 1, shuffle: false });
    const P1 = flat(await si.getWeights());
    const state = await si.getImportance();
    const wantOmega = P0.map((_, e) => Math.fround(0 - Math.fround(g[e]! * Math.fround(P1[e]! - P0[e]!))));
    out.pathIntegral = compare(flat(state.pathIntegral!), wantOmega);
    out.pathIntegralNonZero = flat(state.pathIntegral!).filter((x) => x !== 0).length;
    // 3. SI consolidation: Omega += max(0, omega / ((P - P*)^2 + xi)); omega = 0; P* = P.
    await si.fit(data, { epochs: 1 });
    const before = await si.getImportance();
    const P = flat(await si.getWeights());
    await si.consolidate();
    const after = await si.getImportance();
    const s: ConsolidationState = { P, G: new Float32Array(P.length), Omega: flat(before.importance), Pstar: flat(before.anchor), omega: flat(before.pathIntegral!), Pprev: new Float32Array(P.length), Gtask: new Float32Array(P.length) };
    consolidationOracle(s, 'si', { lambda: 2, xi: 0.01, scale: 1 });
    out.siImportance = compare(flat(after.importance), s.Omega);
    out.siAnchor = compare(flat(after.anchor), P);
    out.siOmegaCleared = flat(after.pathIntegral!).every((x) => x === 0);
    out.importancePositive = flat(after.importance).filter((x) => x > 0).length;
    out.parameters = P.length;
    // 3b. Saved and loaded: the same importance and anchor, and the same gradient (penalty included).
    const back = await Trainer.load(ctx, await si.save());
    made.push(back);
    const restored = await back.getImportance();
    out.savedImportance = compare(flat(restored.importance), flat(after.importance));
    out.savedAnchor = compare(flat(restored.anchor), flat(after.anchor));
    const idx = Array.from({ length: 32 }, (_, i) => i);
    out.savedGradient = compare(flat((await back.gradientsOf(batch, idx)).gradients), flat((await si.gradientsOf(batch, idx)).gradients));
    // 4. The penalty: gradient with consolidation = task gradient + lambda Omega (P - P*) (the task gradient from a twin without consolidation).
    await si.fit(data, { epochs: 1 });
    const w = await si.getWeights();
    const twin = await trainer({});
    twin.setWeights(w);
    const gWith = flat((await si.gradientsOf(batch, Array.from({ length: 32 }, (_, i) => i))).gradients);
    const gTask = flat((await twin.gradientsOf(batch, Array.from({ length: 32 }, (_, i) => i))).gradients);
    const st = await si.getImportance();
    const pen: ConsolidationState = { P: flat(w), G: Float32Array.from(gTask), Omega: flat(st.importance), Pstar: flat(st.anchor) };
    consolidationOracle(pen, 'penalty', { lambda: 2, xi: 0.01, scale: 1 });
    out.penalty = compare(gWith, pen.G);
    out.penaltyChanged = gWith.filter((x, e) => x !== gTask[e]).length;
    // 5. EWC: Omega = sum over the data's batches of g^2 / batches (Omega was 0); P* = P.
    const ewc = await trainer({ consolidation: { method: 'ewc', strength: 1 } });
    await ewc.fit(data, { epochs: 1 });
    const Pe = flat(await ewc.getWeights());
    const fisher: ConsolidationState = { P: Pe, G: new Float32Array(Pe.length), Omega: new Float32Array(Pe.length), Pstar: new Float32Array(Pe.length) };
    for (let k = 0; k < 3; k++) {
      fisher.G = flat((await ewc.gradientsOf(data, Array.from({ length: 32 }, (_, i) => 32 * k + i))).gradients);
      consolidationOracle(fisher, 'fisher', { lambda: 1, xi: 1, scale: 1 / 3 });
    }
    await ewc.consolidate(data);
    const e = await ewc.getImportance();
    out.ewcImportance = compare(flat(e.importance), fisher.Omega);
    out.ewcAnchor = compare(flat(e.anchor), Pe);
    out.ewcNoPathIntegral = e.pathIntegral === undefined;
    out.memory = { plain: plain.memoryBytes, si: si.memoryBytes, ewc: ewc.memoryBytes };
  } finally {
    for (const t of made) t.destroy();
  }
  return out;
}

/** Bad input around consolidation: each call's error name and message. */
export async function consolidationBadInput(ctx: GpuContext): Promise<unknown> {
  const { out, attempt } = errorRecorder();
  const data = yinYang({ size: 32, seed: 1 });
  await attempt('method', () => Trainer.create(ctx, SPEC, { ...base, consolidation: { method: 'l2' as never, strength: 1 } }));
  await attempt('strength', () => Trainer.create(ctx, SPEC, { ...base, consolidation: { method: 'si', strength: -1 } }));
  await attempt('damping with ewc', () => Trainer.create(ctx, SPEC, { ...base, consolidation: { method: 'ewc', strength: 1, damping: 0.1 } }));
  const none = await Trainer.create(ctx, SPEC, base);
  const si = await Trainer.create(ctx, SPEC, { ...base, consolidation: { method: 'si', strength: 1 } });
  const ewc = await Trainer.create(ctx, SPEC, { ...base, consolidation: { method: 'ewc', strength: 1 } });
  try {
    await attempt('no consolidation', () => none.consolidate());
    await attempt('before training', () => si.consolidate());
    await si.fit(data, { epochs: 1 });
    await attempt('si with data', () => si.consolidate(data));
    await si.consolidate();
    await attempt('twice', () => si.consolidate());
    await ewc.fit(data, { epochs: 1 });
    await attempt('ewc without data', () => ewc.consolidate());
    await attempt('importance without consolidation', () => none.getImportance());
  } finally {
    none.destroy();
    si.destroy();
    ewc.destroy();
  }
  return out;
}

/** The demonstration's tasks (the spec's and the benchmark's): Randman, 4 classes, 30 spike-train inputs, 40 steps. */
export const CONTINUAL_TASK = { classes: 4, units: 30, steps: 40, samplesPerClass: 100, seed: 11 };

/** Permuted Randman tasks: task 0 a Randman dataset, task k its inputs permuted (seed k); [train, test] each. */
export function permutedRandmanTasks(count: number, o: { classes: number; units: number; steps: number; samplesPerClass: number; seed: number }): [Dataset, Dataset][] {
  const [train, test] = splitDataset(randman({ classes: o.classes, units: o.units, steps: o.steps, manifoldDim: 1, samplesPerClass: o.samplesPerClass, seed: o.seed }), 0.75);
  return Array.from({ length: count }, (_, k) => (k === 0 ? [train, test] : [permuteFeatures(train, k), permuteFeatures(test, k)]));
}

/**
 * Trains one network on the tasks one after another (`epochs` each; with consolidation, consolidate()
 * at every task boundary), and returns the test accuracy of every task after each phase
 * (accuracy[phase][task]); 'joint' trains once on all the tasks' samples together (the upper bound).
 */
export async function sequentialTasks(ctx: GpuContext, tasks: [Dataset, Dataset][], spec: TrainNetworkSpec, options: TrainerOptions, epochs: number, joint = false): Promise<{ accuracy: number[][]; seconds: number; memoryBytes: number }> {
  const t0 = performance.now();
  const trainer = await Trainer.create(ctx, spec, options);
  try {
    const accuracy: number[][] = [];
    const evaluate = async () => accuracy.push(await Promise.all(tasks.map(async ([, test]) => (await trainer.evaluate(test)).accuracy)));
    if (joint) {
      await trainer.fit(concatDatasets(tasks.map(([train]) => train)), { epochs });
      await evaluate();
    } else {
      for (const [train] of tasks) {
        await trainer.fit(train, { epochs });
        await evaluate();
        if (options.consolidation) await trainer.consolidate(options.consolidation.method === 'ewc' ? train : undefined);
      }
    }
    return { accuracy, seconds: (performance.now() - t0) / 1000, memoryBytes: trainer.memoryBytes };
  } finally {
    trainer.destroy();
  }
}

function concatDatasets(ds: Dataset[]): Dataset {
  const cat = <T extends Float32Array | Uint32Array>(make: (n: number) => T, parts: T[]): T => {
    const out = make(parts.reduce((a, p) => a + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  };
  return {
    ...ds[0]!, size: ds.reduce((a, d) => a + d.size, 0),
    inputs: cat((n) => new Float32Array(n), ds.map((d) => d.inputs)), labels: cat((n) => new Uint32Array(n), ds.map((d) => d.labels)),
  };
}

/** The small continual-learning demonstration of the spec: `count` permuted Randman tasks, with and without consolidation. */
export async function continualLearning(ctx: GpuContext, a: { count: number; epochs: number; consolidation?: ConsolidationOptions }): Promise<unknown> {
  const tasks = permutedRandmanTasks(a.count, CONTINUAL_TASK);
  const r = randmanRecipe(CONTINUAL_TASK.units, CONTINUAL_TASK.classes, CONTINUAL_TASK.steps);
  const options = { ...r.options(1, a.epochs, tasks[0]![0].size), ...(a.consolidation ? { consolidation: a.consolidation } : {}) };
  return sequentialTasks(ctx, tasks, r.spec, options, a.epochs);
}
