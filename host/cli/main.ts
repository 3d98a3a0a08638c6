/**
 * spikegpu command line (Node). `npx spikegpu run <model.json> --duration <ms> --out <dir>`:
 * validates the model file (JSON Schema, then semantics; errors name the JSON path), builds and runs
 * it with a progress bar, prints a summary (rate per population, synaptic events/s, wall time,
 * adapter) and writes spikes as NPY ([n, 3] int32: step, neuron, instance) plus summary.json; for
 * every plastic projection, its final weights (<projection>_weights.npy, float32) and the synapses'
 * pre and post indices (<projection>_pre.npy, _post.npy, int32); the same arrays in one results.npz;
 * for a NIR graph (`run file.nir`, host/cli/nir.ts), also the spikes as NIR's NIRGraphData (nir-data.h5).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { acquireDevice } from '../device.js';
import { SpikeGpuError } from '../errors.js';
import { ENERGY_PRESETS, estimateEnergy, type EnergyPresetName } from '../analysis/energy.js';
import { writeNpy } from '../io/npy-file.js';
import { encodeNpz } from '../io/npz.js';
import { spikesToNirData, writeNirGraphData } from '../nir/data.js';
import { validateNetworkSchema } from '../model/schema.js';
import type { NetworkModel } from '../model/network.js';
import { Simulator } from '../sim/simulator.js';
import { prepareOutDir, removeCreated } from './out-dir.js';
import { loadNirNetwork, nirMain, NIR_RUN_FLAGS, NIR_USAGE, CliError } from './nir.js';
import { modelMain, MODEL_USAGE } from './model.js';
import { pynnMain, PYNN_USAGE } from './pynn.js';
import { trainMain, TRAIN_USAGE } from './train.js';
import { packageVersion } from './version.js';

const RUN_USAGE = `usage: spikegpu run <model.json | file.nir> --duration <ms> [--out <dir>] [--dt <ms>] [--seed <n>] [--batch <n>] [--record <pop,pop>]

  Runs a network model file (JSON; its schema ships as spikegpu/schema.json) or a NIR graph on the GPU
  from Node. A NIR graph takes the import options of spikegpu nir import and its input spikes from
  --input <spikes.npy> ([n, 2]: time in ms, element index) for --input-node <name> (default: the only Input).
  --duration  model time to simulate, ms (required)
  --out       directory for <population>_spikes.npy, summary.json and, per plastic projection,
              <projection>_weights.npy / _pre.npy / _post.npy (default: ./spikegpu-out)
  --dt        time step, ms (default 0.1)
  --seed      seed of connectivity and Poisson draws (default 1)
  --batch     independent instances (default 1)
  --record    populations to record (default: all)`;

const USAGE = `${RUN_USAGE}

${TRAIN_USAGE}

${NIR_USAGE}

${PYNN_USAGE}

${MODEL_USAGE}

usage: spikegpu --version`;

class UsageError extends Error {}

/** The most steps one Simulator.run takes (its u32 step count per call, as Simulator.run checks). */
const MAX_RUN_STEPS = 2 ** 31 - 1;

function parseArgs(argv: string[]): { model: string; durationMs: number; out: string; dt: number; seed: number; batch: number; record?: string[]; flags: Record<string, string> } {
  const [command, model, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h') throw new UsageError('');
  if (command !== 'run') throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  if (!model) throw new UsageError('run needs a model file');
  const flags: Record<string, string> = {};
  for (let i = 0; i < rest.length; i += 2) {
    const k = rest[i]!;
    if (!k.startsWith('--') || rest[i + 1] === undefined) throw new UsageError(`bad argument ${JSON.stringify(k)}`);
    if (flags[k.slice(2)] !== undefined) throw new UsageError(`${k} is given twice`);
    flags[k.slice(2)] = rest[i + 1]!;
  }
  const known = ['duration', 'out', 'dt', 'seed', 'batch', 'record', ...(model.endsWith('.nir') ? NIR_RUN_FLAGS : [])];
  for (const k of Object.keys(flags)) if (!known.includes(k)) throw new UsageError(`unknown option --${k}`);
  if (flags.duration === undefined) throw new UsageError('--duration <ms> is required');
  const num = (k: string, def: number, ok: (v: number) => boolean, allowed: string) => {
    const v = flags[k] === undefined ? def : Number(flags[k]);
    if (!Number.isFinite(v)) throw new UsageError(`--${k} ${flags[k]} is not a number`);
    if (!ok(v)) throw new UsageError(`--${k} ${flags[k]}: expected ${allowed}`);
    return v;
  };
  const dt = num('dt', 0.1, (v) => v > 0, 'a time step > 0 (ms)');
  const durationMs = num('duration', 0, (v) => v > 0, 'a model time > 0 (ms)');
  const steps = Math.round(durationMs / dt);
  if (steps < 1) throw new UsageError(`--duration ${flags.duration}: shorter than one step of dt = ${dt} ms`);
  if (steps > MAX_RUN_STEPS) throw new UsageError(`--duration ${flags.duration}: ${steps} steps of dt = ${dt} ms, more than one run takes (${MAX_RUN_STEPS} steps)`);
  return {
    model, durationMs, out: flags.out ?? 'spikegpu-out', dt,
    seed: num('seed', 1, (v) => Number.isSafeInteger(v) && v >= 0, 'an integer >= 0'),
    batch: num('batch', 1, (v) => Number.isInteger(v) && v >= 1 && v <= 65535, 'an integer in [1, 65535]'),
    ...(flags.record !== undefined ? { record: flags.record.split(',').filter(Boolean) } : {}), flags,
  };
}

function progressBar(fraction: number, width = 30): string {
  const full = Math.round(fraction * width);
  return `[${'#'.repeat(full)}${'.'.repeat(width - full)}] ${(fraction * 100).toFixed(0).padStart(3)}%`;
}

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'train') return trainMain(argv.slice(1));
  if (argv[0] === 'nir') return nirMain(argv.slice(1));
  if (argv[0] === 'pynn') return pynnMain(argv.slice(1));
  if (argv[0] === 'model') return modelMain(argv.slice(1));
  if (argv[0] === '--version' || argv[0] === '-v') {
    console.log(packageVersion());
    return 0;
  }
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(e.message ? `spikegpu: ${e.message}\n${USAGE}` : USAGE);
      return e.message ? 2 : 0;
    }
    throw e;
  }
  const out = prepareOutDir(args.out);
  if ('error' in out) {
    console.error(`spikegpu: ${out.error}; choose another --out before the run starts`);
    return 2;
  }
  try {
    return await runCommand(args, out.path);
  } finally {
    removeCreated(out.created); // a refused or failed run leaves no empty directory behind (a no-op once results are written)
  }
}

