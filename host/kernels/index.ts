/**
 * The kernel registry: every kernel of the toolkit. Four repository files share a kernel's name
 * (shaders/<name>.wgsl.ts, host/kernels/<name>.ts, kernels-tests/oracle/<name>.ts,
 * kernels-tests/<name>.spec.ts); a meta-test (kernels-tests/unit/registry.spec.ts) fails when a
 * registered kernel lacks one.
 */
export interface KernelEntry {
  name: string;
  summary: string;
}

export const KERNELS: readonly KernelEntry[] = [
  { name: 'lif', summary: 'current-based leaky integrate-and-fire (CubaLIF), exact exponential' },
  { name: 'alif', summary: 'adaptive-threshold LIF (Bellec et al. 2018)' },
  { name: 'izhikevich', summary: 'Izhikevich 2003 simple model' },
  { name: 'lifCond', summary: 'conductance-based LIF with reversal potentials (Brette et al. 2007 COBA)' },
  { name: 'iaf', summary: 'non-leaky integrate-and-fire (NIR IF, Sinabs IAF), synaptic currents optional' },
  { name: 'rng', summary: 'Philox4x32-10 counter-based random words' },
  { name: 'poisson', summary: 'Poisson spike sources from Philox draws' },
  { name: 'spikeArray', summary: 'spike sources replaying explicit (time, neuron) lists' },
  { name: 'connect', summary: 'GPU generation of ragged-row connectivity, weights and delays from Philox' },
  { name: 'gather', summary: 'dense all-to-all delivery: one thread per post neuron sums the spiking rows' },
  { name: 'procedural', summary: 'procedural connectivity: synapses regenerated from Philox at every spike, none stored' },
  { name: 'neuronGroup', summary: 'many neuron populations of any models updated by one dispatch per step: a table of populations, one workgroup range each' },
  { name: 'fused', summary: 'small-network mode: one workgroup per instance walks many steps of a whole network per dispatch' },
  { name: 'matmul', summary: 'tiled matrix product through workgroup memory (forward currents, input and weight gradients), bit-exact order' },
  { name: 'lifTrain', summary: 'trainable LIF/ALIF layer / leaky-integrator readout: forward over T steps and BPTT with surrogate derivatives, per-neuron alpha and threshold' },
  { name: 'recTrain', summary: 'trainable recurrent LIF/ALIF layer (dense or sparse recurrent weights), one workgroup per instance: forward and BPTT' },
  { name: 'readoutLoss', summary: 'cross-entropy on the readout max or mean over time or on spike counts, MSE to targets, and the gradient' },
  { name: 'rateReg', summary: 'firing-rate regularisers of a hidden layer (Zenke & Vogels 2021): loss and dL/dz' },
  { name: 'optimizer', summary: 'SGD with momentum, Adam, AdamW with gradient-norm clipping, on a flat parameter buffer' },
  { name: 'propagate', summary: 'event-driven sparse (ragged-row) synaptic scatter with delays, fixed-point atomics' },
  { name: 'hebbian', summary: 'local Hebbian PCA, rate-based and batched: Oja\'s rule, Oja\'s subspace rule and Sanger\'s generalised Hebbian algorithm (HebbianPca)' },
  { name: 'willshaw', summary: 'one-shot associative memory: clipped Hebbian (Willshaw) storage of sparse binary pattern pairs, bit-packed, and threshold recall (AssociativeMemory)' },
  { name: 'consolidation', summary: 'importance-gated consolidation of Trainer parameters: Synaptic Intelligence path integral and importance, EWC squared gradients, the quadratic pull toward the consolidated weights' },
  { name: 'structural', summary: 'structural plasticity of plastic projections: pruning below a weight, regrowth to random targets from Philox, the transposed index rebuilt on the GPU' },
  { name: 'raster', summary: 'spike raster rendered on the GPU: a render pipeline reading a ring of the simulator\'s spike bitmasks, no readback' },
  { name: 'stateMap', summary: 'a state variable of every neuron drawn on the GPU as a grid of coloured cells, straight from the state buffer (StateMap)' },
  { name: 'plastic', summary: 'plastic synapses: a learning rule\'s pre pass (delivery and onPre over rows) and post pass (onPost through the transposed index), event-driven traces' },
];
