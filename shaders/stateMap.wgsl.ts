/**
 * stateMap: draws a state variable of every neuron of a population (instance 0) as a grid of cells,
 * straight from the population's state buffer (no readback): one full-screen triangle; the fragment
 * shader finds its cell and neuron and colours it by the variable's value.
 *
 * Pixel (x, y), y from the top: cell column cx = floor(x * columns / width), row cy = floor(y * rows /
 * height) (exact u32 as in the raster kernel), neuron n = cy * columns + cx; n >= N is background.
 * The value is the f32 at word n * strideWords + offsetWords of the state buffer; with
 * t = clamp((value - lo) / (hi - lo), 0, 1) (NaN: t = 0) the colour runs through three stops:
 *   t < 0.5:  mix(c0, c1, 2 t);   else  mix(c1, c2, 2 t - 1)     (mix(a, b, s) = a (1 - s) + b s)
 * The oracle (kernels-tests/oracle/stateMap.ts) computes the same pixels.
 */
import { PICTURE_WGSL } from './common/picture.wgsl.js';

/** The frame uniform: 2 vec4u of sizes, lo/hi, three colour stops and the background (112 bytes). */
export const STATE_MAP_FRAME_BYTES = 16 * 7;

export function stateMapShader(): string {
  return /* wgsl */ `
struct Frame {
  // width, height, columns (cells per row), rows
  a: vec4u,
  // neurons, strideWords, offsetWords, unused
  b: vec4u,
  // lo, hi, unused x2
  range: vec4f,
  c0: vec4f,
  c1: vec4f,
  c2: vec4f,
  background: vec4f,
}

@group(0) @binding(0) var<uniform> frame: Frame;
@group(0) @binding(1) var<storage, read> state: array<u32>;

${PICTURE_WGSL}

@fragment
fn fs(@builtin(position) pos: vec4f) -> @location(0) vec4f {
  let x = min(u32(pos.x), frame.a.x - 1u);
  let y = min(u32(pos.y), frame.a.y - 1u);
  let n = scaled(y, frame.a.w, frame.a.y) * frame.a.z + scaled(x, frame.a.z, frame.a.x);
  if (n >= frame.b.x) {
    return vec4f(frame.background.rgb, 1.0);
  }
  let value = bitcast<f32>(state[n * frame.b.y + frame.b.z]);
  var t = (value - frame.range.x) / (frame.range.y - frame.range.x);
  t = select(clamp(t, 0.0, 1.0), 0.0, t != t);
  var colour: vec3f;
  if (t < 0.5) {
    colour = mix(frame.c0.rgb, frame.c1.rgb, 2.0 * t);
  } else {
    colour = mix(frame.c1.rgb, frame.c2.rgb, 2.0 * t - 1.0);
  }
  return vec4f(colour, 1.0);
}
`;
}
