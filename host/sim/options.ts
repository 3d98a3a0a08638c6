/** The Simulator's options (shared by simulator.ts and the network assembly in build.ts). */
export interface SimulatorOptions {
  /** Time step (ms), > 0. */
  dt: number;
  /** Independent instances (Poisson draws differ per instance). Default 1. */
  batch?: number;
  /** Seed of connectivity, weights, delays and Poisson draws (integer in [0, 2^53)). Default 1. */
  seed?: number;
  /** Threads per workgroup of the neuron kernels. Default 256. */
  workgroupSize?: number;
  /** Fixed-point fraction bits of the input accumulators (0..24). Default 16. */
  inputFractionBits?: number;
  /** Largest allowed synaptic delay (ms). Default 100. */
  maxDelayMs?: number;
  /**
   * Where connectivity is generated: 'auto' (default: on the GPU where the rule and initialisers allow,
   * see gpuConnectSupport, else on the host), 'gpu' (error where not possible) or 'host'. Both give
   * the same synapses bit for bit.
   */
  connectivityOn?: 'auto' | 'gpu' | 'host';
  /**
   * Small-network mode: one dispatch advances up to 512 steps (one workgroup per instance walks
   * every step, with barriers between its phases), bit-identical to the per-step path. 'auto'
   * (default) uses it when the network has at most fusedMaxNeurons neurons and no procedural
   * projection; 'on' requires it (error when impossible); 'off' never. Runs with state probes use
   * the per-step path.
   */
  fused?: 'auto' | 'on' | 'off';
  /**
   * The size (neurons over all populations) up to which fused 'auto' picks the small-network mode.
   * Default by adapter class: 8192 on software adapters (measured on llvmpipe), 4096 on hardware
   * GPUs (a first guess until measured: host/kernels/fused.ts).
   */
  fusedMaxNeurons?: number;
  /**
   * How sparse projections deliver spikes (shaders/propagate.wgsl.ts): 'thread' (a thread per spike
   * walks its row), 'workgroup' (a workgroup's threads stride over each row together: coalesced, for
   * long rows on GPUs), or 'auto' (default: per projection, 'workgroup' on hardware adapters for rows
   * of at least 32 synapses, else 'thread'). Bit-identical results either way.
   */
  propagate?: 'auto' | 'thread' | 'workgroup';
  /**
   * Called while connectivity is generated: the projection and the fraction done (0..1). Host
   * generation returns to the event loop every ~30 ms, so a page stays responsive.
   */
  onProgress?: (p: BuildProgress) => void;
}

export interface BuildProgress {
  phase: 'connectivity';
  projection: string;
  fraction: number;
}
