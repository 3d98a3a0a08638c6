/**
 * noContract(x): returns x unchanged, but through an integer XOR with a uniform that is always 0
 * (frame.noContract). The compiler cannot see through it, so a product passed through noContract is
 * rounded to f32 before the following add: no fused multiply-add (FMA contraction), which WGSL
 * compilers (Tint -> SPIR-V/GLSL -> LLVM or a GPU driver) may otherwise apply at will. This is what
 * makes GPU results bit-identical to the op-by-op f32 oracle on every implementation.
 * Cost: two integer ALU ops, negligible in these memory-bound kernels.
 */
export const NO_CONTRACT_WGSL = /* wgsl */ `
fn noContract(x: f32) -> f32 {
  return bitcast<f32>(bitcast<u32>(x) ^ frame.noContract);
}
`;
