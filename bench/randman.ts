/**
 * Randman accuracy against the manifold's difficulty (on demand): 10 classes of 50-unit single-spike
 * patterns over 50 steps, 100 samples per class (80 % train, 20 % test), manifold dimension D = 1..5,
 * trained with the recipe of host/train/recipes.ts (randmanRecipe).
 */
import type { GpuContext } from '../host/gpu/context';
import { randman, splitDataset } from '../host/train/randman';
import { randmanRecipe } from '../host/train/recipes';
import { Trainer } from '../host/train/trainer';
import { markdownTable } from './format';

export async function benchRandman(ctx: GpuContext, dims = [1, 2, 3, 4, 5], log = console.log): Promise<string> {
  const rows: (string | number)[][] = [];
  for (const D of dims) {
    const data = randman({ classes: 10, units: 50, steps: 50, manifoldDim: D, samplesPerClass: 100, alpha: 2, seed: 3 });
    const [train, test] = splitDataset(data, 0.8);
    const r = randmanRecipe(50, 10, 50);
    const trainer = await Trainer.create(ctx, r.spec, r.options(1, r.epochs, train.size));
    const h = await trainer.fit(train, { epochs: r.epochs });
    const t = await trainer.evaluate(test);
    const seconds = h.reduce((a, x) => a + x.seconds, 0) / h.length;
    log(`randman D=${D}: train ${(100 * h[h.length - 1]!.accuracy).toFixed(1)} %, test ${(100 * t.accuracy).toFixed(1)} %, ${seconds.toFixed(2)} s/epoch`);
    rows.push([D, `${(100 * h[h.length - 1]!.accuracy).toFixed(1)} %`, `${(100 * t.accuracy).toFixed(1)} %`, seconds.toFixed(2)]);
    trainer.destroy();
  }
  return markdownTable(['manifold dimension D', 'train accuracy', 'test accuracy', 's per epoch'], rows);
}
