/**
 * Oracle for the stateMap kernel (shaders/stateMap.wgsl.ts): the RGBA pixels of a grid of cells, one
 * per neuron (row-major, `columns` per row), coloured by the value through three colour stops.
 */
const f = Math.fround;
type Rgb = readonly [number, number, number];

export interface StateMapOracleArgs {
  width: number;
  height: number;
  columns: number;
  values: ArrayLike<number>;
  lo: number;
  hi: number;
  stops: readonly [Rgb, Rgb, Rgb];
  background: Rgb;
}

/** RGBA8 pixels, row 0 at the top. */
export function stateMapOracle(a: StateMapOracleArgs): Uint8Array {
  const n = a.values.length;
  const rows = Math.ceil(n / a.columns);
  const out = new Uint8Array(4 * a.width * a.height);
  const mix = (x: number, y: number, s: number): number => f(f(x * f(1 - s)) + f(y * s));
  for (let y = 0; y < a.height; y++) {
    for (let x = 0; x < a.width; x++) {
      const cell = Math.floor((y * rows) / a.height) * a.columns + Math.floor((x * a.columns) / a.width);
      let rgb: number[];
      if (cell >= n) rgb = [...a.background];
      else {
        let t = f(f(f(a.values[cell]!) - f(a.lo)) / f(f(a.hi) - f(a.lo)));
        t = Number.isNaN(t) ? 0 : Math.min(1, Math.max(0, t));
        rgb = t < 0.5
          ? [0, 1, 2].map((c) => mix(a.stops[0][c]!, a.stops[1][c]!, f(2 * t)))
          : [0, 1, 2].map((c) => mix(a.stops[1][c]!, a.stops[2][c]!, f(f(2 * t) - 1)));
      }
      const o = 4 * (y * a.width + x);
      rgb.forEach((v, c) => { out[o + c] = Math.round(Math.min(1, Math.max(0, v)) * 255); });
      out[o + 3] = 255;
    }
  }
  return out;
}
