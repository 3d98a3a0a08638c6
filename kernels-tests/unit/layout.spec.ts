/** WGSL struct layout and packing (host/gpu/layout.ts) against the WGSL spec's alignment rules. */
import { expect, test } from '@playwright/test';
import { defineStruct, packArray, packOne, packStruct, uniformBufferSize, unpackField } from '../../host/gpu/layout';

test('scalars pack at 4-byte offsets, size rounds to the largest alignment', () => {
  const s = defineStruct('S', [['a', 'f32'], ['b', 'i32'], ['c', 'u32']]);
  expect(s.fields.map((f) => f.offset)).toEqual([0, 4, 8]);
  expect(s.size).toBe(12);
  expect(s.align).toBe(4);
  expect(s.stride).toBe(12);
  expect(uniformBufferSize(s)).toBe(16);
});

test('vec3<f32> aligns to 16 and occupies 12 bytes; a following f32 fills its tail (WGSL spec example)', () => {
  const s = defineStruct('S', [['a', 'f32'], ['v', 'vec3<f32>'], ['b', 'f32']]);
  expect(s.offsetOf('a')).toBe(0);
  expect(s.offsetOf('v')).toBe(16);
  expect(s.offsetOf('b')).toBe(28);
  expect(s.size).toBe(32);
  expect(s.align).toBe(16);
});

test('vec2 aligns to 8, vec4 to 16; struct size rounds up to 16', () => {
  const s = defineStruct('S', [['x', 'u32'], ['p', 'vec2<f32>'], ['y', 'f32'], ['q', 'vec4<u32>']]);
  expect([s.offsetOf('x'), s.offsetOf('p'), s.offsetOf('y'), s.offsetOf('q')]).toEqual([0, 8, 16, 32]);
  expect(s.size).toBe(48);
});

test('the WGSL declaration lists the fields in order', () => {
  const s = defineStruct('Params', [['alpha', 'f32'], ['n', 'u32']]);
  expect(s.wgsl).toBe('struct Params {\n  alpha: f32,\n  n: u32,\n}');
});

test('packing writes little-endian values at the layout offsets, f32 rounded', () => {
  const s = defineStruct('S', [['a', 'f32'], ['v', 'vec3<f32>'], ['i', 'i32'], ['u', 'u32']]);
  const buf = packOne(s, { a: 0.1, v: [1, 2, 3], i: -5, u: 0xffffffff });
  const view = new DataView(buf);
  expect(buf.byteLength).toBe(uniformBufferSize(s));
  expect(view.getFloat32(0, true)).toBe(Math.fround(0.1));
  expect([view.getFloat32(16, true), view.getFloat32(20, true), view.getFloat32(24, true)]).toEqual([1, 2, 3]);
  expect(view.getInt32(28, true)).toBe(-5);
  expect(view.getUint32(32, true)).toBe(0xffffffff);
});

test('arrays of structs use the stride; unpackField reads one field back', () => {
  const s = defineStruct('State', [['v', 'f32'], ['refr', 'i32']]);
  const buf = packArray(s, 3, (i) => ({ v: i + 0.5, refr: -i }));
  expect(buf.byteLength).toBe(24);
  expect(Array.from(unpackField(s, buf, 'v', 3))).toEqual([0.5, 1.5, 2.5]);
  expect(Array.from(unpackField(s, buf, 'refr', 3))).toEqual([0, -1, -2]);
});

test('packing rejects missing, unknown, out-of-range and NaN values', () => {
  const s = defineStruct('S', [['a', 'f32'], ['i', 'i32'], ['u', 'u32']]);
  const view = new DataView(new ArrayBuffer(16));
  expect(() => packStruct(s, { a: 1, i: 0 }, view)).toThrow(/missing field u/);
  expect(() => packStruct(s, { a: 1, i: 0, u: 0, z: 1 }, view)).toThrow(/unknown field z/);
  expect(() => packStruct(s, { a: 1, i: 2 ** 31, u: 0 }, view)).toThrow(/not an i32/);
  expect(() => packStruct(s, { a: 1, i: 0, u: -1 }, view)).toThrow(/not a u32/);
  expect(() => packStruct(s, { a: NaN, i: 0, u: 0 }, view)).toThrow(/not a number/);
  expect(() => defineStruct('S', [['a', 'f32'], ['a', 'u32']])).toThrow(/duplicate/);
  expect(() => defineStruct('S', [])).toThrow(/at least one field/);
});
