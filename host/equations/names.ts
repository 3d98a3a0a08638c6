/**
 * Which names a model may declare. A declared name becomes a WGSL struct member (s.v, p.tauMem), so it
 * must be a plain identifier that is not a WGSL keyword, reserved word or predeclared type, not a unit,
 * function or built-in of the language (dt, t, not_refractory, i, N, and, or, not), and not in spikegpu's prefix `sg_`.
 */
import { FUNCTIONS } from './ast.js';
import { UNITS } from './units.js';

const WGSL_WORDS = `alias break case const const_assert continue continuing default diagnostic discard else enable false fn for
if let loop override requires return struct switch true var while NULL Self abstract active alignas alignof as asm
asm_fragment async attribute auto await become binding_array cast catch class co_await co_return co_yield coherent
column_major common compile compile_fragment concept const_cast consteval constexpr constinit crate debugger decltype
delete demote demote_to_helper do dynamic_cast enum explicit export extends extern external fallthrough filter final
finally friend from fxgroup get goto groupshared highp impl implements import inline instanceof interface layout lowp
macro macro_rules match mediump meta mod module move mut mutable namespace new nil noexcept noinline nointerpolation
noperspective null nullptr of operator package packoffset partition pass patch pixelfragment precise precision premerge
priv protected pub public readonly ref regardless register reinterpret_cast require resource restrict self set shared
sizeof smooth snorm static static_assert static_cast std subroutine super target template this thread_local throw trait
try type typedef typeid typename typeof union unless unorm unsafe unsized use using varying virtual volatile wgsl where
with writeonly yield bool f16 f32 i32 u32 vec2 vec3 vec4 mat2x2 mat2x3 mat2x4 mat3x2 mat3x3 mat3x4 mat4x2 mat4x3 mat4x4
array atomic ptr sampler sampler_comparison texture_1d texture_2d texture_3d texture_cube bitcast select`.split(/\s+/);

/** Names the language itself gives a meaning to. */
export const BUILTIN_NAMES: ReadonlySet<string> = new Set(['dt', 't', 'not_refractory', 'and', 'or', 'not', 'True', 'False', 'i', 'N']);

// Declared names are printed only as struct members (s.v, p.tau), never as bare identifiers, so they
// cannot shadow the frame's locals (p, s, b, i, ...); spikegpu's own temporaries start with sg_.
const RESERVED: ReadonlySet<string> = new Set([...WGSL_WORDS, ...Object.keys(UNITS), ...Object.keys(FUNCTIONS), ...BUILTIN_NAMES]);

/** Why `name` cannot be declared, or null when it can. */
export function nameProblem(name: string): string | null {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) return `'${name}' is not a name (a letter, then letters, digits or _)`;
  if (name.length > 64) return `'${name.slice(0, 20)}...' is longer than 64 characters`;
  if (name.startsWith('sg_')) return `'${name}' starts with sg_, which spikegpu keeps for its own variables`;
  if (RESERVED.has(name)) {
    if (UNITS[name]) return `'${name}' is a unit`;
    if (name in FUNCTIONS) return `'${name}' is a function`;
    if (BUILTIN_NAMES.has(name)) return `'${name}' is a built-in name of the equation language`;
    return `'${name}' is a reserved word or type of WGSL`;
  }
  return null;
}
