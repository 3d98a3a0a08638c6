/**
 * The GPU layer on a real device: buffer pool reuse and labels, pipeline cache hits, shader
 * compile errors with kernel name and line, debug printing of WGSL, error scopes naming the
 * kernel, readback, and device loss / uncaptured errors becoming typed errors.
 */
import { acquireDevice } from '../../host/device';
import { SpikeGpuError } from '../../host/errors';
import type { GpuContext } from '../../host/gpu/context';
import { withErrorScopes } from '../../host/gpu/scopes';

function errorInfo(e: unknown): { name: string; code: string; message: string } {
  return e instanceof SpikeGpuError ? { name: e.name, code: e.code, message: e.message } : { name: 'other', code: '', message: String(e) };
}

export async function gpuLayer(ctx: GpuContext): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  // Pool: a released buffer is handed out again (relabelled); a bigger request gets a new one.
  const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  const a = ctx.pool.acquire({ label: 'first', size: 1000, usage });
  ctx.pool.release(a);
  const b = ctx.pool.acquire({ label: 'second', size: 900, usage });
  out.poolReused = a === b;
  out.poolLabel = b.label;
  const c = ctx.pool.acquire({ label: 'third', size: 100_000, usage });
  out.poolNewForBigger = c !== b;
  // Readback of data written by the queue.
  ctx.device.queue.writeBuffer(b, 0, new Uint32Array([1, 2, 3, 0xbaadf00d]));
  out.readback = Array.from(new Uint32Array(await ctx.read(b, 0, 16)));
  ctx.pool.release(b);
  ctx.pool.release(c);

  // Pipeline cache: same name + options -> same pipeline; other options -> compile again.
  const src = (wg: number) => `@group(0) @binding(0) var<storage, read_write> a: array<u32>;\n@compute @workgroup_size(${wg}) fn main(@builtin(global_invocation_id) g: vec3<u32>) { a[g.x] = 1u; }`;
  const bindings = [{ name: 'a', kind: 'storage' as const }];
  const logs: string[] = [];
  ctx.pipelines.log = (t) => logs.push(t);
  ctx.debug = true;
  const k1 = await ctx.pipelines.get({ name: 'probe', options: { wg: 64 }, bindings, source: () => src(64) });
  const k2 = await ctx.pipelines.get({ name: 'probe', options: { wg: 64 }, bindings, source: () => src(64) });
  const k3 = await ctx.pipelines.get({ name: 'probe', options: { wg: 32 }, bindings, source: () => src(32) });
  ctx.debug = false;
  out.cacheHit = k1 === k2;
  out.cacheMissOnOptions = k1 !== k3;
  out.debugPrinted = logs.length === 2 && (logs[0] ?? '').includes('probe{wg=64}') && (logs[0] ?? '').includes('   1  @group(0)');

  // Compile error: names the kernel, the line and echoes it.
  const broken = '@compute @workgroup_size(64)\nfn main() {\n  let x: f32 = undefinedThing + 1.0;\n}';
  try {
    await ctx.pipelines.get({ name: 'broken', options: {}, bindings: [], source: () => broken });
    out.compileError = null;
  } catch (e) {
    out.compileError = errorInfo(e);
    out.compileErrorLine = (e as { messages?: { lineNum: number }[] }).messages?.[0]?.lineNum;
  }

  // A validation error inside withErrorScopes names the operation that raised it.
  try {
    await withErrorScopes(ctx.device, 'lif (dispatch)', () => ctx.device.createBuffer({ label: 'bad', size: 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.STORAGE }));
    out.scopedError = null;
  } catch (e) {
    out.scopedError = errorInfo(e);
  }

  // On a second device (no scopes pushed): an uncaptured error and then device loss reach onError
  // as typed errors, and every later call rethrows the first.
  const other = await acquireDevice();
  const seen: { name: string; code: string; message: string }[] = [];
  other.onError((e) => seen.push(errorInfo(e)));
  other.device.createBuffer({ label: 'invalid-usage', size: 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.STORAGE });
  await other.device.queue.onSubmittedWorkDone();
  for (let i = 0; i < 50 && seen.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
  out.uncaptured = seen[0] ?? null;
  try {
    other.check();
    out.checkAfterError = null;
  } catch (e) {
    out.checkAfterError = errorInfo(e);
  }
  const lostSeen: { name: string }[] = [];
  const third = await acquireDevice();
  third.onError((e) => lostSeen.push(errorInfo(e)));
  third.device.destroy(); // not through third.destroy(): simulates a device lost under the toolkit
  for (let i = 0; i < 50 && lostSeen.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
  out.lost = lostSeen[0] ?? null;
  other.destroy();
  try {
    other.check();
  } catch (e) {
    out.afterDestroy = errorInfo(e);
  }
  out.adapter = ctx.adapter;
  return out;
}
