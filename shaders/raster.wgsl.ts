/**
 * raster: draws a spike raster straight from the GPU. A render pipeline (one full-screen triangle)
 * whose fragment shader reads a ring of per-step spike bitmasks (written by copies of the simulator's
 * own spike buffers: no readback) and colours each pixel by the spikes in its block of
 * (steps x neurons). Time runs left (oldest) to right (newest); neuron 0 of the first population is
 * at the bottom, populations stacked upward.
 *
 * Pixel (x, row), row counted from the bottom, covers relative steps [k0, k1) and neurons [n0, n1):
 *   k0 = floor(x * shown / width),    k1 = max(k0 + 1, floor((x + 1) * shown / width))
 *   n0 = floor(row * N / height),     n1 = max(n0 + 1, floor((row + 1) * N / height))
 * (floor(i n / d) computed as i (n / d) + (i (n % d)) / d, exact in u32 for d <= 8192). Relative
 * step k lives in ring slot (base + k) % columns; steps k < firstValid were not recorded. With c_p
 * spikes of population p in the block, total c = sum c_p: the background where c = 0, else
 *   colour = sum_p c_p colour_p / c,  level = min(1, 0.5 + 0.125 (c - 1)),
 *   pixel  = mix(background, colour, level)   (mix(a, b, t) = a (1 - t) + b t).
 * The oracle (kernels-tests/oracle/raster.ts) computes the same pixels.
 */
import { PICTURE_WGSL } from './common/picture.wgsl.js';

/** Populations one raster can stack. */
export const MAX_RASTER_POPULATIONS = 8;

/** The frame uniform: 3 vec4u of sizes, the populations, their colours, the background (320 bytes). */
export const RASTER_FRAME_BYTES = 16 * (3 + 2 * MAX_RASTER_POPULATIONS + 1);

export function rasterShader(): string {
  return /* wgsl */ `
struct Frame {
  // width, height, columns (ring slots), shown (steps across the width)
  a: vec4u,
  // base (ring slot of relative step 0), wordsPerStep, neurons, populations
  b: vec4u,
  // firstValid (first recorded relative step), unused x3
  c: vec4u,
  // per population: first neuron (stacked), size, word offset within a step's words, unused
  pops: array<vec4u, ${MAX_RASTER_POPULATIONS}>,
  colors: array<vec4f, ${MAX_RASTER_POPULATIONS}>,
  background: vec4f,
}

@group(0) @binding(0) var<uniform> frame: Frame;
@group(0) @binding(1) var<storage, read> ring: array<u32>;

${PICTURE_WGSL}

// Set bits of word in bit positions [lo, hi), 0 <= lo < hi <= 32.
fn bitsIn(word: u32, lo: u32, hi: u32) -> u32 {
  let width = hi - lo;
  let mask = select((1u << width) - 1u, 0xffffffffu, width == 32u) << lo;
  return countOneBits(word & mask);
}

@fragment
fn fs(@builtin(position) pos: vec4f) -> @location(0) vec4f {
  let width = frame.a.x;
  let height = frame.a.y;
  let columns = frame.a.z;
  let shown = frame.a.w;
  let base = frame.b.x;
  let wordsPerStep = frame.b.y;
  let neurons = frame.b.z;
  let x = min(u32(pos.x), width - 1u);
  let row = height - 1u - min(u32(pos.y), height - 1u);
  let k0 = scaled(x, shown, width);
  let k1 = max(k0 + 1u, scaled(x + 1u, shown, width));
  let n0 = scaled(row, neurons, height);
  let n1 = max(n0 + 1u, scaled(row + 1u, neurons, height));
  var total = 0u;
  var mixed = vec3f(0.0);
  for (var p = 0u; p < frame.b.w; p++) {
    let info = frame.pops[p];
    let lo = max(n0, info.x);
    let hi = min(n1, info.x + info.y);
    if (lo >= hi) { continue; }
    let a = lo - info.x;
    let b = hi - info.x;
    var count = 0u;
    for (var k = max(k0, frame.c.x); k < k1; k++) {
      let rowBase = ((base + k) % columns) * wordsPerStep + info.z;
      for (var w = a / 32u; w * 32u < b; w++) {
        let wl = max(a, w * 32u) - w * 32u;
        let wh = min(b, w * 32u + 32u) - w * 32u;
        count += bitsIn(ring[rowBase + w], wl, wh);
      }
    }
    total += count;
    mixed += f32(count) * frame.colors[p].rgb;
  }
  if (total == 0u) {
    return vec4f(frame.background.rgb, 1.0);
  }
  let level = min(1.0, 0.5 + 0.125 * f32(total - 1u));
  let colour = mixed / f32(total);
  return vec4f(mix(frame.background.rgb, colour, level), 1.0);
}
`;
}
