/**
 * `npm run bench -- learning`: local learning rules. HebbianPca (Oja / Sanger, shaders/hebbian.wgsl.ts):
 * updates per second on the GPU at several sizes, with the CPU oracle (kernels-tests/oracle/hebbian.ts)
 * timed in the same run on the same updates. `npm run bench -- binding`: one-shot binding in
 * AssociativeMemory (shaders/willshaw.wgsl.ts), recall quality against pairs stored, with the theory.
 */
import type { GpuContext } from '../host/gpu/context';
import { AssociativeMemory, randomSparsePatterns, willshawTheory } from '../host/learn/associative-memory';
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

/**
 * One-shot binding in AssociativeMemory (Willshaw): recall from half cues against the number of
 * stored pairs, with the theory for random patterns (willshawTheory). Returns the Markdown table and an SVG plot.
 */
export async function benchBinding(ctx: GpuContext, units = 1024, active = 16, seed = 1): Promise<{ table: string; svg: string; capacity: number }> {
  const steps = [250, 500, 1000, 1500, 2000, 2500, 3000, 3500, 4500, 6000];
  const cue = active / 2;
  const xs = randomSparsePatterns(units, active, steps[steps.length - 1]!, seed);
  const ys = randomSparsePatterns(units, active, steps[steps.length - 1]!, seed + 1);
  const mem = await AssociativeMemory.create(ctx, { inputs: units, outputs: units });
  const points: { pairs: number; load: number; loadTheory: number; spurious: number; spuriousTheory: number; perfect: number; perfectTheory: number; overlap: number }[] = [];
  try {
    let stored = 0;
    for (const m of steps) {
      await mem.store(xs.slice(stored, m).map((x, p) => ({ x, y: ys[stored + p]! })));
      stored = m;
      // 500 of the stored pairs, spread evenly, each recalled from the first half of its x.
      const probe = Array.from({ length: Math.min(500, m) }, (_, q) => Math.floor((q * m) / Math.min(500, m)));
      const rec = await mem.recall(probe.map((p) => xs[p]!.subarray(0, cue)));
      let spurious = 0;
      let perfect = 0;
      let overlap = 0;
      rec.forEach((r, q) => {
        const want = new Set(ys[probe[q]!]);
        const hits = Array.from(r.active).filter((j) => want.has(j)).length;
        spurious += r.active.length - hits;
        if (hits === active && r.active.length === active) perfect++;
        overlap += hits / Math.sqrt(active * Math.max(1, r.active.length)); // cosine of the binary vectors
      });
      const t = willshawTheory(units, units, active, active, m, cue);
      points.push({
        pairs: m, load: await mem.load(), loadTheory: t.load, spurious: spurious / rec.length, spuriousTheory: t.spurious,
        perfect: perfect / rec.length, perfectTheory: (1 - t.load ** cue) ** (units - active), overlap: overlap / rec.length,
      });
      console.log(JSON.stringify(points[points.length - 1]));
    }
  } finally {
    mem.destroy();
  }
  const capacity = willshawTheory(units, units, active, active, 0, cue).capacityAtHalfLoad;
  const table = [
    '| pairs stored | load (measured) | load (theory) | spurious outputs per recall (measured) | (theory) | perfect recalls (measured) | (theory) | mean overlap (cosine) |',
    '|---|---|---|---|---|---|---|---|',
    ...points.map((p) => `| ${p.pairs} | ${p.load.toFixed(4)} | ${p.loadTheory.toFixed(4)} | ${p.spurious.toFixed(3)} | ${p.spuriousTheory.toFixed(3)} | ${(100 * p.perfect).toFixed(1)} % | ${(100 * p.perfectTheory).toFixed(1)} % | ${p.overlap.toFixed(4)} |`),
  ].join('\n');
  return { table, svg: bindingSvg(points, capacity), capacity };
}

function bindingSvg(points: { pairs: number; load: number; loadTheory: number; perfect: number; perfectTheory: number; overlap: number }[], capacity: number): string {
  const W = 640;
  const H = 320;
  const m = { l: 50, r: 20, t: 20, b: 40 };
  const xMax = points[points.length - 1]!.pairs;
  const x = (v: number) => m.l + ((W - m.l - m.r) * v) / xMax;
  const y = (v: number) => H - m.b - (H - m.t - m.b) * v;
  const path = (f: (p: (typeof points)[number]) => number) => points.map((p, k) => `${k ? 'L' : 'M'}${x(p.pairs).toFixed(1)},${y(f(p)).toFixed(1)}`).join(' ');
  const dots = (f: (p: (typeof points)[number]) => number, color: string) => points.map((p) => `<circle cx="${x(p.pairs).toFixed(1)}" cy="${y(f(p)).toFixed(1)}" r="3" fill="${color}"/>`).join('');
  const ticks = [0, 1000, 2000, 3000, 4000, 5000, 6000].filter((t) => t <= xMax);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">
<rect width="${W}" height="${H}" fill="white"/>
<line x1="${m.l}" y1="${H - m.b}" x2="${W - m.r}" y2="${H - m.b}" stroke="black"/><line x1="${m.l}" y1="${m.t}" x2="${m.l}" y2="${H - m.b}" stroke="black"/>
${[0, 0.25, 0.5, 0.75, 1].map((v) => `<text x="${m.l - 8}" y="${y(v) + 4}" text-anchor="end">${v}</text><line x1="${m.l - 4}" y1="${y(v)}" x2="${m.l}" y2="${y(v)}" stroke="black"/>`).join('\n')}
${ticks.map((t) => `<text x="${x(t)}" y="${H - m.b + 16}" text-anchor="middle">${t}</text>`).join('\n')}
<text x="${(W + m.l) / 2}" y="${H - 6}" text-anchor="middle">pairs stored (one presentation each)</text>
<line x1="${x(capacity).toFixed(1)}" y1="${m.t}" x2="${x(capacity).toFixed(1)}" y2="${H - m.b}" stroke="#999" stroke-dasharray="4 3"/>
<text x="${(x(capacity) + 4).toFixed(1)}" y="${m.t + 12}" fill="#777">ln 2 N²/k² = ${capacity.toFixed(0)}</text>
<path d="${path((p) => p.perfectTheory)}" fill="none" stroke="#c00" stroke-dasharray="5 3"/>${dots((p) => p.perfect, '#c00')}
<path d="${path((p) => p.loadTheory)}" fill="none" stroke="#06c" stroke-dasharray="5 3"/>${dots((p) => p.load, '#06c')}
<path d="${path((p) => p.overlap)}" fill="none" stroke="black"/>
<text x="${W - m.r - 230}" y="${H - m.b - 70}" fill="#c00">perfect recalls (dots), theory (dashed)</text>
<text x="${W - m.r - 230}" y="${H - m.b - 54}" fill="#06c">weight load (dots), theory (dashed)</text>
<text x="${W - m.r - 230}" y="${H - m.b - 38}">mean overlap of recall and target</text>
</svg>
`;
}
