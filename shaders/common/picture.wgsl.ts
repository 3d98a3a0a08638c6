/**
 * WGSL shared by the picture kernels (raster, stateMap): the full-screen triangle's vertex shader and
 * floor(i * n / d) without overflowing u32.
 */
export const PICTURE_WGSL = /* wgsl */ `
@vertex
fn vs(@builtin(vertex_index) i: u32) -> @builtin(position) vec4f {
  var corners = array<vec2f, 3>(vec2f(-1.0, -1.0), vec2f(3.0, -1.0), vec2f(-1.0, 3.0));
  return vec4f(corners[i], 0.0, 1.0);
}

// floor(i * n / d) for i <= d, without overflowing u32 (d <= 8192).
fn scaled(i: u32, n: u32, d: u32) -> u32 {
  return i * (n / d) + (i * (n % d)) / d;
}
`;
