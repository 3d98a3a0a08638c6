/**
 * hebbian (HebbianPca: Oja's rule, Oja's subspace rule, Sanger's generalised Hebbian algorithm):
 * bit-exact against the oracle (kernels-tests/oracle/hebbian.ts), and convergence to the principal
 * components of Gaussian data with a known covariance (eigenvectors from a CPU Jacobi decomposition).
 */
import { expect, test } from './harness/fixtures';

const exact = [
  { label: 'Sanger, 19 inputs, 5 components, batches of 32 over 150 samples (a short last batch), shuffled, inverse schedule', rule: 'sanger', inputs: 19, components: 5, samples: 150, batchSize: 32, epochs: 3, seed: 3, learningRate: 0.02, schedule: { kind: 'inverse', updates: 7 }, center: true, shuffle: true },
  { label: "Oja's subspace rule, same shapes", rule: 'oja', inputs: 19, components: 5, samples: 150, batchSize: 32, epochs: 3, seed: 4, learningRate: 0.02, schedule: { kind: 'inverse', updates: 7 }, center: true, shuffle: true },
  { label: "Oja's single unit, one sample per update, not centred, in order", rule: 'oja', inputs: 7, components: 1, samples: 40, batchSize: 1, epochs: 2, seed: 5, learningRate: 0.01, schedule: { kind: 'constant' }, center: false, shuffle: false },
] as const;

for (const c of exact) {
  test(`hebbian: ${c.label}: the weights equal the oracle bit for bit; two fits equal one`, async ({ gpu }) => {
    const r = await gpu.run('hebbianVsOracle', c);
    console.log(`[${gpu.runtime}] hebbian ${c.rule} k=${c.components}: ${r.mismatches}/${r.count} mismatches (max |diff| ${r.maxAbs}), ${r.updates} updates, split-fit mismatches ${r.splitMismatches}`);
    expect(r.count).toBe(c.inputs * c.components);
    expect(r.updates).toBe(c.epochs * Math.ceil(c.samples / c.batchSize));
    expect(r.mismatches).toBe(0);
    expect(r.splitMismatches).toBe(0);
  });
}

// 16 inputs with distinct variances; the top 4 separated by clear gaps.
const variances = [9, 6, 4, 2.5, 1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.35, 0.3, 0.25, 0.2, 0.1];
// eta_u = 0.01 / (1 + u / 200): Robbins–Monro annealing over the 3750 updates (to 5e-4), so the weights settle rather than jitter.
const fit = { variances, samples: 2000, epochs: 30, learningRate: 0.01, schedule: { kind: 'inverse', updates: 200 }, batchSize: 16, seed: 11 };

test('Sanger (GHA): the 4 rows converge to the top 4 eigenvectors in order (|cos| > 0.99), orthonormal within 1e-2', async ({ gpu }) => {
  const r = await gpu.run('hebbianConvergence', { ...fit, rule: 'sanger', components: 4 });
  console.log(`[${gpu.runtime}] Sanger: |cos| ${r.cosines.map((c: number) => c.toFixed(5)).join(', ')}; |W W^T - I| ${r.orthoError.toExponential(2)}; eigenvalues ${r.eigenvalues.map((v: number) => v.toFixed(3)).join(', ')}; ${r.updates} updates in ${r.seconds.toFixed(2)} s`);
  for (const c of r.cosines) expect(c).toBeGreaterThan(0.99);
  expect(r.orthoError).toBeLessThan(1e-2);
});

test("Oja's rule, one unit: converges to the first principal component with unit length", async ({ gpu }) => {
  const r = await gpu.run('hebbianConvergence', { ...fit, rule: 'oja', components: 1 });
  console.log(`[${gpu.runtime}] Oja k=1: |cos| ${r.cosines[0].toFixed(5)}; |w.w - 1| ${r.orthoError.toExponential(2)}`);
  expect(r.cosines[0]).toBeGreaterThan(0.99);
  expect(r.orthoError).toBeLessThan(1e-2);
});

test("Oja's subspace rule: the 4 rows span the top-4 eigenspace (each eigenvector's projection > 0.99) and are orthonormal", async ({ gpu }) => {
  const r = await gpu.run('hebbianConvergence', { ...fit, rule: 'oja', components: 4 });
  console.log(`[${gpu.runtime}] Oja subspace: projections ${r.inSpan.map((c: number) => c.toFixed(5)).join(', ')}; |W W^T - I| ${r.orthoError.toExponential(2)}; |cos| by row ${r.cosines.map((c: number) => c.toFixed(3)).join(', ')}`);
  for (const c of r.inSpan) expect(c).toBeGreaterThan(0.99);
  expect(r.orthoError).toBeLessThan(1e-2);
});

test('hebbianPca: bad input gets typed errors naming the field; a too-high learning rate is reported, not returned as NaN', async ({ gpu }) => {
  const r = await gpu.run('hebbianBadInput', {});
  expect(r['components > inputs']).toMatch(/^InvalidParameterError: hebbianPca: components = 5 is not allowed; expected an integer in \[1, 4\]/);
  expect(r['learningRate 0']).toMatch(/^InvalidParameterError: hebbianPca: learningRate = 0/);
  expect(r['learningRate NaN']).toMatch(/^InvalidParameterError: hebbianPca: learningRate = NaN/);
  expect(r.rule).toMatch(/^InvalidParameterError: hebbianPca: rule = "hebb" .*'sanger', 'oja'|^InvalidParameterError: hebbianPca: rule = "hebb"/);
  expect(r['schedule.updates']).toMatch(/^InvalidParameterError: hebbianPca: schedule.updates = -1/);
  expect(r['unknown option']).toMatch(/^InvalidParameterError: hebbianPca: lr = 0.1 is not allowed; expected no such option/);
  expect(r['data length']).toMatch(/^InvalidParameterError: hebbianPca: data = Float32Array of length 7 .*\[samples\]\[4\]/);
  expect(r['data NaN']).toMatch(/^InvalidParameterError: hebbianPca: data\[3\] = NaN/);
  expect(r.epochs).toMatch(/^InvalidParameterError: hebbianPca.fit: epochs = -1/);
  expect(r.diverges).toMatch(/^LearningDivergedError: hebbianPca: the weights became Inf or NaN by the end of epoch \d+ \(learningRate = 50\)\. Lower learningRate/);
  expect(r['setWeights length']).toMatch(/^InvalidParameterError: hebbianPca.setWeights: weights = an array of length 3 .*8 values/);
  expect(r['after destroy']).toMatch(/^DestroyedError: HebbianPca was used after destroy\(\)/);
});
