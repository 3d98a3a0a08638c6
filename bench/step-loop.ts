/**
 * The step loop's host cost (issue: a step loop shaped for real GPUs), on demand:
 * `npm run bench -- step-loop`. For CUBA 4000, Brunel 12 500 (regime C) and the Potjans-Diesmann
 * microcircuit at scale 0.1 and 1, on the per-step path (and the fused kernel where the network is
 * small enough for it): build time; synapse pages and the propagate dispatches that bind them; commands per step, counted by kind (Simulator.run's
 * countCommands); the host's encode time per step, measured in a run that counts nothing (each
 * chunk timed from its first encode to finish(), before submit: the GPU's work is not in it); and
 * wall time per model second. Commands and host time per step cost the same on any adapter; wall
 * time on a software adapter is not GPU speed.
 */
import type { GpuContext } from '../host/gpu/context';
import { brunel, cuba } from '../host/model/examples';
import { potjansDiesmann } from '../host/model/microcircuit';
import type { NetworkModel } from '../host/model/network';
import { Simulator } from '../host/sim/simulator';
import type { CommandCounts } from '../host/sim/profile';
import { splitFor } from './microcircuit';
import { markdownTable } from './format';

const now = (): number => performance.now();
/** Per-step figures: whole numbers as they are, fractions (the fused mode's) to 3 significant digits. */
const fmt = (x: number): string => (Number.isInteger(x) ? String(x) : x >= 1 ? x.toFixed(1) : x.toPrecision(3));

interface Case { name: string; model: (ctx: GpuContext) => NetworkModel; runMs: number; fused: ('off' | 'auto')[] }

export const STEP_LOOP_CASES: Case[] = [
  { name: 'CUBA 4000', model: () => cuba({ size: 4000 }), runMs: 1000, fused: ['off', 'auto'] },
  { name: 'Brunel 12 500', model: () => brunel({ nExc: 10000, g: 5, eta: 2 }), runMs: 200, fused: ['off'] },
  { name: 'microcircuit 0.1', model: (ctx) => potjansDiesmann({ scale: 0.1, maxSynapsesPerProjection: splitFor(ctx) }), runMs: 200, fused: ['off'] },
  { name: 'microcircuit 1', model: (ctx) => potjansDiesmann({ scale: 1, maxSynapsesPerProjection: splitFor(ctx) }), runMs: 30, fused: ['off'] },
];

const kinds = (c: CommandCounts, steps: number): string =>
  [`${fmt(c.dispatch / steps)} dispatch`, `${fmt(c.dispatchIndirect / steps)} indirect`, `${fmt(c.clearBuffer / steps)} clear`,
    ...(c.copyBufferToBuffer ? [`${fmt(c.copyBufferToBuffer / steps)} copy`] : []), `${fmt(c.computePasses / steps)} passes`].join(', ');

export async function benchStepLoop(ctx: GpuContext, only: string[] | undefined, log = console.log): Promise<string> {
  const rows: string[][] = [];
  for (const c of STEP_LOOP_CASES) {
    if (only && !only.some((o) => c.name.toLowerCase().replace(/\s/g, '').includes(o.toLowerCase()))) continue;
    const model = c.model(ctx);
    for (const fused of c.fused) {
      const t0 = now();
      const sim = await Simulator.build(ctx, model, { dt: 0.1, seed: 1, fused });
      await ctx.finish();
      const buildS = (now() - t0) / 1000;
      const mode = sim.isFused ? `fused (${sim.fusedStepsPerDispatch} steps per dispatch)` : 'per-step';
      // Counted: a short run (counting costs host time per command, so it is not the timed run).
      const counted = await sim.run({ steps: Math.min(200, Math.round(c.runMs / 0.1)), countCommands: true });
      const cmds = counted.profile.commands as CommandCounts;
      sim.reset();
      await sim.run({ steps: 20 });
      sim.reset();
      const t1 = now();
      const timed = await sim.run({ durationMs: c.runMs });
      await ctx.finish();
      const wallS = (now() - t1) / 1000;
      const perModelS = wallS / (c.runMs / 1000);
      const perStep = counted.profile.commandsPerStep as number;
      const pages = `${sim.propagatePages.length} (${sim.propagateDispatches.length})`;
      log(`${c.name} ${mode}: build ${buildS.toFixed(1)} s; ${pages} synapse pages (propagate dispatches); ${fmt(perStep)} commands per step (${kinds(cmds, counted.steps)}); ` +
        `host encode ${timed.profile.encodeUsPerStep.toFixed(1)} us per step; ${perModelS.toFixed(2)} s wall per model s (${c.runMs} ms run)`);
      rows.push([c.name, mode, String(sim.populations.size), String(sim.projections.length), sim.isFused ? '(fused)' : pages, buildS.toFixed(1), fmt(perStep), kinds(cmds, counted.steps),
        timed.profile.encodeUsPerStep.toFixed(1), perModelS.toFixed(2), String(c.runMs)]);
      sim.destroy();
    }
  }
  return markdownTable(['network', 'path', 'populations', 'projections', 'synapse pages (dispatches)', 'build s', 'commands per step', 'by kind (per step)', 'host encode us per step', 'wall s per model s', 'model ms run'], rows);
}
