/** The GPU layer (host/gpu/*, host/device.ts) on a real adapter. */
import { expect, test } from './harness/fixtures';

test('buffer pool, readback, pipeline cache, debug WGSL, compile errors, error scopes, uncaptured errors and device loss', async ({ gpu }) => {
  const r = await gpu.run('gpuLayer');
  expect(r.poolReused).toBe(true);
  expect(r.poolLabel).toBe('second');
  expect(r.poolNewForBigger).toBe(true);
  expect(r.readback).toEqual([1, 2, 3, 0xbaadf00d]);
  expect(r.cacheHit).toBe(true);
  expect(r.cacheMissOnOptions).toBe(true);
  expect(r.debugPrinted).toBe(true);
  expect(r.compileError.name).toBe('ShaderCompilationError');
  expect(r.compileError.message).toContain("kernel 'broken'");
  expect(r.compileError.message).toContain('broken.wgsl:3:');
  expect(r.compileError.message).toContain('undefinedThing');
  expect(r.compileErrorLine).toBe(3);
  expect(r.scopedError.name).toBe('GpuValidationError');
  expect(r.scopedError.message).toContain('lif (dispatch)');
  expect(r.uncaptured?.name).toBe('GpuValidationError');
  expect(r.checkAfterError?.name).toBe('GpuValidationError');
  expect(r.lost?.name).toBe('DeviceLostError');
  expect(r.afterDestroy?.name).toBe('DestroyedError');
  console.log(`[${gpu.runtime}] adapter: ${JSON.stringify(r.adapter)}`);
  expect(typeof r.adapter.isFallback).toBe('boolean');
  expect(r.adapter.summary.length).toBeGreaterThan(0);
});

test('GPU timestamps: run({ gpuTime }) sums every step pass on the GPU where timestamp-query exists (positive, below the wall time), else reports null; spikes are unchanged; the fused mode reports null', async ({ gpu }) => {
  const r = (await gpu.run('gpuTiming')) as { available: boolean; gpuMs: number | null; wallMs: number; sameSpikes: boolean; fusedGpuMs: number | null };
  console.log(`[${gpu.runtime}] timestamp-query ${r.available ? 'available' : 'not offered by this adapter'}: gpuMs ${r.gpuMs}, wall ${r.wallMs.toFixed(1)} ms for 600 steps`);
  expect(r.sameSpikes).toBe(true);
  expect(r.fusedGpuMs).toBeNull();
  if (r.available) {
    expect(r.gpuMs).toBeGreaterThan(0);
    expect(r.gpuMs).toBeLessThanOrEqual(r.wallMs);
  } else {
    expect(r.gpuMs).toBeNull();
  }
});

test('host syncs: a run that records nothing reads back once (the health check at its end), checkEveryMs adds one per interval, recording reads each chunk; the spikes do not depend on it', async ({ gpu }) => {
  const r = (await gpu.run('hostSyncs')) as { plain: number; checked: number; recorded: number; chunks: number; sameSpikes: boolean };
  console.log(`[${gpu.runtime}] readbacks over 5000 steps (${r.chunks} chunks): nothing recorded ${r.plain}, checkEveryMs 100 ${r.checked}, recording ${r.recorded}`);
  expect(r.plain).toBe(1);
  expect(r.checked).toBe(5);
  expect(r.recorded).toBeGreaterThanOrEqual(r.chunks + 1);
  expect(r.sameSpikes).toBe(true);
});

test('run profile: commands counted by kind (per step: one dispatch for the neuron populations, one indirect propagate dispatch for all sparse projections, no clear; one compute pass for the chunk when nothing is copied per step), the fused path, encode time; counting and the pass layout change no spike', async ({ gpu }) => {
  const r = (await gpu.run('runProfile')) as {
    perStep: { commands: Record<string, number>; perStep: number; encodeMs: number; passes: number };
    recorded: { perStep: number };
    fused: { perStep: number; dispatch: number; stepsPerDispatch: number };
    uncounted: { hasCommands: boolean; encodeMs: number };
    sameSpikes: boolean;
    sameTotals: boolean;
    badOption: string;
  };
  console.log(`[${gpu.runtime}] per-step ${JSON.stringify(r.perStep.commands)} (${r.perStep.perStep} per step, encode ${r.perStep.encodeMs.toFixed(1)} ms); recording ${r.recorded.perStep} per step; fused ${r.fused.perStep} per step`);
  // CUBA: 2 populations (one neuron group: one dispatch), 4 sparse projections (one synapse page: one
  // propagate dispatch), 300 steps. The kernels clear the next step's spike slot
  // (host/kernels/spike-slots.ts): no clearBuffer, and with nothing copied per step the 300 steps
  // share one compute pass.
  expect(r.perStep.commands).toEqual({ dispatch: 300, dispatchIndirect: 300, clearBuffer: 0, copyBufferToBuffer: 0, computePasses: 1 });
  expect(r.perStep.perStep).toBe(2);
  // Recording exc's spikes copies its bits once a step (and ends each step's pass).
  expect(r.recorded.perStep).toBe(3);
  // Fused: one dispatch per block of steps.
  expect(r.fused.dispatch).toBe(Math.ceil(1024 / Math.min(512, r.fused.stepsPerDispatch)));
  expect(r.fused.perStep).toBeLessThan(1);
  expect(r.perStep.encodeMs).toBeGreaterThan(0);
  expect(r.uncounted.hasCommands).toBe(false);
  expect(r.uncounted.encodeMs).toBeGreaterThan(0);
  expect(r.sameSpikes).toBe(true);
  // One pass per chunk (plain) and one per step (recorded): the same spikes and synaptic events.
  expect(r.sameTotals).toBe(true);
  expect(r.badOption).toContain('countCommands');
});
