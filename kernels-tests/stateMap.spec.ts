/**
 * stateMap (StateMap): a population's state drawn on the GPU from its state buffer equals the oracle's
 * picture (kernels-tests/oracle/stateMap.ts) of the state read back, within 1/255 per channel, on the
 * per-step and fused paths, at targets smaller and larger than the grid; bad input gets typed errors.
 */
import { expect, test } from './harness/fixtures';

const targets: [number, number][] = [[64, 40], [7, 5], [300, 430]];

for (const fused of ['off', 'on'] as const) {
  test(`stateMap (${fused === 'on' ? 'fused' : 'per-step'} path): v of 100 LIF neurons after 57 steps matches the oracle at 64x40, 7x5, 300x430`, async ({ gpu }) => {
    const r = await gpu.run('stateMapVsOracle', { seed: 5, fused, variable: 'v', range: [-70, -50], targets });
    console.log(`[${gpu.runtime}] stateMap ${fused}: ${r.columns}x${r.rows} cells; ${r.targets.map((t: { size: string; mismatches: number; colours: number }) => `${t.size} ${t.mismatches} mismatches, ${t.colours} colours`).join('; ')}`);
    expect([r.columns, r.rows]).toEqual([10, 10]);
    for (const t of r.targets) expect(t.mismatches, t.firstMismatch).toBe(0);
    expect(r.targets[2].colours).toBeGreaterThan(20); // not one flat colour
  });
}

test('stateMap: another variable (iExc), 13 columns (a short last row drawn as background)', async ({ gpu }) => {
  const r = await gpu.run('stateMapVsOracle', { seed: 6, fused: 'off', variable: 'iExc', range: [0, 20], columns: 13, targets: [[130, 80]] });
  expect([r.columns, r.rows]).toEqual([13, 8]);
  expect(r.targets[0].mismatches, r.targets[0].firstMismatch).toBe(0);
});

test('stateMap: bad input gets typed errors naming the field', async ({ gpu }) => {
  const r = await gpu.run('stateMapBadInput', {});
  expect(r['poisson population']).toMatch(/^InvalidParameterError: StateMap options: population = "input" .*state variables/);
  expect(r['unknown variable']).toMatch(/^InvalidParameterError: StateMap options: variable = "w" .*'v'/);
  expect(r['integer variable']).toMatch(/^InvalidParameterError: StateMap options: variable = "refr"/);
  expect(r['empty range']).toMatch(/^InvalidParameterError: StateMap options: range = .*lo < hi/);
  expect(r['NaN range']).toMatch(/^InvalidParameterError: StateMap options: range\[0\] = NaN/);
  expect(r['columns 0']).toMatch(/^InvalidParameterError: StateMap options: columns = 0/);
  expect(r['draw after destroy']).toMatch(/^DestroyedError: StateMap was used after destroy/);
});
