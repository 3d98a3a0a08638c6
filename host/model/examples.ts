/**
 * Classic benchmark networks as NetworkModel builders (plain data, JSON-serialisable). Initial
 * membrane potentials are drawn from Philox with the given seed, so a builder call is reproducible.
 */
import { randomWords, uniform01 } from '../random/philox';
import type { Connectivity, NetworkModel } from './network';

const EXAMPLE_STREAM = 0xe8a3;

function uniformArray(n: number, lo: number, hi: number, seed: number, which: number): number[] {
  return Array.from({ length: n }, (_, i) => lo + (hi - lo) * uniform01(randomWords(seed, EXAMPLE_STREAM, which, i)[0]));
}

export interface CubaOptions {
  /** Neurons in all (80% excitatory). Default 4000. */
  size?: number;
  /** Connection probability (Brette et al.: 0.02). Ignored when inDegree is given. */
  p?: number;
  /** Fixed in-degree per source population instead of a probability (e.g. 80 for N = 40000 in the benchmark). */
  inDegree?: number;
  /** Seed of the initial potentials. Default 1. */
  seed?: number;
}

/**
 * CUBA: Brette et al. 2007 benchmark 2 with the parameters of Brian2's CUBA example: τm 20 ms,
 * τe 5 ms, τi 10 ms, Vt −50 mV, Vr −60 mV, El −49 mV, we 1.62 mV, wi −9 mV, refractory 5 ms,
 * p = 0.02; v0 uniform in [Vr, Vt]. Run with dt = 0.1 ms. Currents are in mV (rMem = 1).
 */
export function cuba(options: CubaOptions = {}): NetworkModel {
  const n = options.size ?? 4000;
  const nExc = Math.round(0.8 * n);
  const nInh = n - nExc;
  const seed = options.seed ?? 1;
  const neuron = (v0: number[]) => ({
    tauMem: 20, vRest: -49, vThreshold: -50, vReset: -60, rMem: 1, refractoryMs: 5, tauSynExc: 5, tauSynInh: 10, v0,
  });
  const conn = (pre: 'exc' | 'inh', post: 'exc' | 'inh'): Connectivity => options.inDegree !== undefined
    ? { rule: 'fixedInDegree', k: Math.round(options.inDegree * (pre === 'exc' ? 0.8 : 0.2)), autapses: true }
    : { rule: 'fixedProbability', p: options.p ?? 0.02, autapses: pre === post };
  return {
    populations: [
      { name: 'exc', model: 'lif', size: nExc, params: neuron(uniformArray(nExc, -60, -50, seed, 0)) },
      { name: 'inh', model: 'lif', size: nInh, params: neuron(uniformArray(nInh, -60, -50, seed, 1)) },
    ],
    projections: [
      { name: 'exc->exc', pre: 'exc', post: 'exc', target: 'exc', connectivity: conn('exc', 'exc'), weight: 1.62 },
      { name: 'exc->inh', pre: 'exc', post: 'inh', target: 'exc', connectivity: conn('exc', 'inh'), weight: 1.62 },
      { name: 'inh->exc', pre: 'inh', post: 'exc', target: 'inh', connectivity: conn('inh', 'exc'), weight: -9 },
      { name: 'inh->inh', pre: 'inh', post: 'inh', target: 'inh', connectivity: conn('inh', 'inh'), weight: -9 },
    ],
  };
}
