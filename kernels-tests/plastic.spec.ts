/**
 * plastic on the GPU vs its oracle (kernels-tests/oracle/plastic.ts): random networks with plastic
 * projections, sparse and dense storage, axonal and dendritic delays, B >= 2, sizes off the
 * workgroup multiple; every step's spikes and the final weights must be identical (the Gütig rule's
 * pow within its declared tolerance). reset() reruns identically; the fused mode falls back to the
 * per-step path for plastic networks.
 */
import type { PlasticCaseArgs, PlasticCaseResult } from './cases/plastic';
import { expect, test } from './harness/fixtures';

const base = { steps: 2000, batch: 2, sizes: [37, 45, 13] as [number, number, number], fused: 'auto' as const };
const CASES: (Omit<PlasticCaseArgs, 'steps' | 'batch' | 'sizes'> & { label: string })[] = [
  { label: 'additive, all-to-all pairing, sparse + dense storage, seed 1', seed: 1, storage: 'dense', dependence: 'additive', pairing: 'allToAll', delayMs: 0.5, dendriticDelayMs: 0 },
  { label: 'multiplicative, nearest pairing, axonal 2 ms and dendritic 1.5 ms delays, seed 2', seed: 2, storage: 'sparse', dependence: 'multiplicative', pairing: 'nearest', delayMs: 2, dendriticDelayMs: 1.5 },
  { label: 'van Rossum, all-to-all, dense storage, axonal 1 ms delay, dendritic 0.5 ms, seed 3', seed: 3, storage: 'dense', dependence: 'vanRossum', pairing: 'allToAll', delayMs: 1, dendriticDelayMs: 0.5 },
];

function report(runtime: string, label: string, r: PlasticCaseResult): void {
  const w = Object.entries(r.weights).map(([n, x]) => `${n}: ${x.synapses} synapses, ${x.changed} changed, mean ${x.meanInitial.toFixed(4)} -> ${x.meanFinal.toFixed(4)}, max |gpu - oracle| ${x.maxAbs.toExponential(2)}`).join('; ');
  console.log(`[${runtime}] plastic ${label}: spikes ${JSON.stringify(r.spikes)}; ${w}; fused ${r.isFused}`);
}

for (const c of CASES) {
  test(`plastic matches oracle over 2000 steps, B = 2: ${c.label}`, async ({ gpu }) => {
    test.setTimeout(300_000);
    const r = (await gpu.run('plasticVsOracle', { ...base, ...c })) as PlasticCaseResult;
    report(gpu.runtime, c.label, r);
    expect(r.mismatchedSteps, r.firstMismatch).toBe(0);
    expect(r.isFused, "'auto' runs plastic networks on the per-step path").toBe(false);
    for (const [name, x] of Object.entries(r.weights)) {
      expect(x.maxAbs, `${name}: weights bit-identical to the oracle`).toBe(0);
      expect(x.changed, `${name}: learning moved weights`).toBeGreaterThan(x.synapses * base.batch / 4);
    }
    expect(r.spikes.exc, 'the plastic populations fire').toBeGreaterThan(300);
    expect(r.rerunIdentical, 'reset() restores the initial weights, traces and delay rings').toBe(true);
  });
}

test('plastic matches oracle with the Gütig rule (mu = 0.4) within its declared tolerance (WGSL pow is not exact); plastic weights deliver 0 so spikes stay identical', async ({ gpu }) => {
  test.setTimeout(300_000);
  const r = (await gpu.run('plasticVsOracle', { ...base, seed: 4, storage: 'sparse', dependence: 'gutig', pairing: 'allToAll', delayMs: 0.5, dendriticDelayMs: 0, inputFractionBits: 0 })) as PlasticCaseResult;
  report(gpu.runtime, 'gutig', r);
  expect(r.mismatchedSteps, r.firstMismatch).toBe(0);
  for (const [name, x] of Object.entries(r.weights)) {
    console.log(`[${gpu.runtime}] gutig ${name}: largest |gpu - oracle| / wMax = ${x.maxRel.toExponential(2)} (declared 1e-5)`);
    expect(x.maxRel, name).toBeLessThan(1e-5);
    expect(x.changed, name).toBeGreaterThan(x.synapses * base.batch / 4);
  }
});

test("fused: 'on' names the plastic projection it cannot run; 'auto' falls back to the per-step path", async ({ gpu }) => {
  const r = (await gpu.run('plasticVsOracle', { ...base, steps: 50, seed: 5, storage: 'sparse', dependence: 'additive', pairing: 'allToAll', delayMs: 0.5, dendriticDelayMs: 0, fused: 'auto' })) as PlasticCaseResult;
  expect(r.isFused).toBe(false);
  expect(r.mismatchedSteps).toBe(0);
});
