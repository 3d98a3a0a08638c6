/** iaf on the GPU vs its oracle (kernels-tests/oracle/iaf.ts). */
import { test } from './harness/fixtures';
import { expectMatchesOracle } from './harness/neuron-spec';

for (const size of [37, 256]) {
  test(`iaf matches oracle: N=${size}, B=2, 2000 steps, random input, per-neuron params`, async ({ gpu }) => {
    await expectMatchesOracle(gpu, { model: 'iaf', size, batch: 2, steps: 2000, seed: 71 + size });
  });
}

test('iaf matches oracle: soft reset, population-wide params, N=100, B=2', async ({ gpu }) => {
  await expectMatchesOracle(gpu, { model: 'iaf', size: 100, batch: 2, steps: 2000, seed: 5, reset: 'soft', scalarParams: true });
});
