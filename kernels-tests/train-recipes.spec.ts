/**
 * The Trainer's learning recipes, science checks run in Node only (playwright.config.ts): Yin-Yang to
 * the published target (Kriener et al. 2022), Randman, and a recurrent ALIF network with a spiking
 * readout, each also in the event-driven Simulator and through save/load. Every kernel they use is
 * held to the BPTT oracle and to PyTorch in both runtimes (train.spec.ts), and the browser trains
 * Yin-Yang end to end in the gallery's training demo (demos/yinyang-training, in the demos and
 * demos-static projects); running the twenty-epoch recipes a second time on SwiftShader cost 5.5
 * minutes of the suite and checked no kernel those specs do not.
 */
import { expect, test } from './harness/fixtures';

test('Yin-Yang (Kriener et al. 2022, 5000/1000 samples): the recipe reaches >= 95 % test accuracy; the same accuracy in the event-driven Simulator; save/load and reseeding reproduce it', async ({ gpu }) => {
  test.setTimeout(900_000);
  const r = await gpu.run('yinYangTraining', { epochs: 20, seed: 1 });
  const last = r.history[r.history.length - 1];
  console.log(`[${gpu.runtime}] Yin-Yang: train ${(100 * last.accuracy).toFixed(2)} %, test ${(100 * r.test.accuracy).toFixed(2)} %, ` +
    `${(r.history.reduce((a: number, h: { seconds: number }) => a + h.seconds, 0) / r.history.length).toFixed(1)} s per epoch; Simulator ${(100 * r.simulator.accuracy).toFixed(2)} % ` +
    `(agreement ${(100 * r.simulator.agreement).toFixed(1)} %, ${r.simulator.seconds.toFixed(1)} s)`);
  expect(r.test.accuracy).toBeGreaterThanOrEqual(0.95);
  expect(r.reloaded).toBe(r.test.accuracy);
  expect(r.repeatable).toBe(true);
  expect(Math.abs(r.simulator.accuracy - r.test.accuracy)).toBeLessThanOrEqual(0.01);
  expect(r.simulator.agreement).toBeGreaterThanOrEqual(0.98);
});

test('Randman (D = 1, 5 classes, spike-train input): the recipe learns it (>= 90 % test accuracy)', async ({ gpu }) => {
  test.setTimeout(300_000);
  const r = await gpu.run('randmanTraining', { seed: 5, epochs: 20 });
  console.log(`[${gpu.runtime}] Randman D=1: train ${(100 * r.train).toFixed(1)} %, test ${(100 * r.test).toFixed(1)} %`);
  expect(r.test).toBeGreaterThanOrEqual(0.9);
});

test('A recurrent ALIF network (sparse recurrent weights, trainable decay and threshold) with a spiking readout learns Yin-Yang with the spike-count loss; the Simulator agrees; save/load keeps it', async ({ gpu }) => {
  test.setTimeout(600_000);
  const r = await gpu.run('recurrentTraining', { epochs: 15 });
  const last = r.history[r.history.length - 1];
  console.log(`[${gpu.runtime}] recurrent ALIF, spike count: train ${last.accuracy}, test ${r.test}, Simulator ${r.simulator} (agreement ${r.agreement}), ${last.seconds.toFixed(2)} s/epoch; alpha changed ${r.alphaChanged}/64, threshold ${r.thresholdChanged}/64`);
  // Chance is 1/3; measured 91.0 % here (Node), the same on every run (fixed seed, deterministic
  // kernels), and 80.8 % in Chromium when it ran there: the runtimes' exp and log round differently and
  // the spike-count loss amplifies it. The bar stays the lower of the two, rounded down to a whole
  // percent, so a kernel change that would fail the browser's figure fails here too only if it moves
  // Node's by as much; the browser's own figure is in docs/testing.md.
  expect(r.test).toBeGreaterThanOrEqual(0.8);
  expect(r.agreement).toBeGreaterThanOrEqual(0.98);
  expect(Math.abs(r.simulator - r.test)).toBeLessThanOrEqual(0.02);
  expect(r.reloaded).toBe(r.test);
  expect(r.alphaChanged).toBeGreaterThan(50);
  expect(r.thresholdChanged).toBeGreaterThan(50);
  expect(r.recurrentEntries).toBeGreaterThan(600);
});

