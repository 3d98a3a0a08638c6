/**
 * `npx spikegpu train --task yinyang [--epochs N] [--seed S] [--out dir]`: trains a published task's
 * recipe (host/train/recipes.ts) on the GPU from Node with a progress bar, prints per-epoch loss,
 * accuracy and wall time and the test accuracy, and writes the weights (weights.sgw) and a summary
 * (train-summary.json).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareOutDir, removeCreated } from './out-dir.js';
import { acquireDevice } from '../device.js';
import type { GpuContext } from '../gpu/context.js';
import { SpikeGpuError } from '../errors.js';
import { YIN_YANG_RECIPE, type Recipe } from '../train/recipes.js';
import { Trainer } from '../train/trainer.js';
import { yinYang } from '../train/yinyang.js';

export const TRAIN_USAGE = `usage: spikegpu train --task yinyang [--epochs <n>] [--seed <n>] [--out <dir>]

  Trains a published task on the GPU (Node) and reports accuracy per epoch and on the test set.
  --task    yinyang (Kriener et al. 2022: 5000 training, 1000 test samples)
  --epochs  epochs (default: the recipe's, 20)
  --seed    seed of the weights and the shuffling (default 1)
  --out     directory for weights.sgw and train-summary.json (default: ./spikegpu-train)`;

const TASKS: Record<string, { recipe: Recipe; data: () => { train: ReturnType<typeof yinYang>; test: ReturnType<typeof yinYang> } }> = {
  yinyang: { recipe: YIN_YANG_RECIPE, data: () => ({ train: yinYang({ size: 5000, seed: 42 }), test: yinYang({ size: 1000, seed: 41 }) }) },
};

export async function trainMain(argv: string[]): Promise<number> {
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const k = argv[i]!;
    if (k === '--help' || k === '-h') {
      console.log(TRAIN_USAGE);
      return 0;
    }
    if (!k.startsWith('--') || argv[i + 1] === undefined || !['task', 'epochs', 'seed', 'out'].includes(k.slice(2))) {
      console.error(`spikegpu train: bad argument ${JSON.stringify(k)}\n${TRAIN_USAGE}`);
      return 2;
    }
    if (flags[k.slice(2)] !== undefined) {
      console.error(`spikegpu train: ${k} is given twice\n${TRAIN_USAGE}`);
      return 2;
    }
    flags[k.slice(2)] = argv[i + 1]!;
  }
  const task = TASKS[flags.task ?? ''];
  if (!task) {
    console.error(`spikegpu train: --task must be one of ${Object.keys(TASKS).join(', ')}\n${TRAIN_USAGE}`);
    return 2;
  }
  const epochs = flags.epochs === undefined ? task.recipe.epochs : Number(flags.epochs);
  const seed = flags.seed === undefined ? 1 : Number(flags.seed);
  if (!Number.isInteger(epochs) || epochs < 1 || !Number.isInteger(seed) || seed < 0) {
    console.error(`spikegpu train: --epochs and --seed take integers (epochs >= 1)\n${TRAIN_USAGE}`);
    return 2;
  }
  const prepared = prepareOutDir(flags.out ?? 'spikegpu-train');
  if ('error' in prepared) {
    console.error(`spikegpu train: ${prepared.error}; choose another --out before training starts`);
    return 2;
  }
  const out = prepared.path;
  const gpu = await acquireDevice();
  try {
    return await trainTask(gpu, task, epochs, seed, out);
  } finally {
    gpu.destroy();
    removeCreated(prepared.created); // a failed training leaves no empty directory behind
  }
}

type Task = (typeof TASKS)[string];

async function trainTask(gpu: GpuContext, task: NonNullable<Task>, epochs: number, seed: number, out: string): Promise<number> {
  try {
    const { train, test } = task.data();
    const trainer = await Trainer.create(gpu, task.recipe.spec, task.recipe.options(seed, epochs, train.size));
    const tty = process.stderr.isTTY === true;
    const t0 = performance.now();
    const history = await trainer.fit(train, {
      epochs,
      onBatch: (b) => {
        if (!tty) return;
        const f = (b.epoch + (b.batch + 1) / b.batches) / epochs;
        const full = Math.round(f * 30);
        process.stderr.write(`\r[${'#'.repeat(full)}${'.'.repeat(30 - full)}] ${(f * 100).toFixed(0).padStart(3)}% epoch ${b.epoch + 1}/${epochs}`);
      },
      onEpoch: (s) => {
        if (tty) process.stderr.write('\n');
        console.log(`epoch ${String(s.epoch + 1).padStart(3)}: loss ${s.loss.toFixed(4)}, train accuracy ${(100 * s.accuracy).toFixed(2)} %, ${s.seconds.toFixed(1)} s`);
      },
    });
    const wall = (performance.now() - t0) / 1000;
    const result = await trainer.evaluate(test);
    console.log(`test accuracy ${(100 * result.accuracy).toFixed(2)} % (loss ${result.loss.toFixed(4)}) after ${epochs} epochs, ${wall.toFixed(1)} s (${(wall / epochs).toFixed(1)} s per epoch)`);
    console.log(`adapter: ${gpu.adapter.summary}`);
    writeFileSync(join(out, 'weights.sgw'), await trainer.save());
    writeFileSync(join(out, 'train-summary.json'), `${JSON.stringify({
      task: task.recipe.task, seed, epochs, history, test: result, wallSeconds: wall, secondsPerEpoch: wall / epochs, adapter: gpu.adapter.summary,
    }, null, 2)}\n`);
    console.log(`wrote ${out}`);
    trainer.destroy();
    return 0;
  } catch (e) {
    if (e instanceof SpikeGpuError) {
      console.error(`spikegpu train: ${e.name}: ${e.message}`);
      return 1;
    }
    throw e;
  }
}
