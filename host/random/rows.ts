/**
 * Connectivity and initial values of a projection, generated from Philox so that any run (and the
 * oracle) regenerates it bit for bit: key = the network seed; stream = 0x10000 + projection index;
 * counter step = the row (pre neuron) or column (post neuron) being generated; the instance word
 * separates draws for structure (0), weights (1) and delays (2).
 *
 * Storage is ragged rows (GeNN's SPARSE): row i holds rowLength[i] synapses at ind[i*maxRow ..],
 * sorted by post index; weights are i32 fixed point (value * 2^fractionBits), delays in steps.
 * Values are drawn by (row, position in the sorted row), except fixedTotalNumber's, drawn by synapse s
 * from one Philox call (counter (0, s, stream, 1): words 0, 1 the weight's, 2, 3 the delay's): its GPU
 * generator places synapses in arrival order within a row (host/kernels/connect.ts), so a synapse's
 * values must not depend on where it lands.
 */
import { InvalidParameterError } from '../errors.js';
import { mulhi32, randomWordsScratch as words, uniform01 } from './philox.js';
import { normalF32 } from './normal-f32.js';

/** How pre and post neurons are connected. `autapses: false` (default) drops i -> i when pre == post. */
export type Connectivity =
  | { rule: 'allToAll'; autapses?: boolean }
  | { rule: 'oneToOne' }
  | { rule: 'fixedProbability'; p: number; autapses?: boolean }
  | { rule: 'fixedInDegree'; k: number; autapses?: boolean }
  | { rule: 'fixedOutDegree'; k: number; autapses?: boolean }
  /**
   * Exactly `n` synapses between uniformly drawn (pre, post) pairs (NEST's fixed_total_number, PyNN's
   * FixedTotalNumberConnector). `multapses: true` (default, as NEST) draws with replacement, so a pair
   * may be connected several times; `false` draws distinct pairs.
   */
  | { rule: 'fixedTotalNumber'; n: number; multapses?: boolean; autapses?: boolean }
  | { rule: 'explicit'; pre: number[]; post: number[]; weight?: number[]; delayMs?: number[] };

/** A value per synapse: a constant, or drawn from a distribution with the network's Philox streams. */
export type Initializer =
  | number
  | { dist: 'constant'; value: number }
  | { dist: 'uniform'; low: number; high: number }
  | { dist: 'normal'; mean: number; sd: number; low?: number; high?: number }
  | { dist: 'lognormal'; mu: number; sigma: number };

/** What the row generators need of a projection (a RowSpec is one). */
export interface RowSpec {
  name: string;
  connectivity: Connectivity;
  weight: Initializer;
  delayMs?: Initializer;
}

/** The shape of a projection's rows (what the GPU needs to know, whoever generated them). */
export interface RaggedMeta {
  nPre: number;
  nPost: number;
  maxRow: number;
  synapses: number;
  /** Delay of every synapse in steps when perSynapseDelay is false. */
  constDelay: number;
  /** Largest delay in steps. */
  maxDelay: number;
  perSynapseDelay: boolean;
}

export interface RaggedRows extends RaggedMeta {
  rowLength: Uint32Array;
  ind: Uint32Array;
  /** i32 fixed point. */
  weight: Int32Array;
  /** Per-synapse delays in steps, or null when every synapse has `constDelay`. */
  delay: Uint32Array | null;
}

const STREAM_BASE = 0x10000;

/**
 * Longest row of Binomial(n, p) over a projection's rows, bounded at mean + 6 sd + 1 (and at n): the
 * plan's memory bound, and the capacity of fixedTotalNumber's rows built on the GPU.
 */
export function binomialRowBound(n: number, p: number): number {
  if (p <= 0) return 0;
  if (p >= 1) return n;
  return Math.min(n, Math.ceil(n * p + 6 * Math.sqrt(n * p * (1 - p)) + 1));
}

/** Uniform integer in [0, n) from one u32 word (Lemire's multiply-high; bias below n / 2^32). */
export function randomBelow(word: number, n: number): number {
  return mulhi32(word >>> 0, n >>> 0);
}

