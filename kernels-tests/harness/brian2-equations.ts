/**
 * Brian2 running a model written in spikegpu's equation language (bench/peers/brian2_equations.py,
 * float64), cached on disk (runPythonCached), and the comparison of spike trains used by the tests
 * of the example models (equations-brian2.spec.ts, unit/cli-equations.spec.ts).
 */
import { resolve } from 'node:path';
import { expect } from '@playwright/test';
import { runPythonCached } from './references';
import type { EquationParams, NeuronModelSpec } from '../../host/equations/neuron-model';

const SCRIPT = resolve(import.meta.dirname, '../../bench/peers/brian2_equations.py');

export interface Spikes { i: number[]; step: number[] }

/** In a test that called useReference('brian2'): the spikes of n neurons of `model` over durationMs; `exc` input jumps (steps x n, row-major). */
export function runBrian2Equations(model: NeuronModelSpec, method: string, n: number, dt: number, durationMs: number, params: EquationParams, exc?: readonly number[]): Spikes {
  const input = JSON.stringify({ model, method, n, dt, duration: durationMs, params, exc: exc === undefined ? null : Array.from({ length: exc.length / n }, (_, s) => exc.slice(s * n, (s + 1) * n)) });
  const r = runPythonCached('brian2', [SCRIPT], input);
  expect(r.status, r.stderr.slice(-2000)).toBe(0);
  return JSON.parse(r.stdout) as Spikes;
}

function trains(s: Spikes, n: number): number[][] {
  const out: number[][] = Array.from({ length: n }, () => []);
  s.i.forEach((i, k) => (out[i] as number[]).push(s.step[k] as number));
  return out;
}

export interface TrainComparison { counts: [number, number][]; worst: number[]; departs: number[]; meanIsi: [number, number][] }

/**
 * Per neuron: the spike counts, the largest |step difference| of paired spikes (Infinity when the
 * counts differ), the index of the first spike more than one step away (the count when none), and the mean ISI of both (steps).
 */
export function compareTrains(a: Spikes, b: Spikes, n: number): TrainComparison {
  const g = trains(a, n);
  const h = trains(b, n);
  const isi = (x: number[]): number => (x.length > 1 ? ((x[x.length - 1] as number) - (x[0] as number)) / (x.length - 1) : NaN);
  return {
    counts: g.map((x, i) => [x.length, (h[i] as number[]).length]),
    worst: g.map((x, i) => (x.length !== (h[i] as number[]).length ? Infinity : x.reduce((w, t, k) => Math.max(w, Math.abs(t - ((h[i] as number[])[k] as number))), 0))),
    departs: g.map((x, i) => {
      const y = h[i] as number[];
      const k = x.findIndex((t, j) => j >= y.length || Math.abs(t - (y[j] as number)) > 1);
      return k < 0 ? (x.length === y.length ? x.length : Math.min(x.length, y.length)) : k;
    }),
    meanIsi: g.map((x, i) => [isi(x), isi(h[i] as number[])]),
  };
}

export function describeComparison(labels: readonly string[], x: TrainComparison): string {
  return labels.map((l, i) => `${l} ${x.counts[i]?.[0]}/${x.counts[i]?.[1]} spikes (max ${x.worst[i]} steps${(x.worst[i] as number) > 1 ? `, from spike ${x.departs[i]}` : ''})`).join('; ');
}

/**
 * Naud et al. 2008's irregular cell is chaotic (their Fig. 7) and the delayed regular bursting cell
 * sits where a burst's spike count flips: their spike times depend on the last bits of the arithmetic.
 * Measured (2026-12-06): with constant input, the same statements run in float64 on the CPU depart
 * from Brian2 (float64, another operation order) as much as the f32 kernel does. For these two the
 * tests hold the first spikes to one step, the spike count to one spike and the mean ISI to 2 %.
 */
export const SENSITIVE = new Set(['delayedBursting', 'irregular']);
const SENSITIVE_FIRST_SPIKES = 5;

/** Every spike within one step of Brian2's (the sensitive cells: first spikes, count and mean ISI). */
export function expectAgrees(labels: readonly string[], x: TrainComparison, what: string): void {
  labels.forEach((label, i) => {
    const [a, b] = x.counts[i] as [number, number];
    if (SENSITIVE.has(label)) {
      expect(Math.abs(a - b), `${label}: spike count, ${what} vs Brian2`).toBeLessThanOrEqual(1);
      expect(x.departs[i], `${label}: first spike more than one step from Brian2's, ${what}`).toBeGreaterThanOrEqual(Math.min(SENSITIVE_FIRST_SPIKES, b));
      const [ia, ib] = x.meanIsi[i] as [number, number];
      if (b > 1) expect(Math.abs(ia - ib) / ib, `${label}: mean ISI, ${what} vs Brian2`).toBeLessThanOrEqual(0.02);
      return;
    }
    expect(a, `${label}: spike count, ${what} vs Brian2`).toBe(b);
    expect(x.worst[i], `${label}: largest spike-time difference in steps, ${what} vs Brian2`).toBeLessThanOrEqual(1);
  });
}
