/**
 * Device acquisition: one function, `acquireDevice`, returns a ready GpuContext with a description
 * of the adapter. In a browser it uses navigator.gpu; in Node it uses the `webgpu` package (Dawn),
 * trying a hardware adapter first and falling back by itself to a software one:
 *   1. Dawn's default backend (Vulkan/Metal/D3D12), when a Vulkan loader or native API exists;
 *   2. OpenGL ES on Mesa llvmpipe (WebGPU compatibility feature level, EGL_PLATFORM=surfaceless);
 *   3. Vulkan on SwiftShader (Chromium's libvk_swiftshader), when installed.
 * See docs/runtimes.md for what each was measured to do.
 */
import { WebGpuUnavailableError } from './errors.js';
import { GpuContext, type AdapterDescription } from './gpu/context.js';
import { requireOneOf, rejectUnknownKeys } from './validate.js';

export type NodeBackend = 'default' | 'opengles' | 'vulkan-swiftshader';

export interface AcquireOptions {
  /** Prefer a low-power or high-performance adapter (browser and Dawn default backend). */
  powerPreference?: GPUPowerPreference;
  /** Node only: force one backend instead of the automatic fallback chain. */
  nodeBackend?: NodeBackend;
  /** Print each generated WGSL shader and run every dispatch inside error scopes. */
  debug?: boolean;
}

const NODE_BACKENDS: readonly NodeBackend[] = ['default', 'opengles', 'vulkan-swiftshader'];
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/** Limits the toolkit asks for (up to what the adapter offers). */
const WANTED_LIMITS = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxStorageBuffersPerShaderStage',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupsPerDimension',
  'maxUniformBuffersPerShaderStage',
] as const;

interface CandidateAdapter {
  adapter: GPUAdapter;
  runtime: 'browser' | 'node';
  backend: string;
  featureLevel: 'core' | 'compatibility';
  notes: string[];
}

