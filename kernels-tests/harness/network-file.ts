/**
 * Writes a CUBA model's synapses and initial potentials as the JSON that
 * bench/peers/brian2_networks.py --network-file reads, so Brian2 can run spikegpu's own network.
 * The synapses come from host/random/rows.ts, which generates the same rows as the GPU generator
 * bit for bit (connect.spec.ts checks that).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { connect } from '../../host/random/rows';
import type { NetworkModel } from '../../host/model/network';

const DIR = resolve(import.meta.dirname, '../../node_modules/.cache/spikegpu/networks');

/** Returns the file's path and the number of synapses written. */
export function writeCubaNetworkFile(model: NetworkModel, opts: { seed: number; dt: number; label: string }): { file: string; synapses: number } {
  const offsets = new Map<string, number>();
  let n = 0;
  for (const p of model.populations) {
    offsets.set(p.name, n);
    n += p.size;
  }
  const pre: number[] = [];
  const post: number[] = [];
  const excitatory: number[] = [];
  model.projections.forEach((p, index) => {
    const a = model.populations.find((q) => q.name === p.pre)!;
    const b = model.populations.find((q) => q.name === p.post)!;
    const rows = connect(p, index, a.size, b.size, p.pre === p.post, { seed: opts.seed, dt: opts.dt, fractionBits: 16, maxDelaySteps: 1 << 16 });
    for (let i = 0; i < a.size; i++) {
      for (let s = 0; s < rows.rowLength[i]!; s++) {
        pre.push(offsets.get(p.pre)! + i);
        post.push(offsets.get(p.post)! + rows.ind[i * rows.maxRow + s]!);
        excitatory.push(p.target === 'exc' ? 1 : 0);
      }
    }
  });
  const v0 = model.populations.flatMap((p) => (p.params as { v0: number[] }).v0);
  const nExc = model.populations[0]!.size;
  mkdirSync(DIR, { recursive: true });
  const file = resolve(DIR, `${opts.label}.json`);
  writeFileSync(file, JSON.stringify({ pre, post, excitatory, v0, n_exc: nExc }));
  return { file, synapses: pre.length };
}
