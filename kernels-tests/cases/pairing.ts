/**
 * Pairing protocols on the GPU against the oracle: independent pre/post neuron pairs, pair k driven
 * by protocol k (a presynaptic spike and a postsynaptic spike offsetMs later, `pairs` times at
 * rateHz), through one plastic oneToOne projection (axonal delay dt: the synapse sees the pre spike
 * at its emission step; dendritic delay 0). Returns each synapse's final weight on the GPU and in the
 * oracle, and the spike times the synapse saw, so a spec can compute the rule's prediction itself.
 */
import type { GpuContext } from '../../host/gpu/context';
import type { PlasticSynapse } from '../../host/learn/plasticity';
import type { NetworkModel } from '../../host/model/network';
import { Simulator } from '../../host/sim/simulator';
import { NetworkOracle } from '../oracle/network';

export interface PairingProtocol {
  rateHz: number;
  /** Post spike time minus pre spike time in a pair (ms, a multiple of dt). */
  offsetMs: number;
  pairs: number;
}

export interface PairingArgs {
  dt: number;
  /** The plastic synapse (rule and parameters); weights start at w0 within its bounds. */
  synapse: PlasticSynapse;
  w0: number;
  protocols: PairingProtocol[];
  /** Run length (ms); default 50 ms after the last pairing. */
  durationMs?: number;
}

export interface PairingResult {
  gpu: number[];
  oracle: number[];
  /** Per protocol: the times (ms) the synapse saw its pre and post spikes. */
  pre: number[][];
  post: number[][];
  steps: number;
}

export function pairingNetwork(a: PairingArgs): { network: NetworkModel; pre: number[][]; post: number[][]; durationMs: number } {
  const round = (ms: number) => Math.round(ms / a.dt) * a.dt;
  const pre: number[][] = [];
  const post: number[][] = [];
  let end = 0;
  for (const p of a.protocols) {
    const period = 1000 / p.rateHz;
    const t0 = 20 + Math.max(0, -p.offsetMs);
    const tp = Array.from({ length: p.pairs }, (_, m) => round(t0 + m * period));
    pre.push(tp);
    post.push(tp.map((t) => round(t + p.offsetMs)));
    end = Math.max(end, ...tp.map((t) => t + Math.abs(p.offsetMs)));
  }
  const n = a.protocols.length;
  const flat = (lists: number[][], shift: number) => ({ times: lists.flatMap((l) => l.map((t) => t + shift)), indices: lists.flatMap((l, k) => l.map(() => k)) });
  const network: NetworkModel = {
    populations: [
      { name: 'pre', model: 'spikeArray', size: n, params: flat(pre, 0) },
      // The drive fires one step before each wanted post spike; its direct 5000 nA input crosses the post threshold that step.
      { name: 'drive', model: 'spikeArray', size: n, params: flat(post, -a.dt) },
      { name: 'post', model: 'lif', size: n, params: { tauMem: 10, vRest: 0, vReset: 0, vThreshold: 10, tauSynExc: 0, tauSynInh: 0, refractoryMs: a.dt } },
    ],
    projections: [
      { name: 'drive', pre: 'drive', post: 'post', target: 'exc', connectivity: { rule: 'oneToOne' }, weight: 5000 },
      { name: 'learn', pre: 'pre', post: 'post', target: 'exc', connectivity: { rule: 'oneToOne' }, weight: a.w0, delayMs: a.dt, synapse: a.synapse },
    ],
  };
  return { network, pre, post, durationMs: a.durationMs ?? end + 50 };
}

export async function pairingProtocols(ctx: GpuContext, a: PairingArgs): Promise<PairingResult> {
  const { network, pre, post, durationMs } = pairingNetwork(a);
  const steps = Math.round(durationMs / a.dt);
  const sim = await Simulator.build(ctx, network, { dt: a.dt });
  const run = await sim.run({ steps, record: ['post'] });
  const w = await sim.weights('learn');
  sim.destroy();
  // The post neurons fired exactly at the wanted times (else the protocol did not run).
  const rec = run.spikes.post!;
  post.forEach((times, k) => {
    const got: number[] = [];
    for (let t = 0; t < steps; t++) if (rec.spikesAt(t, 0).includes(k)) got.push(t * a.dt);
    if (got.length !== times.length || got.some((t, m) => Math.abs(t - times[m]!) > 1e-9)) throw new Error(`protocol ${k}: post spikes at [${got.slice(0, 5).join(', ')}...] (${got.length}), wanted [${times.slice(0, 5).join(', ')}...] (${times.length})`);
  });
  const oracle = new NetworkOracle(network, { dt: a.dt, batch: 1, seed: 1 });
  for (let t = 0; t < steps; t++) oracle.advance();
  const ow = oracle.plastic[1]!.weights();
  return { gpu: Array.from(w.weights), oracle: Array.from(ow), pre, post, steps };
}
