/**
 * HDF5 files as plain trees, read and written with h5wasm (the HDF5 C library compiled to WebAssembly;
 * the same code in browsers and Node, no Python). A file is read whole into groups of datasets (numbers
 * as Float64Array, strings as string[]), and a tree is written back (numeric arrays gzip-compressed in
 * one chunk, as NIR's writer does). h5wasm (4 MiB, an optional peer dependency: `npm install h5wasm`)
 * is imported on first use; without it a MissingDependencyError says what to install. Every failure is a FileFormatError naming the file and the place in it.
 */
import { FileFormatError, InvalidParameterError, LimitExceededError, MissingDependencyError } from '../errors.js';

/**
 * The deepest group nesting read: a NIR graph nested NIR_MAX_NESTING (32) deep is 2 x 32 groups
 * (node/nodes/<name>/...) plus a few for a node's fields. HDF5 access slows with depth, and a hostile
 * file must not exhaust the stack.
 */
export const HDF5_MAX_DEPTH = 2 * 32 + 6;

/** The default read budget (ReadBudget.maxElements): 2^28 numbers, 2 GiB as float64. */
export const HDF5_MAX_ELEMENTS = 2 ** 28;

/** How much a read may hold: the datasets' declared elements, summed, checked before any is read. */
export interface ReadBudget {
  maxElements?: number;
}

export type H5Dtype = 'float32' | 'float64' | 'int8' | 'int16' | 'int32' | 'int64' | 'uint8' | 'uint16' | 'uint32' | 'uint64' | 'bool' | 'string';

export interface H5Dataset {
  kind: 'dataset';
  /** [] for a scalar. */
  shape: number[];
  dtype: H5Dtype;
  /** Numbers (any numeric or boolean dtype, row-major) or strings. */
  values: Float64Array | string[];
  /** Read: whether the dataset was stored with a filter (deflate). */
  compressed?: boolean;
}

export interface H5Group {
  kind: 'group';
  children: Map<string, H5Group | H5Dataset>;
  attrs: Map<string, H5Dataset>;
}

export const group = (children: [string, H5Group | H5Dataset][] = [], attrs: [string, H5Dataset][] = []): H5Group => ({ kind: 'group', children: new Map(children), attrs: new Map(attrs) });
export const stringData = (value: string | string[], shape?: number[]): H5Dataset => ({
  kind: 'dataset', dtype: 'string', values: typeof value === 'string' ? [value] : value, shape: shape ?? (typeof value === 'string' ? [] : [value.length]),
});
export const numberData = (values: ArrayLike<number>, shape: number[], dtype: H5Dtype = 'float32'): H5Dataset => ({ kind: 'dataset', dtype, values: Float64Array.from(values), shape });

/** The 8-byte HDF5 signature; HDF5 looks for it at 0, 512, 1024, 2048, ... */
const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

interface H5wasmLike {
  ready: Promise<{ FS: { writeFile(p: string, b: Uint8Array): void; readFile(p: string): Uint8Array; unlink(p: string): void }; activate_throwing_error_handler(): void }>;
  File: new (name: string, mode: 'r' | 'w') => H5File;
}
interface H5Entity { type: string; keys?(): string[]; get?(name: string): H5Entity | null }
interface H5DatasetHandle extends H5Entity { metadata: { type: number; size: number; signed: boolean; shape: number[] | null }; shape: number[] | null; value: unknown; filters: unknown[]; attrs: Record<string, { value: unknown; shape: number[] | null; metadata: { type: number; size: number; signed: boolean } }> }
interface H5GroupHandle extends H5Entity {
  keys(): string[];
  get(name: string): H5Entity | null;
  attrs: H5DatasetHandle['attrs'];
  create_group(name: string): H5GroupHandle;
  create_dataset(a: { name: string; data: unknown; shape?: number[]; dtype?: string; chunks?: number[]; compression?: 'gzip'; compression_opts?: number }): unknown;
  create_attribute(name: string, data: unknown, shape?: number[] | null, dtype?: string | null): void;
}
interface H5File extends H5GroupHandle { close(): void }

let loaded: Promise<{ lib: H5wasmLike; fs: Awaited<H5wasmLike['ready']>['FS'] }> | undefined;
let serial = 0;

async function h5(): Promise<{ lib: H5wasmLike; fs: Awaited<H5wasmLike['ready']>['FS'] }> {
  loaded ??= (async () => {
    let mod: { default: H5wasmLike };
    try {
      mod = (await import('h5wasm')) as unknown as { default: H5wasmLike };
    } catch (cause) {
      loaded = undefined;
      throw new MissingDependencyError('h5wasm', 'Reading and writing NIR (HDF5) files', { cause });
    }
    const lib = mod.default;
    const m = await lib.ready;
    // HDF5 errors become JS exceptions instead of diagnostics printed to the console.
    m.activate_throwing_error_handler();
    return { lib, fs: m.FS };
  })();
  return loaded;
}

