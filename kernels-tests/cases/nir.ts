/**
 * NIR on the GPU, in both runtimes (h5wasm reads and writes the files in the page and in Node):
 *  - nirNetworkEquality: a convolutional graph as Sinabs writes it (Conv2d -> IF -> SumPool2d ->
 *    Flatten -> Affine -> CubaLIF with recurrence and a Delay), written to HDF5 bytes, read back and
 *    imported, runs spike for spike as the same network built through the API (its synapses computed
 *    here by direct loops over the convolution, independently of host/nir/ops.ts);
 *  - nirTrainerRoundTrip: a Yin-Yang network trained for an epoch, exported to NIR and imported,
 *    has the same weights and parameters bit for bit and the same hidden spikes and readout.
 */
import type { GpuContext } from '../../host/gpu/context';
import type { NetworkModel } from '../../host/model/network';
import { nirGraph, nirNode, nirToNetwork, nirToTrainer, readNir, tensor, trainerToNir, writeNir } from '../../host/nir/index';
import { Simulator } from '../../host/sim/simulator';
import { Trainer } from '../../host/train/trainer';
import { decodeWeights, encodeWeights } from '../../host/train/weights-file';
import { yinYang } from '../../host/train/yinyang';
import { testRandom, uniformIn } from './common';

const C_IN = 2;
const H = 6;
const C_OUT = 3;
const K = 3;
const HIDDEN = 5;
const DT = 1;

/** The conv graph's numbers (seeded): conv weights [C_OUT][C_IN][K][K], dense weights [HIDDEN][C_OUT*3*3], recurrent [HIDDEN][HIDDEN]. */
function convNumbers(seed: number): { conv: number[]; fc: number[]; rec: number[]; bias: number[] } {
  const r = testRandom(seed);
  return {
    conv: Array.from({ length: C_OUT * C_IN * K * K }, () => uniformIn(r, -0.4, 1.2)),
    fc: Array.from({ length: HIDDEN * C_OUT * 9 }, () => uniformIn(r, -0.2, 0.6)),
    rec: Array.from({ length: HIDDEN * HIDDEN }, (_, k) => (k % (HIDDEN + 1) === 0 ? 0 : uniformIn(r, -0.3, 0.1))),
    bias: Array.from({ length: HIDDEN }, () => uniformIn(r, 0, 0.05)),
  };
}

function inputSpikes(seed: number, steps: number): { times: number[]; indices: number[] } {
  const r = testRandom(seed + 1);
  const times: number[] = [];
  const indices: number[] = [];
  for (let t = 0; t < steps; t++) for (let i = 0; i < C_IN * H * H; i++) if (r() < 0.15) { times.push(t * DT); indices.push(i); }
  return { times, indices };
}

