/** What Simulator.run takes and returns, and the shapes of its readbacks (host/sim/simulator.ts). */
import type { RunProfile } from './profile.js';
import type { SpikeRaster } from './spike-raster.js';
import type { ProbeRecording, ProbeRequest, RateRecording } from './recorders.js';
import type { SpikeRecording } from './recording.js';

export interface Progress {
  step: number;
  total: number;
  fraction: number;
}

export interface RunOptions {
  /** Steps to run (or give durationMs). */
  steps?: number;
  /** Model time to run (ms), rounded to whole steps. */
  durationMs?: number;
  /** Populations whose spikes to record. */
  record?: string[];
  /** Populations whose rate (spikes per step and instance, in Hz) to record. */
  rates?: string[];
  /** State probes: a variable of chosen neurons every k steps. */
  probes?: ProbeRequest[];
  /** GPU rasters (SpikeRaster.create(simulator, ...)) fed every step on the GPU: nothing is read back. */
  rasters?: SpikeRaster[];
  /** Called after each chunk (up to 512 steps) with the steps done. */
  onProgress?: (p: Progress) => void;
  /**
   * Time every step's compute pass on the GPU (the `timestamp-query` feature, where the adapter has
   * it; RunResult.gpuMs). The per-step path only: a run in the small-network mode reports no GPU time.
   */
  gpuTime?: boolean;
  /**
   * Model time (ms) between health checks: Inf/NaN neuron states and weights, fixed-point wraps, each a
   * readback of the GPU's counters. Default: one check at the end of the run. A run that records
   * nothing and times nothing then waits for the GPU only once (host syncs per simulated second: 0).
   */
  checkEveryMs?: number;
  /** Count the commands encoded, by kind (RunResult.profile.commands; costs a little host time per command). */
  countCommands?: boolean;
}

export interface RunResult {
  steps: number;
  firstStep: number;
  spikes: Record<string, SpikeRecording>;
  rates: Record<string, RateRecording>;
  /** Keyed `${population}.${variable}`, in the order given (a repeated key gets a #n suffix). */
  probes: Record<string, ProbeRecording>;
  /** With gpuTime: the summed GPU time of the steps' compute passes (ms), or null where timestamps were not available. */
  gpuMs?: number | null;
  /** What the run cost the host: encode time, and with countCommands the commands by kind (host/sim/profile.ts). */
  profile: RunProfile;
}

/** A projection's synapses and weights (Simulator.weights). */
export interface ProjectionWeights {
  pre: Uint32Array;
  post: Uint32Array;
  /** [instance][synapse], synapses in row order (by pre, then post). */
  weights: Float32Array;
  batch: number;
  plastic: boolean;
}

export interface SimulatorCounters {
  steps: number;
  populations: Record<string, { spikes: number; updates: number }>;
  projections: Record<string, { synops: number; overflow: number }>;
}