/** k distinct values of [0, n) by Floyd's algorithm, drawing word `d` from `draw(d)`. */
function floydSample(n: number, k: number, draw: (d: number) => number): number[] {
  const chosen = new Set<number>();
  for (let j = n - k, d = 0; j < n; j++, d++) {
    const t = randomBelow(draw(d), j + 1);
    chosen.add(chosen.has(t) ? j : t);
  }
  return [...chosen];
}

/**
 * (pre, post) pairs of a rule, as one list of post indices per pre row, unsorted. A generator: it
 * yields its progress (0..1) every few thousand pairs, so a caller can return to the event loop.
 */
function* structure(c: Connectivity, nPre: number, nPost: number, sameNeurons: boolean, seed: number, stream: number, object: string,
  ids?: number[][]): Generator<number, number[][]> {
  const rows: number[][] = Array.from({ length: nPre }, () => []);
  const autapses = 'autapses' in c && c.autapses === true;
  const skipSelf = sameNeurons && !autapses;
  switch (c.rule) {
    case 'allToAll':
      for (let i = 0; i < nPre; i++) {
        for (let j = 0; j < nPost; j++) if (!(skipSelf && i === j)) rows[i]!.push(j);
        yield i / nPre;
      }
      break;
    case 'oneToOne':
      if (nPre !== nPost) throw new InvalidParameterError(object, 'connectivity.rule', 'oneToOne', `pre and post of equal size (got ${nPre} and ${nPost})`);
      for (let i = 0; i < nPre; i++) rows[i]!.push(i);
      break;
    case 'fixedProbability': {
      // Bernoulli per pair: draw < p * 2^32 (integer comparison, exact on every platform).
      const threshold = Math.min(2 ** 32, Math.floor(c.p * 2 ** 32));
      for (let i = 0; i < nPre; i++) {
        for (let j = 0; j < nPost; j++) {
          if (skipSelf && i === j) continue;
          if (words(seed, stream, i, j, 0)[0]! < threshold) rows[i]!.push(j);
        }
        yield i / nPre;
      }
      break;
    }
    case 'fixedInDegree': {
      const pool = skipSelf ? nPre - 1 : nPre;
      if (c.k > pool) throw new InvalidParameterError(object, 'connectivity.k', c.k, `at most ${pool} (the pre population${skipSelf ? ' minus the neuron itself' : ''})`);
      for (let j = 0; j < nPost; j++) {
        for (const t of floydSample(pool, c.k, (d) => words(seed, stream, j, d, 0)[0]!)) rows[skipSelf && t >= j ? t + 1 : t]!.push(j);
        yield j / nPost;
      }
      break;
    }
    case 'fixedOutDegree': {
      // Selection sampling (Knuth's algorithm S) over the candidates in order: exact integer
      // arithmetic and sorted output, so the GPU generator (shaders/connect.wgsl.ts) matches it.
      const pool = skipSelf ? nPost - 1 : nPost;
      if (c.k > pool) throw new InvalidParameterError(object, 'connectivity.k', c.k, `at most ${pool} (the post population${skipSelf ? ' minus the neuron itself' : ''})`);
      for (let i = 0; i < nPre; i++) {
        let seen = 0;
        let chosen = 0;
        for (let j = 0; j < nPost && chosen < c.k; j++) {
          if (skipSelf && i === j) continue;
          if (randomBelow(words(seed, stream, i, j, 0)[0]!, pool - seen) < c.k - chosen) {
            rows[i]!.push(j);
            chosen++;
          }
          seen++;
        }
        yield i / nPre;
      }
      break;
    }
    case 'fixedTotalNumber': {
      // Synapse s draws (pre, post) from Philox(attempt, s); a pair it may not take (an autapse, or a
      // repeat without multapses) is redrawn with the next attempt.
      const pairs = nPre * (nPost - (skipSelf ? 1 : 0));
      const most = c.multapses === false || pairs <= 0 ? pairs : Infinity;
      if (c.n > most) {
        throw new InvalidParameterError(object, 'connectivity.n', c.n, `at most ${pairs} (the distinct ${skipSelf ? 'non-self ' : ''}pairs${c.multapses === false ? ', without multapses' : ''})`);
      }
      const taken = c.multapses === false ? new Set<number>() : null;
      for (let s = 0; s < c.n; s++) {
        for (let attempt = 0; ; attempt++) {
          const w = words(seed, stream, s, attempt, 0);
          const i = randomBelow(w[0]!, nPre);
          const j = randomBelow(w[1]!, nPost);
          if (skipSelf && i === j) continue;
          if (taken) {
            const key = i * nPost + j;
            if (taken.has(key)) continue;
            taken.add(key);
          }
          rows[i]!.push(j);
          ids?.[i]!.push(s);
          break;
        }
        if ((s & 0xffff) === 0) yield s / c.n;
      }
      break;
    }
    case 'explicit':
      for (let s = 0; s < c.pre.length; s++) rows[c.pre[s]!]!.push(c.post[s]!);
      break;
  }
  return rows;
}

