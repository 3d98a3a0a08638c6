/**
 * Oracle of the fused kernel. The fused kernel computes a whole network step by step, in the same
 * order as the per-step kernels (every population consumes its ring slot, then every projection
 * delivers that step's spikes), so its oracle is the network oracle; fused.spec.ts compares it
 * with both that oracle and the per-step path.
 */
export { NetworkOracle as FusedOracle } from './network';
