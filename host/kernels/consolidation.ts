/**
 * consolidation kernel binding: the importance buffers of a Trainer (Omega, the anchor P*, and for
 * Synaptic Intelligence the path integral omega with the previous weights and task gradient) and one
 * prepared dispatch per pass. WGSL: shaders/consolidation.wgsl.ts; oracle: kernels-tests/oracle/consolidation.ts.
 */
import { InvalidParameterError } from '../errors.js';
import type { GpuContext } from '../gpu/context.js';
import { defineStruct } from '../gpu/layout.js';
import { rejectUnknownKeys, requireNonNegative, requireOneOf, requirePositive } from '../validate.js';
import { consolidationShader, type ConsolidationPass } from '../../shaders/consolidation.wgsl.js';
import { grid1d, PreparedDispatch } from './prepared.js';

export const CONSOLIDATION_FRAME = defineStruct('Frame', [
  ['count', 'u32'], ['rowsPerY', 'u32'], ['noContract', 'u32'], ['lambda', 'f32'], ['xi', 'f32'], ['scale', 'f32'],
]);

export interface ConsolidationOptions {
  /** 'si' (Synaptic Intelligence: importance from each parameter's contribution to the loss decrease along training) or 'ewc' (squared gradients on the task's data at consolidation). */
  method: 'si' | 'ewc';
  /** lambda (SI's c) >= 0: the weight of the quadratic pull toward the consolidated weights. */
  strength: number;
  /** SI's xi > 0 in the importance's denominator (P - P*)^2 + xi. Default 1e-3. */
  damping?: number;
}

export interface ResolvedConsolidation {
  method: 'si' | 'ewc';
  strength: number;
  damping: number;
}

export function resolveConsolidation(o: ConsolidationOptions): ResolvedConsolidation {
  const object = 'Trainer options consolidation';
  if (typeof o !== 'object' || o === null) throw new InvalidParameterError(object, 'consolidation', o, "{ method: 'si' | 'ewc', strength, damping? }");
  rejectUnknownKeys(object, o, ['method', 'strength', 'damping']);
  const method = requireOneOf(object, 'method', o.method, ['si', 'ewc'] as const);
  const strength = requireNonNegative(object, 'strength', o.strength);
  if (!Number.isFinite(Math.fround(strength))) throw new InvalidParameterError(object, 'strength', strength, 'a finite f32');
  const damping = requirePositive(object, 'damping', o.damping ?? 1e-3);
  if (o.damping !== undefined && method !== 'si') throw new InvalidParameterError(object, 'damping', o.damping, "nothing: damping is Synaptic Intelligence's xi (method 'si')");
  return { method, strength, damping };
}

/** The per-parameter buffers of each method: importance, anchor, and SI's path integral, previous weights and task gradient. */
export function consolidationBuffers(method: 'si' | 'ewc'): string[] {
  return method === 'si' ? ['Omega', 'Pstar', 'omega', 'Pprev', 'Gtask'] : ['Omega', 'Pstar'];
}

const WG = 256;
const PASSES: ConsolidationPass[] = ['penalty', 'path', 'si', 'fisher', 'anchor'];

export class ConsolidationOp {
  private constructor(
    private readonly passes: Record<ConsolidationPass, PreparedDispatch | undefined>,
    private readonly values: Record<string, number>,
    readonly resolved: ResolvedConsolidation,
  ) {}

  /**
   * Dispatches on the caller's buffers (`buffers` holds consolidationBuffers(method), each of `count`
   * floats and zeroed); P* is set to the current P (copied in queue order).
   */
  static async create(ctx: GpuContext, r: ResolvedConsolidation, count: number, P: GPUBuffer, G: GPUBuffer, buffers: Record<string, GPUBuffer>): Promise<ConsolidationOp> {
    const si = r.method === 'si';
    const names = consolidationBuffers(r.method);
    const encoder = ctx.device.createCommandEncoder({ label: 'consolidation.init' });
    encoder.copyBufferToBuffer(P, 0, buffers.Pstar!, 0, 4 * count);
    ctx.device.queue.submit([encoder.finish()]);
    const { groups, rowsPerY } = grid1d(ctx, count, WG);
    const f = Math.fround;
    const values = { count, rowsPerY, noContract: 0, lambda: f(r.strength), xi: f(r.damping), scale: 1 };
    const bound = (b: GPUBuffer): [GPUBuffer, number] => [b, 4 * count];
    const storage = [{ name: 'P', readOnly: true, bound: bound(P) }, { name: 'G', readOnly: false, bound: bound(G) },
      ...names.map((name) => ({ name, readOnly: false, bound: bound(buffers[name]!) }))];
    const passes = {} as Record<ConsolidationPass, PreparedDispatch | undefined>;
    for (const pass of PASSES) {
      if (!si && (pass === 'path' || pass === 'si')) continue;
      if (si && pass === 'fisher') continue;
      const options = { workgroupSize: WG, pass, si };
      passes[pass] = await PreparedDispatch.create(ctx, {
        name: 'consolidation', label: `consolidation.${pass}`, options, groups, frame: { layout: CONSOLIDATION_FRAME, values }, storage,
        source: () => consolidationShader({ ...options, frameStruct: CONSOLIDATION_FRAME.wgsl }),
      });
    }
    return new ConsolidationOp(passes, values, r);
  }

  /** The prepared dispatch of `pass` (undefined where the method has none). */
  pass(name: ConsolidationPass): PreparedDispatch | undefined {
    return this.passes[name];
  }

  /** Sets the Fisher pass's scale (1 / batches), queue-ordered before the next submit. */
  setFisherScale(scale: number): void {
    this.passes.fisher?.setFrame({ ...this.values, scale: Math.fround(scale) });
  }

  /** Releases the dispatches (the buffers belong to the caller). */
  release(): void {
    for (const p of Object.values(this.passes)) p?.release();
  }
}
