/**
 * Philox4x32-10 in WGSL (Salmon et al. 2011). Mirrors host/random/philox.ts bit for bit:
 * 32x32->64 multiplies are built from 16-bit limbs because WGSL has no u64.
 * Counter = (index, step, stream, instance), key = (seedLo, seedHi).
 */
export const PHILOX_WGSL = /* wgsl */ `
fn mulhilo32(a: u32, b: u32) -> vec2<u32> {
  let al = a & 0xffffu;
  let ah = a >> 16u;
  let bl = b & 0xffffu;
  let bh = b >> 16u;
  let ll = al * bl;
  let lh = al * bh;
  let hl = ah * bl;
  let hh = ah * bh;
  let mid = (ll >> 16u) + (lh & 0xffffu) + (hl & 0xffffu);
  let hi = hh + (lh >> 16u) + (hl >> 16u) + (mid >> 16u);
  let lo = ((mid & 0xffffu) << 16u) | (ll & 0xffffu);
  return vec2<u32>(hi, lo);
}

fn philox4x32_10(counter: vec4<u32>, key: vec2<u32>) -> vec4<u32> {
  var x = counter;
  var k = key;
  for (var r = 0u; r < 10u; r = r + 1u) {
    if (r > 0u) {
      k = k + vec2<u32>(0x9e3779b9u, 0xbb67ae85u);
    }
    let p0 = mulhilo32(0xd2511f53u, x.x);
    let p1 = mulhilo32(0xcd9e8d57u, x.z);
    x = vec4<u32>(p1.x ^ x.y ^ k.x, p1.y, p0.x ^ x.w ^ k.y, p0.y);
  }
  return x;
}

/** u32 -> [0, 1) with 24 random bits (exact in f32). */
fn uniform01(word: u32) -> f32 {
  return f32(word >> 8u) * 5.9604644775390625e-8;
}
`;
