/**
 * Short-term plasticity on the GPU against the oracle: regular presynaptic trains at several rates,
 * each onto its own post neuron (oneToOne, tsodyksMarkram synapses of weight w). The post neuron's
 * synaptic current iExc (tauSynExc so long that it does not decay in f32) is probed every step, so
 * each spike's delivered amount (EPSC) is the jump of iExc at its arrival step. The oracle's iExc
 * must be identical at every step.
 */
import type { GpuContext } from '../../host/gpu/context';
import type { NetworkModel } from '../../host/model/network';
import { Simulator } from '../../host/sim/simulator';
import { NetworkOracle } from '../oracle/network';

export interface StpTrainArgs {
  dt: number;
  weight: number;
  /** One train per entry: rate (Hz) and number of spikes, under a tsodyksMarkram preset or parameters. */
  trains: { rateHz: number; spikes: number; synapse: Record<string, unknown> }[];
}

export interface StpTrainResult {
  /** Per train: the EPSC of each spike (jump of iExc) on the GPU. */
  epsc: number[][];
  /** Steps where the GPU's iExc differs from the oracle's (any train). */
  mismatches: number;
  firstMismatch: string;
}

export async function stpTrains(ctx: GpuContext, a: StpTrainArgs): Promise<StpTrainResult> {
  const t0 = 10;
  const times = a.trains.map((tr) => Array.from({ length: tr.spikes }, (_, n) => Math.round((t0 + (n * 1000) / tr.rateHz) / a.dt) * a.dt));
  const steps = Math.round((Math.max(...times.map((l) => l[l.length - 1]!)) + 10) / a.dt);
  const n = a.trains.length;
  const network: NetworkModel = {
    populations: [
      { name: 'pre', model: 'spikeArray', size: n, params: { times: times.flat(), indices: times.flatMap((l, k) => l.map(() => k)) } },
      { name: 'post', model: 'lif', size: n, params: { tauMem: 20, vRest: 0, vReset: 0, vThreshold: 1e9, tauSynExc: 1e12, tauSynInh: 10 } },
    ],
    projections: a.trains.map((tr, k) => ({
      name: `stp${k}`, pre: 'pre', post: 'post', target: 'exc' as const,
      connectivity: { rule: 'explicit' as const, pre: [k], post: [k] }, weight: a.weight, delayMs: a.dt, synapse: { rule: 'tsodyksMarkram', ...tr.synapse },
    })),
  };
  const sim = await Simulator.build(ctx, network, { dt: a.dt });
  const neurons = Array.from({ length: n }, (_, k) => k);
  const run = await sim.run({ steps, probes: [{ population: 'post', variable: 'iExc', neurons }] });
  sim.destroy();
  const probe = run.probes['post.iExc']!;
  const oracle = new NetworkOracle(network, { dt: a.dt, batch: 1, seed: 1 });
  const res: StpTrainResult = { epsc: times.map(() => []), mismatches: 0, firstMismatch: '' };
  const arrival = times.map((l) => new Set(l.map((t) => Math.round(t / a.dt) + 1)));
  const last = new Float64Array(n);
  for (let t = 0; t < steps; t++) {
    oracle.advance();
    const want = oracle.state('post').iExc!;
    for (let k = 0; k < n; k++) {
      const got = probe.values[t * n + k]!;
      if (got !== want[k] && res.mismatches++ === 0) res.firstMismatch = `step ${t} neuron ${k}: gpu ${got} oracle ${want[k]}`;
      if (arrival[k]!.has(t)) res.epsc[k]!.push(got - last[k]!);
      last[k] = got;
    }
  }
  return res;
}
