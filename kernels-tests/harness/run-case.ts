/**
 * Runs one GPU case inside validation and out-of-memory error scopes; any GPU error, captured or
 * uncaptured, fails the case with the error's message.
 */
import type { GpuContext } from '../../host/gpu/context';
import { CASES } from '../cases/index';

export async function runCase(ctx: GpuContext, name: string, args: unknown): Promise<unknown> {
  const fn = CASES[name];
  if (!fn) throw new Error(`unknown case ${name}; known: ${Object.keys(CASES).join(', ')}`);
  ctx.check();
  ctx.device.pushErrorScope('out-of-memory');
  ctx.device.pushErrorScope('validation');
  let result: unknown;
  let failure: unknown;
  try {
    result = await fn(ctx, args);
    await ctx.device.queue.onSubmittedWorkDone();
  } catch (e) {
    failure = e;
  }
  const validation = await ctx.device.popErrorScope();
  const oom = await ctx.device.popErrorScope();
  if (validation) throw new Error(`GPU validation error during case ${name}: ${validation.message}`);
  if (oom) throw new Error(`GPU out-of-memory error during case ${name}: ${oom.message}`);
  if (failure) throw failure;
  ctx.check();
  return result;
}
