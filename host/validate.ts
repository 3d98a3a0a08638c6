/**
 * Argument validation shared by every public entry point. Each check throws an
 * InvalidParameterError naming the object, the field, the value and what is allowed.
 */
import { InvalidParameterError, LimitExceededError } from './errors.js';

export type NumberOrArray = number | ArrayLike<number>;

/** The largest finite f32: parameters go to the GPU as f32, so larger magnitudes would become Inf there. */
export const F32_MAX = 3.4028234663852886e38;

/** A finite number whose f32 rounding is finite too. */
export function requireFinite(object: string, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > F32_MAX) {
    throw new InvalidParameterError(object, field, value, 'a finite number within the f32 range (|x| <= 3.4e38)');
  }
  return value;
}

/** A number > 0 that stays > 0 and finite in f32 (1.4e-45 .. 3.4e38). */
export function requirePositive(object: string, field: string, value: unknown, unit = ''): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || Math.fround(value) <= 0 || value > F32_MAX) {
    throw new InvalidParameterError(object, field, value, `a number > 0 within the f32 range (1.4e-45 to 3.4e38)${unit ? ` (${unit})` : ''}`);
  }
  return value;
}

export function requireNonNegative(object: string, field: string, value: unknown, unit = ''): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > F32_MAX) {
    throw new InvalidParameterError(object, field, value, `a number >= 0 within the f32 range (<= 3.4e38)${unit ? ` (${unit})` : ''}`);
  }
  return value;
}

/** Every field of a packed struct value (derived constants included) is finite in f32. */
export function requireFiniteF32Values(object: string, what: string, values: Readonly<Record<string, number | readonly number[]>>, hint = ''): void {
  for (const [k, v] of Object.entries(values)) {
    if (typeof v !== 'number') {
      v.forEach((x, j) => requireFiniteF32Values(object, what, { [`${k}[${j}]`]: x }, hint));
    } else if (!Number.isFinite(Math.fround(v))) {
      throw new InvalidParameterError(object, `${what}.${k}`, v, `a value finite in f32 (derived from the parameters; |x| <= 3.4e38)`, hint || undefined);
    }
  }
}

export function requireInteger(object: string, field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidParameterError(object, field, value, `an integer in [${min}, ${max}]`);
  }
  return value;
}

export function requireOneOf<T extends string>(object: string, field: string, value: unknown, options: readonly T[]): T {
  if (typeof value !== 'string' || !(options as readonly string[]).includes(value)) {
    throw new InvalidParameterError(object, field, value, `one of ${options.map((o) => JSON.stringify(o)).join(', ')}`);
  }
  return value as T;
}

function isArrayLikeNumber(value: unknown): value is ArrayLike<number> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

/**
 * A parameter that is either one number for the whole population or one per neuron.
 * `check` validates each element (its field name gets an index suffix for arrays).
 * Returns a function i -> value.
 */
export function perNeuron(
  object: string,
  field: string,
  value: unknown,
  size: number,
  check: (object: string, field: string, v: unknown) => number,
): { scalar: boolean; at: (i: number) => number } {
  if (isArrayLikeNumber(value)) {
    if (value.length !== size) {
      throw new InvalidParameterError(object, field, value, `a number or an array of length ${size} (one per neuron)`);
    }
    const arr = Array.from(value);
    for (let i = 0; i < arr.length; i++) check(object, `${field}[${i}]`, arr[i]);
    return { scalar: false, at: (i) => arr[i] as number };
  }
  const v = check(object, field, value);
  return { scalar: true, at: () => v };
}

/**
 * Names of populations, projections and layers: 1 to 64 characters, letters, digits and `_ . > -`,
 * not starting with `. > -` (e.g. "exc", "exc->inh", "layer_1.out"). They appear in messages,
 * labels and file names (`<name>_spikes.npy`), never in shader code; the pattern keeps them safe in
 * all three (no quotes, slashes, newlines or control characters).
 */
export const NAME_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.>-]{0,63}$/;

export function requireName(object: string, field: string, value: unknown): string {
  if (typeof value !== 'string' || !NAME_PATTERN.test(value)) {
    throw new InvalidParameterError(object, field, value,
      'a name of 1 to 64 characters from letters, digits and _ . > - (not starting with . > or -), e.g. "exc" or "exc->inh"');
  }
  return value;
}

/** Throws when an options object carries keys the function does not know (catches typos). */
export function rejectUnknownKeys(object: string, value: object, known: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      throw new InvalidParameterError(object, key, (value as Record<string, unknown>)[key],
        `no such option; known options are ${known.join(', ')}`);
    }
  }
}

/** Steps one run or record call may advance (the GPU's step counter is a u32; one call stays in i32). */
export const MAX_STEPS_PER_CALL = 2 ** 31 - 1;
/** Steps an object may advance in all, from creation or reset: the u32 step counter of the kernels. */
export const MAX_TOTAL_STEPS = 2 ** 32 - 1;

/** A step count for one call, given the steps already done since creation or reset. */
export function requireSteps(object: string, field: string, steps: unknown, done: number): number {
  const n = requireInteger(object, field, steps, 0, MAX_STEPS_PER_CALL);
  if (done + n > MAX_TOTAL_STEPS) {
    throw new LimitExceededError(object, field, done + n, MAX_TOTAL_STEPS,
      `The kernels count steps in a u32 and ${done} steps are done already: reset() (or build anew) before running that far.`, 'the step counter allows');
  }
  return n;
}