const isNode = (): boolean =>
  typeof process !== 'undefined' && typeof (process as { versions?: { node?: string } }).versions?.node === 'string' &&
  typeof (globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu === 'undefined';

/** Acquires a GPU device and wraps it in a GpuContext. Throws WebGpuUnavailableError with a fix when none exists. */
export async function acquireDevice(options: AcquireOptions = {}): Promise<GpuContext> {
  rejectUnknownKeys('acquireDevice options', options, ['powerPreference', 'nodeBackend', 'debug']);
  if (options.powerPreference !== undefined) {
    requireOneOf('acquireDevice options', 'powerPreference', options.powerPreference, ['low-power', 'high-performance']);
  }
  if (options.nodeBackend !== undefined) requireOneOf('acquireDevice options', 'nodeBackend', options.nodeBackend, NODE_BACKENDS);
  const candidate = isNode() ? await nodeAdapter(options) : await browserAdapter(options);
  return createContext(candidate, options.debug ?? false);
}

async function browserAdapter(options: AcquireOptions): Promise<CandidateAdapter> {
  const gpu = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  if (!gpu) {
    const secure = (globalThis as { isSecureContext?: boolean }).isSecureContext;
    throw new WebGpuUnavailableError(
      'WebGPU is not available in this browser (navigator.gpu is undefined). ' +
        (secure === false
          ? 'This page is not a secure context: serve it from https:// or http://localhost. '
          : '') +
        'Use a browser with WebGPU (Chrome/Edge 113+, Safari 26+, Firefox 141+ on Windows); on Linux Chromium start it with ' +
        '--enable-unsafe-webgpu (and --enable-features=Vulkan where needed).',
    );
  }
  const adapter = await gpu.requestAdapter(options.powerPreference ? { powerPreference: options.powerPreference } : {});
  if (!adapter) {
    throw new WebGpuUnavailableError(
      'navigator.gpu.requestAdapter() returned null: the browser has WebGPU but no usable adapter. ' +
        'Check chrome://gpu; on Linux start Chromium with --enable-unsafe-webgpu, or enable hardware acceleration.',
    );
  }
  return { adapter, runtime: 'browser', backend: 'browser', featureLevel: 'core', notes: [] };
}

interface DawnModule {
  create(flags: string[]): GPU;
  globals: Record<string, unknown>;
}

let dawn: DawnModule | undefined;
/**
 * Dawn GPU instances must stay reachable while any adapter or device made from them lives: a
 * collected instance leaves Dawn's event loop polling freed memory (a crash we hit). Keep them all.
 */
const liveInstances: GPU[] = [];
function dawnInstance(mod: DawnModule, flags: string[]): GPU {
  const gpu = mod.create(flags);
  liveInstances.push(gpu);
  return gpu;
}

async function loadDawn(): Promise<DawnModule> {
  if (dawn) return dawn;
  const name = 'webgpu';
  try {
    dawn = (await import(/* @vite-ignore */ name)) as DawnModule;
  } catch (cause) {
    throw new WebGpuUnavailableError(
      "No WebGPU in this Node process: the 'webgpu' package (Dawn) could not be loaded. Run `npm install webgpu`.",
      { cause },
    );
  }
  // Dawn's classes (GPUBufferUsage, GPUMapMode, ...) become globals, as in a browser.
  for (const [k, v] of Object.entries(dawn.globals)) {
    if (!(k in globalThis)) (globalThis as Record<string, unknown>)[k] = v;
  }
  return dawn;
}

async function fileExists(path: string): Promise<boolean> {
  // process.getBuiltinModule (Node >= 20.16) rather than a dynamic import of node:fs: bundlers building the
  // browser entry see no Node module to externalize.
  const fs = process.getBuiltinModule?.('node:fs');
  return fs ? fs.existsSync(path) : false;
}

async function hasVulkanLoader(): Promise<boolean> {
  for (const dir of ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/usr/lib', '/usr/local/lib']) {
    if (await fileExists(`${dir}/libvulkan.so.1`)) return true;
  }
  return process.platform !== 'linux'; // Metal / D3D12 need no Vulkan loader
}

async function nodeAdapter(options: AcquireOptions): Promise<CandidateAdapter> {
  const mod = await loadDawn();
  const tried: string[] = [];
  const order: NodeBackend[] = options.nodeBackend ? [options.nodeBackend] : ['default', 'opengles', 'vulkan-swiftshader'];
  const notes: string[] = [];
  for (const backend of order) {
    if (backend === 'default') {
      if (!(await hasVulkanLoader())) {
        tried.push('default (skipped: no libvulkan.so.1, so no hardware Vulkan driver can load)');
        continue;
      }
      const adapter = await dawnInstance(mod, []).requestAdapter(options.powerPreference ? { powerPreference: options.powerPreference } : {});
      if (adapter && !isSoftware(adapter)) return { adapter, runtime: 'node', backend: 'default', featureLevel: 'core', notes };
      tried.push(adapter ? `default (only a software adapter: ${adapter.info.description || adapter.info.device})` : 'default (no adapter)');
    } else if (backend === 'opengles') {
      if (process.platform === 'linux' && !process.env.EGL_PLATFORM) process.env.EGL_PLATFORM = 'surfaceless';
      const adapter = await dawnInstance(mod, ['backend=opengles']).requestAdapter({ featureLevel: 'compatibility' });
      if (adapter) {
        notes.push(...tried.map((t) => `tried ${t}`));
        return { adapter, runtime: 'node', backend: 'opengles', featureLevel: 'compatibility', notes };
      }
      tried.push('opengles (no adapter: install Debian libegl1 libegl-mesa0 libgles2 libgl1-mesa-dri)');
    } else {
      if (!(await fileExists(SWIFTSHADER_ICD))) {
        tried.push(`vulkan-swiftshader (skipped: ${SWIFTSHADER_ICD} not found; Debian package chromium ships it)`);
        continue;
      }
      if (!(await hasVulkanLoader())) {
        tried.push('vulkan-swiftshader (skipped: no libvulkan.so.1; Debian package libvulkan1)');
        continue;
      }
      process.env.VK_ICD_FILENAMES ??= SWIFTSHADER_ICD;
      const adapter = await dawnInstance(mod, ['backend=vulkan']).requestAdapter({});
      if (adapter) {
        notes.push(...tried.map((t) => `tried ${t}`));
        notes.push('SwiftShader Vulkan crashed on large atomic dispatches in our probes; prefer opengles');
        return { adapter, runtime: 'node', backend: 'vulkan-swiftshader', featureLevel: 'core', notes };
      }
      tried.push('vulkan-swiftshader (no adapter)');
    }
  }
  throw new WebGpuUnavailableError(
    `No WebGPU adapter in Node. Tried: ${tried.join('; ')}. ` +
      'On Debian/Ubuntu install the software path with `apt-get install libegl1 libegl-mesa0 libgles2 libgl1-mesa-dri`, ' +
      'or a GPU driver with Vulkan (libvulkan1 plus the vendor ICD).',
  );
}

function isSoftware(adapter: GPUAdapter): boolean {
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  const text = `${info.vendor} ${info.architecture} ${info.device} ${info.description}`.toLowerCase();
  return info.isFallbackAdapter === true || /swiftshader|llvmpipe|lavapipe|software|warp/.test(text);
}

async function createContext(candidate: CandidateAdapter, debug: boolean): Promise<GpuContext> {
  const { adapter } = candidate;
  const requiredLimits: Record<string, number> = {};
  for (const name of WANTED_LIMITS) {
    const value = (adapter.limits as unknown as Record<string, number>)[name];
    if (typeof value === 'number') requiredLimits[name] = value;
  }
  // GPU timestamps where offered (host/gpu/timing.ts): benchmarks time kernels with them.
  const requiredFeatures: GPUFeatureName[] = adapter.features.has('timestamp-query') ? ['timestamp-query'] : [];
  const device = await adapter.requestDevice({ label: 'spikegpu', requiredLimits, requiredFeatures });
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  const description: AdapterDescription = {
    runtime: candidate.runtime,
    backend: candidate.backend,
    featureLevel: candidate.featureLevel,
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    device: info.device ?? '',
    description: info.description ?? '',
    isFallback: info.isFallbackAdapter === true,
    software: isSoftware(adapter),
    notes: candidate.notes,
    summary: '',
  };
  const ids = [description.vendor, description.architecture, description.device].filter(Boolean).join(' ');
  const name = [ids, description.description && `(${description.description})`].filter(Boolean).join(' ') || 'unknown adapter';
  description.summary = `${name} via ${candidate.runtime === 'browser' ? 'browser WebGPU' : `Dawn ${candidate.backend}`}` +
    `${candidate.featureLevel === 'compatibility' ? ' (compatibility mode)' : ''}${description.software ? ', software' : ''}`;
  return new GpuContext(device, description, debug);
}