/** What the first bytes say the file is, when it is not HDF5 (for the error message). */
function sniff(bytes: Uint8Array): string {
  const head = String.fromCharCode(...bytes.subarray(0, 8));
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return 'a ZIP archive (PyTorch .pt/.pth and NumPy .npz files are ZIP archives), not HDF5';
  if (bytes[0] === 0x80 && bytes[1] !== undefined && bytes[1] <= 5) return 'a Python pickle, not HDF5';
  if (head.startsWith('\x93NUMPY')) return 'a NumPy .npy file, not HDF5';
  if (head.trimStart().startsWith('{')) return 'JSON text, not HDF5';
  if (bytes.length === 0) return 'empty';
  return 'not an HDF5 file (no HDF5 signature)';
}

function hasSignature(bytes: Uint8Array): boolean {
  for (let at = 0; at + 8 <= bytes.length; at = at === 0 ? 512 : at * 2) {
    if (SIGNATURE.every((b, i) => bytes[at + i] === b)) return true;
  }
  return false;
}

/** The last "minor:" line of an HDF5 error stack (the most specific reason). */
function hdf5Reason(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  const minors = [...text.matchAll(/minor: ([^\n]+)/g)].map((m) => m[1]!.trim());
  const details = [...text.matchAll(/in \w+\(\): ([^\n]+)/g)].map((m) => m[1]!.trim());
  return details.at(-1) ?? minors.at(-1) ?? text.split('\n')[0]!.slice(0, 200);
}

function dtypeOf(meta: { type: number; size: number; signed: boolean }, enumBool: boolean): H5Dtype | undefined {
  if (meta.type === 3) return 'string';
  if (meta.type === 1) return meta.size === 4 ? 'float32' : meta.size === 8 ? 'float64' : undefined;
  if (meta.type === 8 && enumBool) return 'bool';
  if (meta.type === 0 || meta.type === 8) {
    const bits = meta.size * 8;
    return `${meta.signed ? 'int' : 'uint'}${bits}` as H5Dtype;
  }
  return undefined;
}

function toValues(raw: unknown, dtype: H5Dtype): Float64Array | string[] {
  if (dtype === 'string') return (Array.isArray(raw) ? raw : [raw]).map((x) => String(x));
  if (typeof raw === 'number' || typeof raw === 'bigint' || typeof raw === 'boolean') return Float64Array.of(Number(raw));
  if (ArrayBuffer.isView(raw)) return Float64Array.from(raw as unknown as ArrayLike<number | bigint>, (x) => Number(x));
  if (Array.isArray(raw)) return Float64Array.from(raw.flat(Infinity) as unknown[], (x) => Number(x));
  return new Float64Array(0);
}

interface ReadState { file: string; left: number; limit: number }

function readDataset(st: ReadState, path: string, d: H5DatasetHandle): H5Dataset {
  const file = st.file;
  const meta = d.metadata as H5DatasetHandle['metadata'] & { enum_type?: { members: Record<string, number> } };
  const enumBool = meta.enum_type !== undefined && Object.keys(meta.enum_type.members).sort().join() === 'FALSE,TRUE';
  const dtype = dtypeOf(meta, enumBool);
  if (dtype === undefined) throw new FileFormatError(file, path, '', `a dataset of HDF5 type class ${meta.type} (size ${meta.size})`, 'numbers or strings');
  const shape = d.shape ?? [];
  // The plan before the read: the declared shape (a chunked dataset can declare far more than the file holds).
  const n = shape.reduce((a, b) => a * b, 1);
  st.left -= n;
  if (st.left < 0) {
    throw new LimitExceededError(file, `the numbers of its datasets up to ${path} (shape (${shape.join(', ')}))`, st.limit - st.left, st.limit,
      'The file declares more numbers than its read budget (option maxElements); nothing was read.', 'the read budget allows');
  }
  return { kind: 'dataset', shape, dtype, values: toValues(d.value, dtype), compressed: d.filters.length > 0 };
}

function readAttrs(attrs: H5DatasetHandle['attrs']): Map<string, H5Dataset> {
  const out = new Map<string, H5Dataset>();
  for (const [name, a] of Object.entries(attrs)) {
    const dtype = dtypeOf(a.metadata, false);
    if (dtype === undefined) continue;
    out.set(name, { kind: 'dataset', dtype, shape: a.shape ?? [], values: toValues(a.value, dtype) });
  }
  return out;
}

function readGroup(st: ReadState, path: string, g: H5GroupHandle, depth: number): H5Group {
  const file = st.file;
  if (depth > HDF5_MAX_DEPTH) throw new FileFormatError(file, path, '', `groups nested ${depth} deep`, `groups nested at most ${HDF5_MAX_DEPTH} deep (NIR graphs at most 32)`);
  const out = group([], [...readAttrs(g.attrs)]);
  for (const name of g.keys()) {
    const child = g.get(name);
    const at = path ? `${path}/${name}` : name;
    if (child === null) throw new FileFormatError(file, at, '', 'a link that leads nowhere', 'groups and datasets');
    if (child.type === 'Group') out.children.set(name, readGroup(st, at, child as H5GroupHandle, depth + 1));
    else if (child.type === 'Dataset') {
      const d = readDataset(st, at, child as H5DatasetHandle);
      out.children.set(name, d);
    } else throw new FileFormatError(file, at, '', `an HDF5 ${child.type}`, 'groups and datasets');
  }
  return out;
}

