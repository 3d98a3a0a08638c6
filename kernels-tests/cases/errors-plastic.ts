/**
 * Bad input around plastic synapses (issue 10 §7): each gets a typed error naming the projection,
 * the rule and the field; a weight that turns Inf or NaN during a run is reported with projection,
 * synapse and step. Each entry reports what was thrown.
 */
import type { GpuContext } from '../../host/gpu/context';
import type { NetworkModel, ProjectionModel } from '../../host/model/network';
import { validateNetworkSchema } from '../../host/model/schema';
import { Simulator } from '../../host/sim/simulator';
import { attemptCall, type ErrorReport } from './errors';

const network = (proj: Partial<ProjectionModel> = {}, synapse: Record<string, unknown> | string = { rule: 'stdp', wMax: 1 }): NetworkModel => ({
  populations: [
    { name: 'in', model: 'poisson', size: 20, params: { rates: 80 } },
    { name: 'out', model: 'lif', size: 5, params: { vRest: -65, vThreshold: -50, vReset: -65, biasCurrent: 14 } },
  ],
  projections: [{ name: 'learn', pre: 'in', post: 'out', target: 'exc', connectivity: { rule: 'fixedProbability', p: 0.5 }, weight: 0.5, synapse, ...proj } as ProjectionModel],
});

export async function plasticErrors(ctx: GpuContext): Promise<ErrorReport[]> {
  const build = (n: NetworkModel, fused: 'auto' | 'on' = 'auto') => Simulator.build(ctx, n, { dt: 0.5, fused });
  const stdp = (extra: Record<string, unknown>) => network({}, { rule: 'stdp', wMax: 1, ...extra });
  const cases: Array<[string, () => unknown]> = [
    ['wMin above wMax', () => build(stdp({ wMin: 2 }))],
    ['tauPlus = 0', () => build(stdp({ tauPlus: 0 }))],
    ['tauMinus = NaN', () => build(stdp({ tauMinus: NaN }))],
    ['unknown rule', () => build(network({}, { rule: 'bcm' }))],
    ['unknown rule parameter', () => build(stdp({ tauPlsu: 20 }))],
    ['stdp without wMax', () => build(network({}, { rule: 'stdp' }))],
    ['mu without the gutig dependence', () => build(stdp({ mu: 0.5 }))],
    ['gutig without mu', () => build(stdp({ dependence: 'gutig' }))],
    ['unknown pairing', () => build(stdp({ pairing: 'triplet' }))],
    ['dendritic delay not a multiple of dt', () => build(stdp({ dendriticDelayMs: 0.7 }))],
    ['negative dendritic delay', () => build(stdp({ dendriticDelayMs: -1 }))],
    ['synapse not an object', () => build(network({}, 'plastic'))],
    ['plasticity on a procedural projection', () => build(network({ storage: 'procedural' }))],
    ['plasticity with a delay per synapse', () => build(network({ delayMs: { dist: 'uniform', low: 0.5, high: 2 } }))],
    ['initial weight above wMax', () => build(network({ weight: 2 }))],
    ['initial uniform weights below wMin', () => build(network({ weight: { dist: 'uniform', low: -0.5, high: 0.5 } }))],
    ['fused on with a plastic projection', () => build(stdp({}), 'on')],
    ['schema: rule name with a quote', () => validateNetworkSchema(network({}, { rule: "stdp'", wMax: 1 }))],
  ];
  const reports: ErrorReport[] = [];
  for (const [label, fn] of cases) reports.push(await attemptCall(label, fn));
  // Writes and reads on a built network.
  const sim = await Simulator.build(ctx, { ...network(), projections: [...network().projections, { name: 'fixed', pre: 'in', post: 'out', target: 'inh', connectivity: { rule: 'fixedProbability', p: 0.2 }, weight: -1 }] }, { dt: 0.5, batch: 2 });
  const n = (await sim.weights('learn')).pre.length;
  const more: Array<[string, () => unknown]> = [
    ['setWeights of the wrong length', () => sim.setWeights('learn', new Float32Array(n + 1))],
    ['setWeights with NaN', () => sim.setWeights('learn', Array.from({ length: n }, (_, k) => (k === 3 ? NaN : 0.5)))],
    ['setWeights above wMax', () => sim.setWeights('learn', new Float32Array(n).fill(1.5))],
    ['setWeights on a static projection', () => sim.setWeights('fixed', new Float32Array(4))],
    ['weights of an unknown projection', () => sim.weights('nope')],
  ];
  for (const [label, fn] of more) reports.push(await attemptCall(label, fn));
  sim.destroy();
  // A rule whose amplitude overflows f32 with the trace: the weight turns Inf; the run reports it.
  reports.push(await attemptCall('a weight turns Inf during a run', async () => {
    const s = await Simulator.build(ctx, stdp({ aPlus: 3e38, aMinus: 0 }), { dt: 0.5 });
    try {
      return await s.run({ steps: 400 });
    } finally {
      s.destroy();
    }
  }));
  return reports;
}
