/**
 * Option checks for the model builders (examples.ts, microcircuit.ts): the options object may only
 * carry the builder's keys (typos are refused, not ignored), and each option is checked where it is
 * read, its default taking the place of undefined. Every failure is an InvalidParameterError naming
 * the builder, the option, the value and what is allowed.
 */
import { InvalidParameterError } from '../errors.js';
import { rejectUnknownKeys, requireOneOf } from '../validate.js';

/** The options object of `builder` (undefined is {}), with only the keys in `known`. */
export function builderOptions<T extends object>(builder: string, options: T | undefined, known: readonly (keyof T & string)[]): Partial<T> {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidParameterError(builder, 'options', options, 'an options object (or nothing, for the defaults)');
  }
  rejectUnknownKeys(builder, options, known);
  return options;
}

export interface NumberRange {
  /** Smallest value allowed (inclusive). */
  min?: number;
  /** Values must be greater than this. */
  above?: number;
  /** Largest value allowed (inclusive). */
  max?: number;
  integer?: boolean;
  /** Said after the range in the error: the unit or what the number means. */
  unit?: string;
}

function describe(r: NumberRange): string {
  const parts = [r.integer ? 'an integer' : 'a finite number'];
  if (r.above !== undefined) parts.push(`> ${r.above}`);
  if (r.min !== undefined) parts.push(`>= ${r.min}`);
  if (r.max !== undefined) parts.push(`<= ${r.max}`);
  return parts.join(' ') + (r.unit ? ` (${r.unit})` : '');
}

/** Option `field` of `builder`: `fallback` when undefined (a required option has none), else a number in `range`. */
export function numberOption(builder: string, field: string, value: unknown, fallback: number | undefined, range: NumberRange): number {
  if (value === undefined) {
    if (fallback === undefined) throw new InvalidParameterError(builder, field, value, `${describe(range)}: this option is required`);
    return fallback;
  }
  const ok = typeof value === 'number' && Number.isFinite(value) && (!range.integer || Number.isInteger(value))
    && (range.min === undefined || value >= range.min) && (range.above === undefined || value > range.above)
    && (range.max === undefined || value <= range.max);
  if (!ok) throw new InvalidParameterError(builder, field, value, describe(range));
  return value as number;
}

/** Option `field` of `builder`: `fallback` when undefined, else one of `values`. */
export function choiceOption<T extends string>(builder: string, field: string, value: unknown, fallback: T, values: readonly T[]): T {
  return value === undefined ? fallback : requireOneOf(builder, field, value, values);
}

/** Seeds of the builders: integers in [0, 2^53). */
export const SEED_RANGE: NumberRange = { integer: true, min: 0, max: Number.MAX_SAFE_INTEGER };
/** Population sizes: up to 2^31 - 1 neurons (the kernels index neurons with u32 and i32). */
export const SIZE_MAX = 2 ** 31 - 1;
