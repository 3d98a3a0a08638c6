/**
 * rateReg (firing-rate regularisers, Zenke & Vogels 2021) inside a Trainer batch vs the oracle
 * (kernels-tests/oracle/rateReg.ts via the BPTT oracle): gradients of every tensor and the loss.
 */
import { expect, test } from './harness/fixtures';

const cases = [
  { label: 'a lower bound on every neuron (4 spikes) and an upper bound on the mean (2 spikes)', rateReg: { lower: { count: 4, strength: 0.5 }, upper: { count: 2, strength: 0.2 } } },
  { label: 'an upper bound only', rateReg: { upper: { count: 1, strength: 1 } } },
];

test('rateReg changes the loss and the hidden gradients (the regulariser is not a no-op)', async ({ gpu }) => {
  const off = await gpu.run('trainerGradients', { seed: 6, loss: 'meanOverTime' });
  const on = await gpu.run('trainerGradients', { seed: 6, loss: 'meanOverTime', rateReg: cases[0]!.rateReg });
  expect(on.loss).toBeGreaterThan(off.loss);
  expect(Math.abs(on.hiddenGradNorm - off.hiddenGradNorm) / off.hiddenGradNorm).toBeGreaterThan(1e-3);
});

for (const c of cases) {
  test(`rateReg: ${c.label}: Trainer gradients and loss equal the oracle`, async ({ gpu }) => {
    const r = await gpu.run('trainerGradients', { seed: 6, loss: 'meanOverTime', rateReg: c.rateReg });
    console.log(`[${gpu.runtime}] rateReg ${JSON.stringify(c.rateReg)}: ${JSON.stringify(r.maxRel)}, loss ${r.lossRel.toExponential(1)}`);
    for (const [name, rel] of Object.entries(r.maxRel as Record<string, number>)) expect(rel, name).toBeLessThan(1e-5);
    expect(r.lossRel).toBeLessThan(1e-5);
  });
}
