/**
 * `spikegpu/gpu`: internals for kernel authors, outside the semver promise of `spikegpu` (they may
 * change in any minor release). Struct packing that matches WGSL layout rules, the buffer pool, the
 * pipeline cache and error scopes, the kernel registry, Philox4x32-10 on the host and on the GPU, and
 * the fixed-point format of synaptic input. See docs/kernels.md for the kernel contract.
 */
export { defineStruct, packStruct, packOne, packArray, unpackField, uniformBufferSize, type StructLayout, type FieldType, type StructValues } from './gpu/layout.js';
export { BufferPool, type BufferRequest } from './gpu/buffers.js';
export { PipelineCache, cacheKey, type CompiledKernel, type PipelineRequest, type BindingSpec } from './gpu/pipelines.js';
export { withErrorScopes, compileShader } from './gpu/scopes.js';
export { readBuffer } from './gpu/readback.js';
export { GpuTimer } from './gpu/timing.js';
export { KERNELS, type KernelEntry } from './kernels/index.js';
export { generateRandomWords, type RandomWordsRequest } from './kernels/rng.js';
export { philox4x32, randomWords, uniform01, seedWords } from './random/philox.js';
export { randomBelow, delaySteps } from './random/rows.js';
export { DEFAULT_INPUT_FRACTION_BITS } from './kernels/neuron-kernel.js';
