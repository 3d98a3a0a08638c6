/**
 * Structural plasticity of a plastic projection (the `structural` field of its synapse object):
 * every `everyMs`, on the GPU, each presynaptic row drops the synapses whose weight is below
 * `pruneBelow` in every instance and grows new ones to random targets until it holds `capacity`
 * synapses (kernel shaders/structural.wgsl.ts; the transposed index is rebuilt after each rewiring).
 */
import { InvalidParameterError } from '../errors.js';
import { rejectUnknownKeys, requireFinite, requireInteger, requirePositive } from '../validate.js';
import type { RuleInstance } from './rule.js';

export interface StructuralSpec {
  /** Interval between rewirings (ms, rounded to whole steps, >= one step). */
  everyMs: number;
  /** A synapse whose weight is below this in every instance is pruned (weight unit, within [wMin, wMax]). */
  pruneBelow: number;
  /** Weight of a new synapse (within [wMin, wMax]). Default: pruneBelow. */
  regrowWeight?: number;
  /** Synapses each row grows back to (>= the longest initial row, <= the possible targets, <= 8191). Default: the longest initial row. */
  capacity?: number;
}

export interface ResolvedStructural {
  every: number;
  pruneBelow: number;
  regrowWeight: number;
  /** undefined: the longest initial row (known once the rows are). */
  capacity: number | undefined;
}

/** The largest row capacity (a row's regrowth loop runs at most 8 x capacity times: llvmpipe's 65 535-iteration loop limit). */
export const STRUCTURAL_MAX_CAPACITY = 8191;

export function resolveStructural(where: string, spec: unknown, dt: number, rule: RuleInstance): ResolvedStructural {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) throw new InvalidParameterError(where, 'structural', spec, '{ everyMs, pruneBelow, regrowWeight?, capacity? }');
  const s = spec as Record<string, unknown>;
  rejectUnknownKeys(`${where} structural`, s, ['everyMs', 'pruneBelow', 'regrowWeight', 'capacity']);
  const everyMs = requirePositive(where, 'structural.everyMs', s.everyMs, 'ms');
  const every = Math.round(everyMs / dt);
  if (every < 1) throw new InvalidParameterError(where, 'structural.everyMs', everyMs, `at least one step (dt = ${dt} ms)`);
  const within = (field: string, v: unknown): number => {
    const x = requireFinite(where, field, v);
    if (!(x >= rule.wMin && x <= rule.wMax)) throw new InvalidParameterError(where, field, x, `a weight within the rule's bounds [wMin, wMax] = [${rule.wMin}, ${rule.wMax}]`);
    return Math.fround(x);
  };
  if (s.pruneBelow === undefined) throw new InvalidParameterError(where, 'structural.pruneBelow', undefined, 'the weight below which a synapse is pruned (within [wMin, wMax])');
  const pruneBelow = within('structural.pruneBelow', s.pruneBelow);
  const regrowWeight = s.regrowWeight === undefined ? pruneBelow : within('structural.regrowWeight', s.regrowWeight);
  const capacity = s.capacity === undefined ? undefined : requireInteger(where, 'structural.capacity', s.capacity, 1, STRUCTURAL_MAX_CAPACITY);
  return { every, pruneBelow, regrowWeight, capacity };
}