/** Reads an HDF5 file (its bytes) into a tree. `file` names it in errors; `budget` bounds what it may hold. */
export async function readHdf5(bytes: Uint8Array, file: string, budget: ReadBudget = {}): Promise<H5Group> {
  const limit = budget.maxElements ?? HDF5_MAX_ELEMENTS;
  if (!Number.isSafeInteger(limit) || limit < 1) throw new InvalidParameterError('HDF5 read', 'maxElements', budget.maxElements, 'an integer >= 1');
  if (!(bytes instanceof Uint8Array)) throw new FileFormatError(file, '', '', `bytes of type ${typeof bytes}`, 'a Uint8Array with the file\'s bytes');
  if (!hasSignature(bytes)) throw new FileFormatError(file, '', '', `the file is ${sniff(bytes)}`, 'an HDF5 file (NIR files are HDF5)');
  const { lib, fs } = await h5();
  const name = `/spikegpu-read-${++serial}.h5`;
  fs.writeFile(name, bytes);
  let f: H5File | undefined;
  try {
    try {
      f = new lib.File(name, 'r');
    } catch (e) {
      throw new FileFormatError(file, '', '', `HDF5 cannot open it (${hdf5Reason(e)}); the file is truncated or damaged`, 'a complete HDF5 file');
    }
    try {
      return readGroup({ file, left: limit, limit }, '', f, 0);
    } catch (e) {
      if (e instanceof FileFormatError || e instanceof LimitExceededError) throw e;
      throw new FileFormatError(file, '', '', `reading failed (${hdf5Reason(e)}); the file is truncated or damaged`, 'a complete HDF5 file');
    }
  } finally {
    try { f?.close(); } catch { /* already failed */ }
    fs.unlink(name);
  }
}

/** h5wasm's dtype codes (Python struct letters). */
const H5WASM_DTYPE: Partial<Record<H5Dtype, string>> = { float32: '<f', float64: '<d', int32: '<i', int64: '<q', uint8: '<B', int8: '<b', uint32: '<I', int16: '<h', uint16: '<H' };

function writeDataset(g: H5GroupHandle, name: string, d: H5Dataset, compress: boolean): void {
  if (d.dtype === 'string') {
    const values = d.values as string[];
    g.create_dataset({ name, data: d.shape.length === 0 ? values[0]! : values, ...(d.shape.length === 0 ? {} : { shape: d.shape }) });
    return;
  }
  const nums = d.values as Float64Array;
  const dtype = d.dtype === 'bool' ? 'uint8' : d.dtype === 'uint64' ? 'int64' : d.dtype;
  let data: ArrayBufferView | number | bigint;
  if (d.shape.length === 0) {
    data = dtype === 'int64' ? BigInt64Array.of(BigInt(Math.round(nums[0]!))) : dtype === 'float64' ? nums[0]! : dtype === 'float32' ? Float32Array.of(nums[0]!) : Int32Array.of(nums[0]!);
  } else if (dtype === 'int64') data = BigInt64Array.from(nums, (x) => BigInt(Math.round(x)));
  else if (dtype === 'float32') data = Float32Array.from(nums);
  else if (dtype === 'float64') data = Float64Array.from(nums);
  else if (dtype === 'uint8') data = Uint8Array.from(nums);
  else data = Int32Array.from(nums);
  const chunked = compress && d.shape.length > 0 && nums.length > 0;
  g.create_dataset({
    name, data, shape: d.shape, dtype: H5WASM_DTYPE[dtype] ?? '<d',
    ...(chunked ? { chunks: d.shape.map((s) => Math.max(1, s)), compression: 'gzip' as const, compression_opts: 4 } : {}),
  });
}

function writeGroup(g: H5GroupHandle, tree: H5Group, compress: boolean): void {
  for (const [name, a] of tree.attrs) {
    if (a.dtype === 'string') g.create_attribute(name, (a.values as string[])[0]!);
    else if (a.dtype === 'float64' || a.dtype === 'float32') g.create_attribute(name, (a.values as Float64Array)[0]!, [], '<d');
    else g.create_attribute(name, BigInt64Array.of(BigInt(Math.round((a.values as Float64Array)[0]!))), [], '<q');
  }
  for (const [name, child] of tree.children) {
    if (child.kind === 'group') writeGroup(g.create_group(name), child, compress);
    else writeDataset(g, name, child, compress);
  }
}

/** Writes a tree as an HDF5 file and returns its bytes. Numeric arrays are gzip-compressed unless `compress` is false. */
export async function writeHdf5(tree: H5Group, o: { compress?: boolean } = {}): Promise<Uint8Array> {
  const { lib, fs } = await h5();
  const name = `/spikegpu-write-${++serial}.h5`;
  const f = new lib.File(name, 'w');
  try {
    writeGroup(f, tree, o.compress !== false);
  } finally {
    f.close();
  }
  const bytes = fs.readFile(name);
  fs.unlink(name);
  return Uint8Array.from(bytes);
}
