/** The Potjans-Diesmann builder (host/model/microcircuit.ts): sizes, synapse counts, weights, splitting, validation. */
import { expect, test } from '@playwright/test';
import { InvalidParameterError } from '../../host/errors';
import {
  fullScaleSynapses, MICROCIRCUIT_CONN_PROBS, MICROCIRCUIT_K_EXT, MICROCIRCUIT_SIZES, potjansDiesmann, pscForPsp,
} from '../../host/model/microcircuit';
import { validateNetwork } from '../../host/model/validate-network';
import { validateNetworkSchema } from '../../host/model/schema';

const total = (m: ReturnType<typeof potjansDiesmann>) => m.projections.reduce((a, p) => a + (p.connectivity.rule === 'fixedTotalNumber' ? p.connectivity.n : 0), 0);

test('full scale: 77 169 neurons, 2.99e8 synapses in 55 projections, 87.8 pA PSCs for 0.15 mV', () => {
  expect(pscForPsp(0.15, 250, 10, 0.5)).toBeCloseTo(87.81, 2);
  const m = potjansDiesmann();
  expect(m.populations.map((p) => p.size)).toEqual([...MICROCIRCUIT_SIZES]);
  expect(m.projections.length).toBe(55); // 9 of the 64 pairs have probability 0
  expect(total(m)).toBeGreaterThan(2.98e8);
  expect(total(m)).toBeLessThan(3.0e8);
  // K = ln(1 - C) / ln(1 - 1/(N_pre N_post)) is about -ln(1 - C) N_pre N_post.
  const k = fullScaleSynapses(0.1009, 20683, 20683);
  expect(Math.abs(k / (-Math.log(1 - 0.1009) * 20683 ** 2) - 1)).toBeLessThan(1e-6);
  const l4eToL23e = m.projections.find((p) => p.name === 'L4E->L23E')!;
  const l23eToL23e = m.projections.find((p) => p.name === 'L23E->L23E')!;
  const inh = m.projections.find((p) => p.name === 'L23I->L23E')!;
  const w = (p: typeof inh) => (p.weight as { mean: number }).mean;
  expect(w(l4eToL23e) / w(l23eToL23e)).toBeCloseTo(2, 12);
  expect(w(inh) / w(l23eToL23e)).toBeCloseTo(-4, 12);
  // Per-step charge correction: 87.8 pA x tau (1 - exp(-dt/tau)) / dt at dt = 0.1 ms.
  expect(w(l23eToL23e)).toBeCloseTo(0.0878085 * 0.5 * (1 - Math.exp(-0.2)) / 0.1, 6);
  expect(inh.target).toBe('inh');
  const l23e = m.populations[0]!.params as { poissonRateHz: number; poissonWeight: number; rMem: number };
  expect(l23e.poissonRateHz).toBe(MICROCIRCUIT_K_EXT[0] * 8);
  expect(l23e.poissonWeight).toBe(w(l23eToL23e));
  expect(l23e.rMem).toBe(40);
});

