/**
 * `spikegpu pynn export <model.json> --out net.py`: a network model as a PyNN script (and the .npz of
 * its arrays beside it), to run on NEST, NEURON or Brian2, on a laptop or with MPI on a cluster
 * (docs/pynn.md).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { SpikeGpuError } from '../errors.js';
import { validateNetworkSchema } from '../model/schema.js';
import { pynnScript } from '../pynn/export.js';
import { prepareOutFile } from './out-dir.js';

export const PYNN_USAGE = `usage: spikegpu pynn export <model.json> --out <net.py> [--dt <ms>] [--seed <n>] [--duration <ms>] [--same-synapses]

  Writes the network as a PyNN script (and <net>.npz with its arrays, when it has any):
    python net.py brian2 --duration 1000 --out results        (or nest, neuron)
    mpirun -np 16 python net.py nest --out results            (NEST or NEURON with MPI)
  --dt             time step of the model, ms (default 0.1)
  --seed           seed of the connectivity (default 1)
  --duration       default run length written into the script, ms (default 1000)
  --same-synapses  every projection as FromListConnector with the synapses spikegpu builds from --seed
                   (default: PyNN's connectors, the same statistics drawn by PyNN)`;

export async function pynnMain(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    console.log(PYNN_USAGE);
    return sub === undefined ? 2 : 0;
  }
  const fail = (m: string): number => {
    console.error(`spikegpu pynn: ${m}\n${PYNN_USAGE}`);
    return 2;
  };
  if (sub !== 'export') return fail(`unknown pynn command ${JSON.stringify(sub)}`);
  const flags: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === '--same-synapses') { flags['same-synapses'] = 'true'; continue; }
    if (!a.startsWith('--')) { positional.push(a); continue; }
    const k = a.slice(2);
    if (!['out', 'dt', 'seed', 'duration'].includes(k)) return fail(`unknown option --${k}`);
    if (rest[i + 1] === undefined) return fail(`--${k} needs a value`);
    if (flags[k] !== undefined) return fail(`--${k} is given twice`);
    flags[k] = rest[++i]!;
  }
  if (positional.length !== 1) return fail('pynn export needs one model file');
  if (flags.out === undefined) return fail('--out <net.py> is required');
  if (!flags.out.endsWith('.py')) return fail(`--out ${flags.out}: the script's name must end in .py`);
  const num = (k: string, def: number): number => (flags[k] === undefined ? def : Number(flags[k]));
  for (const k of ['dt', 'seed', 'duration']) if (flags[k] !== undefined && !Number.isFinite(Number(flags[k]))) return fail(`--${k} ${flags[k]} is not a number`);
  const target = prepareOutFile(flags.out);
  if ('error' in target) return fail(`${target.error}; choose another --out`);
  const file = positional[0]!;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(resolve(file), 'utf8'));
  } catch (e) {
    return fail(`cannot read ${file} as JSON: ${(e as Error).message}`);
  }
  try {
    const model = validateNetworkSchema(json, file);
    const out = target.path;
    const dataFile = `${basename(out, '.py').replace(/[^A-Za-z0-9_.-]/g, '_')}.npz`;
    const r = pynnScript(model, { dt: num('dt', 0.1), seed: num('seed', 1), durationMs: num('duration', 1000), synapses: flags['same-synapses'] ? 'same' : 'rule', dataFile });
    for (const w of r.warnings) console.error(`warning: ${w}`);
    try {
      writeFileSync(out, r.script);
      if (r.data) writeFileSync(join(dirname(out), r.dataFile), r.data);
    } catch (e) {
      return fail(`cannot write ${out}: ${(e as Error).message}`);
    }
    console.log(`wrote ${flags.out}${r.data ? ` and ${r.dataFile}` : ''}: ${model.populations.length} populations, ${model.projections.length} projections; run: python ${basename(out)} brian2|nest|neuron --out results`);
    return 0;
  } catch (e) {
    if (e instanceof SpikeGpuError) {
      console.error(`spikegpu pynn: ${e.name}: ${e.message}`);
      return 1;
    }
    throw e;
  }
}
