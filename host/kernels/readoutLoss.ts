/**
 * readoutLoss kernel binding: the batch loss on a readout's traces and its gradient, with per-instance
 * loss and correctness for the host to read once per batch. WGSL: shaders/readoutLoss.wgsl.ts; oracle:
 * kernels-tests/oracle/readoutLoss.ts.
 */
import type { GpuContext } from '../gpu/context.js';
import { defineStruct } from '../gpu/layout.js';
import { readoutLossShader, type ReadoutLoss } from '../../shaders/readoutLoss.wgsl.js';
import { PreparedDispatch, type Bound } from './prepared.js';

export type { ReadoutLoss } from '../../shaders/readoutLoss.wgsl.js';

export const READOUT_LOSS_FRAME = defineStruct('Frame', [
  ['steps', 'u32'], ['batch', 'u32'], ['outputs', 'u32'], ['valid', 'u32'], ['noContract', 'u32'],
  ['invBatch', 'f32'], ['invSteps', 'f32'], ['invCount', 'f32'],
]);

/** Most readout neurons a classification loss supports (the kernel keeps the logits in registers). */
export const READOUT_MAX_CLASSES = 64;

/** The loss frame: `valid` real samples in the batch, the loss averaged over `total` samples (default `valid`; more when gradients accumulate over micro-batches). */
export function readoutLossFrame(steps: number, batch: number, outputs: number, valid: number, total = valid): Record<string, number> {
  const f = Math.fround;
  return { steps, batch, outputs, valid, noContract: 0, invBatch: f(1 / Math.max(1, total)), invSteps: f(1 / steps), invCount: f(1 / (steps * Math.max(1, total) * outputs)) };
}

export async function createReadoutLoss(ctx: GpuContext, label: string, loss: ReadoutLoss, steps: number, batch: number, outputs: number,
  io: { U: Bound; target: Bound; GU: Bound; stats: Bound }): Promise<PreparedDispatch> {
  const options = { workgroupSize: 64, loss };
  return PreparedDispatch.create(ctx, {
    name: 'readoutLoss', label, options, groups: [Math.ceil(batch / 64), 1, 1],
    frame: { layout: READOUT_LOSS_FRAME, values: readoutLossFrame(steps, batch, outputs, batch) },
    storage: [{ name: 'U', readOnly: true, bound: io.U }, { name: 'target', readOnly: true, bound: io.target },
      { name: 'GU', readOnly: false, bound: io.GU }, { name: 'stats', readOnly: false, bound: io.stats }],
    source: () => readoutLossShader({ ...options, frameStruct: READOUT_LOSS_FRAME.wgsl }),
  });
}
