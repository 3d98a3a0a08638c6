/** GPU cases of the willshaw kernel (AssociativeMemory): equality with the oracle, one-shot recall, bad input. */
import type { GpuContext } from '../../host/gpu/context';
import { AssociativeMemory, randomSparsePatterns } from '../../host/learn/associative-memory';
import { willshawRecallOracle, willshawStoreOracle } from '../oracle/willshaw';
import { errorRecorder } from './common';

/**
 * Random hetero-associative pairs (inputs and outputs not multiples of 32) stored in two calls, then
 * cues (halves of stored x's, random cues, a dense one) recalled with the cue threshold and a fixed
 * one: weights words, sums and outputs against the oracle, exactly. `pairs` large overloads the memory.
 */
export async function willshawVsOracle(ctx: GpuContext, a: { inputs: number; outputs: number; kIn: number; kOut: number; pairs: number; seed: number }): Promise<unknown> {
  const xs = randomSparsePatterns(a.inputs, a.kIn, a.pairs, a.seed);
  const ys = randomSparsePatterns(a.outputs, a.kOut, a.pairs, a.seed + 1);
  const pairs = xs.map((x, p) => ({ x, y: ys[p]! }));
  const mem = await AssociativeMemory.create(ctx, { inputs: a.inputs, outputs: a.outputs });
  try {
    const half = Math.floor(pairs.length / 2);
    await mem.store(pairs.slice(0, half));
    await mem.store(pairs.slice(half).map((p) => ({ x: Array.from(p.x), y: p.y })));
    const W = new Uint32Array(a.inputs * Math.ceil(a.outputs / 32));
    willshawStoreOracle(W, a.outputs, pairs);
    const got = await mem.weights();
    const wordMismatches = got.reduce((m, w, e) => m + (w === W[e] ? 0 : 1), 0);
    const dense = new Uint8Array(a.inputs);
    for (const i of xs[0]!.subarray(0, 3)) dense[i] = 1;
    const cues: (Uint32Array | Uint8Array)[] = [...xs.slice(0, 20).map((x) => x.subarray(0, Math.ceil(x.length / 2))), ...randomSparsePatterns(a.inputs, a.kIn, 5, a.seed + 2), dense];
    let recallMismatches = 0;
    let activeTotal = 0;
    for (const theta of [0, 2]) {
      const rec = await mem.recall(cues, theta === 0 ? {} : { threshold: theta });
      rec.forEach((r, q) => {
        const cue = cues[q] instanceof Uint8Array ? Array.from(cues[q]!).flatMap((v, i) => (v ? [i] : [])) : Array.from(cues[q]!);
        const o = willshawRecallOracle(W, a.outputs, cue, theta);
        const want = Array.from(o.active).flatMap((v, j) => (v ? [j] : []));
        if (r.sums.some((s, j) => s !== o.sums[j]) || Array.from(r.active).join() !== want.join()) recallMismatches++;
        activeTotal += r.active.length;
      });
    }
    return { wordMismatches, words: got.length, recallMismatches, recalls: 2 * cues.length, activeTotal, load: await mem.load(), stored: mem.stored };
  } finally {
    mem.destroy();
  }
}

/** One shot each: `pairs` random pairs stored once; every one recalled from half of its x (auto- or hetero-association). */
export async function willshawOneShot(ctx: GpuContext, a: { units: number; active: number; pairs: number; hetero: boolean; seed: number }): Promise<unknown> {
  const xs = randomSparsePatterns(a.units, a.active, a.pairs, a.seed);
  const ys = a.hetero ? randomSparsePatterns(a.units, a.active, a.pairs, a.seed + 1) : xs;
  const mem = await AssociativeMemory.create(ctx, { inputs: a.units });
  try {
    await mem.store(xs.map((x, p) => (a.hetero ? { x, y: ys[p]! } : { x })));
    const rec = await mem.recall(xs.map((x) => x.subarray(0, a.active / 2)));
    let perfect = 0;
    let spurious = 0;
    let missed = 0;
    rec.forEach((r, p) => {
      const want = new Set(ys[p]!);
      const got = new Set(r.active);
      const miss = [...want].filter((j) => !got.has(j)).length;
      const spur = [...got].filter((j) => !want.has(j)).length;
      missed += miss;
      spurious += spur;
      if (miss === 0 && spur === 0) perfect++;
    });
    return { perfect, spurious, missed, pairs: a.pairs, load: await mem.load() };
  } finally {
    mem.destroy();
  }
}

/** Bad input: each call's error name and message. */
export async function willshawBadInput(ctx: GpuContext): Promise<unknown> {
  const { out, attempt } = errorRecorder();
  await attempt('inputs 0', () => AssociativeMemory.create(ctx, { inputs: 0 }));
  await attempt('too large', () => AssociativeMemory.create(ctx, { inputs: 65536, outputs: 65536 }));
  const mem = await AssociativeMemory.create(ctx, { inputs: 10, outputs: 8 });
  try {
    await attempt('index out of range', () => mem.store([{ x: [1, 10], y: [0] }]));
    await attempt('repeated index', () => mem.store([{ x: [1, 1], y: [0] }]));
    await attempt('missing y', () => mem.store([{ x: [1, 2] }]));
    await attempt('dense cue of the wrong length', () => mem.recall([new Uint8Array(9)]));
    await attempt('empty cue', () => mem.recall([[]]));
    await attempt('no cues', () => mem.recall([]));
    await attempt('threshold 0', () => mem.recall([[1]], { threshold: 0 }));
    await attempt('winners', () => mem.recall([[1]], { threshold: { winners: 9 } }));
  } finally {
    mem.destroy();
  }
  await attempt('after destroy', () => mem.recall([[1]]));
  return out;
}
