/** Models written as equations (host/equations) on the GPU: the shipped models' equation files vs their hand-written kernels, verify(). */
import { expect, test } from './harness/fixtures';
import type { EquationVsBuiltinResult } from './cases/equations';
import type { VerifyReport } from '../host/equations/verify';

const cases = [
  { model: 'lif', size: 300, batch: 2, steps: 600, seed: 41 },
  { model: 'lif', size: 200, batch: 2, steps: 600, seed: 42, reset: 'soft' },
  { model: 'lif', size: 130, batch: 2, steps: 600, seed: 43, scalarParams: true, workgroupSize: 128 },
  { model: 'iaf', size: 300, batch: 2, steps: 600, seed: 44 },
  { model: 'iaf', size: 200, batch: 2, steps: 600, seed: 45, reset: 'soft' },
  { model: 'lifCond', size: 300, batch: 2, steps: 600, seed: 46 },
  { model: 'alif', size: 200, batch: 2, steps: 600, seed: 47 },
  { model: 'alif', size: 150, batch: 2, steps: 600, seed: 48, reset: 'soft' },
  { model: 'izhikevich', size: 200, batch: 2, steps: 600, seed: 49 },
] as const;

for (const c of cases) {
  test(`${c.model} as equations equals the hand-written ${c.model} bit for bit: N=${c.size}, B=${c.batch}, ${c.steps} steps${'reset' in c ? ', soft reset' : ''}${'scalarParams' in c ? ', population-wide params' : ', per-neuron random params'}`, async ({ gpu }) => {
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
