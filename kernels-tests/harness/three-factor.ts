/** Reporting and expectations shared by the three-factor rule specs (rstdp, mstdpet, mstdp). */
import type { ThreeFactorResult } from '../cases/three-factor';
import { expect } from './fixtures';

export function reportThreeFactor(runtime: string, label: string, r: ThreeFactorResult): void {
  const p = Object.entries(r.projections).map(([n, x]) => `${n}: ${x.synapses} synapses, ${x.changed} weights moved, max |dw| ${x.maxW.toExponential(2)}, max |d var| ${x.maxVar.toExponential(2)}, M gpu ${x.gpuM.map((m) => m.toFixed(4)).join('/')} oracle ${x.oracleM.map((m) => m.toFixed(4)).join('/')}`).join('; ');
  console.log(`[${runtime}] ${label}: spikes ${JSON.stringify(r.spikes)}; ${p}`);
}

export function expectThreeFactor(r: ThreeFactorResult, batch: number): void {
  expect(r.mismatchedSteps, r.firstMismatch).toBe(0);
  for (const [name, x] of Object.entries(r.projections)) {
    expect(x.maxW, `${name}: weights bit-identical`).toBe(0);
    expect(x.maxVar, `${name}: eligibility bit-identical`).toBe(0);
    expect(x.gpuM, `${name}: M identical`).toEqual(x.oracleM);
    expect(x.changed, `${name}: learning moved weights`).toBeGreaterThan(x.synapses * batch / 4);
  }
}

