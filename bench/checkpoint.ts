/**
 * Checkpointing for long sequences (on demand, never a test): a recurrent network on a long Randman
 * sequence, trained with and without checkpointEvery, reporting the Trainer's GPU memory and the wall
 * time of an epoch, and checking that the losses agree.
 */
import type { GpuContext } from '../host/gpu/context';
import { Trainer } from '../host/train/trainer';
import { randman } from '../host/train/randman';
import type { TrainNetworkSpec } from '../host/train/network';
import { markdownTable } from './format';

export const CHECKPOINT_NET: TrainNetworkSpec = {
  inputs: 50,
  hidden: [{ size: 128, params: { tauMem: 20, tauSyn: 5 }, recurrent: { density: 0.02, seed: 1 } }],
  readout: { size: 10, params: { tauMem: 20, tauSyn: 5 } },
};

export async function benchCheckpoint(ctx: GpuContext, steps: number, every: (number | undefined)[], log = console.log): Promise<string> {
  const data = randman({ classes: 10, units: 50, steps, samplesPerClass: 8, manifoldDim: 1, seed: 3 });
  const rows: (string | number)[][] = [];
  let reference: number | undefined;
  for (const c of every) {
    const t = await Trainer.create(ctx, CHECKPOINT_NET, { steps, batchSize: 16, seed: 1, loss: 'meanOverTime', optimizer: { kind: 'adam', lr: 1e-3, maxGradNorm: 1 }, ...(c ? { checkpointEvery: c } : {}) });
    await t.fit(data, { epochs: 1 }); // warm-up (pipelines)
    const h = await t.fit(data, { epochs: 1 });
    const loss = h[0]!.loss;
    reference ??= loss;
    const row = [c ?? 'none', (t.memoryBytes / 2 ** 20).toFixed(2), (h[0]!.seconds * 1000 / Math.ceil(data.size / 16)).toFixed(0), loss.toFixed(6), (Math.abs(loss - reference) / Math.abs(reference)).toExponential(1)];
    log(`checkpointEvery ${c ?? 'none'}: ${row.slice(1).join(', ')}`);
    rows.push(row);
    t.destroy();
  }
  return markdownTable(['checkpointEvery', 'Trainer GPU memory (MiB)', 'ms per batch (forward, backward, update)', 'epoch loss (2nd epoch)', 'relative to no checkpoints'], rows);
}
