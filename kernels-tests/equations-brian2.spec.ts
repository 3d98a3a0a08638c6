/**
 * The example models written as equations (AdEx with Naud et al. 2008's firing patterns, QIF, a LIF
 * neuron with an NMDA conductance under magnesium block) against Brian2 running the same equations
 * with the same method (bench/peers/brian2_equations.py, float64): every spike time within one step
 * over 1 s, under constant input and under the same random input jumps.
 */
import { resolve } from 'node:path';
import { expect, test } from './harness/fixtures';
import { runPythonCached, useReference } from './harness/references';
import { testRandom } from './cases/common';
import { EQUATION_LIBRARY, ADEX_PATTERNS } from '../host/equations/library/index';
import { defineNeuronModel, type EquationParams } from '../host/equations/neuron-model';
import { EquationOracle } from '../host/equations/oracle';
import { DEFAULT_INPUT_FRACTION_BITS } from '../host/kernels/neuron-kernel';

const SCRIPT = resolve(import.meta.dirname, '../bench/peers/brian2_equations.py');
const DT = 0.1;
const DURATION = 1000;

interface Spikes { i: number[]; step: number[] }

function trains(s: Spikes, n: number): number[][] {
  const out: number[][] = Array.from({ length: n }, () => []);
  s.i.forEach((i, k) => (out[i] as number[]).push(s.step[k] as number));
  return out;
}

/**
 * Per neuron: the spike counts, the largest |step difference| of paired spikes (Infinity when the
 * counts differ), the index of the first spike more than one step away (the count when none), and the mean ISI of both (steps).
 */
function compare(gpu: Spikes, brian: Spikes, n: number): { counts: [number, number][]; worst: number[]; departs: number[]; meanIsi: [number, number][] } {
  const g = trains(gpu, n);
  const b = trains(brian, n);
  const isi = (x: number[]): number => (x.length > 1 ? ((x[x.length - 1] as number) - (x[0] as number)) / (x.length - 1) : NaN);
  return {
    counts: g.map((x, i) => [x.length, (b[i] as number[]).length]),
    worst: g.map((x, i) => (x.length !== (b[i] as number[]).length ? Infinity : x.reduce((w, t, k) => Math.max(w, Math.abs(t - ((b[i] as number[])[k] as number))), 0))),
    departs: g.map((x, i) => {
      const y = b[i] as number[];
      const k = x.findIndex((t, j) => j >= y.length || Math.abs(t - (y[j] as number)) > 1);
      return k < 0 ? (x.length === y.length ? x.length : Math.min(x.length, y.length)) : k;
    }),
    meanIsi: g.map((x, i) => [isi(x), isi(b[i] as number[])]),
  };
}

/**
 * Naud et al. 2008's irregular cell is chaotic (their Fig. 7) and the delayed regular bursting cell
 * sits where a burst's spike count flips: their spike times depend on the last bits of the arithmetic.
 * Measured (2026-12-06): with constant input, the same statements run in float64 on the CPU depart
 * from Brian2 (float64, another operation order) as much as the f32 kernel does. For these two the
 * test holds the first spikes to one step, the spike count to one spike and the mean ISI to 2 %.
 */
const SENSITIVE = new Set(['delayedBursting', 'irregular']);
const SENSITIVE_FIRST_SPIKES = 5;

function perNeuron(rows: readonly Record<string, number>[]): EquationParams {
  const keys = Object.keys(rows[0] as Record<string, number>);
  return Object.fromEntries(keys.map((k) => [k, rows.map((r) => r[k] as number)]));
}

const SCALE = 2 ** -DEFAULT_INPUT_FRACTION_BITS;

/** Random input jumps (steps x n), on the fixed-point grid of spikegpu's input accumulators so every run sees the same numbers. */
function noise(seed: number, n: number, probability: number, amplitude: number): number[] {
  const r = testRandom(seed);
  const steps = Math.round(DURATION / DT);
  return Array.from({ length: steps * n }, () => (r() < probability ? Math.round((amplitude * r()) / SCALE) * SCALE : 0));
}

/** The same compiled statements run in float64 on the CPU (EquationOracle, f64): the program as Brian2 would run it. */
function runF64(modelName: keyof typeof EQUATION_LIBRARY, n: number, params: EquationParams, exc: readonly number[] | undefined): Spikes {
  const model = defineNeuronModel(EQUATION_LIBRARY[modelName]);
  const o = new EquationOracle(model, model.resolveF64('f64 run', params, n, DT), n, 1, SCALE, DT, 'f64');
  const steps = Math.round(DURATION / DT);
  const out: Spikes = { i: [], step: [] };
  for (let s = 0; s < steps; s++) {
    const input = exc ? Int32Array.from({ length: n }, (_, i) => Math.round((exc[s * n + i] as number) / SCALE)) : undefined;
    for (const i of o.step(input)[0] as number[]) { out.i.push(i); out.step.push(s); }
  }
  return out;
}

