/**
 * normalF32(w0, w1): a standard normal draw from two Philox words, bit for bit host/random/normal-f32.ts
 * (Box-Muller with ln, sqrt and cos in f32 +, -, * only; the method is described there). Needs
 * noContract (shaders/common/no-contract.wgsl.ts) and so a `frame.noContract` that is 0.
 */
const f = Math.fround;

/** The sampler's f32 constants (the WGSL embeds their bit patterns; host/random/normal-f32.ts uses the values). */
export const NORMAL_F32_CONSTANTS = {
  sqrt2: f(Math.SQRT2),
  ln2: f(Math.LN2),
  // 1 / d on [1.70, 2.42] (d = m + 1): a linear first guess (within 1.5 %), then Newton.
  recipA: f(0.9927),
  recipB: f(0.2427),
  atanh9: f(1 / 9), atanh7: f(1 / 7), atanh5: f(1 / 5), atanh3: f(1 / 3),
  twoPi: f(2 * Math.PI),
  cos8: f(1 / 40320), cos6: f(-1 / 720), cos4: f(1 / 24),
  sin9: f(1 / 362880), sin7: f(-1 / 5040), sin5: f(1 / 120), sin3: f(-1 / 6),
} as const;

const b32 = (x: number): string => `bitcast<f32>(${new Uint32Array(new Float32Array([x]).buffer)[0]}u)`;
const K = Object.fromEntries(Object.entries(NORMAL_F32_CONSTANTS).map(([k, v]) => [k, b32(v)])) as Record<keyof typeof NORMAL_F32_CONSTANTS, string>;

export const NORMAL_F32_WGSL = /* wgsl */ `
// ln u for a positive normal f32 u: e ln 2 + 2 atanh((m - 1) / (m + 1)), m in [sqrt(1/2), sqrt(2)).
fn lnF32(u: f32) -> f32 {
  let b = bitcast<u32>(u);
  var e = i32((b >> 23u) & 0xffu) - 127;
  var m = bitcast<f32>((b & 0x7fffffu) | 0x3f800000u);
  if (m > ${K.sqrt2}) {
    m = m * 0.5;
    e = e + 1;
  }
  let t = m - 1.0;
  let d = m + 1.0;
  var r = ${K.recipA} - noContract(${K.recipB} * d);
  // Three Newton steps, written out: no loop (llvmpipe counts every loop iteration of an invocation).
  r = r * (2.0 - noContract(d * r));
  r = r * (2.0 - noContract(d * r));
  r = r * (2.0 - noContract(d * r));
  let s = t * r;
  let s2 = s * s;
  var p = ${K.atanh9};
  p = noContract(p * s2) + ${K.atanh7};
  p = noContract(p * s2) + ${K.atanh5};
  p = noContract(p * s2) + ${K.atanh3};
  p = noContract(p * s2) + 1.0;
  return noContract(f32(e) * ${K.ln2}) + noContract((s + s) * p);
}

// sqrt x = x / sqrt x: the bit estimate of 1 / sqrt x and three Newton steps.
fn sqrtF32(x: f32) -> f32 {
  let h = x * 0.5;
  var y = bitcast<f32>(0x5f3759dfu - (bitcast<u32>(x) >> 1u));
  y = y * (1.5 - noContract(noContract(h * y) * y));
  y = y * (1.5 - noContract(noContract(h * y) * y));
  y = y * (1.5 - noContract(noContract(h * y) * y));
  return x * y;
}

// cos(2 pi v), v = (word >> 8) 2^-24: the nearest quarter turn q, then cos or sin of the rest.
fn cos2PiF32(word: u32) -> f32 {
  let k = word >> 8u;
  let q = (k + 0x200000u) >> 22u;
  let theta = f32(i32(k) - i32(q * 0x400000u)) * 5.9604644775390625e-8 * ${K.twoPi};
  let t2 = theta * theta;
  var c = ${K.cos8};
  c = noContract(c * t2) + ${K.cos6};
  c = noContract(c * t2) + ${K.cos4};
  c = noContract(c * t2) - 0.5;
  c = noContract(c * t2) + 1.0;
  var s = ${K.sin9};
  s = noContract(s * t2) + ${K.sin7};
  s = noContract(s * t2) + ${K.sin5};
  s = noContract(s * t2) + ${K.sin3};
  s = noContract(s * t2) + 1.0;
  s = theta * s;
  switch (q & 3u) {
    case 0u: { return c; }
    case 1u: { return -s; }
    case 2u: { return -c; }
    default: { return s; }
  }
}

// A standard normal draw: sqrt(-2 ln u1) cos(2 pi u2), u1 = ((w0 >> 8) + 1) 2^-24 in (0, 1].
fn normalF32(w0: u32, w1: u32) -> f32 {
  let u1 = f32((w0 >> 8u) + 1u) * 5.9604644775390625e-8;
  return sqrtF32(-2.0 * lnF32(u1)) * cos2PiF32(w1);
}
`;
