/**
 * Runs the Brian2 reference networks (bench/peers/brian2_networks.py) with Debian's python3-brian,
 * when installed, and turns their spikes into SpikeRecordings so the same statistics code applies.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { SpikeRecording } from '../../host/sim/recording';

const PYTHON = process.env.SPIKEGPU_PYTHON ?? '/usr/bin/python3';
const SCRIPT = resolve(import.meta.dirname, '../../bench/peers/brian2_networks.py');

/** null when Brian2 can be imported, else the reason it cannot. */
export function brian2Missing(): string | null {
  const r = spawnSync(PYTHON, ['-c', 'import brian2'], { encoding: 'utf8' });
  if (r.error) return `${PYTHON} not found (${r.error.message})`;
  return r.status === 0 ? null : `Brian2 is not importable from ${PYTHON} (install Debian's python3-brian): ${r.stderr.trim().split('\n').pop()}`;
}

export interface Brian2Run {
  populations: Record<string, SpikeRecording>;
  wallS: number;
  buildS: number;
  synapses: number;
}

export function runBrian2(network: 'cuba' | 'coba' | 'brunel' | 'izhikevich', opts: { size: number; durationMs: number; dt: number; target?: 'numpy' | 'cython'; seed?: number; g?: number; eta?: number }): Brian2Run {
  const r = spawnSync(PYTHON, [SCRIPT, network, '--size', String(opts.size), '--duration', String(opts.durationMs), '--dt', String(opts.dt),
    '--target', opts.target ?? 'numpy', '--seed', String(opts.seed ?? 1), '--g', String(opts.g ?? 5), '--eta', String(opts.eta ?? 2)],
    { encoding: 'utf8', maxBuffer: 256 * 2 ** 20 });
  if (r.status !== 0) throw new Error(`Brian2 run failed: ${r.stderr.slice(-2000)}`);
  const d = JSON.parse(r.stdout) as { i: number[]; t_ms: number[]; n_exc: number; n_inh: number; wall_s: number; build_s: number; synapses: number };
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
  return { populations: { exc: make(0, d.n_exc), inh: make(d.n_exc, d.n_inh) }, wallS: d.wall_s, buildS: d.build_s, synapses: d.synapses };
}
