/**
 * `spikegpu nir inspect | import | export`: NIR files from the command line (docs/nir.md), and the
 * loading half of `spikegpu run file.nir` (the graph as a network, with input spikes from an NPY file).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SpikeGpuError } from '../errors.js';
import { decodeNpy } from '../io/npy-read.js';
import { validateNetworkSchema } from '../model/schema.js';
import type { NetworkModel } from '../model/network.js';
import { decodeWeights } from '../train/weights-file.js';
import { prepareOutFile } from './out-dir.js';
import { describeNir, networkToNir, nirToNetwork, readNir, trainerToNir, writeNir, type NirImportOptions, type NirNetwork } from '../nir/index.js';

export const NIR_USAGE = `usage: spikegpu nir inspect <file.nir> [--dt <ms>]
       spikegpu nir import <file.nir> --dt <ms> --out <model.json> [import options]
       spikegpu nir export <model.json | weights.sgw> --out <file.nir> [--dt <ms>] [--seed <n>] [--discretisation <d>] [--no-compress]

  inspect         the graph: version, nodes with types and shapes, edges, and the discretisation an import would use
  import          writes the graph as a spikegpu network model (JSON; run it with spikegpu run)
  export          writes a network model (at --dt, default 0.1 ms, connectivity from --seed, default 1) or a
                  trained network (weights.sgw from spikegpu train) as a NIR file
  import options (also for spikegpu run file.nir):
  --discretisation  exact (default) | euler | snntorch | zoh (docs/nir.md)
  --reset           auto (default) | to-v-reset | subtract
  --time-unit       s (default, NIR's convention) | ms`;

export const NIR_RUN_FLAGS = ['discretisation', 'reset', 'time-unit', 'input', 'input-node'];

export class CliError extends Error {}

function parseFlags(argv: string[], known: string[]): { positional: string[]; flags: Record<string, string> } {
  const positional: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--no-compress') { flags['no-compress'] = 'true'; continue; }
    if (!a.startsWith('--')) { positional.push(a); continue; }
    const k = a.slice(2);
    if (!known.includes(k)) throw new CliError(`unknown option --${k}`);
    if (argv[i + 1] === undefined) throw new CliError(`--${k} needs a value`);
    if (flags[k] !== undefined) throw new CliError(`--${k} is given twice`);
    flags[k] = argv[++i]!;
  }
  return { positional, flags };
}

/** The --out file's absolute path, checked before any work (its directory exists and takes files). */
function outFile(out: string): string {
  const r = prepareOutFile(out);
  if ('error' in r) throw new CliError(`${r.error}; choose another --out`);
  return r.path;
}

function writeOut(path: string, data: string | Uint8Array): void {
  try {
    writeFileSync(path, data);
  } catch (e) {
    throw new CliError(`cannot write ${path}: ${(e as Error).message}`);
  }
}

function readBytes(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(resolve(path)));
  } catch (e) {
    throw new CliError(`cannot read ${path}: ${(e as Error).message}`);
  }
}

const num = (flags: Record<string, string>, k: string, def?: number): number => {
  if (flags[k] === undefined) {
    if (def === undefined) throw new CliError(`--${k} is required`);
    return def;
  }
  const v = Number(flags[k]);
  if (!Number.isFinite(v)) throw new CliError(`--${k} ${flags[k]} is not a number`);
  return v;
};

/** Import options from the command line (validated by nirToNetwork). */
export function importOptions(flags: Record<string, string>, dt: number): NirImportOptions {
  return {
    dt,
    ...(flags.discretisation ? { discretisation: flags.discretisation as NirImportOptions['discretisation'] } : {}),
    ...(flags.reset ? { reset: flags.reset as NirImportOptions['reset'] } : {}),
    ...(flags['time-unit'] ? { timeUnit: flags['time-unit'] as 's' | 'ms' } : {}),
  };
}

/**
 * A NIR file as a network for `spikegpu run`: input spikes from --input (an NPY array [n, 2] of
 * (time in ms, element index), for the Input node --input-node, default the only one).
 */
export async function loadNirNetwork(path: string, flags: Record<string, string>, dt: number): Promise<NirNetwork> {
  const doc = await readNir(readBytes(path), path);
  const o = importOptions(flags, dt);
  const probe = nirToNetwork(doc.graph, o, path);
  if (flags.input !== undefined) {
    const spikes = decodeNpy(readBytes(flags.input), flags.input);
    if (spikes.shape.length !== 2 || spikes.shape[1] !== 2) throw new CliError(`--input ${flags.input}: shape (${spikes.shape.join(', ')}); expected [n, 2] rows of (time ms, index)`);
    const node = flags['input-node'] ?? (probe.inputs.length === 1 ? probe.inputs[0]!.node : undefined);
    if (node === undefined) throw new CliError(`--input-node is needed: the graph has ${probe.inputs.length} Input nodes (${probe.inputs.map((i) => i.node).join(', ')})`);
    const times: number[] = [];
    const indices: number[] = [];
    for (let k = 0; k < spikes.shape[0]!; k++) {
      times.push(spikes.data[2 * k]!);
      indices.push(spikes.data[2 * k + 1]!);
    }
    return nirToNetwork(doc.graph, { ...o, inputs: { [node]: { times, indices } } }, path);
  }
  return probe;
}

