/** Helpers shared by the GPU-vs-oracle cases: seeded test randomness, sentinels, buffer utilities. */
import type { GpuContext } from '../../host/gpu/context';
import { randomWords, uniform01 } from '../../host/random/philox';
import type { RunResult } from '../../host/sim/simulator';

/** Written into every output before a kernel runs (as the WebGPU CTS does), so unwritten words show. */
export const SENTINEL = 0xbaadf00d;

/** A deterministic stream of floats in [0, 1) for generating test inputs (Philox, stream 0xTE57). */
export function testRandom(seed: number): () => number {
  let n = 0;
  return () => uniform01(randomWords(seed, 0x7e57, 0, n++)[0]);
}

export function uniformIn(rand: () => number, lo: number, hi: number): number {
  return lo + (hi - lo) * rand();
}

export function sentinelBuffer(ctx: GpuContext, label: string, words: number, usage: GPUBufferUsageFlags): GPUBuffer {
  return ctx.pool.createWithData(label, usage | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST, new Uint32Array(words).fill(SENTINEL));
}

export function sameSortedArrays(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Bitmask words of a sorted spike list (the layout the kernels write). */
export function bitsOf(indices: readonly number[], words: number): Uint32Array {
  const out = new Uint32Array(words);
  for (const i of indices) out[i >>> 5] = ((out[i >>> 5] as number) | (1 << (i & 31))) >>> 0;
  return out;
}

/**
 * Compares the spikes a run recorded at its step `k` (model step `t`) with the oracle's for that step;
 * each (population, instance) that differs counts once in res.mismatchedSteps, the first is described.
 */
export function compareStepSpikes(run: RunResult, k: number, t: number, expected: Record<string, number[][]>, record: readonly string[], batch: number,
  res: { mismatchedSteps: number; firstMismatch: string }): void {
  for (const name of record) {
    const rec = run.spikes[name]!;
    for (let b = 0; b < batch; b++) {
      const want = bitsOf(expected[name]![b]!, rec.words);
      const base = (k * batch + b) * rec.words;
      if (want.some((w, j) => rec.bits[base + j] !== w)) {
        res.mismatchedSteps++;
        if (!res.firstMismatch) res.firstMismatch = `step ${t} ${name} instance ${b}: gpu [${rec.spikesAt(k, b).join(',')}] oracle [${expected[name]![b]!.join(',')}]`;
      }
    }
  }
}

/** Records, per label, `Name: message` of what each call throws ('no error' when it returns): for bad-input cases. */
export function errorRecorder(): { out: Record<string, string>; attempt(label: string, fn: () => unknown): Promise<void> } {
  const out: Record<string, string> = {};
  return {
    out,
    async attempt(label, fn) {
      try {
        await fn();
        out[label] = 'no error';
      } catch (e) {
        out[label] = `${(e as Error).name}: ${(e as Error).message}`;
      }
    },
  };
}

/** A spike list (spikeArray params) in time order, ties by neuron. */
export function sortedSpikes(s: { times: number[]; indices: number[] }): { times: number[]; indices: number[] } {
  const k = s.times.map((_, n) => n).sort((a, b) => s.times[a]! - s.times[b]! || s.indices[a]! - s.indices[b]!);
  return { times: k.map((n) => s.times[n]!), indices: k.map((n) => s.indices[n]!) };
}

/** Pixels of two RGBA8 pictures more than 1/255 apart in a channel, the first of them, and the distinct colours of `gpu`. */
export function comparePixels(gpu: Uint8Array, expected: Uint8Array, width: number): { mismatches: number; firstMismatch: string; colours: number } {
  let mismatches = 0;
  let firstMismatch = '';
  const colours = new Set<number>();
  for (let o = 0; o < gpu.length; o += 4) {
    colours.add((gpu[o]! << 16) | (gpu[o + 1]! << 8) | gpu[o + 2]!);
    if ([0, 1, 2, 3].some((c) => Math.abs(gpu[o + c]! - expected[o + c]!) > 1)) {
      const p = o / 4;
      if (!firstMismatch) firstMismatch = `pixel (${p % width}, ${Math.floor(p / width)}): gpu ${[...gpu.subarray(o, o + 4)]} oracle ${[...expected.subarray(o, o + 4)]}`;
      mismatches++;
    }
  }
  return { mismatches, firstMismatch, colours: colours.size };
}