/** `spikegpu run` once its arguments are checked and `outDir` takes files. */
async function runCommand(args: ReturnType<typeof parseArgs>, outDir: string): Promise<number> {
  let network: NetworkModel;
  let nirNote: Record<string, unknown> | undefined;
  let nirRun: { populations: Map<string, string> } | undefined;
  try {
    if (args.model.endsWith('.nir')) {
      const r = await loadNirNetwork(args.model, args.flags, args.dt);
      for (const w of r.warnings) console.error(`warning: ${w}`);
      network = r.network;
      nirNote = { discretisation: r.discretisation, inputs: r.inputs, outputs: r.outputs, populations: Object.fromEntries(r.populations), data: 'nir-data.h5' };
      nirRun = { populations: r.populations };
    } else {
      let text: string;
      try {
        text = readFileSync(resolve(args.model), 'utf8');
      } catch (e) {
        throw new CliError(`cannot read ${args.model}: ${(e as Error).message}`);
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (e) {
        throw new CliError(`${args.model} is not JSON: ${(e as Error).message}`);
      }
      network = validateNetworkSchema(json, args.model);
    }
  } catch (e) {
    if (e instanceof CliError) {
      console.error(`spikegpu: ${e.message}`);
      return 2;
    }
    if (e instanceof SpikeGpuError) {
      console.error(`spikegpu: ${e.name}: ${e.message}`);
      return 1;
    }
    throw e;
  }
  const names = network.populations.map((p) => p.name);
  const unknown = args.record?.find((n) => !names.includes(n));
  if (args.record !== undefined && (unknown !== undefined || args.record.length === 0)) {
    console.error(`spikegpu: --record ${args.flags.record}: ${unknown === undefined ? 'no population named' : `${JSON.stringify(unknown)} is not a population of the model`}; expected names from ${names.map((n) => JSON.stringify(n)).join(', ')}`);
    return 2;
  }
  const gpu = await acquireDevice();
  try {
    const sim = await Simulator.build(gpu, network, { dt: args.dt, seed: args.seed, batch: args.batch });
    const record = args.record ?? network.populations.map((p) => p.name);
    const tty = process.stderr.isTTY === true;
    let lastPrinted = -1;
    const t0 = performance.now();
    const result = await sim.run({
      durationMs: args.durationMs, record,
      onProgress: (p) => {
        const line = `${progressBar(p.fraction)} ${(p.step * args.dt).toFixed(1)} / ${args.durationMs} ms`;
        if (tty) process.stderr.write(`\r${line}`);
        else if (Math.floor(p.fraction * 10) > lastPrinted) {
          lastPrinted = Math.floor(p.fraction * 10);
          process.stderr.write(`${line}\n`);
        }
      },
    });
    const wallS = (performance.now() - t0) / 1000;
    if (tty) process.stderr.write('\n');
    const counters = await sim.readCounters();
    const synops = Object.values(counters.projections).reduce((a, p) => a + p.synops, 0);
    const populations: Record<string, { size: number; spikes: number; rateHz: number; file: string }> = {};
    // Everything also in one results.npz (numpy.load(f)['exc_spikes'], ['<projection>_weights'], ...).
    const npz = new Map<string, { data: Int32Array | Float32Array; shape: number[] }>();
    for (const name of record) {
      const rec = result.spikes[name]!;
      const rows: number[] = [];
      for (let b = 0; b < rec.batch; b++) {
        const ev = rec.events(b);
        for (let k = 0; k < ev.steps.length; k++) rows.push(ev.steps[k]!, ev.indices[k]!, b);
      }
      const file = `${name.replace(/[^A-Za-z0-9_.-]/g, '_')}_spikes.npy`;
      writeNpy(join(outDir, file), Int32Array.from(rows), [rows.length / 3, 3]);
      npz.set(file.slice(0, -4), { data: Int32Array.from(rows), shape: [rows.length / 3, 3] });
      const spikes = rows.length / 3;
      populations[name] = { size: rec.size, spikes, rateHz: spikes / (rec.size * rec.batch * ((result.steps * args.dt) / 1000)), file };
    }
    // Plastic projections: their final weights (float32 [synapses], or [batch, synapses]) and each synapse's pre and post index.
    const weightFiles: Record<string, { synapses: number; weights: string; pre: string; post: string; mean: number }> = {};
    for (const p of network.projections.filter((q) => q.synapse !== undefined && q.synapse !== 'static')) {
      const w = await sim.weights(p.name);
      const base = p.name.replace(/[^A-Za-z0-9_.-]/g, '_');
      const n = w.pre.length;
      writeNpy(join(outDir, `${base}_weights.npy`), w.weights, w.batch > 1 ? [w.batch, n] : [n]);
      writeNpy(join(outDir, `${base}_pre.npy`), Int32Array.from(w.pre), [n]);
      writeNpy(join(outDir, `${base}_post.npy`), Int32Array.from(w.post), [n]);
      npz.set(`${base}_weights`, { data: Float32Array.from(w.weights), shape: w.batch > 1 ? [w.batch, n] : [n] });
      npz.set(`${base}_pre`, { data: Int32Array.from(w.pre), shape: [n] });
      npz.set(`${base}_post`, { data: Int32Array.from(w.post), shape: [n] });
      weightFiles[p.name] = { synapses: n, weights: `${base}_weights.npy`, pre: `${base}_pre.npy`, post: `${base}_post.npy`, mean: w.weights.reduce((a, x) => a + x, 0) / Math.max(1, w.weights.length) };
    }
    // The same counts priced with each preset's per-operation energies (docs/simulator.md, caveats there).
    const energy = Object.fromEntries((Object.keys(ENERGY_PRESETS) as EnergyPresetName[]).map((name) => {
      const e = estimateEnergy(counters, args.dt, name);
      return [name, { joules: e.joules, watts: e.watts, source: e.source }];
    }));
    const summary = {
      model: resolve(args.model), durationMs: result.steps * args.dt, steps: result.steps, dt: args.dt, seed: args.seed, batch: args.batch,
      wallSeconds: wallS, realtimeFactor: (result.steps * args.dt) / 1000 / wallS, synapticEvents: synops, synapticEventsPerSecond: synops / wallS,
      adapter: gpu.adapter.summary, populations, projections: counters.projections,
      synapses: sim.synapseCounts, plasticWeights: weightFiles, ...(nirNote ? { nir: nirNote } : {}), spikesFormat: 'int32 [n, 3]: step, neuron, instance (time = step * dt)', energyEstimates: energy,
    };
    writeFileSync(join(outDir, 'results.npz'), encodeNpz(npz));
    if (nirRun) {
      // The recorded spikes of instance 0 as NIR's NIRGraphData, under the NIR node names.
      const byNode = new Map<string, { steps: ArrayLike<number>; indices: ArrayLike<number>; size: number }>();
      for (const [node, pop] of nirRun.populations) {
        const rec = result.spikes[pop];
        if (rec) byNode.set(node, { ...rec.events(0), size: rec.size });
      }
      writeFileSync(join(outDir, 'nir-data.h5'), await writeNirGraphData(spikesToNirData(byNode, args.dt, result.steps)));
    }
    writeFileSync(join(outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
    console.log(`adapter: ${gpu.adapter.summary}`);
    console.log(`simulated ${summary.durationMs} ms in ${wallS.toFixed(2)} s (realtime factor ${summary.realtimeFactor.toFixed(3)})`);
    for (const [name, p] of Object.entries(populations)) console.log(`  ${name}: ${p.size} neurons, ${p.spikes} spikes, ${p.rateHz.toFixed(2)} Hz -> ${p.file}`);
    console.log(`synaptic events: ${synops} (${(synops / wallS).toExponential(3)} /s)`);
    for (const [name, f] of Object.entries(weightFiles)) console.log(`  ${name}: ${f.synapses} plastic synapses, mean weight ${f.mean.toPrecision(4)} -> ${f.weights}, ${f.pre}, ${f.post}`);
    for (const [name, e] of Object.entries(energy)) console.log(`energy at ${name} figures: ${e.joules.toExponential(3)} J (${e.watts.toExponential(3)} W over model time)`);
    console.log(`wrote ${outDir}`);
    sim.destroy();
    return 0;
  } catch (e) {
    if (e instanceof SpikeGpuError) {
      console.error(`spikegpu: ${e.name}: ${e.message}`);
      return 1;
    }
    throw e;
  } finally {
    gpu.destroy();
  }
}
