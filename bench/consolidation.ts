/**
 * `npm run bench -- consolidation`: continual learning of three permuted Randman tasks through one
 * network (kernels-tests/cases/consolidation.ts), without consolidation, with Synaptic Intelligence and
 * with EWC at several strengths, and trained jointly (the upper bound); the test accuracy of every task
 * after each phase, the wall time and the memory. Into docs/learning.md.
 */
import type { GpuContext } from '../host/gpu/context';
import type { ConsolidationOptions } from '../host/kernels/consolidation';
import { randmanRecipe } from '../host/train/recipes';
import { Trainer } from '../host/train/trainer';
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

/**
 * The cost of consolidation over plain training: one Randman task, 5 epochs per timing, the three
 * trainers timed in turn three times (best of 3: this machine is shared); consolidate() timed;
 * extra memory per parameter.
 */
export async function benchConsolidationCost(ctx: GpuContext, epochs = 5): Promise<string> {
  const train = permutedRandmanTasks(1, CONTINUAL_TASK)[0]![0];
  const r = randmanRecipe(CONTINUAL_TASK.units, CONTINUAL_TASK.classes, CONTINUAL_TASK.steps);
  const configs = [undefined, { method: 'si' as const, strength: 0.1 }, { method: 'ewc' as const, strength: 1e5 }];
  const trainers = await Promise.all(configs.map((c) => Trainer.create(ctx, r.spec, { ...r.options(1, epochs, train.size), ...(c ? { consolidation: c } : {}) })));
  try {
    for (const t of trainers) await t.fit(train, { epochs: 1 }); // warm-up: compile
    const best = configs.map(() => Infinity);
    for (let round = 0; round < 3; round++) {
      for (const [k, t] of trainers.entries()) {
        const t0 = performance.now();
        await t.fit(train, { epochs });
        best[k] = Math.min(best[k]!, (performance.now() - t0) / 1000);
      }
    }
    const rows = ['| consolidation | training time, 5 epochs (s, best of 3) | vs none | consolidate() (ms) | extra GPU memory (bytes per parameter) |', '|---|---|---|---|---|'];
    for (const [k, c] of configs.entries()) {
      const t = trainers[k]!;
      let consolidateMs = NaN;
      if (c) {
        const t1 = performance.now();
        await t.consolidate(c.method === 'ewc' ? train : undefined);
        await t.getImportance(); // waits for the GPU
        consolidateMs = performance.now() - t1;
      }
      const params = t.tensors.reduce((a, x) => a + x.length, 0);
      rows.push(`| ${c ? c.method : 'none'} | ${best[k]!.toFixed(2)} | ${(best[k]! / best[0]!).toFixed(2)}x | ${c ? consolidateMs.toFixed(1) : ''} | ${c ? ((t.memoryBytes - trainers[0]!.memoryBytes) / params).toFixed(1) : ''} |`);
      console.log(rows[rows.length - 1]);
    }
    return rows.join('\n');
  } finally {
    for (const t of trainers) t.destroy();
  }
}
