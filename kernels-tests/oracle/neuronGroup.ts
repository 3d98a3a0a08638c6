/**
 * Oracle of the neuronGroup kernel. A group runs each member's update body, the same WGSL as that
 * model's per-population kernel, on the same data, so its oracle is the network oracle (every
 * population's model oracle, kernels-tests/oracle/network.ts); neuronGroup.spec.ts compares the
 * grouped Simulator with both that oracle and one dispatch per population.
 */
export { NetworkOracle as NeuronGroupOracle } from './network';