/** Draws one value of `init` for synapse `ordinal` of `row` (two uniform words of the given instance). */
function drawValue(init: Initializer, seed: number, stream: number, row: number, ordinal: number, instance: number): number {
  if (typeof init === 'number') return init;
  if (init.dist === 'constant') return init.value;
  const w = words(seed, stream, row, ordinal, instance);
  return drawValueFrom(init, w[0]!, w[1]!);
}

/** One value of `init` from its two words (the first alone for uniform draws). */
function drawValueFrom(init: Initializer, w0: number, w1: number): number {
  if (typeof init === 'number') return init;
  if (init.dist === 'constant') return init.value;
  const u = uniform01(w0);
  switch (init.dist) {
    case 'uniform': {
      // In f32, in this order: the GPU generator computes the same value.
      const f = Math.fround;
      return f(f(init.low) + f(f(f(init.high) - f(init.low)) * u));
    }
    case 'normal': {
      // In f32, in this order: the GPU generator computes the same value (shaders/connect.wgsl.ts).
      const f = Math.fround;
      const clip = normalClip(init);
      return Math.min(clip.high, Math.max(clip.low, f(f(init.mean) + f(f(init.sd) * normalF32(w0, w1)))));
    }
    case 'lognormal':
      // exp in float64: host only (the GPU never computes these).
      return Math.exp(init.mu + init.sigma * normalF32(w0, w1));
  }
}

/** The f32 clip bounds of a normal initializer: [low, high], +-FLT_MAX where not given (no clip for a finite draw). */
export function normalClip(init: { low?: number; high?: number }): { low: number; high: number } {
  const FLT_MAX = 3.4028234663852886e38;
  return { low: init.low === undefined ? -FLT_MAX : Math.fround(init.low), high: init.high === undefined ? FLT_MAX : Math.fround(init.high) };
}

/**
 * Weight -> i32 fixed point. Uniform and normal draws are f32 (as on the GPU) and round with f32
 * arithmetic, floor(w * scale + 0.5); all other values round in float64 (Math.round).
 */
export function quantize(w: number, scale: number, f32: boolean): number {
  if (!f32) return Math.round(w * scale);
  const f = Math.fround;
  return Math.floor(f(f(w * scale) + 0.5));
}

/**
 * What a normally distributed delay needs, in steps: mean / dt and sd / dt (f32), and the step bounds
 * [max(1 step, low), min(high, maxDelaySteps)] (the plan checks them; a delay is never shorter than
 * one step). The GPU generator gets the same numbers (host/kernels/connect.ts).
 */
export function normalDelayFrame(init: { mean: number; sd: number; low?: number; high?: number }, dt: number, maxDelaySteps: number): { mean: number; sd: number; lo: number; hi: number } {
  const lo = Math.max(1, init.low === undefined ? 1 : Math.ceil(init.low / dt - 1e-9));
  const hi = Math.min(maxDelaySteps, init.high === undefined ? maxDelaySteps : Math.floor(init.high / dt + 1e-9));
  return { mean: Math.fround(init.mean / dt), sd: Math.fround(init.sd / dt), lo, hi };
}

/** A normal delay in steps from the standard normal draw z: floor(mean + sd z + 0.5) in f32, kept within [lo, hi]. */
export function normalDelaySteps(d: { mean: number; sd: number; lo: number; hi: number }, z: number): number {
  const f = Math.fround;
  return Math.min(d.hi, Math.max(d.lo, Math.floor(f(f(d.mean + f(d.sd * z)) + 0.5))));
}

