/** lifCond on the GPU vs its oracle (kernels-tests/oracle/lifCond.ts). */
import { test } from './harness/fixtures';
import { expectMatchesOracle } from './harness/neuron-spec';

for (const size of [37, 256, 1000]) {
  test(`lifCond matches oracle: N=${size}, B=2, 2000 steps, random conductance input on both channels`, async ({ gpu }) => {
    await expectMatchesOracle(gpu, { model: 'lifCond', size, batch: 2, steps: 2000, seed: 41 + size });
  });
}

test('lifCond matches oracle: soft reset, population-wide params, N=100, B=2', async ({ gpu }) => {
  await expectMatchesOracle(gpu, { model: 'lifCond', size: 100, batch: 2, steps: 2000, seed: 4, reset: 'soft', scalarParams: true });
});
