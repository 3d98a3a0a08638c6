/**
 * Poisson input drawn inside a neuron kernel (Brian2's PoissonInput, GeNN's Poisson current source):
 * the number of input spikes a neuron receives this step from many independent Poisson sources, a
 * Poisson count of mean lambda = rate * dt. Knuth's product of uniforms in f32: multiply uniforms
 * until the product falls to exp(-lambda) (computed on the host); f32 products are correctly rounded,
 * so the oracle twin (poissonCount in kernels-tests/oracle/lif.ts) reproduces every count bit for bit.
 * Draw c of a neuron uses Philox counter (neuron, step, stream, instance | (c / 4) << 16), word c % 4
 * (instance < 2^16: batch is bounded by maxComputeWorkgroupsPerDimension). The count is capped at
 * POISSON_INPUT_MAX_COUNT, which lambda <= POISSON_INPUT_MAX_LAMBDA never reaches in practice.
 * Needs PHILOX_WGSL.
 */

/** Largest mean count per step the host accepts (rate * dt / 1000). */
export const POISSON_INPUT_MAX_LAMBDA = 20;
/** Hard cap of a count: P(Poisson(20) > 127) is below 1e-50. */
export const POISSON_INPUT_MAX_COUNT = 127;

export const POISSON_INPUT_WGSL = /* wgsl */ `
fn poissonCount(counter: vec4<u32>, key: vec2<u32>, expNegLambda: f32) -> u32 {
  var c = counter;
  var r = philox4x32_10(c, key);
  var prod = uniform01(r.x);
  var k = 0u;
  var w = 1u;
  loop {
    if (prod <= expNegLambda || k >= ${POISSON_INPUT_MAX_COUNT}u) {
      break;
    }
    k = k + 1u;
    if (w == 4u) {
      c.w = c.w + 0x10000u;
      r = philox4x32_10(c, key);
      w = 0u;
    }
    prod = prod * uniform01(r[w]);
    w = w + 1u;
  }
  return k;
}
`;
