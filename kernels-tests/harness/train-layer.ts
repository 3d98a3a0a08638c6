/** Shared expectations of the training-layer kernel specs (lifTrain, recTrain). */
import { expect } from './fixtures';

const MISMATCHES = ['vMismatch', 'zMismatch', 'iMismatch', 'aMismatch', 'giMismatch', 'pgMismatch', 'gradMismatch'];

/** The layer spiked (more than `minSpikes`) and every record the case compared equals the oracle bit for bit. */
export function expectLayerBitIdentical(r: Record<string, unknown>, minSpikes = 100): void {
  expect(r.spikes).toBeGreaterThan(minSpikes);
  for (const k of MISMATCHES) if (k in r) expect(r[k], k).toBe(0);
}