/** Converts a delay in ms to whole steps, or throws naming the field when dt does not divide it. */
export function delaySteps(object: string, field: string, delayMs: number, dt: number, maxDelaySteps: number): number {
  const steps = Math.round(delayMs / dt);
  if (!Number.isFinite(delayMs) || Math.abs(steps * dt - delayMs) > 1e-9 * Math.max(1, Math.abs(delayMs))) {
    throw new InvalidParameterError(object, field, delayMs, `a multiple of dt = ${dt} ms`);
  }
  if (steps < 1) throw new InvalidParameterError(object, field, delayMs, `at least dt = ${dt} ms (spikes arrive at the earliest on the next step)`);
  if (steps > maxDelaySteps) throw new InvalidParameterError(object, field, delayMs, `at most maxDelayMs = ${maxDelaySteps * dt} ms (raise Simulator option maxDelayMs)`);
  return steps;
}

export interface ConnectOptions {
  seed: number;
  dt: number;
  fractionBits: number;
  maxDelaySteps: number;
}

/** Generates a projection's ragged rows, fixed-point weights and delays (synchronously). */
export function connect(proj: RowSpec, index: number, nPre: number, nPost: number, sameNeurons: boolean, opts: ConnectOptions): RaggedRows {
  const gen = connectSteps(proj, index, nPre, nPost, sameNeurons, opts);
  for (;;) {
    const r = gen.next();
    if (r.done) return r.value;
  }
}

/**
 * The same rows, generated in slices that return to the event loop every `sliceMs` (default 30 ms)
 * and report progress (0..1), so a large host-generated projection never freezes a page.
 */
export async function connectAsync(proj: RowSpec, index: number, nPre: number, nPost: number, sameNeurons: boolean, opts: ConnectOptions,
  onProgress?: (fraction: number) => void, sliceMs = 30): Promise<RaggedRows> {
  const gen = connectSteps(proj, index, nPre, nPost, sameNeurons, opts);
  let t0 = performance.now();
  for (;;) {
    const r = gen.next();
    if (r.done) {
      onProgress?.(1);
      return r.value;
    }
    if (performance.now() - t0 >= sliceMs) {
      onProgress?.(r.value);
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      t0 = performance.now();
    }
  }
}