/** The same network written by hand: explicit synapses from direct loops (padding 1, stride 1). */
function apiNetwork(n: ReturnType<typeof convNumbers>, spikes: { times: number[]; indices: number[] }): NetworkModel {
  const conv = { pre: [] as number[], post: [] as number[], weight: [] as number[] };
  for (let co = 0; co < C_OUT; co++) for (let y = 0; y < H; y++) for (let x = 0; x < H; x++) {
    for (let ci = 0; ci < C_IN; ci++) for (let ky = 0; ky < K; ky++) for (let kx = 0; kx < K; kx++) {
      const iy = y + ky - 1;
      const ix = x + kx - 1;
      if (iy < 0 || iy >= H || ix < 0 || ix >= H) continue;
      const w = n.conv[((co * C_IN + ci) * K + ky) * K + kx]!;
      conv.pre.push((ci * H + iy) * H + ix);
      conv.post.push((co * H + y) * H + x);
      // IF under the 'exact' discretisation: a unit impulse moves v by r = 1; held one step of dt = 1 ms
      // it must carry 1000 / dt nA-equivalents (cm = 1000 / r nF).
      conv.weight.push(w * 1000);
    }
  }
  // SumPool2d 2x2 then Flatten then Affine: pooled cell (c, py, px) sums spikes of its 4 cells.
  const fc = { pre: [] as number[], post: [] as number[], weight: [] as number[], delayMs: [] as number[] };
  const tauSyn = 0.005;
  for (let h = 0; h < HIDDEN; h++) for (let c = 0; c < C_OUT; c++) for (let py = 0; py < 3; py++) for (let px = 0; px < 3; px++) {
    const w = n.fc[h * C_OUT * 9 + (c * 3 + py) * 3 + px]!;
    for (const [dy, dx] of [[0, 0], [0, 1], [1, 0], [1, 1]] as const) {
      fc.pre.push((c * H + 2 * py + dy) * H + 2 * px + dx);
      fc.post.push(h);
      // CubaLIF w_in = 1: a unit impulse moves I by w_in / tau_syn (s); the Delay of 2 ms adds 2 steps to the one-step minimum.
      fc.weight.push(w / tauSyn);
      fc.delayMs.push(3 * DT);
    }
  }
  const rec = { pre: [] as number[], post: [] as number[], weight: [] as number[] };
  for (let j = 0; j < HIDDEN; j++) for (let k = 0; k < HIDDEN; k++) {
    const w = n.rec[k * HIDDEN + j]!;
    if (w === 0) continue;
    rec.pre.push(j); rec.post.push(k); rec.weight.push(w / tauSyn);
  }
  return {
    populations: [
      { name: 'input', model: 'spikeArray', size: C_IN * H * H, params: spikes },
      { name: 'spk1', model: 'iaf', size: C_OUT * H * H, params: { cm: 1000, vThreshold: 1, vReset: 0, reset: 'soft', v0: 0, tauSynExc: 0, tauSynInh: 0 } },
      { name: 'hidden', model: 'lif', size: HIDDEN, params: {
        tauMem: 20, tauSynExc: 5, tauSynInh: 5, rMem: 1, vRest: 0, v0: 0, vThreshold: 1, vReset: 0, reset: 'hard', refractoryMs: 0, biasCurrent: n.bias,
      } },
    ],
    projections: [
      { name: 'c', pre: 'input', post: 'spk1', target: 'exc', weight: 0, connectivity: { rule: 'explicit', ...conv } },
      { name: 'f', pre: 'spk1', post: 'hidden', target: 'exc', weight: 0, connectivity: { rule: 'explicit', ...fc } },
      { name: 'r', pre: 'hidden', post: 'hidden', target: 'exc', weight: 0, connectivity: { rule: 'explicit', ...rec } },
    ],
  };
}

function nirConvGraph(n: ReturnType<typeof convNumbers>): ReturnType<typeof nirGraph> {
  const ones = (k: number): number[] => new Array<number>(k).fill(1);
  return nirGraph([
    ['input', nirNode('Input', { shape: tensor([C_IN, H, H], [3], 'int64') })],
    ['conv', nirNode('Conv2d', { weight: tensor(n.conv, [C_OUT, C_IN, K, K], 'float64'), bias: tensor(new Array<number>(C_OUT).fill(0), [C_OUT], 'float64'),
      stride: tensor([1, 1], [2], 'int64'), padding: tensor([1, 1], [2], 'int64'), dilation: tensor([1, 1], [2], 'int64'), groups: tensor([1], [], 'int64') })],
    // Sinabs's IAF: no v_reset (subtract), r = 1.
    ['spk1', nirNode('IF', { r: tensor(ones(C_OUT * H * H), [C_OUT, H, H], 'float64'), v_threshold: tensor(ones(C_OUT * H * H), [C_OUT, H, H], 'float64') })],
    ['pool', nirNode('SumPool2d', { kernel_size: tensor([2, 2], [2], 'int64'), stride: tensor([2, 2], [2], 'int64'), padding: tensor([0, 0], [2], 'int64') })],
    ['flat', nirNode('Flatten', { start_dim: tensor([0], [], 'int64'), end_dim: tensor([-1], [], 'int64') })],
    ['fc', nirNode('Affine', { weight: tensor(n.fc, [HIDDEN, C_OUT * 9], 'float64'), bias: tensor(n.bias, [HIDDEN], 'float64') })],
    ['delay', nirNode('Delay', { delay: tensor([0.002], [], 'float64') })],
    ['hidden', nirNode('CubaLIF', { tau_mem: tensor([0.02], [], 'float64'), tau_syn: tensor([0.005], [], 'float64'), r: tensor([1], [], 'float64'), v_leak: tensor([0], [], 'float64'),
      v_threshold: tensor([1], [], 'float64'), v_reset: tensor([0], [], 'float64'), w_in: tensor([1], [], 'float64') })],
    ['rec', nirNode('Linear', { weight: tensor(n.rec, [HIDDEN, HIDDEN], 'float64') })],
    ['output', nirNode('Output', { shape: tensor([HIDDEN], [1], 'int64') })],
  ], [['input', 'conv'], ['conv', 'spk1'], ['spk1', 'pool'], ['pool', 'flat'], ['flat', 'fc'], ['fc', 'delay'], ['delay', 'hidden'],
    ['hidden', 'rec'], ['rec', 'hidden'], ['hidden', 'output']]);
}

