/** matmul (tiled, direct and event-driven) vs its oracle (kernels-tests/oracle/matmul.ts): bit for bit. */
import { expect, test } from './harness/fixtures';

test('matmul, tiled, direct and event-driven: every transpose, bias, accumulation, buffer offsets and split sums, bit-identical to the oracle', async ({ gpu }) => {
  const r = await gpu.run('matmulVsOracle', { seed: 1 });
  expect(r.cases.length).toBe(75);
  r.cases.forEach((c: string, k: number) => expect(r.mismatches[k], c).toBe(0));
});