/** connect() as a generator yielding its progress (structure: 0..0.8, values: 0.8..1). */
function* connectSteps(proj: RowSpec, index: number, nPre: number, nPost: number, sameNeurons: boolean, opts: ConnectOptions): Generator<number, RaggedRows> {
  const object = `projection '${proj.name}'`;
  const stream = STREAM_BASE + index;
  // fixedTotalNumber: each synapse's id s, beside its post index (its values are drawn by s).
  const ids = proj.connectivity.rule === 'fixedTotalNumber' ? Array.from({ length: nPre }, (): number[] => []) : undefined;
  const shape = structure(proj.connectivity, nPre, nPost, sameNeurons, opts.seed, stream, object, ids);
  let step = shape.next();
  while (!step.done) {
    yield 0.8 * step.value;
    step = shape.next();
  }
  const rowsUnsorted = step.value;
  const explicit = proj.connectivity.rule === 'explicit' ? proj.connectivity : null;
  // Explicit synapses keep their given values: index them by (pre, post) order after sorting.
  const order = explicit ? explicit.pre.map((p, s) => ({ p, q: explicit.post[s]!, s })).sort((a, b) => a.p - b.p || a.q - b.q || a.s - b.s) : null;
  // Typed arrays sort numerically in native code (a comparator function is several times slower).
  // With synapse ids, each row sorts keys post * 2^21 + position (exact in float64) and keeps the ids in step.
  const rowIds: Uint32Array[] | null = ids ? [] : null;
  const rows = rowsUnsorted.map((r, i) => {
    if (!ids || !rowIds) return Uint32Array.from(r).sort();
    const keys = Float64Array.from(r, (j, k) => j * 2 ** 21 + k).sort();
    rowIds.push(Uint32Array.from(keys, (key) => ids[i]![key % 2 ** 21]!));
    return Uint32Array.from(keys, (key) => Math.floor(key / 2 ** 21));
  });
  const maxRow = Math.max(1, ...rows.map((r) => r.length));
  const rowLength = Uint32Array.from(rows, (r) => r.length);
  const ind = new Uint32Array(nPre * maxRow);
  const weight = new Int32Array(nPre * maxRow);
  const delayInit = proj.delayMs ?? opts.dt;
  const oneDelayMs = typeof delayInit === 'number' ? delayInit : delayInit.dist === 'constant' ? delayInit.value : null;
  const perSynapseDelay = explicit?.delayMs !== undefined || oneDelayMs === null;
  const delay = perSynapseDelay ? new Uint32Array(nPre * maxRow) : null;
  const constDelay = perSynapseDelay ? 0 : delaySteps(object, 'delayMs', oneDelayMs as number, opts.dt, opts.maxDelaySteps);
  const normalDelay = typeof delayInit === 'object' && delayInit.dist === 'normal' ? normalDelayFrame(delayInit, opts.dt, opts.maxDelaySteps) : null;
  let maxDelay = constDelay;
  const scale = 2 ** opts.fractionBits;
  let synapses = 0;
  let ordinal = 0;
  for (let i = 0; i < nPre; i++) {
    const r = rows[i]!;
    yield 0.8 + (0.2 * i) / nPre;
    for (let s = 0; s < r.length; s++, ordinal++) {
      const at = i * maxRow + s;
      ind[at] = r[s]!;
      const src = order ? order[ordinal]!.s : -1;
      // The words of this synapse's values: by (position, row), or fixedTotalNumber's one call by synapse id.
      const byId = rowIds ? words(opts.seed, stream, rowIds[i]![s]!, 0, 1) : null;
      const idWords = byId ? [byId[0]!, byId[1]!, byId[2]!, byId[3]!] : null;
      const w = explicit?.weight ? explicit.weight[src]! : idWords ? drawValueFrom(proj.weight, idWords[0]!, idWords[1]!) : drawValue(proj.weight, opts.seed, stream, i, s, 1);
      const q = quantize(w, scale, !explicit?.weight && typeof proj.weight === 'object' && (proj.weight.dist === 'uniform' || proj.weight.dist === 'normal'));
      if (!Number.isFinite(w) || q > 0x7fffffff || q < -0x80000000) {
        throw new InvalidParameterError(object, explicit?.weight ? `connectivity.weight[${src}]` : 'weight', w, `a finite weight within +-${(0x7fffffff / scale).toFixed(1)} (the fixed-point range at ${opts.fractionBits} fraction bits)`);
      }
      weight[at] = q;
      if (delay) {
        let steps: number;
        if (explicit?.delayMs) steps = delaySteps(object, `connectivity.delayMs[${src}]`, explicit.delayMs[src]!, opts.dt, opts.maxDelaySteps);
        else if (typeof delayInit === 'object' && delayInit.dist === 'uniform') {
          const lo = delaySteps(object, 'delayMs.low', delayInit.low, opts.dt, opts.maxDelaySteps);
          const hi = delaySteps(object, 'delayMs.high', delayInit.high, opts.dt, opts.maxDelaySteps);
          steps = lo + randomBelow(idWords ? idWords[2]! : words(opts.seed, stream, i, s, 2)[0]!, hi - lo + 1);
        } else if (normalDelay) {
          const w = idWords ? idWords.slice(2) : words(opts.seed, stream, i, s, 2);
          steps = normalDelaySteps(normalDelay, normalF32(w[0]!, w[1]!));
        } else {
          const v = idWords ? drawValueFrom(delayInit, idWords[2]!, idWords[3]!) : drawValue(delayInit, opts.seed, stream, i, s, 2);
          steps = delaySteps(object, 'delayMs', v, opts.dt, opts.maxDelaySteps);
        }
        delay[at] = steps;
        maxDelay = Math.max(maxDelay, steps);
      }
      synapses++;
    }
  }
  return { nPre, nPost, maxRow, rowLength, ind, weight, delay, constDelay, maxDelay: Math.max(1, maxDelay), synapses, perSynapseDelay: delay !== null };
}
