/**
 * Models written as equations beside their hand-written twins: neuron updates/s of lif, alif,
 * izhikevich, iaf and lifCond from their equation files and from the hand-written kernels, measured alternately in one
 * run (11 paired rounds: the ratio within each round, its median reported, beside a control that
 * runs the hand-written kernel against itself and shows the noise floor); the example
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

// Every shipped model that has an equation file equal to it bit for bit (kernels-tests/equations.spec.ts).
const TWINS: { builtin: 'lif' | 'alif' | 'izhikevich' | 'iaf' | 'lifCond'; equations: EquationLibraryName; params: Record<string, number>; label?: string }[] = [
  { builtin: 'lif', equations: 'lif', params: { biasCurrent: 25, refractoryMs: 2 } },
  { builtin: 'alif', equations: 'alif', params: { biasCurrent: 25, refractoryMs: 2, beta: 2 } },
  { builtin: 'izhikevich', equations: 'izhikevich', params: { biasCurrent: 10 } },
  { builtin: 'izhikevich', equations: 'izhikevichNoise', params: { biasCurrent: 10, noiseSd: 3 }, label: 'izhikevich + noise (randn)' },
  { builtin: 'iaf', equations: 'iaf', params: { biasCurrent: 0.5, refractoryMs: 2 } },
  { builtin: 'lifCond', equations: 'lifCond', params: { biasCurrent: 0.15, refractoryMs: 2 } },
];

const TRIALS = 11;

export async function benchModels(ctx: GpuContext, sizes = [1e5], log = console.log): Promise<{ twins: string; examples: string; compile: string }> {
  const twinRows: string[][] = [];
  for (const t of TWINS) {
    const model = defineNeuronModel(EQUATION_LIBRARY[t.equations]);
    for (const n of sizes) {
      // Two populations of the hand-written kernel: the second is the control, whose ratio to the
      // first is the noise floor of this machine at the moment (the same kernel twice).
      const hand = await createPopulation(ctx, { model: t.builtin, size: n, dt: 0.1, params: t.params, name: `bench-${t.builtin}` } as PopulationOptions);
      const control = await createPopulation(ctx, { model: t.builtin, size: n, dt: 0.1, params: t.params, name: `bench-${t.builtin}-control` } as PopulationOptions);
      const eq = await createPopulation(ctx, { model, size: n, dt: 0.1, params: t.params, name: `bench-${t.builtin}-eq` });
      const pops = [hand, control, eq];
      for (const p of pops) await updatesPerS(ctx, p, 20);
      const probe = now();
      await hand.run(20);
      await ctx.finish();
      const steps = Math.max(20, Math.min(4000, Math.round(200 / ((now() - probe) / 20))));
      // Paired trials: each round runs the three back to back (order alternating), and the ratios
      // are taken within the round, so a slow drift of a shared machine cancels.
      const rates: number[][] = [[], [], []];
      const eqRatio: number[] = [];
      const controlRatio: number[] = [];
      for (let trial = 0; trial < TRIALS; trial++) {
        const order = trial % 2 === 0 ? [0, 1, 2] : [2, 1, 0];
        const r: number[] = [0, 0, 0];
        for (const k of order) r[k] = await updatesPerS(ctx, pops[k] as Population, steps);
        r.forEach((x, k) => (rates[k] as number[]).push(x));
        eqRatio.push((r[2] as number) / (r[0] as number));
        controlRatio.push((r[1] as number) / (r[0] as number));
      }
      for (const p of pops) p.destroy();
      const h = median(rates[0] as number[]);
      const e = median(rates[2] as number[]);
      const pct = (x: number): string => `${((x - 1) * 100).toFixed(1)} %`;
      log(`${t.label ?? t.builtin} N=${n}: hand-written ${si(h)} updates/s, equations ${si(e)} updates/s; equations/hand-written ${pct(median(eqRatio))}, ` +
        `control (hand-written twice) ${pct(median(controlRatio))}; ${steps} steps x ${TRIALS} paired rounds`);
      twinRows.push([t.label ?? t.builtin, si(n), si(h), si(e), pct(median(eqRatio)), pct(median(controlRatio)), model.method]);
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
    twins: markdownTable(['model', 'N', 'hand-written updates/s', 'equations updates/s', 'equations vs hand-written (median of paired rounds)', 'control: hand-written vs itself', 'method'], twinRows),
    examples: markdownTable(['model', 'N', 'method', 'updates/s'], exampleRows),
    compile: markdownTable(['model', 'method', 'parse + check + integrate + emit (ms)', 'first population: buffers + pipeline (ms)'], compileRows),
  };
}
