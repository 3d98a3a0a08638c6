/**
 * Runs the Brian2 reference networks (bench/peers/brian2_networks.py) with Debian's python3-brian
 * and turns their spikes into SpikeRecordings so the same statistics code applies. Call
 * useReference('brian2') (harness/references.ts) in the test first.
 *
 * Results are cached on disk (harness/peer-cache.ts), keyed by the script's text, the Brian2 version
 * and every argument (a given network file by its content), so the Chromium and Node projects, run by
 * two workers at once, share one Brian2 run per comparison. A change to the script or its inputs runs
 * it afresh.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SpikeRecording } from '../../host/sim/recording';
import { spawnSync } from 'node:child_process';
import { cachedPeerRun } from './peer-cache';
import { assertReferenceDeclared, PYTHON, referenceStatus, runPython } from './references';

const SCRIPT = resolve(import.meta.dirname, '../../bench/peers/brian2_networks.py');

export interface Brian2Run {
  populations: Record<string, SpikeRecording>;
  wallS: number;
  buildS: number;
  synapses: number;
}

export interface Brian2Options {
  size: number;
  durationMs: number;
  dt: number;
  target?: 'numpy' | 'cython';
  seed?: number;
  g?: number;
  eta?: number;
  /** CUBA only: the synapses and initial potentials to use (see cubaNetworkFile). */
  networkFile?: string;
}

interface Brian2Output { i: number[]; t_ms: number[]; n_exc: number; n_inh: number; wall_s: number; build_s: number; synapses: number }

type PythonRunner = (args: string[]) => { status: number | null; stdout: string; stderr: string };

function runScript(network: string, opts: Brian2Options, python: PythonRunner): Brian2Output {
  const args = [SCRIPT, network, '--size', String(opts.size), '--duration', String(opts.durationMs), '--dt', String(opts.dt),
    '--target', opts.target ?? 'numpy', '--seed', String(opts.seed ?? 1), '--g', String(opts.g ?? 5), '--eta', String(opts.eta ?? 2),
    ...(opts.networkFile ? ['--network-file', opts.networkFile] : [])];
  const key = createHash('sha256')
    .update(readFileSync(SCRIPT))
    .update(referenceStatus('brian2').version ?? '')
    .update(JSON.stringify(args.slice(1).filter((a) => a !== opts.networkFile)))
    .update(opts.networkFile ? readFileSync(opts.networkFile) : '')
    .digest('hex').slice(0, 24);
  const r = cachedPeerRun(`brian2-${network}-${key}`, () => python(args));
  if (r.status !== 0) throw new Error(`Brian2 run failed: ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout) as Brian2Output;
}

/** In a test that called useReference('brian2'): runs (or loads from the cache) one Brian2 network. */
export function runBrian2(network: 'cuba' | 'coba' | 'brunel' | 'izhikevich', opts: Brian2Options): Brian2Run {
  assertReferenceDeclared('brian2');
  return toRecordings(runScript(network, opts, (args) => runPython('brian2', args)), opts);
}

/** Outside tests (benchmarks, scripts): the same run with PYTHON, where the caller checked Brian2 is there. */
export function runBrian2Outside(network: 'cuba' | 'coba' | 'brunel' | 'izhikevich', opts: Brian2Options): Brian2Run {
  return toRecordings(runScript(network, opts, (args) => {
    const r = spawnSync(PYTHON, args, { encoding: 'utf8', maxBuffer: 256 * 2 ** 20 });
    return { status: r.status, stdout: r.stdout ?? '', stderr: `${r.error?.message ?? ''}${r.stderr ?? ''}` };
  }), opts);
}

function toRecordings(d: Brian2Output, opts: Brian2Options): Brian2Run {
  const steps = Math.round(opts.durationMs / opts.dt);
  const make = (lo: number, n: number): SpikeRecording => {
    const words = Math.ceil(n / 32);
    const bits = new Uint32Array(steps * words);
    for (let k = 0; k < d.i.length; k++) {
      const i = d.i[k]! - lo;
      if (i < 0 || i >= n) continue;
      const t = Math.min(steps - 1, Math.round(d.t_ms[k]! / opts.dt));
      bits[t * words + (i >>> 5)]! |= 1 << (i & 31);
    }
    return new SpikeRecording(bits, steps, 1, n, opts.dt);
  };
  return {
    populations: { exc: make(0, d.n_exc), inh: make(d.n_exc, d.n_inh), all: make(0, d.n_exc + d.n_inh) },
    wallS: d.wall_s, buildS: d.build_s, synapses: d.synapses,
  };
}
