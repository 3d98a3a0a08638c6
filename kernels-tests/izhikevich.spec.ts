/** izhikevich on the GPU vs its oracle (kernels-tests/oracle/izhikevich.ts) and vs the paper's firing patterns. */
import { expect, test } from './harness/fixtures';
import { expectMatchesOracle } from './harness/neuron-spec';

// Free-running for 2000 steps: the quadratic upswing above vPeak amplifies any one-ulp difference,
// so this only passes because the shader blocks FMA contraction (shaders/common/no-contract.wgsl.ts).
for (const size of [37, 256, 1000]) {
  test(`izhikevich matches oracle: N=${size}, B=2, 2000 steps, net.m-style random cells`, async ({ gpu }) => {
    await expectMatchesOracle(gpu, { model: 'izhikevich', size, batch: 2, steps: 2000, seed: 31 + size });
  });
}

test('izhikevich regular-spiking, fast-spiking and chattering sets give the published patterns (I = 10)', async ({ gpu }) => {
  const r = await gpu.run('izhikevichPatterns', { steps: 10000, current: 10, dt: 0.1 });
  for (const [name, s] of Object.entries(r) as [string, { spikes: number; oracleSpikes: number; isis: number[]; rateHz: number; spikeTimesEqual: boolean }][]) {
    console.log(`[${gpu.runtime}] ${name}: ${s.spikes} spikes (oracle ${s.oracleSpikes}), ${s.rateHz} Hz, ISIs (ms) ${s.isis.slice(0, 12).map((x) => x.toFixed(1)).join(' ')}${s.isis.length > 12 ? ' ...' : ''}`);
    expect(s.spikes, `${name} spike count equals the oracle's`).toBe(s.oracleSpikes);
  }
  const rs = r.regularSpiking, fs = r.fastSpiking, ch = r.chattering;
  // Regular spiking: spike-frequency adaptation, the first interval clearly shorter than the steady one.
  expect(rs.isis[rs.isis.length - 1]).toBeGreaterThan(1.5 * rs.isis[0]);
  // Fast spiking: tonic, much faster than RS, little adaptation.
  expect(fs.rateHz).toBeGreaterThan(2 * rs.rateHz);
  expect(Math.max(...fs.isis.slice(2)) - Math.min(...fs.isis.slice(2))).toBeLessThanOrEqual(0.2 * fs.isis[fs.isis.length - 1]);
  // Chattering: bursts of closely spaced spikes separated by long pauses (bimodal intervals).
  const short = ch.isis.filter((d: number) => d <= 8).length;
  const long = ch.isis.filter((d: number) => d >= 20).length;
  expect(short).toBeGreaterThanOrEqual(long);
  expect(long).toBeGreaterThanOrEqual(3);
});

test('izhikevich at the paper\'s dt = 1 ms (two 0.5 ms half-steps): spike trains equal the oracle\'s', async ({ gpu }) => {
  const r = await gpu.run('izhikevichPatterns', { steps: 1000, current: 10, dt: 1 });
  for (const [name, s] of Object.entries(r) as [string, { spikes: number; oracleSpikes: number; spikeTimesEqual: boolean }][]) {
    expect(s.spikes, name).toBeGreaterThan(5);
    expect(s.spikeTimesEqual, `${name}: ${s.spikes} vs oracle ${s.oracleSpikes}`).toBe(true);
  }
});
