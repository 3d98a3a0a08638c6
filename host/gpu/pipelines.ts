/**
 * Pipeline cache keyed by kernel name plus compile-time options (the run-time values live in
 * uniforms and never enter the key). Creation runs inside error scopes; compile errors come back
 * with the kernel's name and line numbers. With debug on, each generated shader is printed.
 */
import { compileShader, withErrorScopes } from './scopes.js';

export interface BindingSpec {
  name: string;
  kind: 'uniform' | 'storage' | 'read-only-storage';
  /** Uniform bound with a dynamic offset (one slot per step). */
  dynamicOffset?: boolean;
}

export interface CompiledKernel {
  readonly name: string;
  readonly key: string;
  readonly pipeline: GPUComputePipeline;
  readonly layout: GPUBindGroupLayout;
  readonly bindings: readonly BindingSpec[];
  readonly code: string;
}

export interface PipelineRequest {
  name: string;
  /** Compile-time options, serialised into the cache key. */
  options: Readonly<Record<string, string | number | boolean>>;
  bindings: readonly BindingSpec[];
  /** Builds the WGSL for these options (called only on a cache miss). */
  source: () => string;
}

export function cacheKey(name: string, options: Readonly<Record<string, string | number | boolean>>): string {
  const parts = Object.keys(options).sort().map((k) => `${k}=${String(options[k])}`);
  return `${name}{${parts.join(',')}}`;
}

export class PipelineCache {
  private readonly cache = new Map<string, Promise<CompiledKernel>>();
  /** Prints each generated shader (with line numbers) when it is compiled. */
  debug = false;
  /** Where debug output goes (console.log by default). */
  log: (text: string) => void = (t) => console.log(t);

  constructor(private readonly device: GPUDevice) {}

  get size(): number {
    return this.cache.size;
  }

  get(req: PipelineRequest): Promise<CompiledKernel> {
    const key = cacheKey(req.name, req.options);
    let entry = this.cache.get(key);
    if (!entry) {
      entry = this.build(key, req);
      this.cache.set(key, entry);
      entry.catch(() => this.cache.delete(key));
    }
    return entry;
  }

  private async build(key: string, req: PipelineRequest): Promise<CompiledKernel> {
    const code = req.source();
    if (this.debug) {
      const numbered = code.split('\n').map((l, i) => `${String(i + 1).padStart(4)}  ${l}`).join('\n');
      this.log(`[spikegpu] WGSL for ${key}:\n${numbered}`);
    }
    const module = await compileShader(this.device, req.name, code);
    const layout = await withErrorScopes(this.device, `${req.name} (bind group layout)`, () =>
      this.device.createBindGroupLayout({
        label: `${req.name}.layout`,
        entries: req.bindings.map((b, i) => ({
          binding: i,
          visibility: GPUShaderStage.COMPUTE,
          buffer: {
            type: b.kind,
            ...(b.dynamicOffset ? { hasDynamicOffset: true } : {}),
          },
        })),
      }),
    );
    const pipeline = await withErrorScopes(this.device, `${req.name} (pipeline)`, () =>
      this.device.createComputePipeline({
        label: key,
        layout: this.device.createPipelineLayout({ label: `${req.name}.pipelineLayout`, bindGroupLayouts: [layout] }),
        compute: { module, entryPoint: 'main' },
      }),
    );
    return { name: req.name, key, pipeline, layout, bindings: req.bindings, code };
  }
}