export async function nirNetworkEquality(ctx: GpuContext, a: { seed: number; steps: number }): Promise<{
  spikes: Record<string, [number, number]>; mismatches: string[]; warnings: string[]; bytes: number; synapses: Record<string, number>;
}> {
  const n = convNumbers(a.seed);
  const spikes = inputSpikes(a.seed, a.steps - 5);
  const bytes = await writeNir(nirConvGraph(n));
  const doc = await readNir(bytes, 'conv.nir');
  const imported = nirToNetwork(doc.graph, { dt: DT, inputs: { input: spikes } }, 'conv.nir');
  const api = apiNetwork(n, spikes);
  const run = async (model: NetworkModel, names: Record<string, string>): Promise<{ spikes: Record<string, number[][]>; synapses: Record<string, number> }> => {
    const sim = await Simulator.build(ctx, model, { dt: DT, seed: 3 });
    const r = await sim.run({ steps: a.steps, record: Object.values(names) });
    const out: Record<string, number[][]> = {};
    for (const [key, pop] of Object.entries(names)) {
      const ev = r.spikes[pop]!.events(0);
      out[key] = Array.from(ev.steps, (s, k) => [s, ev.indices[k]!]);
    }
    const synapses = Object.fromEntries(Object.entries(sim.synapseCounts).map(([k, v]) => [k, v]));
    sim.destroy();
    return { spikes: out, synapses };
  };
  const fromNir = await run(imported.network, { spk1: imported.populations.get('spk1')!, hidden: imported.populations.get('hidden')! });
  const fromApi = await run(api, { spk1: 'spk1', hidden: 'hidden' });
  const mismatches: string[] = [];
  const counts: Record<string, [number, number]> = {};
  for (const key of ['spk1', 'hidden']) {
    const x = fromNir.spikes[key]!;
    const y = fromApi.spikes[key]!;
    counts[key] = [x.length, y.length];
    if (JSON.stringify(x) !== JSON.stringify(y)) mismatches.push(`${key}: ${x.length} vs ${y.length} spikes; first differing ${JSON.stringify(x.find((s, k) => JSON.stringify(s) !== JSON.stringify(y[k])))}`);
  }
  return { spikes: counts, mismatches, warnings: imported.warnings, bytes: bytes.length, synapses: fromNir.synapses };
}

export async function nirTrainerRoundTrip(ctx: GpuContext, a: { seed: number }): Promise<{
  sameSpec: boolean; tensorMismatches: string[]; sameTrainer: boolean; hiddenSpikes: number; spikeMismatches: number; readoutMismatches: number; predictionsEqual: boolean; accuracy: number;
}> {
  const train = yinYang({ size: 320, seed: 42 });
  const test = yinYang({ size: 64, seed: 41 });
  const spec = {
    inputs: 4,
    hidden: [{ size: 40, params: { tauMem: 10, tauSyn: 5 }, recurrent: true, train: { tauMem: true, threshold: true } }],
    readout: { size: 3, params: { tauMem: 20, tauSyn: 5 } },
  };
  const t1 = await Trainer.create(ctx, spec, { steps: 30, batchSize: 32, seed: a.seed, initGain: 3, loss: 'maxOverTime', optimizer: { kind: 'adam', lr: 3e-3 } });
  await t1.fit(train, { epochs: 1 });
  const saved = decodeWeights(await t1.save());
  const bytes = await writeNir(trainerToNir(saved).graph);
  const back = nirToTrainer((await readNir(bytes, 'yinyang.nir')).graph);
  const tensorMismatches: string[] = [];
  for (const [name, t] of Object.entries(saved.tensors)) {
    const u = back.tensors[name];
    if (!u) { tensorMismatches.push(`${name} missing`); continue; }
    if (JSON.stringify(u.shape) !== JSON.stringify(t.shape)) tensorMismatches.push(`${name} shape ${JSON.stringify(u.shape)} vs ${JSON.stringify(t.shape)}`);
    const bad = t.values.findIndex((x, i) => !Object.is(x, u.values[i]));
    if (bad >= 0) tensorMismatches.push(`${name}[${bad}] ${u.values[bad]} vs ${t.values[bad]}`);
  }
  for (const name of Object.keys(back.tensors)) if (!saved.tensors[name]) tensorMismatches.push(`${name} extra`);
  const t2 = await Trainer.load(ctx, encodeWeights(back), { batchSize: 32 });
  const p1 = await t1.predict(test);
  const z1 = await t1.readActivation('hidden0.Z');
  const v1 = await t1.readActivation('readout.V');
  const p2 = await t2.predict(test);
  const z2 = await t2.readActivation('hidden0.Z');
  const v2 = await t2.readActivation('readout.V');
  const accuracy = (await t1.evaluate(test)).accuracy;
  t1.destroy();
  t2.destroy();
  return {
    sameSpec: JSON.stringify(back.spec) === JSON.stringify(saved.spec), tensorMismatches, sameTrainer: JSON.stringify(back.trainer) === JSON.stringify(saved.trainer),
    hiddenSpikes: z1.reduce((s, x) => s + x, 0), spikeMismatches: z1.reduce((s, x, i) => s + (x === z2[i] ? 0 : 1), 0),
    readoutMismatches: v1.reduce((s, x, i) => s + (Object.is(x, v2[i]) ? 0 : 1), 0), predictionsEqual: p1.every((x, i) => x === p2[i]), accuracy,
  };
}

