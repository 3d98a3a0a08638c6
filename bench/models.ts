/**
 * Models written as equations beside their hand-written twins: neuron updates/s of lif, iaf and
 * lifCond from their equation files and from the hand-written kernels, measured alternately in one
 * run (median of 5 alternating trials each, so drift of a shared machine hits both); the example
 * models' (AdEx, QIF, NMDA) updates/s; and the compile time of a model: parse, check, integrate and
 * emit (defineNeuronModel) and the first population (pipeline creation) on this adapter.
 */
import type { GpuContext } from '../host/gpu/context';
import { defineNeuronModel, type NeuronModel } from '../host/equations/neuron-model';
import { EQUATION_LIBRARY, type EquationLibraryName } from '../host/equations/library/index';
import { createPopulation, type Population, type PopulationOptions } from '../host/sim/population';
import { markdownTable, si } from './format';

const now = (): number => performance.now();

async function updatesPerS(ctx: GpuContext, pop: Population, steps: number): Promise<number> {
  const t0 = now();
  await pop.run(steps);
  await ctx.finish();
  return (pop.size * steps) / ((now() - t0) / 1000);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const TWINS: { builtin: 'lif' | 'iaf' | 'lifCond'; equations: EquationLibraryName; params: Record<string, number> }[] = [
  { builtin: 'lif', equations: 'lif', params: { biasCurrent: 25, refractoryMs: 2 } },
  { builtin: 'iaf', equations: 'iaf', params: { biasCurrent: 0.5, refractoryMs: 2 } },
  { builtin: 'lifCond', equations: 'lifCond', params: { biasCurrent: 0.15, refractoryMs: 2 } },
];

export async function benchModels(ctx: GpuContext, sizes = [1e5], log = console.log): Promise<{ twins: string; examples: string; compile: string }> {
  const twinRows: string[][] = [];
  for (const t of TWINS) {
    const model = defineNeuronModel(EQUATION_LIBRARY[t.equations]);
    for (const n of sizes) {
      const a = await createPopulation(ctx, { model: t.builtin, size: n, dt: 0.1, params: t.params, name: `bench-${t.builtin}` } as PopulationOptions);
      const b = await createPopulation(ctx, { model, size: n, dt: 0.1, params: t.params, name: `bench-${t.builtin}-eq` });
      await updatesPerS(ctx, a, 20);
      await updatesPerS(ctx, b, 20);
      const probe = now();
      await a.run(20);
      await ctx.finish();
      const steps = Math.max(20, Math.min(4000, Math.round(300 / ((now() - probe) / 20))));
      const hand: number[] = [];
      const eq: number[] = [];
      for (let trial = 0; trial < 5; trial++) {
        hand.push(await updatesPerS(ctx, a, steps));
        eq.push(await updatesPerS(ctx, b, steps));
      }
      a.destroy();
      b.destroy();
      const h = median(hand);
      const e = median(eq);
      log(`${t.builtin} N=${n}: hand-written ${si(h)} updates/s, equations ${si(e)} updates/s (${((e / h - 1) * 100).toFixed(1)} %), ${steps} steps x 5 trials each`);
      twinRows.push([t.builtin, si(n), si(h), si(e), `${((e / h - 1) * 100).toFixed(1)} %`, model.method]);
    }
  }
  const exampleRows: string[][] = [];
  const compileRows: string[][] = [];
  for (const name of ['lif', 'lifCond', 'adex', 'qif', 'nmda'] as const) {
    const spec = EQUATION_LIBRARY[name];
    // A fresh name per measurement: the pipeline cache keys on the generated WGSL, so this compiles.
    const t0 = now();
    const model: NeuronModel = defineNeuronModel({ ...spec, name: `${spec.name}_bench` });
    const tParse = now() - t0;
    const t1 = now();
    const pop = await createPopulation(ctx, { model, size: sizes[0] ?? 1e5, dt: 0.1, name: `bench-${name}` });
    await ctx.finish();
    const tPipeline = now() - t1;
    compileRows.push([name, model.method, tParse.toFixed(2), tPipeline.toFixed(1)]);
    if (name === 'adex' || name === 'qif' || name === 'nmda') {
      await updatesPerS(ctx, pop, 20);
      const ups = median([await updatesPerS(ctx, pop, 200), await updatesPerS(ctx, pop, 200), await updatesPerS(ctx, pop, 200)]);
      exampleRows.push([name, si(pop.size), model.method, si(ups)]);
      log(`${name} N=${pop.size}: ${si(ups)} updates/s (${model.method})`);
    }
    pop.destroy();
  }
  return {
    twins: markdownTable(['model', 'N', 'hand-written updates/s', 'equations updates/s', 'equations vs hand-written', 'method'], twinRows),
    examples: markdownTable(['model', 'N', 'method', 'updates/s'], exampleRows),
    compile: markdownTable(['model', 'method', 'parse + check + integrate + emit (ms)', 'first population: buffers + pipeline (ms)'], compileRows),
  };
}
