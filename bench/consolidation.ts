/**
 * `npm run bench -- consolidation`: continual learning of three permuted Randman tasks through one
 * network (kernels-tests/cases/consolidation.ts), without consolidation, with Synaptic Intelligence and
 * with EWC at several strengths, and trained jointly (the upper bound); the test accuracy of every task
 * after each phase, the wall time and the memory. Into docs/learning.md.
 */
import type { GpuContext } from '../host/gpu/context';
import type { ConsolidationOptions } from '../host/kernels/consolidation';
import { randmanRecipe } from '../host/train/recipes';
import { CONTINUAL_TASK, permutedRandmanTasks, sequentialTasks } from '../kernels-tests/cases/consolidation';

export async function benchConsolidation(ctx: GpuContext, epochs = 20): Promise<string> {
  const tasks = permutedRandmanTasks(3, CONTINUAL_TASK);
  const r = randmanRecipe(CONTINUAL_TASK.units, CONTINUAL_TASK.classes, CONTINUAL_TASK.steps);
  const options = r.options(1, epochs, tasks[0]![0].size);
  // Warm-up: compile every pipeline before anything is timed.
  await sequentialTasks(ctx, tasks.slice(0, 1), r.spec, { ...options, consolidation: { method: 'si', strength: 1 } }, 1);
  await sequentialTasks(ctx, tasks.slice(0, 1), r.spec, { ...options, consolidation: { method: 'ewc', strength: 1 } }, 1);
  const runs: { label: string; consolidation?: ConsolidationOptions; joint?: boolean }[] = [
    { label: 'none' },
    ...[0.1, 0.3, 1].map((strength) => ({ label: `SI, c = ${strength}`, consolidation: { method: 'si' as const, strength } })),
    ...[1e4, 1e5, 1e6].map((strength) => ({ label: `EWC, lambda = ${strength.toExponential(0)}`, consolidation: { method: 'ewc' as const, strength } })),
    { label: 'joint training (all tasks at once)', joint: true },
  ];
  const pct = (x: number) => (100 * x).toFixed(0);
  const rows = [
    '| consolidation | after task A: A | after task B: A, B | after task C: A, B, C | mean after C | wall time (s) | trainer memory (bytes) |',
    '|---|---|---|---|---|---|---|',
  ];
  let plainSeconds = 0;
  for (const run of runs) {
    const out = await sequentialTasks(ctx, tasks, r.spec, { ...options, ...(run.consolidation ? { consolidation: run.consolidation } : {}) }, epochs, run.joint);
    const a = out.accuracy;
    if (run.label === 'none') plainSeconds = out.seconds;
    const final = a[a.length - 1]!;
    const mean = final.reduce((s, x) => s + x, 0) / final.length;
    rows.push(run.joint
      ? `| ${run.label} | | | ${final.map(pct).join(', ')} | ${pct(mean)} | ${out.seconds.toFixed(1)} | ${out.memoryBytes} |`
      : `| ${run.label} | ${pct(a[0]![0]!)} | ${pct(a[1]![0]!)}, ${pct(a[1]![1]!)} | ${final.map(pct).join(', ')} | ${pct(mean)} | ${out.seconds.toFixed(1)} (${(out.seconds / plainSeconds).toFixed(2)}x) | ${out.memoryBytes} |`);
    console.log(rows[rows.length - 1]);
  }
  return rows.join('\n');
}
