/**
 * Oracle for the raster kernel (shaders/raster.wgsl.ts): the RGBA pixels of a spike raster drawn
 * from recorded spikes, written for clarity (sets of spikes per step, no bitmasks or rings).
 * Pixel (x, row from the bottom) covers steps [k0, k1) of the window and neurons [n0, n1) of the
 * stacked populations; c spikes in it give the background (c = 0) or
 * mix(background, sum_p c_p colour_p / c, min(1, 0.5 + 0.125 (c - 1))).
 */
const f = Math.fround;

export interface RasterOraclePopulation {
  size: number;
  color: readonly [number, number, number];
  /** Whether neuron i spiked at absolute step s. */
  spiked: (s: number, i: number) => boolean;
}

export interface RasterOracleArgs {
  width: number;
  height: number;
  /** Steps across the width. */
  windowSteps: number;
  /** The window ends at this absolute step (exclusive): the raster's last step + 1. */
  endStep: number;
  /** The first absolute step the raster recorded (earlier steps are background). */
  firstRecorded: number;
  populations: readonly RasterOraclePopulation[];
  background: readonly [number, number, number];
}

/** RGBA8 pixels, row 0 at the top, as a render target stores them. */
export function rasterOracle(a: RasterOracleArgs): Uint8Array {
  const neurons = a.populations.reduce((n, p) => n + p.size, 0);
  const out = new Uint8Array(4 * a.width * a.height);
  const span = (i: number, n: number, d: number): [number, number] => {
    const lo = Math.floor((i * n) / d);
    return [lo, Math.max(lo + 1, Math.floor(((i + 1) * n) / d))];
  };
  for (let y = 0; y < a.height; y++) {
    const row = a.height - 1 - y;
    const [n0, n1] = span(row, neurons, a.height);
    for (let x = 0; x < a.width; x++) {
      const [k0, k1] = span(x, a.windowSteps, a.width);
      const counts = a.populations.map(() => 0);
      let first = 0;
      a.populations.forEach((p, pi) => {
        for (let n = Math.max(n0, first); n < Math.min(n1, first + p.size); n++) {
          for (let k = k0; k < k1; k++) {
            const step = a.endStep - a.windowSteps + k;
            if (step >= a.firstRecorded && step >= 0 && p.spiked(step, n - first)) counts[pi]!++;
          }
        }
        first += p.size;
      });
      const total = counts.reduce((s, c) => s + c, 0);
      let rgb: number[] = [...a.background];
      if (total > 0) {
        const level = Math.min(1, f(0.5 + f(0.125 * (total - 1))));
        rgb = [0, 1, 2].map((ch) => {
          let sum = 0;
          a.populations.forEach((p, pi) => { sum = f(sum + f(counts[pi]! * f(p.color[ch]!))); });
          const colour = f(sum / total);
          return f(f(f(a.background[ch]!) * f(1 - level)) + f(colour * level));
        });
      }
      const o = 4 * (y * a.width + x);
      rgb.forEach((v, ch) => { out[o + ch] = Math.round(Math.min(1, Math.max(0, v)) * 255); });
      out[o + 3] = 255;
    }
  }
  return out;
}
