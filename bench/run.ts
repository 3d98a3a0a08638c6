/**
 * Benchmarks, run on demand (never in tests):
 *   npm run bench -- <name> [--browser | --backend opengles|default|vulkan-swiftshader] [--sizes 1e4,1e5]
 * --browser runs the same code in headless Debian Chromium (SwiftShader); otherwise Node + Dawn.
 * Each writes its table into docs/benchmarks.md with the date, adapter and command.
 *   neurons   neuron updates/s for lif, alif, izhikevich at N = 1e4, 1e5, 1e6 (B = 1), GPU and oracle
 *   models    models written as equations: lif, alif, izhikevich, iaf, lifCond beside their hand-written kernels (updates/s), AdEx, QIF, NMDA, compile times (Node only)
 *   cuba        CUBA at N = 4000 and 40 000, 1 s, with Brian2 (cython) and the oracle; rate scaling curve (Node only)
 *   procedural  a procedural network of 1.5e8 synapses (Node only)
 *   fused       the small-network mode vs the per-step path, CUBA from 250 to 16 000 neurons (Node only)
 *   train       the Open Neuromorphic LIF layer shape, forward and backward, with PyTorch CPU (Node only)
 *   randman     Randman accuracy against the manifold dimension (Node only)
 *   checkpoint  training memory and time with and without checkpointEvery on a 1000-step sequence (Node only)
 *   cuba-seeds  CUBA vs Brian2 over seeds 1..N (--sizes N, default 12): own networks and identical ones; into docs/reference-networks.md (Node only)
 *   song2000    Song, Miller & Abbott 2000 STDP, with Brian2 when installed (--sizes model ms, default 100 000); into docs/plasticity.md (Node only)
 *   plasticity  static vs plastic (stdp, rstdp) synapses, sparse and dense: events/s, bytes per synapse, the post pass's cost (Node only)
 *   microcircuit  Potjans & Diesmann 2014 (--sizes scale,modelMs, default 1,1000): rates and CVs vs NEST, speed, memory; into docs/reference-networks.md (Node only)
 *   izhikevich2007  Izhikevich 2007's distal reward experiment (--sizes model ms, default 3 600 000); into docs/plasticity.md and docs/images/ (Node only)
 *   learning  learning beyond STDP: HebbianPca (Oja, Sanger) updates/s at three sizes, GPU and oracle; the cost of consolidation over plain training; structural rewiring cost per synapse (Node only)
 *   structural  structural plasticity: where rewiring helps (grouped inputs, STDP) and its cost; into docs/plasticity.md (Node only)
 *   consolidation  continual learning of 3 permuted Randman tasks: none, SI, EWC at several strengths, joint; into docs/learning.md (Node only)
 *   raster    the GPU raster (SpikeRaster): draws/s and demo frames/s for Brunel networks of 2 500 to 50 000 neurons (--sizes nExc,...) (Node only)
 *   binding   one-shot associative memory (Willshaw): recall from half cues vs pairs stored, with the theory; into docs/learning.md and docs/images/ (Node only)
 *   step-loop  commands per step, host encode time per step and wall time for CUBA 4000, Brunel 12 500, the microcircuit at scale 0.1 and 1 (--only cuba,brunel,... picks cases) (Node only)
 */
import { acquireDevice, type NodeBackend } from '../host/device';
import { benchCuba, benchFused, benchProcedural, benchScaling } from './network';
import { benchNeurons } from './neurons';
import { benchModels } from './models';
import { benchStepLoop } from './step-loop';
import { benchLifLayer } from './train';
import { benchRandman } from './randman';
import { benchCheckpoint, CHECKPOINT_NET } from './checkpoint';
import { benchCubaSeeds, CUBA_SEEDS_DOC } from './cuba-seeds';
import { benchSong2000, SONG_DOC } from './song2000';
import { benchIzhikevich2007, writeFigure } from './izhikevich2007';
import { benchPlasticity } from './plasticity';
import { benchMicrocircuit, MICROCIRCUIT_DOC } from './microcircuit';
import { benchBinding, benchHebbian } from './learning';
import { benchConsolidation, benchConsolidationCost } from './consolidation';
import { benchRewiringCost, benchStructural } from './structural';
import { si } from './format';
import { benchRaster } from './raster';
import { writeSection } from './report';
import { spawnSync } from 'node:child_process';
import { PYTHON } from '../kernels-tests/harness/references';

