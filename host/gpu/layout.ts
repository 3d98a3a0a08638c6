/**
 * WGSL struct layout and packing, by the alignment rules of the WGSL spec (§ "Memory Layout"):
 * scalars align 4; vec2 aligns 8; vec3 and vec4 align 16 (vec3 occupies 12 bytes); a struct
 * aligns to its largest member and its size rounds up to that alignment. A buffer bound as a uniform
 * is allocated at `uniformBufferSize(layout)` (a multiple of 16). This is the one place where host data is laid
 * out for the GPU: kernels declare fields here and get both the WGSL `struct` text and a packer.
 */

export type ScalarType = 'f32' | 'i32' | 'u32';
export type FieldType = ScalarType | 'vec2<f32>' | 'vec3<f32>' | 'vec4<f32>' | 'vec2<u32>' | 'vec4<u32>' | 'vec4<i32>';

interface TypeInfo { scalar: ScalarType; count: number; align: number; size: number }

const TYPES: Record<FieldType, TypeInfo> = {
  f32: { scalar: 'f32', count: 1, align: 4, size: 4 },
  i32: { scalar: 'i32', count: 1, align: 4, size: 4 },
  u32: { scalar: 'u32', count: 1, align: 4, size: 4 },
  'vec2<f32>': { scalar: 'f32', count: 2, align: 8, size: 8 },
  'vec2<u32>': { scalar: 'u32', count: 2, align: 8, size: 8 },
  'vec3<f32>': { scalar: 'f32', count: 3, align: 16, size: 12 },
  'vec4<f32>': { scalar: 'f32', count: 4, align: 16, size: 16 },
  'vec4<u32>': { scalar: 'u32', count: 4, align: 16, size: 16 },
  'vec4<i32>': { scalar: 'i32', count: 4, align: 16, size: 16 },
};

export interface FieldLayout {
  readonly name: string;
  readonly type: FieldType;
  readonly offset: number;
  readonly size: number;
}

export type StructValues = Readonly<Record<string, number | readonly number[]>>;

export interface StructLayout {
  readonly name: string;
  readonly fields: readonly FieldLayout[];
  /** Alignment of the struct (largest member alignment). */
  readonly align: number;
  /** Size in bytes (rounded up to `align`), as WGSL computes it. */
  readonly size: number;
  /** Stride of `array<Name>` in storage: size rounded up to align (== size). */
  readonly stride: number;
  /** The WGSL declaration `struct Name { ... }`. */
  readonly wgsl: string;
  /** Field offset by name (throws for unknown names). */
  offsetOf(field: string): number;
}

const roundUp = (n: number, k: number): number => Math.ceil(n / k) * k;

/** Declares a struct. `fields` are [name, type] pairs in declaration order. */
export function defineStruct(name: string, fields: ReadonlyArray<readonly [string, FieldType]>): StructLayout {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`defineStruct: invalid struct name ${JSON.stringify(name)}`);
  if (fields.length === 0) throw new Error(`defineStruct(${name}): a WGSL struct needs at least one field`);
  const seen = new Set<string>();
  let offset = 0;
  let align = 1;
  const out: FieldLayout[] = [];
  for (const [fname, type] of fields) {
    if (seen.has(fname)) throw new Error(`defineStruct(${name}): duplicate field ${fname}`);
    seen.add(fname);
    const info = TYPES[type];
    if (!info) throw new Error(`defineStruct(${name}): unsupported type ${String(type)} for ${fname}`);
    offset = roundUp(offset, info.align);
    out.push({ name: fname, type, offset, size: info.size });
    offset += info.size;
    align = Math.max(align, info.align);
  }
  const size = roundUp(offset, align);
  const byName = new Map(out.map((f) => [f.name, f]));
  const wgsl = `struct ${name} {\n${out.map((f) => `  ${f.name}: ${f.type},`).join('\n')}\n}`;
  return {
    name,
    fields: out,
    align,
    size,
    stride: roundUp(size, align),
    wgsl,
    offsetOf(field: string): number {
      const f = byName.get(field);
      if (!f) throw new Error(`struct ${name} has no field ${field}`);
      return f.offset;
    },
  };
}

function writeScalar(view: DataView, offset: number, scalar: ScalarType, v: number, where: string): void {
  if (typeof v !== 'number' || Number.isNaN(v)) throw new Error(`pack ${where}: value ${String(v)} is not a number`);
  switch (scalar) {
    case 'f32':
      view.setFloat32(offset, v, true);
      break;
    case 'i32':
      if (!Number.isInteger(v) || v < -0x80000000 || v > 0x7fffffff) throw new Error(`pack ${where}: ${v} is not an i32`);
      view.setInt32(offset, v, true);
      break;
    case 'u32':
      if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new Error(`pack ${where}: ${v} is not a u32`);
      view.setUint32(offset, v, true);
      break;
  }
}

/** Bytes to allocate for a uniform buffer holding one `layout` struct (uniform bindings use multiples of 16). */
export function uniformBufferSize(layout: StructLayout): number {
  return roundUp(layout.size, 16);
}

/** Writes one struct value at `byteOffset` of `view`. Every field must be given. */
export function packStruct(layout: StructLayout, values: StructValues, view: DataView, byteOffset = 0): void {
  for (const f of layout.fields) {
    const v = values[f.name];
    if (v === undefined) throw new Error(`pack ${layout.name}: missing field ${f.name}`);
    const info = TYPES[f.type];
    const where = `${layout.name}.${f.name}`;
    if (info.count === 1) {
      if (typeof v !== 'number') throw new Error(`pack ${where}: expected a number`);
      writeScalar(view, byteOffset + f.offset, info.scalar, v, where);
    } else {
      if (typeof v === 'number' || v.length !== info.count) throw new Error(`pack ${where}: expected ${info.count} components`);
      for (let c = 0; c < info.count; c++) writeScalar(view, byteOffset + f.offset + 4 * c, info.scalar, v[c] as number, where);
    }
  }
  for (const key of Object.keys(values)) {
    if (!layout.fields.some((f) => f.name === key)) throw new Error(`pack ${layout.name}: unknown field ${key}`);
  }
}

/** Packs one struct into a fresh ArrayBuffer, padded to a multiple of 16 bytes (usable as a uniform). */
export function packOne(layout: StructLayout, values: StructValues): ArrayBuffer {
  const buf = new ArrayBuffer(uniformBufferSize(layout));
  packStruct(layout, values, new DataView(buf));
  return buf;
}

/** Packs `count` structs (an `array<Struct>`), element i from `valuesAt(i)`. */
export function packArray(layout: StructLayout, count: number, valuesAt: (i: number) => StructValues): ArrayBuffer {
  const buf = new ArrayBuffer(Math.max(layout.stride * count, 0));
  const view = new DataView(buf);
  for (let i = 0; i < count; i++) packStruct(layout, valuesAt(i), view, i * layout.stride);
  return buf;
}

/** Reads field `field` of every element of a packed `array<Struct>` as numbers. */
export function unpackField(layout: StructLayout, data: ArrayBuffer, field: string, count: number): Float64Array {
  const f = layout.fields.find((x) => x.name === field);
  if (!f) throw new Error(`struct ${layout.name} has no field ${field}`);
  const info = TYPES[f.type];
  if (info.count !== 1) throw new Error(`unpackField: ${layout.name}.${field} is a vector`);
  const view = new DataView(data);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const o = i * layout.stride + f.offset;
    out[i] = info.scalar === 'f32' ? view.getFloat32(o, true) : info.scalar === 'i32' ? view.getInt32(o, true) : view.getUint32(o, true);
  }
  return out;
}
