/**
 * The example models written as equations (AdEx with Naud et al. 2008's firing patterns, QIF, a LIF
 * neuron with an NMDA conductance under magnesium block) against Brian2 running the same equations
 * with the same method (bench/peers/brian2_equations.py, float64): every spike time within one step
 * over 1 s, under constant input and under the same random input jumps. The same compiled statements
 * run in float64 on the CPU are held to Brian2 too: what differs is then only f32 rounding. In Node only
 * (playwright.config.ts); equations.spec.ts holds the equation kernels to their oracle in both runtimes.
 */
import { expect, test } from './harness/fixtures';
import { useReference } from './harness/references';
import { compareTrains, describeComparison, expectAgrees, runBrian2Equations, type Spikes } from './harness/brian2-equations';
import { testRandom } from './cases/common';
import { EQUATION_LIBRARY, ADEX_PATTERNS } from '../host/equations/library/index';
import { defineNeuronModel, type EquationParams } from '../host/equations/neuron-model';
import { EquationOracle } from '../host/equations/oracle';
import { DEFAULT_INPUT_FRACTION_BITS } from '../host/kernels/neuron-kernel';

const DT = 0.1;
const DURATION = 1000;
const SCALE = 2 ** -DEFAULT_INPUT_FRACTION_BITS;

function perNeuron(rows: readonly Record<string, number>[]): EquationParams {
  const keys = Object.keys(rows[0] as Record<string, number>);
  return Object.fromEntries(keys.map((k) => [k, rows.map((r) => r[k] as number)]));
}

/** Random input jumps (steps x n), on the fixed-point grid of spikegpu's input accumulators so every run sees the same numbers. */
function noise(seed: number, n: number, probability: number, amplitude: number): number[] {
  const r = testRandom(seed);
  const steps = Math.round(DURATION / DT);
  return Array.from({ length: steps * n }, () => (r() < probability ? Math.round((amplitude * r()) / SCALE) * SCALE : 0));
}

/** The same compiled statements run in float64 on the CPU (EquationOracle, f64). */
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
    const model = c.model as keyof typeof EQUATION_LIBRARY;
    const gpuRun = (await gpu.run('equationRun', { model, n, dt: DT, durationMs: DURATION, params: c.params, exc: c.exc })) as Spikes & { method: string };
    expect(gpuRun.method, 'spikegpu and Brian2 use the same method').toBe(c.method);
    const brian = runBrian2Equations(EQUATION_LIBRARY[model], c.method, n, DT, DURATION, c.params, c.exc);
    const cmp = compareTrains(gpuRun, brian, n);
    const f64 = compareTrains(runF64(model, n, c.params, c.exc), brian, n);
    console.log(`[${gpu.runtime}] ${c.name}, spikegpu f32 GPU vs Brian2: ${describeComparison(c.labels, cmp)}`);
    console.log(`[${gpu.runtime}] ${c.name}, the same statements in f64 vs Brian2: ${describeComparison(c.labels, f64)}`);
    expect(gpuRun.i.length, 'the run must spike').toBeGreaterThan(n * 3);
    expectAgrees(c.labels, f64, 'the statements in f64');
    expectAgrees(c.labels, cmp, 'spikegpu');
  });
}
