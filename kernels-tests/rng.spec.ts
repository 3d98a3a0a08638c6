/** rng on the GPU vs its oracle (kernels-tests/oracle/rng.ts): bit-identical Philox4x32-10 words. */
import { expect, test } from './harness/fixtures';

const cases = [
  { count: 1, instances: 1, seed: 0, stream: 0, step: 0 },
  { count: 1000, instances: 2, seed: 42, stream: 7, step: 123456 },
  { count: 4099, instances: 3, seed: 2 ** 52 + 3, stream: 0xffffffff, step: 0xfffffffe },
];

for (const c of cases) {
  test(`rng words bit-identical to TypeScript: count=${c.count} instances=${c.instances} seed=${c.seed} stream=${c.stream} step=${c.step}`, async ({ gpu }) => {
    const r = await gpu.run('rngVsOracle', c);
    expect(r.first).toBe('');
    expect(r.mismatches).toBe(0);
    expect(r.words).toBe(c.count * c.instances * 4);
  });
}

test('normalF32 on the GPU equals host/random/normal-f32.ts bit for bit: 20 000 Philox word pairs and the edge words', async ({ gpu }) => {
  const r = (await gpu.run('normalF32VsOracle', { count: 20000, seed: 11 })) as { draws: number; mismatches: number; first: string; mean: number; variance: number };
  console.log(`[${gpu.runtime}] normalF32: ${r.draws} draws, ${r.mismatches} mismatches, mean ${r.mean.toFixed(4)}, variance ${r.variance.toFixed(4)}`);
  expect(r.first).toBe('');
  expect(r.mismatches).toBe(0);
  expect(r.draws).toBeGreaterThan(20000);
  expect(Math.abs(r.mean)).toBeLessThan(0.03);
  expect(Math.abs(r.variance - 1)).toBeLessThan(0.04);
});
