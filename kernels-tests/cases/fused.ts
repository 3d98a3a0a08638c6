/**
 * The small-network mode (fused kernel) against the per-step path: the same network, seed and
 * sequence of calls (runs with spike and rate recording, a run with state probes, a parameter
 * change between runs) must give bit-identical spikes, rates, probes, state and event counters.
 */
import type { GpuContext } from '../../host/gpu/context';
import type { NetworkModel } from '../../host/model/network';
import { Simulator } from '../../host/sim/simulator';
import { randomNetwork, type NetworkCaseArgs } from './network';

export interface FusedVsPerStepResult {
  fusedSteps: number;
  perStepSteps: number;
  /** Descriptions of everything that differs (must be empty). */
  differences: string[];
  spikes: number;
}

const bitsOf = (a: Float32Array | Int32Array): Uint32Array => new Uint32Array(a.buffer, a.byteOffset, a.length);

export async function fusedVsPerStep(ctx: GpuContext, args: NetworkCaseArgs): Promise<FusedVsPerStepResult> {
  const network = randomNetwork(args);
  const dt = 0.5;
  const names = network.populations.map((p) => p.name);
  const seen: Record<string, unknown>[] = [];
  const out: FusedVsPerStepResult = { fusedSteps: 0, perStepSteps: 0, differences: [], spikes: 0 };
  for (const fused of ['on', 'off'] as const) {
    const sim = await Simulator.build(ctx, network, { dt, batch: args.batch, seed: args.seed, fused });
    if (fused === 'on') out.fusedSteps = sim.fusedStepsPerDispatch;
    else out.perStepSteps = sim.fusedStepsPerDispatch;
    const r1 = await sim.run({ steps: args.steps, record: names, rates: ['exc'] });
    // A run with probes takes the per-step path even in fused mode; then new parameters.
    const r2 = await sim.run({ steps: 37, probes: [{ population: 'exc', variable: 'v', neurons: [0, 3, 7], every: 2 }], record: ['exc'] });
    sim.population('exc').setParams({ ...(network.populations[1]!.params as object), biasCurrent: 12 });
    const r3 = await sim.run({ steps: 600, record: names, rates: ['inh'] });
    const counters = await sim.readCounters();
    const state: Record<string, Uint32Array> = {};
    for (const n of ['exc', 'inh']) for (const [k, v] of Object.entries(await sim.population(n).readState())) state[`${n}.${k}`] = Uint32Array.from(bitsOf(v));
    seen.push({
      spikes1: Object.fromEntries(names.map((n) => [n, Array.from(r1.spikes[n]!.bits)])),
      rates1: Array.from(r1.rates.exc!.rateHz),
      probes2: Array.from(r2.probes['exc.v']!.values),
      spikes2: Array.from(r2.spikes.exc!.bits),
      spikes3: Object.fromEntries(names.map((n) => [n, Array.from(r3.spikes[n]!.bits)])),
      rates3: Array.from(r3.rates.inh!.rateHz),
      counters,
      state: Object.fromEntries(Object.entries(state).map(([k, v]) => [k, Array.from(v)])),
    });
    if (fused === 'on') out.spikes = Object.values(counters.populations).reduce((a, p) => a + p.spikes, 0);
    sim.destroy();
  }
  const [a, b] = seen as [Record<string, unknown>, Record<string, unknown>];
  for (const k of Object.keys(a)) {
    if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) out.differences.push(k);
  }
  return out;
}

/** fused: 'on' for a network the fused kernel cannot run (procedural rows) is a typed error; 'auto' falls back. */
export async function fusedModeChoice(ctx: GpuContext): Promise<{ onError: string; autoProcedural: boolean; autoSmall: boolean; offSmall: boolean; belowThreshold: boolean }> {
  const procedural: NetworkModel = {
    populations: [{ name: 'in', model: 'poisson', size: 20, params: { rates: 50 } }, { name: 'out', model: 'lif', size: 30 }],
    projections: [{ name: 'p', pre: 'in', post: 'out', target: 'exc', connectivity: { rule: 'fixedProbability', p: 0.2 }, weight: 1, storage: 'procedural' }],
  };
  let onError = '';
  try {
    (await Simulator.build(ctx, procedural, { dt: 0.5, fused: 'on' })).destroy();
  } catch (e) {
    onError = `${(e as Error).name}: ${(e as Error).message}`;
  }
  const auto = await Simulator.build(ctx, procedural, { dt: 0.5 });
  const autoProcedural = auto.isFused;
  auto.destroy();
  const small = { ...procedural, projections: [{ ...procedural.projections[0]!, storage: 'sparse' as const }] };
  const s1 = await Simulator.build(ctx, small, { dt: 0.5 });
  const s2 = await Simulator.build(ctx, small, { dt: 0.5, fused: 'off' });
  // fusedMaxNeurons below the network's 50 neurons: 'auto' takes the per-step path.
  const s3 = await Simulator.build(ctx, small, { dt: 0.5, fusedMaxNeurons: 49 });
  const res = { onError, autoProcedural, autoSmall: s1.isFused, offSmall: s2.isFused, belowThreshold: s3.isFused };
  s1.destroy();
  s2.destroy();
  s3.destroy();
  return res;
}
