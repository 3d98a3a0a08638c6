/** spikeArray on the GPU vs its oracle (kernels-tests/oracle/spikeArray.ts). */
import { expect, test } from './harness/fixtures';

for (const size of [1, 77, 300]) {
  test(`spikeArray replays its lists exactly: N=${size}, B=2, unaligned times, duplicates, steps past the last spike`, async ({ gpu }) => {
    const r = await gpu.run('spikeArrayVsOracle', { size, batch: 2, count: 40 * size, steps: 600, dt: 0.1, seed: size });
    expect(r.first).toBe('');
    expect(r.mismatchedSteps).toBe(0);
    expect(r.spikes).toBeGreaterThan(size);
    expect(r.afterReset).toBe(true);
  });
}

test('a spikeArray source drives a network exactly as in the network oracle', async ({ gpu }) => {
  const r = await gpu.run('spikeArrayNetwork');
  expect(r.first).toBe('');
  expect(r.mismatchedSteps).toBe(0);
  expect(r.targetSpikes).toBeGreaterThan(50);
});
