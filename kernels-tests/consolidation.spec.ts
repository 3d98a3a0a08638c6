/**
 * consolidation (importance-gated consolidation for the Trainer: Synaptic Intelligence and EWC):
 * every pass against the oracle (kernels-tests/oracle/consolidation.ts), and inside a Trainer on
 * read-back buffers. The continual-learning demonstration is kernels-tests/continual-learning.spec.ts.
 */
import { expect, test } from './harness/fixtures';

test('consolidation passes (SI: penalty, path integral, consolidation; EWC: penalty, squared gradients, anchor) equal the oracle', async ({ gpu }) => {
  const r = await gpu.run('consolidationVsOracle', { count: 1000, strength: 0.7, damping: 0.05 });
  for (const [name, c] of Object.entries(r as Record<string, { mismatches: number; maxRel: number }>)) {
    // 'si' divides: WGSL allows 2.5 ulp for f32 division, so that pass is compared within 1e-6 relative; the rest bit for bit.
    if (name.startsWith('si.si.Omega')) expect(c.maxRel, name).toBeLessThan(1e-6);
    else expect(c.mismatches, name).toBe(0);
  }
  console.log(`[${gpu.runtime}] consolidation passes: ${Object.entries(r as Record<string, { mismatches: number }>).map(([k, c]) => `${k} ${c.mismatches}`).join(', ')}`);
});

test('consolidation in a Trainer: strength 0 is a no-op; SI path integral, SI importance, the penalty gradient and EWC importance equal the oracle on read-back buffers; save/load keeps the state', async ({ gpu }) => {
  test.setTimeout(240_000);
  const r = await gpu.run('consolidationInTrainer', {});
  console.log(`[${gpu.runtime}] consolidation in Trainer: ${JSON.stringify(r)}`);
  expect(r.zeroStrength.mismatches).toBe(0);
  expect(r.pathIntegral.mismatches).toBe(0);
  expect(r.pathIntegralNonZero).toBeGreaterThan(100);
  expect(r.siImportance.maxRel).toBeLessThan(1e-6);
  expect(r.siAnchor.mismatches).toBe(0);
  expect(r.siOmegaCleared).toBe(true);
  expect(r.importancePositive).toBeGreaterThan(100);
  expect(r.savedImportance.mismatches).toBe(0);
  expect(r.savedAnchor.mismatches).toBe(0);
  expect(r.savedGradient.mismatches).toBe(0);
  expect(r.penalty.mismatches).toBe(0);
  expect(r.penaltyChanged).toBeGreaterThan(100);
  expect(r.ewcImportance.mismatches).toBe(0);
  expect(r.ewcAnchor.mismatches).toBe(0);
  expect(r.ewcNoPathIntegral).toBe(true);
  // Memory: SI keeps 5 floats per parameter more, EWC 2.
  expect(r.memory.si).toBeGreaterThan(r.memory.ewc);
  expect(r.memory.ewc).toBeGreaterThan(r.memory.plain);
});

test('consolidation: bad input gets typed errors naming the field', async ({ gpu }) => {
  const r = await gpu.run('consolidationBadInput', {});
  expect(r.method).toMatch(/^InvalidParameterError: Trainer options consolidation: method = "l2"/);
  expect(r.strength).toMatch(/^InvalidParameterError: Trainer options consolidation: strength = -1/);
  expect(r['damping with ewc']).toMatch(/^InvalidParameterError: Trainer options consolidation: damping = 0.1 .*method 'si'/);
  expect(r['no consolidation']).toMatch(/^InvalidParameterError: Trainer.consolidate: consolidation = undefined .*options.consolidation/);
  expect(r['before training']).toMatch(/^InvalidParameterError: Trainer.consolidate: updates = 0 .*at least one training update/);
  expect(r['si with data']).toMatch(/^InvalidParameterError: Trainer.consolidate: data = .*\(data is for 'ewc'\)/);
  expect(r.twice).toMatch(/^InvalidParameterError: Trainer.consolidate: updates = 0/);
  expect(r['ewc without data']).toMatch(/^InvalidParameterError: Trainer.consolidate: data = undefined .*finished task's dataset/);
  expect(r['importance without consolidation']).toMatch(/^InvalidParameterError: Trainer.getImportance: consolidation = undefined/);
});
