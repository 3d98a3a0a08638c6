/**
 * Writes a microcircuit network instance (potjansDiesmann()'s model with the simulator's seed) as NPY
 * files for bench/peers/brian2_microcircuit.py --network-dir, so Brian2 runs spikegpu's very synapses:
 * pre/post (global neuron indices, int32), the weight in pA as the paper's PSC (the per-step charge
 * correction undone, float64) and the delay in steps as NEST and Brian2 count it (spikegpu's one extra
 * step removed, int32), split into excitatory and inhibitory sets, and v0 (mV, float64). The rows are
 * those the Simulator builds (connect() with the same seed, stream and fixed point).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { encodeNpy } from '../../host/io/npy';
import type { NetworkModel } from '../../host/model/network';
import { MICROCIRCUIT_DELAY_EXTRA_STEPS, pscPerStep } from '../../host/model/microcircuit';
import { connect } from '../../host/random/rows';
import { DEFAULT_INPUT_FRACTION_BITS } from '../../host/kernels/neuron-kernel';

export function writeMicrocircuitFiles(dir: string, model: NetworkModel, opts: { seed: number; dt: number; maxDelayMs?: number }): void {
  mkdirSync(dir, { recursive: true });
  const dt = opts.dt;
  const perStep = pscPerStep(dt);
  const start = new Map<string, number>();
  let n = 0;
  for (const p of model.populations) {
    start.set(p.name, n);
    n += p.size;
  }
  const v0 = new Float64Array(n);
  for (const p of model.populations) (p.params as { v0: number[] }).v0.forEach((v, i) => { v0[start.get(p.name)! + i] = v; });
  writeFileSync(resolve(dir, 'v0.npy'), encodeNpy(v0, [n]));
  const sets = { exc: { pre: [] as Int32Array[], post: [] as Int32Array[], w: [] as Float64Array[], d: [] as Int32Array[] }, inh: { pre: [] as Int32Array[], post: [] as Int32Array[], w: [] as Float64Array[], d: [] as Int32Array[] } };
  const scale = 2 ** -DEFAULT_INPUT_FRACTION_BITS;
  const opt = { seed: opts.seed, dt, fractionBits: DEFAULT_INPUT_FRACTION_BITS, maxDelaySteps: Math.floor((opts.maxDelayMs ?? 100) / dt + 1e-9) };
  model.projections.forEach((proj, index) => {
    const pre0 = start.get(proj.pre)!;
    const post0 = start.get(proj.post)!;
    const nPre = model.populations.find((p) => p.name === proj.pre)!.size;
    const nPost = model.populations.find((p) => p.name === proj.post)!.size;
    const r = connect(proj, index, nPre, nPost, proj.pre === proj.post, opt);
    const pre = new Int32Array(r.synapses);
    const post = new Int32Array(r.synapses);
    const w = new Float64Array(r.synapses);
    const d = new Int32Array(r.synapses);
    let s = 0;
    for (let i = 0; i < nPre; i++) {
      for (let k = 0; k < r.rowLength[i]!; k++, s++) {
        const at = i * r.maxRow + k;
        pre[s] = pre0 + i;
        post[s] = post0 + r.ind[at]!;
        w[s] = (r.weight[at]! * scale * 1000) / perStep; // nA -> pA, the exact PSC amplitude
        d[s] = (r.delay ? r.delay[at]! : r.constDelay) - MICROCIRCUIT_DELAY_EXTRA_STEPS;
      }
    }
    const set = sets[proj.target];
    set.pre.push(pre); set.post.push(post); set.w.push(w); set.d.push(d);
  });
  const cat = <T extends Int32Array | Float64Array>(parts: T[], make: (n: number) => T): T => {
    const out = make(parts.reduce((a, p) => a + p.length, 0));
    let at = 0;
    for (const p of parts) { out.set(p, at); at += p.length; }
    return out;
  };
  for (const [name, set] of Object.entries(sets)) {
    const pre = cat(set.pre, (k) => new Int32Array(k));
    writeFileSync(resolve(dir, `${name}_pre.npy`), encodeNpy(pre, [pre.length]));
    writeFileSync(resolve(dir, `${name}_post.npy`), encodeNpy(cat(set.post, (k) => new Int32Array(k)), [pre.length]));
    writeFileSync(resolve(dir, `${name}_w_pA.npy`), encodeNpy(cat(set.w, (k) => new Float64Array(k)), [pre.length]));
    writeFileSync(resolve(dir, `${name}_delay_steps.npy`), encodeNpy(cat(set.d, (k) => new Int32Array(k)), [pre.length]));
  }
}
