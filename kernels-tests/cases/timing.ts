/**
 * GPU timestamps (host/gpu/timing.ts) through Simulator.run({ gpuTime: true }): where the adapter has
 * the `timestamp-query` feature, every step's pass is timed and the sum is positive, finite and at
 * most the wall time of the run; where it has not, gpuMs is null (and the run is otherwise the same).
 */
import type { GpuContext } from '../../host/gpu/context';
import { GpuTimer } from '../../host/gpu/timing';
import { cuba } from '../../host/model/examples';
import { Simulator } from '../../host/sim/simulator';

export async function gpuTiming(ctx: GpuContext): Promise<{ available: boolean; gpuMs: number | null | undefined; wallMs: number; sameSpikes: boolean; fusedGpuMs: number | null | undefined }> {
  const model = cuba({ size: 500 });
  const sim = await Simulator.build(ctx, model, { dt: 0.1, seed: 3, fused: 'off' });
  const t0 = performance.now();
  const timed = await sim.run({ steps: 600, gpuTime: true, record: ['exc'] });
  const wallMs = performance.now() - t0;
  sim.reset();
  const plain = await sim.run({ steps: 600, record: ['exc'] });
  sim.destroy();
  const fused = await Simulator.build(ctx, model, { dt: 0.1, seed: 3, fused: 'on' });
  const f = await fused.run({ steps: 100, gpuTime: true });
  fused.destroy();
  return {
    available: GpuTimer.available(ctx), gpuMs: timed.gpuMs, wallMs, fusedGpuMs: f.gpuMs,
    sameSpikes: timed.spikes.exc!.bits.every((w, k) => w === plain.spikes.exc!.bits[k]),
  };
}

/** Readbacks (host syncs) of runs of 5000 steps (10 chunks): nothing recorded; with checkEveryMs; recording spikes. */
export async function hostSyncs(ctx: GpuContext): Promise<{ plain: number; checked: number; recorded: number; chunks: number; sameSpikes: boolean }> {
  const sim = await Simulator.build(ctx, cuba({ size: 500 }), { dt: 0.1, seed: 5, fused: 'off' });
  const count = async (f: () => Promise<unknown>) => {
    const before = ctx.readbacks;
    await f();
    return ctx.readbacks - before;
  };
  const plain = await count(() => sim.run({ steps: 5000 }));
  const afterPlain = await sim.readCounters();
  sim.reset();
  const checked = await count(() => sim.run({ steps: 5000, checkEveryMs: 100 }));
  const afterChecked = await sim.readCounters();
  sim.reset();
  const recorded = await count(() => sim.run({ steps: 5000, record: ['exc'] }));
  sim.destroy();
  return { plain, checked, recorded, chunks: Math.ceil(5000 / 512), sameSpikes: JSON.stringify(afterPlain.populations) === JSON.stringify(afterChecked.populations) };
}

/**
 * Simulator.run's profile: commands counted by kind on the per-step path (CUBA: 2 populations, 4
 * projections) and the fused path, a run that records spikes (one copy per population and step more),
 * the encode time, and the same spikes with and without counting.
 */
export async function runProfile(ctx: GpuContext): Promise<{
  perStep: { commands: unknown; perStep: number | undefined; encodeMs: number; passes: number };
  recorded: { perStep: number | undefined };
  fused: { perStep: number | undefined; dispatch: number; stepsPerDispatch: number };
  uncounted: { hasCommands: boolean; encodeMs: number };
  sameSpikes: boolean;
  sameTotals: boolean;
  badOption: string;
}> {
  const model = cuba({ size: 500 });
  const sim = await Simulator.build(ctx, model, { dt: 0.1, seed: 4, fused: 'off' });
  const a = await sim.run({ steps: 300, countCommands: true, record: ['exc'] });
  const recordedCounts = await sim.readCounters();
  sim.reset();
  const b = await sim.run({ steps: 300, record: ['exc'] });
  sim.reset();
  // Nothing recorded: every step in one compute pass.
  const plain = await sim.run({ steps: 300, countCommands: true });
  const plainCounts = await sim.readCounters();
  let badOption = '';
  try {
    await sim.run({ steps: 1, countCommands: 'yes' as never });
  } catch (e) {
    badOption = (e as Error).message;
  }
  sim.destroy();
  const fusedSim = await Simulator.build(ctx, model, { dt: 0.1, seed: 4, fused: 'on' });
  const f = await fusedSim.run({ steps: 1024, countCommands: true });
  const stepsPerDispatch = fusedSim.fusedStepsPerDispatch;
  fusedSim.destroy();
  const c = plain.profile.commands as NonNullable<typeof plain.profile.commands>;
  return {
    perStep: { commands: c, perStep: plain.profile.commandsPerStep, encodeMs: plain.profile.encodeMs, passes: c.computePasses },
    recorded: { perStep: a.profile.commandsPerStep },
    fused: { perStep: f.profile.commandsPerStep, dispatch: f.profile.commands?.dispatch ?? -1, stepsPerDispatch },
    uncounted: { hasCommands: b.profile.commands !== undefined, encodeMs: b.profile.encodeMs },
    sameSpikes: a.spikes.exc!.bits.every((w, k) => w === b.spikes.exc!.bits[k]),
    sameTotals: JSON.stringify(recordedCounts) === JSON.stringify(plainCounts),
    badOption,
  };
}
