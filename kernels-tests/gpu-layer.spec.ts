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