const adexNames = Object.keys(ADEX_PATTERNS);
const qifCurrents = [4.5, 5, 6, 7, 8, 10, 12, 15];
const nmdaCurrents = [0.15, 0.19, 0.21, 0.25, 0.3, 0.35, 0.4, 0.5];
const CASES = [
  { name: 'AdEx, Naud et al. 2008 firing patterns, constant input', model: 'adex', method: 'euler', params: perNeuron(Object.values(ADEX_PATTERNS)), exc: undefined, labels: adexNames },
  { name: 'AdEx, Naud et al. 2008 firing patterns, random input jumps', model: 'adex', method: 'euler', params: perNeuron(Object.values(ADEX_PATTERNS)), exc: noise(71, 8, 0.02, 0.3), labels: adexNames },
  { name: 'QIF, constant input', model: 'qif', method: 'rk4', params: { I: qifCurrents }, exc: undefined, labels: qifCurrents.map((c) => `I=${c}`) },
  { name: 'QIF, random input jumps', model: 'qif', method: 'rk4', params: { I: qifCurrents }, exc: noise(72, 8, 0.02, 4), labels: qifCurrents.map((c) => `I=${c}`) },
  { name: 'NMDA conductance with magnesium block, constant input', model: 'nmda', method: 'rk4', params: { I: nmdaCurrents }, exc: undefined, labels: nmdaCurrents.map((c) => `I=${c}`) },
  { name: 'NMDA conductance with magnesium block, random NMDA input', model: 'nmda', method: 'rk4', params: { I: nmdaCurrents }, exc: noise(73, 8, 0.01, 0.01), labels: nmdaCurrents.map((c) => `I=${c}`) },
] as const;

for (const c of CASES) {
  test(`${c.name}: spike times equal Brian2's within one step over 1 s`, async ({ gpu }) => {
    useReference('brian2');
    const n = c.labels.length;
    const spec = EQUATION_LIBRARY[c.model as keyof typeof EQUATION_LIBRARY];
    const gpuRun = (await gpu.run('equationRun', { model: c.model, n, dt: DT, durationMs: DURATION, params: c.params, exc: c.exc })) as Spikes & { method: string };
    expect(gpuRun.method, 'spikegpu and Brian2 use the same method').toBe(c.method);
    const input = JSON.stringify({ model: spec, method: c.method, n, dt: DT, duration: DURATION, params: c.params, exc: c.exc === undefined ? null : Array.from({ length: c.exc.length / n }, (_, s) => c.exc.slice(s * n, (s + 1) * n)) });
    const r = runPythonCached('brian2', [SCRIPT], input);
    expect(r.status, r.stderr.slice(-2000)).toBe(0);
    const brian = JSON.parse(r.stdout) as Spikes;
    const cmp = compare(gpuRun, brian, n);
    const f64 = compare(runF64(c.model as keyof typeof EQUATION_LIBRARY, n, c.params, c.exc), brian, n);
    const show = (x: ReturnType<typeof compare>) => c.labels.map((l, i) => `${l} ${x.counts[i]?.[0]}/${x.counts[i]?.[1]} spikes (max ${x.worst[i]} steps${x.worst[i] as number > 1 ? `, from spike ${x.departs[i]}` : ''})`).join('; ');
    console.log(`[${gpu.runtime}] ${c.name}, spikegpu f32 GPU vs Brian2: ${show(cmp)}`);
    console.log(`[${gpu.runtime}] ${c.name}, the same statements in f64 vs Brian2: ${show(f64)}`);
    expect(gpuRun.i.length, 'the run must spike').toBeGreaterThan(n * 3);
    for (let i = 0; i < n; i++) {
      const label = c.labels[i] as string;
      if (SENSITIVE.has(label)) {
        for (const [what, x] of [['spikegpu', cmp], ['the statements in f64', f64]] as const) {
          const [a, b] = x.counts[i] as [number, number];
          expect(Math.abs(a - b), `${label}: spike count, ${what} vs Brian2`).toBeLessThanOrEqual(1);
          expect(x.departs[i], `${label}: first spike more than one step from Brian2's, ${what}`).toBeGreaterThanOrEqual(Math.min(SENSITIVE_FIRST_SPIKES, b));
          const [ia, ib] = x.meanIsi[i] as [number, number];
          if (b > 1) expect(Math.abs(ia - ib) / ib, `${label}: mean ISI, ${what} vs Brian2`).toBeLessThanOrEqual(0.02);
        }
        continue;
      }
      expect(f64.worst[i], `${label}: the compiled statements in f64 vs Brian2, largest spike-time difference in steps`).toBeLessThanOrEqual(1);
      expect(cmp.counts[i]?.[0], `${label}: spike count (spikegpu vs Brian2)`).toBe(cmp.counts[i]?.[1]);
      expect(cmp.worst[i], `${label}: largest spike-time difference in steps`).toBeLessThanOrEqual(1);
    }
  });
}
