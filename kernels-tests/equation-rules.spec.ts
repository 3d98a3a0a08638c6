/**
 * Synapse rules written as equations (host/equations/synapse-rule.ts; the files in
 * host/equations/library/rules.ts): the shipped stdp and rstdp in the language give spikes, weights
 * and eligibility identical, bit for bit, to the hand-written rules on the plastic specs' networks
 * (kernels-tests/cases/equation-rules.ts); and an equation rule matches its generated oracle twin
 * (plasticVsOracle, threeFactorVsOracle with the equation synapse).
 */
import { EQUATION_RULES } from '../host/equations/library/rules';
import type { EquationRuleArgs, EquationRuleResult } from './cases/equation-rules';
import type { PlasticCaseResult } from './cases/plastic';
import type { ThreeFactorResult } from './cases/three-factor';
import { expectThreeFactor, reportThreeFactor } from './harness/three-factor';
import { expect, test } from './harness/fixtures';

const STDP_PARAMS = { tauPlus: 16.8, tauMinus: 33.7, aPlus: 0.02, aMinus: 0.021 };
const RSTDP_PARAMS = { tauPlus: 20, tauMinus: 20, tauC: 200, eta: 0.5, aPlus: 0.1, aMinus: 0.15 };

const CASES: (Omit<EquationRuleArgs, 'steps' | 'batch'> & { label: string })[] = [
  { label: 'stdp, all-to-all, dense exc->exc, axonal 0.5 ms', network: 'plastic', seed: 21, storage: 'dense',
    handWritten: { rule: 'stdp', ...STDP_PARAMS, wMax: 1 }, equations: { ...EQUATION_RULES.stdp, parameters: STDP_PARAMS, wMax: 1 } },
  { label: 'stdp, nearest, sparse, axonal 2 ms and dendritic 1.5 ms', network: 'plastic', seed: 22, storage: 'sparse', delayMs: 2, dendriticDelayMs: 1.5,
    handWritten: { rule: 'stdp', pairing: 'nearest', ...STDP_PARAMS, wMax: 1 }, equations: { ...EQUATION_RULES.stdpNearest, parameters: STDP_PARAMS, wMax: 1 } },
  { label: 'stdp, multiplicative, sparse (weights deliver 0: wMax 0.49 on both projections)', network: 'plastic', seed: 23, storage: 'sparse', small: true,
    handWritten: { rule: 'stdp', dependence: 'multiplicative', ...STDP_PARAMS, wMax: 1 },
    equations: { ...EQUATION_RULES.stdpMultiplicative, parameters: { ...STDP_PARAMS, invRange: 1 / 0.49 }, wMax: 1 } },
  { label: 'rstdp, nearest, sparse, dopamine population, model events', network: 'threeFactor', seed: 24, storage: 'sparse', variable: 'c',
    handWritten: { rule: 'rstdp', pairing: 'nearest', ...RSTDP_PARAMS, wMax: 1 }, equations: { ...EQUATION_RULES.rstdp, parameters: RSTDP_PARAMS, wMax: 1 } },
  { label: 'rstdp, all-to-all (x += 1 written in the rule), dense', network: 'threeFactor', seed: 25, storage: 'dense', variable: 'c',
    handWritten: { rule: 'rstdp', pairing: 'allToAll', ...RSTDP_PARAMS, wMax: 1 },
    equations: { ...EQUATION_RULES.rstdp, onPre: 'x += 1\nc = c - aMinus*y', onPost: 'y += 1\nc = c + aPlus*x', parameters: RSTDP_PARAMS, wMax: 1 } },
];

for (const c of CASES) {
  test(`equation rule = hand-written rule, bit for bit, 1000 steps, B = 2: ${c.label}`, async ({ gpu }) => {
    test.setTimeout(300_000);
    const r = (await gpu.run('equationRuleVsHandWritten', { ...c, steps: 1000, batch: 2 })) as EquationRuleResult;
    const p = Object.entries(r.projections).map(([n, x]) => `${n}: ${x.synapses} synapses, ${x.changed} moved, ${x.differentWeights} differ${c.variable ? `, ${c.variable} ${x.differentVariable} differ` : ''}`).join('; ');
    console.log(`[${gpu.runtime}] equation rule ${c.label}: rules ${r.rules.join(' | ')}; spikes ${JSON.stringify(r.spikes)}; ${p}`);
    expect(r.rules[1]).toMatch(/Equations/);
    expect(r.mismatchedSteps, r.firstMismatch).toBe(0);
    expect(r.spikes.exc, 'the plastic populations fire').toBeGreaterThan(150);
    for (const [name, x] of Object.entries(r.projections)) {
      expect(x.differentWeights, `${name}: weights bit-identical`).toBe(0);
      expect(x.differentVariable, `${name}: ${c.variable} bit-identical`).toBe(0);
      expect(x.changed, `${name}: learning moved weights (of synapses x 2 instances)`).toBeGreaterThan(x.synapses / 4);
    }
  });
}

test('equation stdp (all-to-all, dense) against its generated oracle twin: spikes and weights identical, reset() reruns identically', async ({ gpu }) => {
  test.setTimeout(300_000);
  const r = (await gpu.run('plasticVsOracle', { seed: 26, steps: 1000, batch: 2, sizes: [37, 45, 13], storage: 'dense', dependence: 'additive', pairing: 'allToAll', delayMs: 0.5, dendriticDelayMs: 0.5,
    synapse: { ...EQUATION_RULES.stdp, parameters: STDP_PARAMS } })) as PlasticCaseResult;
  console.log(`[${gpu.runtime}] equation stdp vs oracle: spikes ${JSON.stringify(r.spikes)}; ${JSON.stringify(r.weights)}`);
  expect(r.mismatchedSteps, r.firstMismatch).toBe(0);
  for (const [name, x] of Object.entries(r.weights)) {
    expect(x.maxAbs, `${name}: weights bit-identical to the oracle`).toBe(0);
    expect(x.changed, name).toBeGreaterThan(x.synapses * 2 / 4);
  }
  expect(r.rerunIdentical).toBe(true);
});

test('equation rstdp against its generated oracle twin, with a clock-driven equation written as dw/dt (euler) and host modulator writes: spikes, w and c identical', async ({ gpu }) => {
  test.setTimeout(300_000);
  const synapse = { ...EQUATION_RULES.rstdp, equations: `${EQUATION_RULES.rstdp.equations}\ndw/dt = eta*M*c : 1 (clock-driven)`, onStep: undefined, method: 'euler', parameters: RSTDP_PARAMS };
  const r = (await gpu.run('threeFactorVsOracle', { seed: 27, steps: 1000, batch: 2, storage: 'sparse', variable: 'c', synapse })) as ThreeFactorResult;
  reportThreeFactor(gpu.runtime, 'equation rstdp (clock-driven w)', r);
  expectThreeFactor(r, 2);
});
