/** gather (dense all-to-all delivery) vs the oracle (kernels-tests/oracle/gather.ts) and vs the sparse path. */
import { expect, test } from './harness/fixtures';

test('dense and sparse all-to-all delivery both give the oracle\'s spikes (recurrent without autapses, B=2)', async ({ gpu }) => {
  const r = await gpu.run('denseVsSparse', { seed: 31, steps: 800, batch: 2 });
  expect(r.denseUsed).toBe(true);
  expect(r.first).toBe('');
  expect(r.mismatched).toEqual({ dense: 0, sparse: 0 });
  expect(r.spikes).toBeGreaterThan(100);
  expect(r.oracleTwinsAgree).toBe(true);
});
