/**
 * An approximately standard normal draw from one Philox call: the sum of four 22-bit uniforms,
 * centred and scaled to unit variance (Irwin-Hall, n = 4). The integer sum is exact and the product
 * is one rounding, so the oracle (host/random/gauss4.ts) reproduces it bit for bit. Used by
 * izhikevich's noise current and by randn() of models written as equations.
 */

/** f32(sqrt(3) * 2^-22): scales the centred sum of four 22-bit uniforms to unit variance. */
export const GAUSS4_SCALE = Math.fround(Math.sqrt(3) * 2 ** -22);
const GAUSS4_SCALE_BITS = new Uint32Array(new Float32Array([GAUSS4_SCALE]).buffer)[0] as number;

export const GAUSS4_WGSL = /* wgsl */ `
// Approximately standard normal: (sum of four 22-bit uniforms - 2^23) * sqrt(3) * 2^-22. The integer
// sum is exact and the product is one rounding.
fn gauss4(w: vec4<u32>) -> f32 {
  let sum = (w.x >> 10u) + (w.y >> 10u) + (w.z >> 10u) + (w.w >> 10u);
  return f32(i32(sum) - 8388608) * bitcast<f32>(${GAUSS4_SCALE_BITS}u);
}
`;