async function inspect(argv: string[]): Promise<number> {
  const { positional, flags } = parseFlags(argv, ['dt', 'discretisation']);
  if (positional.length !== 1) throw new CliError('nir inspect needs one file');
  const file = positional[0]!;
  const doc = await readNir(readBytes(file), file);
  const d = describeNir(doc, { dt: num(flags, 'dt', 0.1), file, ...(flags.discretisation ? { discretisation: flags.discretisation as NirImportOptions['discretisation'] } : {}) });
  console.log(`${file}: NIR version ${d.version}`);
  console.log(`${d.nodes.length} nodes, ${d.edges.length} edges, ${d.neurons} neurons, ${d.synapticWeights} weights`);
  const width = Math.min(40, Math.max(...d.nodes.map((n) => n.name.length)));
  for (const n of d.nodes) console.log(`  ${JSON.stringify(n.name).padEnd(width + 2)} ${n.type.padEnd(10)} in (${n.inShape.join(', ')}) -> out (${n.outShape.join(', ')})`);
  console.log('edges:');
  for (const [a, b] of d.edges) console.log(`  ${JSON.stringify(a)} -> ${JSON.stringify(b)}`);
  console.log(`import would use: ${d.discretisation}`);
  if (d.resetNote) console.log(`reset: ${d.resetNote}`);
  return 0;
}

async function importCmd(argv: string[]): Promise<number> {
  const { positional, flags } = parseFlags(argv, ['dt', 'out', ...NIR_RUN_FLAGS.slice(0, 3)]);
  if (positional.length !== 1) throw new CliError('nir import needs one file');
  if (flags.out === undefined) throw new CliError('--out <model.json> is required');
  const target = outFile(flags.out);
  const file = positional[0]!;
  const doc = await readNir(readBytes(file), file);
  const r = nirToNetwork(doc.graph, importOptions(flags, num(flags, 'dt')), file);
  for (const w of r.warnings) console.error(`warning: ${w}`);
  writeOut(target, `${JSON.stringify(r.network, null, 1)}\n`);
  console.log(`wrote ${flags.out}: ${r.network.populations.length} populations, ${r.network.projections.length} projections (dt ${r.dt} ms, ${r.discretisation.integrator}/${r.discretisation.input})`);
  for (const i of r.inputs) console.log(`  input ${JSON.stringify(i.node)} -> population ${i.population} (${i.size})`);
  for (const o of r.outputs) console.log(`  output ${JSON.stringify(o.node)} <- population ${o.population}${o.spiking ? '' : ' (membrane: record it with a probe)'}`);
  return 0;
}

async function exportCmd(argv: string[]): Promise<number> {
  const { positional, flags } = parseFlags(argv, ['out', 'dt', 'seed', 'discretisation']);
  if (positional.length !== 1) throw new CliError('nir export needs one model file (model.json or weights.sgw)');
  if (flags.out === undefined) throw new CliError('--out <file.nir> is required');
  const target = outFile(flags.out);
  const file = positional[0]!;
  const bytes = readBytes(file);
  let result: { graph: Parameters<typeof writeNir>[0]; warnings: string[] };
  if (bytes[0] === 0x53 && bytes[1] === 0x47 && bytes[2] === 0x57) {
    result = trainerToNir(decodeWeights(bytes));
  } else {
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder().decode(bytes));
    } catch (e) {
      throw new CliError(`${file} is neither a weights file nor JSON: ${(e as Error).message}`);
    }
    const model: NetworkModel = validateNetworkSchema(json, file);
    result = networkToNir(model, {
      dt: num(flags, 'dt', 0.1), seed: num(flags, 'seed', 1),
      ...(flags.discretisation ? { discretisation: flags.discretisation as NirImportOptions['discretisation'] } : {}),
    });
  }
  for (const w of result.warnings) console.error(`warning: ${w}`);
  const out = await writeNir(result.graph, { compress: flags['no-compress'] === undefined });
  writeOut(target, out);
  console.log(`wrote ${flags.out}: ${result.graph.nodes.size} nodes, ${result.graph.edges.length} edges, ${out.length} bytes`);
  return 0;
}

export async function nirMain(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  try {
    if (sub === 'inspect') return await inspect(rest);
    if (sub === 'import') return await importCmd(rest);
    if (sub === 'export') return await exportCmd(rest);
    if (sub === undefined || sub === '--help' || sub === '-h') {
      console.log(NIR_USAGE);
      return sub === undefined ? 2 : 0;
    }
    throw new CliError(`unknown nir command ${JSON.stringify(sub)}`);
  } catch (e) {
    if (e instanceof CliError) {
      console.error(`spikegpu nir: ${e.message}\n${NIR_USAGE}`);
      return 2;
    }
    if (e instanceof SpikeGpuError) {
      console.error(`spikegpu nir: ${e.name}: ${e.message}`);
      return 1;
    }
    throw e;
  }
}
