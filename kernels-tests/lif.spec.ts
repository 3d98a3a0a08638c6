/** lif on the GPU vs its oracle (kernels-tests/oracle/lif.ts) and vs closed forms. */
import { expect, test } from './harness/fixtures';
import { expectMatchesOracle } from './harness/neuron-spec';

for (const size of [1, 37, 256, 1000]) {
  test(`lif matches oracle: N=${size}, B=2, 2000 steps, per-neuron random params, hard reset`, async ({ gpu }) => {
    await expectMatchesOracle(gpu, { model: 'lif', size, batch: 2, steps: 2000, seed: 11 + size });
  });
}

test('lif matches oracle: soft reset, N=300, B=3, 2000 steps', async ({ gpu }) => {
  await expectMatchesOracle(gpu, { model: 'lif', size: 300, batch: 3, steps: 2000, seed: 5, reset: 'soft' });
});

test('lif matches oracle: population-wide params (uniform path), N=130, B=2, workgroup 128', async ({ gpu }) => {
  await expectMatchesOracle(gpu, { model: 'lif', size: 130, batch: 2, steps: 2000, seed: 9, scalarParams: true, workgroupSize: 128 });
});

test('lif matches oracle after moving params, state and bitmask into arena ranges mid-run (per-neuron and uniform params)', async ({ gpu }) => {
  await expectMatchesOracle(gpu, { model: 'lif', size: 300, batch: 2, steps: 600, seed: 31, moveIntoArenas: true });
  await expectMatchesOracle(gpu, { model: 'lif', size: 130, batch: 2, steps: 600, seed: 32, scalarParams: true, moveIntoArenas: true });
});

test('lif with Poisson input matches oracle: N=300, B=2, 2000 steps, per-neuron rates (0 to 20 inputs per step) and weights', async ({ gpu }) => {
  await expectMatchesOracle(gpu, { model: 'lif', size: 300, batch: 2, steps: 2000, seed: 21, poissonInput: true });
});

test('lif with Poisson input matches oracle: population-wide rate and weight (uniform path), N=200, B=2', async ({ gpu }) => {
  await expectMatchesOracle(gpu, { model: 'lif', size: 200, batch: 2, steps: 1000, seed: 22, scalarParams: true, poissonInput: true });
});

test('lif free decay follows v0 exp(-t/tau) within relative error 1e-5', async ({ gpu }) => {
  const r = await gpu.run('lifDecay', { size: 100, batch: 2, steps: 60, dt: 0.1, seed: 3 });
  console.log(`[${gpu.runtime}] lif decay: max relative error ${r.maxRelError.toExponential(2)} over ${r.checks} checks (${r.worst})`);
  expect(r.checks).toBeGreaterThan(1000);
  expect(r.maxRelError).toBeLessThan(1e-5);
});

test('lif interspike interval under constant current equals the closed form within one step', async ({ gpu }) => {
  const r = await gpu.run('lifIsi', { size: 64, steps: 4000, dt: 0.1, seed: 4 });
  console.log(`[${gpu.runtime}] lif ISI: max |ISI - closed form| ${r.maxErrorMs.toFixed(4)} ms (dt ${r.dt}); ${r.worst}`);
  expect(r.tooFew).toBe(0);
  expect(r.irregular).toBe(0);
  expect(r.maxErrorMs).toBeLessThanOrEqual(r.dt);
});
