/** Dispatch shapes: neurons over x (and z when x would exceed the per-dimension limit), instances over y. */
import { LimitExceededError } from '../errors.js';

export interface DispatchShape {
  /** Workgroups along x (at most maxComputeWorkgroupsPerDimension). */
  x: number;
  /** Batch instances. */
  y: number;
  /** Extra rows of x-blocks when the neuron count needs more than the per-dimension limit. */
  z: number;
  /** Total neuron blocks (ceil(n / workgroupSize)). */
  blocks: number;
}

export function dispatchShape(object: string, n: number, batch: number, workgroupSize: number, limits: GPUSupportedLimits): DispatchShape {
  const maxDim = limits.maxComputeWorkgroupsPerDimension;
  const blocks = Math.ceil(n / workgroupSize);
  const x = Math.min(blocks, maxDim);
  const z = Math.ceil(blocks / x);
  if (z > maxDim) {
    throw new LimitExceededError(object, 'workgroups', blocks, maxDim * maxDim, 'Use a larger workgroupSize or fewer neurons.');
  }
  if (batch > maxDim) throw new LimitExceededError(object, 'batch', batch, maxDim, 'Split the batch over several populations.');
  return { x, y: batch, z, blocks };
}
