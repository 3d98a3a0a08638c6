/** Shared assertions for the neuron-kernel specs (lif, alif, izhikevich). */
import type { NeuronCaseArgs, NeuronCaseResult } from '../cases/neuron-vs-oracle';
import { expect, type GpuRunner } from './fixtures';

export async function expectMatchesOracle(gpu: GpuRunner, args: NeuronCaseArgs): Promise<NeuronCaseResult> {
  const r = (await gpu.run('neuronVsOracle', args)) as NeuronCaseResult;
  const errs = Object.entries(r.maxAbsError).map(([k, v]) => `${k} ${v.toExponential(2)} (tol ${r.tolerance[k]})`).join(', ');
  console.log(`[${gpu.runtime}] ${args.model} N=${args.size} B=${args.batch} ${args.steps} steps: ` +
    `${r.spikes} spikes, max |gpu-oracle|: ${errs}; near-threshold flips ${r.nearThresholdFlips}`);
  expect(r.firstProblems.filter((p) => !p.includes('near-threshold')), 'first problems').toEqual([]);
  expect(r.mismatches, 'spike mismatches').toBe(0);
  expect(r.sentinelViolations, 'sentinel violations').toBe(0);
  expect(r.bitsMismatches, 'bitmask vs list').toBe(0);
  expect(r.toleranceViolations, 'state values that differ from the oracle (documented bit-identical)').toBe(0);
  for (const [k, v] of Object.entries(r.maxAbsError)) expect(v, `max |gpu - oracle| of ${k}: documented bit-identical`).toBe(0);
  expect(r.nearThresholdFlips, 'near-threshold flips').toBe(0);
  expect(r.spikes, 'the test must exercise spiking').toBeGreaterThan(args.size * args.batch * 0.5);
  return r;
}