test('scale keeps the in-degrees; splitting keeps the totals; the scale-0.1 model validates; DC background', () => {
  const full = potjansDiesmann();
  const tenth = potjansDiesmann({ scale: 0.1 });
  for (let t = 0; t < 8; t++) {
    for (let s = 0; s < 8; s++) {
      if (MICROCIRCUIT_CONN_PROBS[t]![s] === 0) continue;
      const name = `${full.populations[s]!.name}->${full.populations[t]!.name}`;
      const n = (m: typeof full) => { const c = m.projections.find((p) => p.name === name)!.connectivity; return c.rule === 'fixedTotalNumber' ? c.n : 0; };
      const inFull = n(full) / full.populations[t]!.size;
      const inTenth = n(tenth) / tenth.populations[t]!.size;
      expect(Math.abs(inTenth / inFull - 1), name).toBeLessThan(0.01);
    }
  }
  const split = potjansDiesmann({ scale: 0.1, maxSynapsesPerProjection: 1e6 });
  expect(total(split)).toBe(total(tenth));
  expect(split.projections.every((p) => p.connectivity.rule === 'fixedTotalNumber' && p.connectivity.n <= 1e6)).toBe(true);
  expect(split.projections.map((p) => p.name)).toContain('L23E->L23E.2');
  expect(validateNetworkSchema(JSON.parse(JSON.stringify(split)))).toBeTruthy();
  expect(validateNetwork(split, 0.1).size).toBe(8);
  const dc = potjansDiesmann({ scale: 0.01, background: 'dc' });
  const p0 = dc.populations[0]!.params as { biasCurrent: number; poissonRateHz?: number };
  // K_ext x 8 Hz x 87.8 pA x 0.5 ms, in nA.
  expect(p0.biasCurrent).toBeCloseTo(1600 * 8e-3 * 0.0878085 * 0.5, 5);
  expect(p0.poissonRateHz).toBeUndefined();
});

test('bad options are refused with the option named', () => {
  for (const [opts, field] of [[{ scale: 0 }, 'scale'], [{ scale: 2 }, 'scale'], [{ background: 'noise' }, 'background'], [{ v0: 'random' }, 'v0'],
    [{ dt: -1 }, 'dt'], [{ maxSynapsesPerProjection: 0 }, 'maxSynapsesPerProjection'], [{ seed: 1.5 }, 'seed'], [{ scael: 0.1 }, 'scael']] as const) {
    expect(() => potjansDiesmann(opts as never)).toThrow(InvalidParameterError);
    expect(() => potjansDiesmann(opts as never)).toThrow(new RegExp(field));
  }
});

test('inDegreeScale keeps the mean and the variance of every population input at the full-scale rates (NEST K_scaling)', () => {
  // Per population: mean current and variance proxy (sum of K J^2 rate) over recurrent and background input, in charge per PSC (J tau_syn).
  const moments = (k: number) => {
    const m = potjansDiesmann({ scale: 0.5, inDegreeScale: k });
    const perStep = (0.5 * (1 - Math.exp(-0.1 / 0.5))) / 0.1;
    const sizes = m.populations.map((p) => p.size);
    const rates = [0.943, 3.026, 4.368, 5.882, 7.733, 8.664, 1.096, 7.851];
    return m.populations.map((post, t) => {
      const q = post.params as { poissonRateHz: number; poissonWeight: number; biasCurrent?: number };
      const j = q.poissonWeight / perStep; // PSC amplitude (nA)
      let mean = q.poissonRateHz * j * 0.5e-3 + (q.biasCurrent ?? 0);
      let variance = q.poissonRateHz * j * j;
      for (const p of m.projections.filter((x) => x.post === post.name)) {
        const s = m.populations.findIndex((x) => x.name === p.pre);
        const n = p.connectivity.rule === 'fixedTotalNumber' ? p.connectivity.n : 0;
        const w = (p.weight as { mean: number }).mean / perStep;
        mean += (n / sizes[t]!) * w * rates[s]! * 0.5e-3;
        variance += (n / sizes[t]!) * w * w * rates[s]!;
      }
      return [mean, variance];
    });
  };
  const full = moments(1);
  const quarter = moments(0.25);
  full.forEach(([m, v], t) => {
    expect(Math.abs(quarter[t]![0]! / m! - 1), `mean input of population ${t}`).toBeLessThan(2e-3);
    expect(Math.abs(quarter[t]![1]! / v! - 1), `input variance of population ${t}`).toBeLessThan(2e-3);
  });
  expect(potjansDiesmann({ scale: 0.1, inDegreeScale: 0.1 }).projections.reduce((a, p) => a + (p.connectivity.rule === 'fixedTotalNumber' ? p.connectivity.n : 0), 0)).toBeLessThan(3.0e6);
  expect(() => potjansDiesmann({ inDegreeScale: 0 })).toThrow(/inDegreeScale/);
});