const args = process.argv.slice(2);
const name = args.find((a) => !a.startsWith('--')) ?? 'neurons';
const backendArg = args.indexOf('--backend');
const nodeBackend = backendArg >= 0 ? (args[backendArg + 1] as NodeBackend) : undefined;
const sizesArg = args.indexOf('--sizes');
const sizes = sizesArg >= 0 ? (args[sizesArg + 1] ?? '').split(',').map(Number) : undefined;

const BENCHES = ['neurons', 'models', 'cuba', 'procedural', 'fused', 'train', 'randman', 'checkpoint', 'cuba-seeds', 'song2000', 'izhikevich2007', 'plasticity', 'microcircuit', 'learning', 'binding', 'consolidation', 'structural', 'raster', 'step-loop'];
if (!BENCHES.includes(name)) {
  console.error(`unknown benchmark ${JSON.stringify(name)}; available: ${BENCHES.join(', ')}`);
  process.exit(2);
}

const started = new Date();
const command = `npm run bench -- ${args.join(' ')}`.trim();
if (name === 'models') {
  const ctx = await acquireDevice(nodeBackend ? { nodeBackend } : {});
  console.log(`adapter: ${ctx.adapter.summary}`);
  const r = await benchModels(ctx, sizes);
  const cpu = (await import('node:os')).cpus()[0]?.model ?? 'unknown CPU';
  writeSection(`models:${ctx.adapter.runtime}:${ctx.adapter.backend}`, `## Models written as equations (Node, Dawn ${ctx.adapter.backend})

- Command: \`${command}\`
- Date: ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC
- Adapter: ${ctx.adapter.summary}; host ${cpu}
- B = 1, population-wide parameters, dt = 0.1 ms, no synaptic input. Each twin pair runs in 11 paired rounds (order alternating) in one run; the ratio is taken within each round and its median reported, beside a control: the hand-written kernel against itself, the noise floor at that moment.
  A software adapter shows relative cost, not GPU speed.

Equation files beside the hand-written kernels (the goal: within 5 %):

${r.twins}

The example models:

${r.examples}

Compile time of a model (Node, this adapter): defineNeuronModel, then the first population of it (buffers and the compute pipeline):

${r.compile}
`);
  console.log(r.twins);
  console.log(r.examples);
  console.log(r.compile);
  ctx.destroy();
  process.exit(0);
}
if (name === 'step-loop') {
  const ctx = await acquireDevice(nodeBackend ? { nodeBackend } : {});
  console.log(`adapter: ${ctx.adapter.summary}`);
  const onlyArg = args.indexOf('--only');
  const only = onlyArg >= 0 ? (args[onlyArg + 1] ?? '').split(',').filter(Boolean) : undefined;
  const table = await benchStepLoop(ctx, only);
  const cpu = (await import('node:os')).cpus();
  writeSection(`step-loop:${ctx.adapter.runtime}:${ctx.adapter.backend}${only ? `:${only.join(',')}` : ''}`, `## The step loop: commands and host time per step (Node, Dawn ${ctx.adapter.backend})

- Command: \`${command}\`
- Date: ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC
- Adapter: ${ctx.adapter.summary}; host ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores
- dt = 0.1 ms, seed 1, no recording. Commands per step: a 200-step run with \`countCommands\` (dispatches, indirect
  dispatches, buffer clears, copies; compute passes beside them). Host encode time: a separate run that counts
  nothing, each chunk of up to 512 steps timed from its first encode to \`finish()\`, before submit (the GPU's work
  is not in it). Wall time per model second: that run, to the GPU's finish. Commands and encode time cost the same on
  any adapter; the wall time of a software adapter is not GPU speed. Goals (issue 27): at most 4 commands per step
  whatever the network; host encode time at most 20 us per step for the microcircuit.

${table}
`);
  console.log(table);
  ctx.destroy();
  process.exit(0);
}
if (name === 'randman') {
  const ctx = await acquireDevice(nodeBackend ? { nodeBackend } : {});
  console.log(`adapter: ${ctx.adapter.summary}`);
  const table = await benchRandman(ctx);
  writeSection(`randman:${ctx.adapter.runtime}:${ctx.adapter.backend}`, `## Randman: accuracy against difficulty (Node, Dawn ${ctx.adapter.backend})

- Command: \`${command}\`
- Date: ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC
- Adapter: ${ctx.adapter.summary}
- Randman (Zenke & Vogels 2021, host/train/randman.ts): 10 classes, 50 units firing once each over 50 steps of
  1 ms, alpha = 2, 100 samples per class (seed 3), 80 % train / 20 % test; the recipe randmanRecipe
  (128 CubaLIF neurons, mean-over-time cross-entropy, Adam 2e-3, 30 epochs, seed 1). Higher D: harder.

${table}
`);
  console.log(table);
  ctx.destroy();
  process.exit(0);
}
if (name === 'structural') {
  const ctx = await acquireDevice(nodeBackend ? { nodeBackend } : {});
  console.log(`adapter: ${ctx.adapter.summary}`);
  const seconds = sizes?.[0] ?? 60;
  const table = await benchStructural(ctx, seconds);
  writeSection('structural', `## Structural plasticity: where rewiring helps, and its cost

- Command: \`${command}\`
- Date: ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC
- Adapter: ${ctx.adapter.summary}
- bench/structural.ts: 4 groups of 25 inputs (spike lists: each group's inputs fire with probability 0.6
  within 2 ms of its events, a Poisson process at 5 Hz, plus 2 Hz background) onto 40 LIF neurons, 10 per
  group, each made to fire about 4 ms after its group's events by a teacher (one-to-one, 120 nA). Each input
  starts with 4 random targets (fixedOutDegree, weights uniform in [0.5, 1]); additive STDP (tau 20 ms,
  A+ 0.02, A- 0.024, wMax 2). With rewiring: every 100 ms, synapses below 0.2 are pruned and each row
  regrows to 4 at random targets (weight 0.5). "Within-group": synapses from an input to a neuron of its
  own group (a quarter by chance). dt = 0.5 ms, ${seconds} s of model time.
- Cost: the same network for 10 s of model time with no rewiring, a rewiring every 10 ms and every step
  (each rewiring is 5 dispatches: rewire, then the transposed index cleared, counted, scanned and filled).

${table}
`, new URL('../docs/plasticity.md', import.meta.url).pathname);
  console.log(table);
  ctx.destroy();
  process.exit(0);
}
if (name === 'consolidation') {
  const ctx = await acquireDevice(nodeBackend ? { nodeBackend } : {});
  console.log(`adapter: ${ctx.adapter.summary}`);
  const epochs = sizes?.[0] ?? 20;
  const table = await benchConsolidation(ctx, epochs);
  writeSection('consolidation', `## Continual learning: three permuted Randman tasks, with and without consolidation

- Command: \`${command}\`
- Date: ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC
- Adapter: ${ctx.adapter.summary}
- Tasks: Randman (4 classes, 30 spike-train inputs, 40 steps, 100 samples per class, seed 11; 75 % train,
  25 % test); task B and C are task A with its 30 inputs permuted (seeds 1, 2), the same labels. One
  network (randmanRecipe: 128 CubaLIF neurons, mean-over-time cross-entropy, Adam 2e-3) trains
  ${epochs} epochs on A, then B, then C, consolidating at each boundary (SI from the path integral, EWC
  from the task's squared mini-batch gradients). Test accuracy (%) of each task after each phase.
  Joint training sees the three training sets at once for ${epochs} epochs (the same number of updates).
  The memory column is the trainer's GPU buffers: SI adds 5 floats per parameter, EWC 2.

${table}
`, new URL('../docs/learning.md', import.meta.url).pathname);
  console.log(table);
  ctx.destroy();
  process.exit(0);
}
if (name === 'binding') {
  const ctx = await acquireDevice(nodeBackend ? { nodeBackend } : {});
  console.log(`adapter: ${ctx.adapter.summary}`);
  const units = sizes?.[0] ?? 1024;
  const active = sizes?.[1] ?? 16;
  const r = await benchBinding(ctx, units, active);
  const { mkdirSync, writeFileSync } = await import('node:fs');
  mkdirSync(new URL('../docs/images/', import.meta.url), { recursive: true });
  writeFileSync(new URL('../docs/images/willshaw-capacity.svg', import.meta.url), r.svg);
  writeSection('binding', `## One-shot binding: Willshaw memory capacity (N = ${units}, k = ${active})

- Command: \`${command}\`
- Date: ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC
- Adapter: ${ctx.adapter.summary}
- ${units} inputs and ${units} outputs, random pairs of ${active}-unit patterns (seeded), each stored by one
  presentation; 500 stored pairs (spread over all stored so far) recalled from the first half of
  their x (${active / 2} units, threshold ${active / 2}). Theory (willshawTheory, independent weights): load
  1 - (1 - k²/N²)^M, spurious outputs (N - k) load^${active / 2}, perfect recall (1 - load^${active / 2})^(N - k); no
  misses are possible. Capacity at half load ln 2 N²/k² = ${r.capacity.toFixed(0)} pairs.
- Figure: [docs/images/willshaw-capacity.svg](images/willshaw-capacity.svg).

${r.table}
`, new URL('../docs/learning.md', import.meta.url).pathname);
  console.log(r.table);
  ctx.destroy();
  process.exit(0);
}
if (name === 'raster') {
  const ctx = await acquireDevice(nodeBackend ? { nodeBackend } : {});
  console.log(`adapter: ${ctx.adapter.summary}`);
  const r = await benchRaster(ctx, sizes ?? [2000, 10_000, 40_000]);
  writeSection(`raster:${ctx.adapter.runtime}:${ctx.adapter.backend}`, `## GPU raster (SpikeRaster): draw and frame rates (Node, Dawn ${ctx.adapter.backend})

- Command: \`${command}\`
- Date: ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC
- Adapter: ${ctx.adapter.summary}
- bench/raster.ts: Brunel 2000 regime C (brunel({ g: 5, eta: 2 })), a 200 ms raster of exc and inh drawn into a
  1280x720 RGBA8 texture; each draw or frame waited for (queue.onSubmittedWorkDone); wall clock. A frame is
  what the balanced-network demo does per animation frame at 1 ms per frame: run 10 steps feeding the raster,
  then draw. The demos' goal is 30 frames/s at >= 10 000 neurons on a real GPU; a software adapter shows cost, not GPU speed.

${r.table}`);
  ctx.destroy();
  process.exit(0);
}

