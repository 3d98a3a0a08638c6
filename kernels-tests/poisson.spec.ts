/** poisson on the GPU vs its oracle (kernels-tests/oracle/poisson.ts): bit-identical draws and the mean rate. */
import { expect, test } from './harness/fixtures';

test('poisson: 1e6 draws bit-identical to the oracle, mean count within 3 sigma (N=1000, B=2, 500 steps)', async ({ gpu }) => {
  const r = await gpu.run('poissonVsOracle', { size: 1000, batch: 2, steps: 500, dt: 1, seed: 12345, maxRate: 100 });
  console.log(`[${gpu.runtime}] poisson: ${r.draws} draws, ${r.spikes} spikes, expected ${r.expected.toFixed(1)} +- ${r.sigma.toFixed(1)} (z = ${r.zScore.toFixed(2)})`);
  expect(r.draws).toBeGreaterThanOrEqual(1e6);
  expect(r.mismatchedSteps).toBe(0);
  expect(Math.abs(r.zScore)).toBeLessThan(3);
});

for (const size of [1, 77, 1000]) {
  test(`poisson: sizes not a multiple of the workgroup, N=${size}, B=3, seed above 2^32`, async ({ gpu }) => {
    const r = await gpu.run('poissonVsOracle', { size, batch: 3, steps: 300, dt: 0.5, seed: 2 ** 40 + 17, maxRate: 400 });
    expect(r.mismatchedSteps).toBe(0);
    expect(r.spikes).toBeGreaterThan(0);
  });
}
