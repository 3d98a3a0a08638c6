/**
 * `spikegpu model verify <file.json>`: runs every neuron model written as equations in the file on the
 * GPU against its CPU oracle (verifyNeuronModel, host/equations/verify.ts) and prints, per model, the
 * largest difference per state variable and the spike mismatches. The file is one model
 * (`{ "equations": ..., ... }`) or a network file, whose populations written as equations are each
 * verified with that population's parameters. Exit status 0 when every model passed, 1 when one did
 * not (or the file was refused), 2 for a usage error.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { acquireDevice } from '../device.js';
import { SpikeGpuError } from '../errors.js';
import { defineNeuronModel, type EquationParams, type NeuronModel, type NeuronModelSpec } from '../equations/neuron-model.js';
import { verifyNeuronModel, type VerifyReport } from '../equations/verify.js';
import { validateNetworkSchema } from '../model/schema.js';

export const MODEL_USAGE = `usage: spikegpu model verify <model.json | network.json> [--steps <n>] [--dt <ms>] [--size <n>] [--batch <n>] [--seed <n>] [--json]

  verify    runs each neuron model written as equations (the file's model, or every such population of
            a network file, with its params) on the GPU beside its CPU oracle, on random input jumps
            on both channels, and prints the largest difference per state variable; fails when the
            kernel and the oracle disagree (bit for bit where the model is exact, docs/models.md)
  --steps   steps to run (default 200)        --dt     time step, ms (default 0.1)
  --size    neurons (default 256; a population's per-neuron params repeat to fill it)
  --batch   instances (default 2)             --seed   seed of the input (default 1)
  --json    print the reports as JSON`;

class UsageError extends Error {}

interface Target { label: string; model: NeuronModel; params?: EquationParams }

function parse(argv: string[]): { file: string; flags: Record<string, string> } {
  const [command, file, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h') throw new UsageError('');
  if (command !== 'verify') throw new UsageError(`unknown command model ${JSON.stringify(command)}`);
  if (!file || file.startsWith('--')) throw new UsageError('model verify needs a model or network file');
  const flags: Record<string, string> = {};
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i] as string;
    if (a === '--json') { flags.json = 'true'; continue; }
    const k = a.startsWith('--') ? a.slice(2) : '';
    if (!['steps', 'dt', 'size', 'batch', 'seed'].includes(k)) throw new UsageError(`unknown option ${JSON.stringify(a)}`);
    if (rest[i + 1] === undefined) throw new UsageError(`--${k} needs a value`);
    if (flags[k] !== undefined) throw new UsageError(`--${k} is given twice`);
    flags[k] = rest[++i] as string;
  }
  return { file, flags };
}

/** A population's params with every per-neuron array repeated to `size` neurons. */
function tile(params: Record<string, unknown> | undefined, size: number): EquationParams | undefined {
  if (!params) return undefined;
  const out: EquationParams = {};
  for (const [k, v] of Object.entries(params)) {
    out[k] = Array.isArray(v) && v.length > 0 ? Array.from({ length: size }, (_, i) => v[i % v.length] as number) : (v as number);
  }
  return out;
}

/** The models of a file: one model spec, or the populations of a network file written as equations. */
function targets(json: unknown, file: string, size: number): Target[] {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new UsageError(`${file}: expected a JSON object (a model { "equations": ... } or a network file)`);
  if ('equations' in json) return [{ label: (json as NeuronModelSpec).name ?? 'equations', model: defineNeuronModel(json as NeuronModelSpec, file) }];
  const net = validateNetworkSchema(json, file);
  const out: Target[] = [];
  for (const [i, p] of net.populations.entries()) {
    if (typeof p.model !== 'object') continue;
    out.push({ label: `population ${p.name}`, model: defineNeuronModel(p.model as NeuronModelSpec, `${file}: populations[${i}] (${p.name})`), params: tile(p.params as Record<string, unknown> | undefined, size) });
  }
  if (out.length === 0) throw new UsageError(`${file}: no population of this network is written as equations (nothing to verify)`);
  return out;
}

function describe(t: Target, r: VerifyReport): string {
  const diffs = Object.keys(r.maxAbsDiff).map((v) => `${v} ${r.maxAbsDiff[v]} (${r.maxUlpDiff[v]} ulps)`).join(', ');
  const head = `${t.label}: ${r.passed ? 'passed' : 'FAILED'} (${r.method}; ${r.exact ? 'bit for bit' : `within ${r.tolerance.ulps} ulps of each value or its change, or ${r.tolerance.abs}`})`;
  const lines = [head, `  ${r.steps} steps x ${r.size} neurons x ${r.batch} instances, ${r.spikes} spikes, ${r.spikeMismatches} spike mismatches, ${r.nearThresholdFlips} near-threshold flips, ${r.violations} values outside the tolerance`,
    `  largest difference: ${diffs}`];
  for (const p of r.problems) lines.push(`  ${p}`);
  return lines.join('\n');
}

export async function modelMain(argv: string[]): Promise<number> {
  let file: string;
  let flags: Record<string, string>;
  try {
    ({ file, flags } = parse(argv));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(e.message ? `spikegpu model: ${e.message}\n${MODEL_USAGE}` : MODEL_USAGE);
    return e.message ? 2 : 0;
  }
  const int = (k: string, def: number, lo: number, hi: number): number => {
    const v = flags[k] === undefined ? def : Number(flags[k]);
    if (!Number.isInteger(v) || v < lo || v > hi) throw new UsageError(`--${k} ${flags[k]}: expected an integer from ${lo} to ${hi}`);
    return v;
  };
  let options: { steps: number; size: number; batch: number; seed: number; dt: number };
  let list: Target[];
  try {
    const dt = flags.dt === undefined ? 0.1 : Number(flags.dt);
    if (!(dt > 0) || !Number.isFinite(dt)) throw new UsageError(`--dt ${flags.dt}: expected a time step > 0 (ms)`);
    options = { steps: int('steps', 200, 1, 1e6), size: int('size', 256, 1, 1 << 20), batch: int('batch', 2, 1, 64), seed: int('seed', 1, 0, 2 ** 32 - 1), dt };
    let text: string;
    try {
      text = readFileSync(resolve(file), 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new UsageError(`${file} is not JSON: ${(e as Error).message}`);
    }
    list = targets(json, file, options.size);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`spikegpu model verify: ${e.message}`);
      return 2;
    }
    if (e instanceof SpikeGpuError) {
      console.error(`spikegpu model verify: ${e.name}: ${e.message}`);
      return 1;
    }
    throw e;
  }
  const gpu = await acquireDevice();
  try {
    const reports: { model: string; report: VerifyReport }[] = [];
    for (const t of list) {
      const report = await verifyNeuronModel(gpu, t.model, { ...options, params: t.params });
      reports.push({ model: t.label, report });
      if (!flags.json) console.log(describe(t, report));
    }
    if (flags.json) console.log(JSON.stringify(reports, null, 2));
    const failed = reports.filter((r) => !r.report.passed).length;
    if (!flags.json) console.log(`${reports.length - failed} of ${reports.length} model${reports.length > 1 ? 's' : ''} verified on ${gpu.adapter.summary}`);
    return failed ? 1 : 0;
  } catch (e) {
    if (e instanceof SpikeGpuError) {
      console.error(`spikegpu model verify: ${e.name}: ${e.message}`);
      return 1;
    }
    throw e;
  } finally {
    gpu.destroy();
  }
}
