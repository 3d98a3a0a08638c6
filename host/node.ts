/**
 * `spikegpu/node`: what needs Node. WebGPU there comes from the optional peer package `webgpu`
 * (Dawn; `npm install webgpu`), which acquireDevice loads at run time; on machines without a GPU it
 * falls back to software adapters (Mesa llvmpipe through OpenGL ES, or SwiftShader through Vulkan;
 * docs/runtimes.md). Also here: the command line (`runCli`, what `npx spikegpu` runs), NPY files on
 * disk and the CLI's output-directory check. Everything else is in `spikegpu`.
 */
export { acquireDevice, type AcquireOptions, type NodeBackend } from './device.js';
export { main as runCli } from './cli/main.js';
export { prepareOutDir } from './cli/out-dir.js';
export { packageVersion } from './cli/version.js';
export { writeNpy } from './io/npy-file.js';
