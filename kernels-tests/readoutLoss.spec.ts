/** readoutLoss (cross-entropy on the readout's max or mean over time) vs its oracle (kernels-tests/oracle/readoutLoss.ts). */
import { expect, test } from './harness/fixtures';

for (const loss of ['maxOverTime', 'meanOverTime', 'spikeCount']) {
  test(`readoutLoss ${loss}: loss, dL/dU, correctness and predictions vs the oracle, with a short batch`, async ({ gpu }) => {
    const r = await gpu.run('readoutLossVsOracle', { seed: 4, loss, steps: 30, batch: 9, outputs: 5, valid: 7 });
    expect(r.lossRel).toBeLessThan(1e-5);
    expect(r.guMaxRel).toBeLessThan(1e-5);
    expect(r.correctMismatch).toBe(0);
    expect(r.predictedMismatch).toBe(0);
  });
}

test('readoutLoss mse: loss and dL/dU vs the oracle, with a short batch', async ({ gpu }) => {
  const r = await gpu.run('readoutLossVsOracle', { seed: 4, loss: 'mse', steps: 30, batch: 9, outputs: 5, valid: 7 });
  expect(r.lossRel).toBeLessThan(1e-5);
  expect(r.guMaxRel).toBeLessThan(1e-5);
});