if (name === 'learning') {
  const ctx = await acquireDevice(nodeBackend ? { nodeBackend } : {});
  console.log(`adapter: ${ctx.adapter.summary}`);
  const hebbian = await benchHebbian(ctx);
  const consolidation = await benchConsolidationCost(ctx);
  const rewiring = await benchRewiringCost(ctx);
  writeSection(`learning:hebbian:${ctx.adapter.runtime}:${ctx.adapter.backend}`, `## Learning beyond STDP: Hebbian PCA, consolidation and rewiring costs (Node, Dawn ${ctx.adapter.backend})

- Command: \`${command}\`
- Date: ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC
- Adapter: ${ctx.adapter.summary}
- HebbianPca.fit on 4096 samples in batches of 64 (one update: the project, Gram and update passes);
  timed from the fit call to its end (one upload of the samples and one readback of the weights per
  fit, over at least a second of updates). The oracle runs the same updates on the CPU, op by op in
  f32 (it is written to be obviously right, not fast). Wall time, not GPU timestamps.

${hebbian}

- Consolidation (docs/learning.md): the Randman task of the continual-learning demonstration (randmanRecipe,
  300 training samples), 5 epochs after a 1-epoch warm-up, without consolidation, with SI and with EWC;
  consolidate() timed to the end of its GPU work (EWC's includes its pass over the task's data).

${consolidation}

- Structural rewiring (docs/plasticity.md): the grouped-input network of \`npm run bench -- structural\`
  (400 plastic synapses), 10 s of model time with no rewiring, a rewiring every 10 ms and every step.

${rewiring}
`);
  console.log(`${hebbian}\n\n${consolidation}\n\n${rewiring}`);
  ctx.destroy();
  process.exit(0);
}
if (name === 'microcircuit') {
  const ctx = await acquireDevice(nodeBackend ? { nodeBackend } : {});
  console.log(`adapter: ${ctx.adapter.summary}`);
  const scale = sizes?.[0] ?? 1;
  const modelMs = sizes?.[1] ?? 1000;
  const r = await benchMicrocircuit(ctx, scale, modelMs);
  const cpu = (await import('node:os')).cpus();
  writeSection(`microcircuit:${scale}:${ctx.adapter.runtime}:${ctx.adapter.backend}`, `## Potjans-Diesmann microcircuit at scale ${scale}, ${modelMs} ms (Node, Dawn ${ctx.adapter.backend})

- Command: \`${command}\`
- Date: ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC
- Adapter: ${ctx.adapter.summary}; host ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores
- \`potjansDiesmann({ scale: ${scale} })\` (host/model/microcircuit.ts), Poisson background, dt = 0.1 ms, seed 1; projections split
  to fit the device's storage bindings. Rates and ISI CVs over ${modelMs - 200} ms after the first 200 ms; the CV is the mean over
  neurons with at least 3 spikes in that window (a window much shorter than Romaro et al.'s 60 s biases it low).
  Build = planning, populations and connectivity (since 2026-12-07 generated on the GPU: fixedTotalNumber, normal weights
  and delays; earlier runs generated it on the host and uploaded it); wall time includes recording every spike.

${r.summary}

${r.table}
`, MICROCIRCUIT_DOC);
  console.log(r.summary);
  console.log(r.table);
  ctx.destroy();
  process.exit(0);
}
if (name === 'song2000') {
  const ctx = await acquireDevice(nodeBackend ? { nodeBackend } : {});
  console.log(`adapter: ${ctx.adapter.summary}`);
  const durationMs = sizes?.[0] ?? 100_000;
  const body = await benchSong2000(ctx, durationMs);
  writeSection('song2000', `## Song, Miller & Abbott 2000: STDP onto one neuron (${durationMs / 1000} s)

- Command: \`${command}\`
- Date: ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC
- Adapter: ${ctx.adapter.summary}; Brian2 ${spawnSync(PYTHON, ['-c', 'import brian2; print(brian2.__version__)'], { encoding: 'utf8' }).stdout.trim() || 'not installed'} (cython target, compile time excluded)
- The model of Brian2's STDP example (\`song2000()\`, examples/song2000.json): 1000 Poisson inputs at 15 Hz, all-to-all
  onto one conductance-based LIF neuron (forward Euler), additive all-to-all STDP with A- = 1.05 A+ = 1.05e-4,
  tau+- = 20 ms, gmax = 0.01, weights initially uniform in [0, gmax]; dt = 0.1 ms. Each simulator draws its own
  Poisson trains and initial weights.

${body}
`, SONG_DOC);
  console.log(body);
  ctx.destroy();
  process.exit(0);
}
if (name === 'plasticity') {
  const ctx = await acquireDevice(nodeBackend ? { nodeBackend } : {});
  console.log(`adapter: ${ctx.adapter.summary}`);
  const body = await benchPlasticity(ctx);
  writeSection('plasticity', `## Plastic synapses against static ones (Node, Dawn ${ctx.adapter.backend})

- Command: \`${command}\`
- Date: ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC
- Adapter: ${ctx.adapter.summary}
- 2000 Poisson inputs at 20 Hz onto 1000 LIF neurons, sparse (p = 0.1) or dense (all-to-all from 500 inputs), 1 ms delay;
  static, pair STDP (all-to-all traces) and R-STDP (eligibility per synapse, the step pass over every synapse each
  step); 2000 steps of 0.5 ms on the per-step path after a warm-up. Synaptic events: presynaptic deliveries counted
  on the GPU. Ratios are within this run; a software adapter shows relative cost, not GPU speed.
- Song 2000's wall time beside Brian2 (cython) is in docs/plasticity.md (\`npm run bench -- song2000\`).

${body}
`);
  console.log(body);
  ctx.destroy();
  process.exit(0);
}
if (name === 'izhikevich2007') {
  const ctx = await acquireDevice(nodeBackend ? { nodeBackend } : {});
  console.log(`adapter: ${ctx.adapter.summary}`);
  const durationMs = sizes?.[0] ?? 3_600_000;
  const { body, svg } = await benchIzhikevich2007(ctx, durationMs);
  console.log(body);
  writeFigure(svg);
  writeSection('izhikevich2007', `## Izhikevich 2007: the distal reward problem (${(durationMs / 60_000).toFixed(1)} min of model time)

- Command: \`${command}\`
- Date: ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC
- Adapter: ${ctx.adapter.summary}
- The model of Izhikevich's dopamine.m (\`izhikevich2007()\`, examples/izhikevich2007.json): 800 RS + 200 FS Izhikevich
  neurons, 100 synapses each, 1 ms delays, R-STDP on the excitatory synapses (rule 'rstdp', nearest-spike traces
  decaying 0.95/ms, A+ 0.1, A- 0.15, eligibility 0.99 per 10 ms, w += (0.002 + DA) c every 10 ms, w in [0, 4]),
  dopamine decaying 0.995/ms, +0.5 per reward; dt = 1 ms. The synapse exc 0 -> its first target starts at 0 and is
  rewarded 1-3 s (uniform) after each time its target fires within 20 ms after exc 0.

${body}
`, SONG_DOC);
  console.log(body);
  ctx.destroy();
  process.exit(0);
}
if (name === 'cuba-seeds') {
  const ctx = await acquireDevice(nodeBackend ? { nodeBackend } : {});
  console.log(`adapter: ${ctx.adapter.summary}`);
  const seeds = sizes?.[0] ?? 12;
  const body = await benchCubaSeeds(ctx, seeds);
  writeSection('cuba-seeds', `### CUBA over ${seeds} seeds: own networks and identical networks

- Command: \`${command}\`
- Date: ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC
- Adapter: ${ctx.adapter.summary}; Brian2 ${spawnSync(PYTHON, ['-c', 'import brian2; print(brian2.__version__)'], { encoding: 'utf8' }).stdout.trim()} (numpy target)
- 4000 neurons, 3 s at dt = 0.1 ms, the first 0.2 s dropped; rate, ISI CV and Fano (100 ms) over all neurons.
  "Own network": each simulator draws connectivity (p = 0.02) and initial potentials from its own generator
  with the seed. "Brian2 on spikegpu's network": Brian2 loads spikegpu's synapses and initial potentials.

${body}
`, CUBA_SEEDS_DOC);
  console.log(body);
  ctx.destroy();
  process.exit(0);
}
if (name === 'checkpoint') {
  const ctx = await acquireDevice(nodeBackend ? { nodeBackend } : {});
  console.log(`adapter: ${ctx.adapter.summary}`);
  const steps = sizes?.[0] ?? 1000;
  const table = await benchCheckpoint(ctx, steps, [undefined, 200, 50]);
  const h = CHECKPOINT_NET.hidden[0]!;
  writeSection(`checkpoint:${ctx.adapter.runtime}:${ctx.adapter.backend}`, `## Checkpointing a long sequence (Node, Dawn ${ctx.adapter.backend})

- Command: \`${command}\`
- Date: ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC
- Adapter: ${ctx.adapter.summary}
- Randman, 10 classes x 8 samples, 50 units, T = ${steps} steps; ${h.size} CubaLIF neurons with 2 % sparse recurrent
  weights, a leaky readout, mean-over-time loss, batch 16, Adam with global-norm clipping at 1. Memory is Trainer.memoryBytes (every buffer the
  Trainer allocates: parameters, optimizer state, inputs, activations, checkpoints); time per batch is the second
  epoch's wall time over its batches. The losses differ only through the order of the weight-gradient sums.

${table}
`);
  console.log(table);
  ctx.destroy();
  process.exit(0);
}
if (name === 'train') {
  const ctx = await acquireDevice(nodeBackend ? { nodeBackend } : {});
  console.log(`adapter: ${ctx.adapter.summary}`);
  const ns = sizes ?? [512, 1024, 2048];
  const { table, rate } = await benchLifLayer(ctx, ns.map((n) => ({ n, batch: 16, steps: 100 })));
  writeSection(`train:${ctx.adapter.runtime}:${ctx.adapter.backend}`, `## Training: the LIF layer benchmark shape (Node, Dawn ${ctx.adapter.backend})

- Command: \`${command}\`
- Date: ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC
- Adapter: ${ctx.adapter.summary}
- The Open Neuromorphic benchmark shape: Linear n -> n then LIF over T = 100 steps, batch 16, spikes in
  (10 % density), forward (X W + b, the LIF layer) and backward (BPTT through the layer with a fast-sigmoid
  surrogate, dW = X^T GI, db, dX = GI W^T), with the Trainer's kernels; best of 3 runs each. The
  event-driven columns replace the products whose left operand is the spike input (X W + b and X^T GI)
  with matmul's 'events' strategy (only the input spikes are summed; same bits).
- Matrix-product rate of this adapter, measured with the same product kernel on 512^3: ${(rate / 1e9).toFixed(2)} GFLOP/s;
  the fraction counts the 6 T B n^2 product FLOPs of forward plus backward.
- PyTorch 1.13 CPU (Debian python3-torch), 2 threads, same shape and surrogate, in the same run
  (bench/peers/torch_lif_bench.py). Anchor for later GPU runs: at n = 16384, batch 16, T = 500 the public
  benchmark reported 118 ms (SpikingJelly CuPy) and 76 ms (Spyx fp32) forward plus backward on RTX-class GPUs.

${table}
`);
  console.log(table);
  ctx.destroy();
  process.exit(0);
}
if (name === 'fused') {
  const ctx = await acquireDevice(nodeBackend ? { nodeBackend } : {});
  console.log(`adapter: ${ctx.adapter.summary}`);
  const { table, crossover } = await benchFused(ctx, sizes);
  writeSection(`fused:${ctx.adapter.runtime}:${ctx.adapter.backend}`, `## Small-network mode: fused kernel vs per-step kernels (Node, Dawn ${ctx.adapter.backend})

- Command: \`${command}\`
- Date: ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC
- Adapter: ${ctx.adapter.summary}
- CUBA (host/model/examples.ts) with a fixed in-degree of 80, 200 ms of model time at dt = 0.1 ms, no recording,
  batch 1. Both paths give identical spike and SynOps counts (checked in the run).
- The per-step path issues, per step, one dispatch per population, one indirect dispatch per projection and
  two clears per population; the fused path one dispatch per block of steps (one workgroup walks them).
- **Crossover: ${crossover}.**

${table}
`);
  console.log(table);
  console.log(`crossover: ${crossover}`);
  ctx.destroy();
  process.exit(0);
}
if (name === 'procedural') {
  const ctx = await acquireDevice(nodeBackend ? { nodeBackend } : {});
  console.log(`adapter: ${ctx.adapter.summary}`);
  const table = await benchProcedural(ctx);
  writeSection(`procedural:${ctx.adapter.runtime}:${ctx.adapter.backend}`, `## Procedural connectivity, >= 1e8 synapses (Node, Dawn ${ctx.adapter.backend})

- Command: \`${command}\`
- Date: ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC
- Adapter: ${ctx.adapter.summary}
- Synapses are regenerated from Philox at every spike (storage: 'procedural'); only parameters are stored.
  The synapse count is the expected value (p x pairs). dt = 0.1 ms, no recording.

${table}
`);
  console.log(table);
  ctx.destroy();
  process.exit(0);
}
if (name === 'cuba') {
  const ctx = await acquireDevice(nodeBackend ? { nodeBackend } : {});
  console.log(`adapter: ${ctx.adapter.summary}`);
  const table = await benchCuba(ctx);
  const scaling = await benchScaling(ctx);
  const cpuModel = (await import('node:os')).cpus()[0]?.model ?? 'unknown CPU';
  writeSection(`cuba:${ctx.adapter.runtime}:${ctx.adapter.backend}`, `## CUBA networks (Node, Dawn ${ctx.adapter.backend})

- Command: \`${command}\`
- Date: ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC
- Adapter: ${ctx.adapter.summary}; host ${cpuModel}, 2 cores
- 1 s of model time at dt = 0.1 ms (10 000 steps), no recording. spikegpu synaptic events are counted on the GPU;
  Brian2's are estimated as spikes x mean fan-out. Brian2 2.5 (Debian python3-brian), cython target, compile
  time excluded (its build column). Brian2 at N = 40 000 uses p = 80/N (mean in-degree 80) where spikegpu uses a
  fixed in-degree of 80. The oracle is single-threaded TypeScript, run for the model time shown and scaled to 1 s.

${table}

### Scaling with firing rate at a fixed synapse count

10 000 Poisson sources -> 10 000 LIF neurons, fixed out-degree 100 (1e6 synapses), 0.5 s model time.
The event-driven path should cost a constant per step plus a term proportional to synaptic events.

${scaling}
`);
  console.log(table);
  console.log(scaling);
  ctx.destroy();
  process.exit(0);
}
let result: { adapter: string; backend: string; runtime: string; featureLevel: string; table: string; copy: number };
if (args.includes('--browser')) {
  result = await runInBrowser(sizes);
} else {
  const ctx = await acquireDevice(nodeBackend ? { nodeBackend } : {});
  console.log(`adapter: ${ctx.adapter.summary}`);
  const { table, copy } = await benchNeurons(ctx, sizes);
  const a = ctx.adapter;
  result = { adapter: a.summary, backend: a.backend, runtime: a.runtime, featureLevel: a.featureLevel, table, copy };
  ctx.destroy();
}
const { table, copy } = result;
const cpu = (await import('node:os')).cpus()[0]?.model ?? 'unknown CPU';
const where = result.runtime === 'browser' ? 'headless Chromium' : `Node, Dawn ${result.backend}`;
writeSection(`neurons:${result.runtime}:${result.backend}`, `## Neuron updates per second (${where})

- Command: \`${command}\`
- Date: ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC
- Adapter: ${result.adapter} (runtime: ${result.runtime}, feature level ${result.featureLevel})
- Host: ${cpu}, Node ${process.versions.node}; oracle = the plain TypeScript CPU oracle, single thread, same run and runtime
- Buffer-copy bandwidth (copyBufferToBuffer, read + write bytes): ${si(copy)}B/s
- B = 1, population-wide parameters (uniform params), no input; each step = clear the spike counter and bitmask + one dispatch.
  Bytes/update = state read + write + both input accumulators read + cleared + 1 spike bit.

${table}
`);
console.log(table);

/** Runs the benchmark page in headless Debian Chromium, served by Vite from localhost. */
async function runInBrowser(benchSizes?: number[]): Promise<typeof result> {
  const { createServer } = await import('vite');
  const { chromium } = await import('@playwright/test');
  const { CHROMIUM_ARGS, CHROMIUM_PATH } = await import('../kernels-tests/harness/fixtures');
  const server = await createServer({ server: { port: 5198, strictPort: false, host: 'localhost' }, logLevel: 'warn' });
  await server.listen();
  const url = `${server.resolvedUrls?.local[0] ?? 'http://localhost:5198/'}bench/page.html`;
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    page.on('console', (m) => console.log(`[browser] ${m.text()}`));
    page.on('pageerror', (e) => console.error(`[browser error] ${e.message}`));
    await page.goto(url);
    await page.waitForFunction(() => typeof window.runNeuronBench === 'function');
    return await page.evaluate((s) => window.runNeuronBench(s), benchSizes);
  } finally {
    await browser.close();
    await server.close();
  }
}
