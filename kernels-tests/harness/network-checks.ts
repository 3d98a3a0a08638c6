/**
 * The checks every network-vs-oracle spec makes on a NetworkCaseResult (kernels-tests/cases/network.ts):
 * the spikes of every recorded step equal the oracle's, a second run after reset() is identical,
 * instance 0 equals a batch of one, the GPU event counters equal the oracle's, and every population fired.
 */
import { expect } from './fixtures';
import type { NetworkCaseResult } from '../cases/network';

export function expectNetworkMatchesOracle(r: NetworkCaseResult): void {
  expect(r.firstMismatch).toBe('');
  expect(r.mismatchedSteps).toBe(0);
  expect(r.deterministic).toBe(true);
  expect(r.batchIndependent).toBe(true);
  expect(r.counterMismatches, 'GPU event counters equal the oracle').toEqual([]);
  // Every population must take part, or the comparison proves little.
  for (const [name, n] of Object.entries(r.spikes)) expect(n, `${name} spikes`).toBeGreaterThan(0);
}
