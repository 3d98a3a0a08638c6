/**
 * `npm run bench -- learning`: local learning rules. HebbianPca (Oja / Sanger, shaders/hebbian.wgsl.ts):
 * updates per second on the GPU at several sizes, with the CPU oracle (kernels-tests/oracle/hebbian.ts)
 * timed in the same run on the same updates.
 */
import type { GpuContext } from '../host/gpu/context';
import { HebbianPca, hebbianCentered, hebbianOrder } from '../host/learn/hebbian-pca';
import { hebbianUpdateOracle } from '../kernels-tests/oracle/hebbian';
import { si } from './format';

const SHAPES: [inputs: number, components: number][] = [[64, 8], [256, 16], [1024, 32]];

export async function benchHebbian(ctx: GpuContext, batch = 64, samples = 4096): Promise<string> {
  const rows: string[] = [
    '| rule | inputs n | components k | batch | GPU updates/s | GPU weight updates/s (k n per update) | oracle updates/s | GPU / oracle |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const rule of ['sanger', 'oja'] as const) {
    for (const [n, k] of SHAPES) {
      const data = Float32Array.from({ length: samples * n }, (_, e) => Math.fround(Math.sin(e * 0.7071) * (1 + (e % n) / n)));
      const pca = await HebbianPca.create(ctx, { inputs: n, components: k, rule, batchSize: batch, learningRate: 1e-4 });
      try {
        await pca.fit(data, { epochs: 1 }); // compile and warm up
        let epochs = 1;
        let seconds = 0;
        let updates = 0;
        // Grow the run until it takes at least a second (one fit: one upload, one readback at its end).
        for (;;) {
          const before = pca.updates;
          const t0 = performance.now();
          await pca.fit(data, { epochs });
          seconds = (performance.now() - t0) / 1000;
          updates = pca.updates - before;
          if (seconds >= 1 || epochs >= 64) break;
          epochs *= 4;
        }
        const gpuRate = updates / seconds;
        // The oracle on the same kind of updates, for at least half a second.
        const { x } = hebbianCentered(data, n, true);
        const order = hebbianOrder(samples, 1, 0, true);
        let w = await pca.weights();
        let done = 0;
        const t1 = performance.now();
        while (performance.now() - t1 < 500) {
          w = hebbianUpdateOracle(w, x, order, (done * batch) % (samples - batch), batch, Math.fround(1e-4 / batch), n, k, rule);
          done++;
        }
        const oracleRate = done / ((performance.now() - t1) / 1000);
        rows.push(`| ${rule} | ${n} | ${k} | ${batch} | ${si(gpuRate)} | ${si(gpuRate * k * n)} | ${si(oracleRate)} | ${(gpuRate / oracleRate).toFixed(1)} |`);
        console.log(rows[rows.length - 1]);
      } finally {
        pca.destroy();
      }
    }
  }
  return rows.join('\n');
}
