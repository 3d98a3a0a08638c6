/** Models written as equations (host/equations) on the GPU: the shipped models' equation files vs their hand-written kernels, verify(). */
import { expect, test } from './harness/fixtures';
import type { EquationVsBuiltinResult } from './cases/equations';
import type { VerifyReport } from '../host/equations/verify';

const cases = [
  { model: 'lif', size: 300, batch: 2, steps: 300, seed: 41 },
  { model: 'lif', size: 200, batch: 2, steps: 300, seed: 42, reset: 'soft' },
  { model: 'lif', size: 130, batch: 2, steps: 300, seed: 43, scalarParams: true, workgroupSize: 128 },
  { model: 'iaf', size: 300, batch: 2, steps: 300, seed: 44 },
  { model: 'iaf', size: 200, batch: 2, steps: 300, seed: 45, reset: 'soft' },
  { model: 'lifCond', size: 300, batch: 2, steps: 300, seed: 46 },
  { model: 'alif', size: 200, batch: 2, steps: 300, seed: 47 },
  { model: 'alif', size: 150, batch: 2, steps: 300, seed: 48, reset: 'soft' },
  { model: 'izhikevich', size: 200, batch: 2, steps: 300, seed: 49 },
  // The noise current: randn() in the izhikevichNoise file, noiseSd random per neuron (a quarter 0).
  { model: 'izhikevich', size: 200, batch: 3, steps: 300, seed: 50, noise: true },
] as const;

for (const c of cases) {
  test(`${c.model} as equations equals the hand-written ${c.model} bit for bit: N=${c.size}, B=${c.batch}, ${c.steps} steps${'reset' in c ? ', soft reset' : ''}${'noise' in c ? ', noise current (randn)' : ''}${'scalarParams' in c ? ', population-wide params' : ', per-neuron random params'}`, async ({ gpu }) => {
    const r = (await gpu.run('equationVsBuiltin', c)) as EquationVsBuiltinResult;
    console.log(`[${gpu.runtime}] ${c.model} equations (${r.method}): ${r.spikes} spikes, spike mismatches ${r.spikeMismatches}, state mismatches ${JSON.stringify(r.stateMismatches)}, vs own oracle ${r.oracleMismatches}`);
    expect(r.firstProblems).toEqual([]);
    expect(r.spikeMismatches).toBe(0);
    for (const [k, v] of Object.entries(r.stateMismatches)) expect(v, `state ${k}`).toBe(0);
    expect(r.oracleMismatches).toBe(0);
    expect(r.spikes, 'the test must exercise spiking').toBeGreaterThan(c.size * c.batch * 0.5);
  });
}

test('verify() passes the shipped lif equation file on random state and input (bit for bit)', async ({ gpu }) => {
  const r = (await gpu.run('equationVerify', { model: 'lif', options: { size: 200, steps: 300, dt: 0.25, params: { biasCurrent: 25, refractoryMs: 1 }, input: { exc: [0, 4], inh: [-4, 0] }, randomState: { v: [-75, -50], iExc: [0, 2] } } })) as VerifyReport;
  console.log(`[${gpu.runtime}] verify lif: ${r.spikes} spikes, max diffs ${JSON.stringify(r.maxAbsDiff)}, mismatches ${r.spikeMismatches}, flips ${r.nearThresholdFlips}`);
  expect(r.problems).toEqual([]);
  expect(r.exact).toBe(true);
  expect(r.passed).toBe(true);
  expect(r.spikes).toBeGreaterThan(100);
  for (const v of Object.values(r.maxAbsDiff)) expect(v).toBe(0);
});

test('verify() holds randn() to its oracle: membrane noise in an update, a jittered reset (two draws a step), B = 3', async ({ gpu }) => {
  // Brian2's `dv/dt = (vRest - v + rMem*I)/tau + sigma*sqrt(2/tau)*xi` by Euler-Maruyama: the noise as an update.
  const spec = {
    name: 'lif_noise',
    equations: `
      dv/dt = (vRest - v + rMem*I)/tau : mV (unless refractory)
      dI/dt = -I/tauSyn : nA
      tau : ms
      tauSyn : ms
      vRest : mV
      vThreshold : mV
      vReset : mV
      rMem : MOhm
      sigma : mV
      jitter : mV`,
    update: 'v += sigma*sqrt(2*dt/tau)*randn()',
    threshold: 'v >= vThreshold',
    reset: 'v = vReset + jitter*randn()',
    refractory: 1,
    parameters: { tau: 10, tauSyn: 5, vRest: -60, vThreshold: -50, vReset: -65, rMem: 1, sigma: 6, jitter: 2 },
    initial: { v: 'vRest' },
    inputs: { exc: 'I', inh: 'I' },
  };
  const r = (await gpu.run('equationVerify', { model: spec, options: { size: 300, batch: 3, steps: 400, dt: 0.1, input: { exc: [0, 3], inh: [-3, 0] } } })) as VerifyReport;
  console.log(`[${gpu.runtime}] verify lif_noise: ${r.spikes} spikes, max diffs ${JSON.stringify(r.maxAbsDiff)}, mismatches ${r.spikeMismatches}`);
  expect(r.problems).toEqual([]);
  expect(r.exact).toBe(true);
  expect(r.passed).toBe(true);
  // The noise alone must make neurons fire: vRest is 10 mV below threshold and the input is sparse.
  expect(r.spikes).toBeGreaterThan(300);
  for (const v of Object.values(r.maxAbsDiff)) expect(v).toBe(0);
});