/** A two-layer graph as snnTorch's export_to_nir writes it (dt = 1e-4 s; Synaptic -> CubaLIF, Leaky -> LIF; no v_reset). */
export interface SnntorchNet { W1: number[][]; W2: number[][]; alpha: number[]; beta1: number[]; thr1: number[]; beta2: number[]; thr2: number[]; inputs: number[][] }

export function snntorchGraph(p: SnntorchNet): ReturnType<typeof nirGraph> {
  const dt = 1e-4;
  const H = p.W1.length;
  const O = p.W2.length;
  const I = p.W1[0]!.length;
  const t = (v: number[], shape = [v.length]) => tensor(v, shape, 'float64');
  const tauSyn = p.alpha.map((a) => dt / (1 - a));
  const tauMem1 = p.beta1.map((b) => dt / (1 - b));
  const tauMem2 = p.beta2.map((b) => dt / (1 - b));
  return nirGraph([
    ['input', nirNode('Input', { shape: tensor([I], [1], 'int64') })],
    ['fc1', nirNode('Linear', { weight: t(p.W1.flat(), [H, I]) })],
    ['lif1', nirNode('CubaLIF', { tau_syn: t(tauSyn), tau_mem: t(tauMem1), r: t(tauMem1.map((x) => x / dt)), v_leak: t(new Array<number>(H).fill(0)), v_threshold: t(p.thr1), w_in: t(tauSyn.map((x) => x / dt)) })],
    ['fc2', nirNode('Linear', { weight: t(p.W2.flat(), [O, H]) })],
    ['lif2', nirNode('LIF', { tau: t(tauMem2), r: t(tauMem2.map((x) => x / dt)), v_leak: t(new Array<number>(O).fill(0)), v_threshold: t(p.thr2) })],
    ['output', nirNode('Output', { shape: tensor([O], [1], 'int64') })],
  ], [['input', 'fc1'], ['fc1', 'lif1'], ['lif1', 'fc2'], ['fc2', 'lif2'], ['lif2', 'output']]);
}

/** The snnTorch-exported graph, written, read and imported with the 'snntorch' discretisation at dt = 0.1 ms, run: spikes of both layers. */
export async function nirSnntorchRun(ctx: GpuContext, p: SnntorchNet): Promise<{ hidden: number[][]; out: number[][]; warnings: string[] }> {
  const doc = await readNir(await writeNir(snntorchGraph(p)), 'snntorch.nir');
  const times: number[] = [];
  const indices: number[] = [];
  p.inputs.forEach((x, step) => x.forEach((v, i) => { if (v) { times.push(step * 0.1); indices.push(i); } }));
  const net = nirToNetwork(doc.graph, { dt: 0.1, discretisation: 'snntorch', inputs: { input: { times, indices } } });
  const sim = await Simulator.build(ctx, net.network, { dt: 0.1 });
  const r = await sim.run({ steps: p.inputs.length + 3, record: ['lif1', 'lif2'] });
  const events = (pop: string): number[][] => {
    const ev = r.spikes[pop]!.events(0);
    return Array.from(ev.steps, (s, k) => [s, ev.indices[k]!]);
  };
  const out = { hidden: events('lif1'), out: events('lif2'), warnings: net.warnings };
  sim.destroy();
  return out;
}
