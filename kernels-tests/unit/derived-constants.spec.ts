/**
 * Derived constants checked against formulas written out here, independently of the host code that
 * computes them for the kernels: lifCond's conductance constants, the training layers' decays and
 * surrogate factors, the optimizer's schedules and Adam's bias corrections (the oracle's own
 * functions, from the papers), and the Poisson spike probability.
 */
import { expect, test } from '@playwright/test';
import { lifCondKernel } from '../../host/kernels/lifCond';
import { resolveTrainLif } from '../../host/kernels/lifTrain';
import { optimizerFrame, resolveOptimizer, scheduledLr } from '../../host/kernels/optimizer';
import { poissonProbabilityScale } from '../../host/kernels/poisson';
import { oracleBiasCorrections, oracleLearningRate } from '../oracle/optimizer';

const f = Math.fround;
/** Distance in f32 units in the last place between two f32 values of the same sign. */
function ulps(a: number, b: number): number {
  const i = (x: number) => new Int32Array(new Float32Array([x]).buffer)[0]!;
  return Math.abs(i(a) - i(b));
}

test('lifCond: gLeak = C / tau_m (nF / ms = uS), dt / C, synaptic decays exp(-dt / tau), refractory steps', () => {
  const dt = 0.1;
  const r = lifCondKernel.resolve('t', { tauMem: 20, cMem: 0.2, tauSynExc: 5, tauSynInh: 10, refractoryMs: 5, eExc: 0, eInh: -80 }, 1, dt);
  const p = r.at(0);
  expect(p.gLeak).toBe(f(0.2 / 20)); // 10 nS, Brette et al. 2007's COBA
  expect(p.gLeak).toBeCloseTo(0.01, 9); // f32 of 0.01
  expect(p.dtOverC).toBe(f(dt / 0.2));
  expect(p.alphaExc).toBe(f(Math.exp(-dt / 5)));
  expect(p.alphaInh).toBe(f(Math.exp(-dt / 10)));
  expect(p.refractorySteps).toBe(50);
  expect(p.eInh).toBe(-80);
});

test('training layers: alpha = exp(-dt / tau_m), rMem defaults to 1 / (1 - alpha), alphaSyn, surrogate factors, alif rho', () => {
  const dt = 1;
  const lif = resolveTrainLif('t', { tauMem: 20, tauSyn: 5, threshold: 1.5, surrogate: { kind: 'arctan', slope: 3 } }, dt);
  const alpha = Math.exp(-dt / 20);
  expect(lif.frame.alphaMem).toBe(f(alpha));
  expect(lif.frame.rMem).toBe(f(1 / (1 - f(alpha))));
  expect(lif.frame.alphaSyn).toBe(f(Math.exp(-dt / 5)));
  expect(lif.frame.threshold).toBe(f(1.5));
  expect(lif.frame.halfPiSlope).toBe(f((Math.PI / 2) * 3));
  expect(lif.frame.halfSlope).toBe(f(1.5));
  const plain = resolveTrainLif('t', {}, dt);
  expect(plain.frame.alphaSyn).toBe(0); // tauSyn 0: a plain LIF neuron (input straight into the membrane)
  expect(plain.frame.slope).toBe(10); // fast sigmoid, Zenke & Ganguli 2018's slope
  const alif = resolveTrainLif('t', { beta: 1.8, tauAdapt: 700 }, dt, 'alif');
  expect(alif.frame.rhoAdapt).toBe(f(Math.exp(-1 / 700)));
  expect(alif.frame.oneMinusRho).toBe(f(1 - Math.exp(-1 / 700)));
  expect(alif.frame.beta).toBe(f(1.8));
});

test('optimizer schedules and bias corrections: the oracle formulas give the published values and agree with the kernel frame', () => {
  const step = resolveOptimizer({ kind: 'sgd', lr: 0.1, schedule: { kind: 'step', every: 3, gamma: 0.5 } });
  expect([0, 2, 3, 5, 6, 9].map((t) => oracleLearningRate(step, t))).toEqual([0.1, 0.1, 0.05, 0.05, 0.025, 0.0125]);
  const cos = resolveOptimizer({ kind: 'adam', lr: 0.02, schedule: { kind: 'cosine', totalSteps: 8, minLr: 0.002 } });
  expect(oracleLearningRate(cos, 0)).toBeCloseTo(0.02, 15);
  expect(oracleLearningRate(cos, 4)).toBeCloseTo(0.011, 15); // halfway: the mean of the two ends
  expect(oracleLearningRate(cos, 8)).toBeCloseTo(0.002, 15);
  expect(oracleLearningRate(cos, 50)).toBeCloseTo(0.002, 15); // held at the end
  const adam = resolveOptimizer({ kind: 'adam', lr: 1e-3 });
  expect(oracleBiasCorrections(adam, 0).c1).toBeCloseTo(1 / 0.1, 12); // t = 1: 1 / (1 - 0.9)
  expect(oracleBiasCorrections(adam, 0).c2).toBeCloseTo(1 / 0.001, 9);
  expect(oracleBiasCorrections(adam, 1).c1).toBeCloseTo(1 / (1 - 0.81), 12);
  expect(oracleBiasCorrections(adam, 10_000).c1).toBeCloseTo(1, 12);
  // The host's frame (what the kernel gets) within one f32 ulp of the oracle's, for every case and step.
  for (const r of [step, cos, adam, resolveOptimizer({ kind: 'adamw', lr: 3e-3, beta1: 0.8, beta2: 0.99 })]) {
    for (let t = 0; t < 40; t++) {
      const fr = optimizerFrame(r, 1, 0, t);
      const bc = oracleBiasCorrections(r, t);
      expect(ulps(fr.lr!, f(oracleLearningRate(r, t))), `lr at ${t}`).toBeLessThanOrEqual(1);
      expect(ulps(fr.c1!, f(bc.c1)), `c1 at ${t}`).toBeLessThanOrEqual(1);
      expect(ulps(fr.c2!, f(bc.c2)), `c2 at ${t}`).toBeLessThanOrEqual(1);
      expect(Math.abs(scheduledLr(r, t) - oracleLearningRate(r, t))).toBeLessThanOrEqual(1e-15);
    }
  }
});

test('Poisson: the per-step probability is rate * dt / 1000, formed in f32 as the shader does', () => {
  for (const dt of [0.1, 0.025, 1, 0.5]) {
    expect(poissonProbabilityScale(dt)).toBe(f(dt / 1000));
    for (const rate of [0, 1, 15, 100, 999]) {
      const p = f(f(rate) * poissonProbabilityScale(dt));
      expect(Math.abs(p - (rate * dt) / 1000)).toBeLessThanOrEqual(2 ** -23 * Math.max((rate * dt) / 1000, 1e-30) * 2);
    }
  }
});
