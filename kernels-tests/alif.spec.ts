/** alif on the GPU vs its oracle (kernels-tests/oracle/alif.ts). */
import { test } from './harness/fixtures';
import { expectMatchesOracle } from './harness/neuron-spec';

for (const size of [37, 256, 1000]) {
  test(`alif matches oracle: N=${size}, B=2, 2000 steps, hard reset`, async ({ gpu }) => {
    await expectMatchesOracle(gpu, { model: 'alif', size, batch: 2, steps: 2000, seed: 21 + size });
  });
}

test('alif matches oracle: soft reset (subtracts the adaptive threshold), N=200, B=2', async ({ gpu }) => {
  await expectMatchesOracle(gpu, { model: 'alif', size: 200, batch: 2, steps: 2000, seed: 8, reset: 'soft' });
});

test('alif matches oracle: population-wide params, N=100, B=2', async ({ gpu }) => {
  await expectMatchesOracle(gpu, { model: 'alif', size: 100, batch: 2, steps: 2000, seed: 2, scalarParams: true });
});
