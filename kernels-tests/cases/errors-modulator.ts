/**
 * Bad input around the newer rules and the neuromodulator (issue 10 §7): rule parameters (triplet,
 * rstdp, mstdpet, tsodyksMarkram), a projection's modulator and its events, and the Simulator's
 * modulator writes (wrong length, NaN, events in the past or for an instance that does not exist).
 * Each gets a typed error naming the projection, the rule and the field. Each entry reports what was thrown.
 */
import type { GpuContext } from '../../host/gpu/context';
import type { NetworkModel } from '../../host/model/network';
import { Simulator } from '../../host/sim/simulator';
import { attemptCall, type ErrorReport } from './errors';

const network = (synapse: Record<string, unknown>): NetworkModel => ({
  populations: [
    { name: 'in', model: 'poisson', size: 20, params: { rates: 80 } },
    { name: 'out', model: 'lif', size: 5, params: { vRest: -65, vThreshold: -50, vReset: -65, biasCurrent: 14 } },
  ],
  projections: [{ name: 'learn', pre: 'in', post: 'out', target: 'exc', connectivity: { rule: 'fixedProbability', p: 0.5 }, weight: 0.5, synapse: synapse as never }],
});

export async function modulatorErrors(ctx: GpuContext): Promise<{ reports: ErrorReport[]; modulatorAfter: number[] }> {
  const build = (synapse: Record<string, unknown>) => Simulator.build(ctx, network(synapse), { dt: 0.5 });
  const rstdp = (modulator: unknown, extra: Record<string, unknown> = {}) => build({ rule: 'rstdp', wMax: 1, modulator, ...extra });
  const cases: Array<[string, () => unknown]> = [
    ['modulator on a rule that reads none', () => build({ rule: 'stdp', wMax: 1, modulator: { tauMs: 200 } })],
    ['modulator tauMs = 0', () => rstdp({ tauMs: 0 })],
    ['modulator with an unknown key', () => rstdp({ tau: 200 })],
    ['modulator population unknown', () => rstdp({ population: 'dopamine', perSpike: 0.5 })],
    ['modulator population without perSpike', () => rstdp({ population: 'in' })],
    ['modulator event time NaN', () => rstdp({ events: [{ timeMs: NaN, amount: 1 }] })],
    ['modulator event off the dt grid', () => rstdp({ events: [{ timeMs: 10.3, amount: 1 }] })],
    ['modulator event amount Infinity', () => rstdp({ events: [{ timeMs: 10, amount: Infinity }] })],
    ['modulator event mode unknown', () => rstdp({ events: [{ timeMs: 10, amount: 1, mode: 'multiply' }] })],
    ['rstdp tauC negative', () => rstdp(undefined, { tauC: -5 })],
    ['mstdpet without gamma', () => build({ rule: 'mstdpet', wMax: 1 })],
    ['triplet unknown preset', () => build({ rule: 'triplet', wMax: 1, preset: 'visualCortex' })],
    ['tsodyksMarkram U above 1', () => build({ rule: 'tsodyksMarkram', U: 1.5, tauRec: 100, tauFacil: 0 })],
    ['tsodyksMarkram without U or a preset', () => build({ rule: 'tsodyksMarkram', tauRec: 100, tauFacil: 0 })],
  ];
  const reports: ErrorReport[] = [];
  for (const [label, fn] of cases) reports.push(await attemptCall(label, fn));
  const n = network({ rule: 'rstdp', wMax: 1, modulator: { tauMs: 200 } });
  n.projections.push({ name: 'pair', pre: 'in', post: 'out', target: 'exc', connectivity: { rule: 'fixedProbability', p: 0.2 }, weight: 0.1, synapse: { rule: 'stdp', wMax: 1 } });
  n.projections.push({ name: 'fixed', pre: 'in', post: 'out', target: 'inh', connectivity: { rule: 'fixedProbability', p: 0.2 }, weight: -1 });
  const sim = await Simulator.build(ctx, n, { dt: 0.5, batch: 2 });
  await sim.run({ steps: 20 });
  const more: Array<[string, () => unknown]> = [
    ['setModulator of the wrong length', () => sim.setModulator('learn', [1, 2, 3])],
    ['setModulator with NaN', () => sim.setModulator('learn', [0, NaN])],
    ['setModulator on a rule without a modulator', () => sim.setModulator('pair', 1)],
    ['setModulator on a static projection', () => sim.setModulator('fixed', 1)],
    ['scheduleModulator in the past', () => sim.scheduleModulator('learn', [{ timeMs: 20, amount: 1 }, { timeMs: 5, amount: 1 }])],
    ['scheduleModulator for an instance out of range', () => sim.scheduleModulator('learn', [{ timeMs: 20, amount: 1, instance: 2 }])],
    ['scheduleModulator not an array', () => sim.scheduleModulator('learn', { timeMs: 20, amount: 1 } as never)],
    ['synapseVariable unknown', () => sim.synapseVariable('learn', 'e')],
    ['synapseVariable of a rule without variables', () => sim.synapseVariable('pair', 'c')],
  ];
  for (const [label, fn] of more) reports.push(await attemptCall(label, fn));
  // After the refused writes, M is untouched: still 0 (no event, no write took effect).
  const modulatorAfter = Array.from(await sim.modulator('learn'));
  sim.destroy();
  return { reports, modulatorAfter };
}
