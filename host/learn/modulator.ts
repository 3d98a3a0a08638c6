/**
 * The neuromodulator M of a plastic projection whose rule reads it (three-factor rules: rstdp,
 * mstdpet, mstdp). One f32 per batch instance, on the GPU; each step, before the spike passes:
 *   M <- M exp(-dt / tauMs) + perSpike x (spikes of `population` in this instance at this step)
 * then this step's scheduled events (add `amount`, or set M to it), in the order given. The rule's
 * statements read `M` = M + baseline. The host writes M (Simulator.setModulator) or schedules events
 * (Simulator.scheduleModulator) without reading anything back.
 */
import { InvalidParameterError } from '../errors.js';
import { rejectUnknownKeys, requireFinite, requireInteger, requireNonNegative, requireOneOf, requirePositive } from '../validate.js';

/** A scheduled change of M. */
export interface ModulatorEvent {
  /** Model time (ms, a multiple of dt, >= 0; with scheduleModulator, not before the current step). */
  timeMs: number;
  /** Added to M (mode 'add', the default: a reward) or the new value of M (mode 'set'). */
  amount: number;
  /** The batch instance it applies to; every instance when left out. */
  instance?: number;
  mode?: 'add' | 'set';
}

/** A projection's `synapse.modulator` in a model. */
export interface ModulatorSpec {
  /** Decay time constant (ms, > 0), as Izhikevich's dopamine tau_d = 200 ms. Left out: M holds its value (Florian's reward r(t)). */
  tauMs?: number;
  /** Added to M where the rule reads it (a tonic level, as Izhikevich's 0.002 per 10 ms). Default 0. */
  baseline?: number;
  /** M at step 0 and after reset(). Default 0. */
  initial?: number;
  /** A population whose spikes release the modulator (a dopamine population): each adds `perSpike` to M of its instance. */
  population?: string;
  perSpike?: number;
  /** Events known when the model is written (rewards at fixed times). */
  events?: ModulatorEvent[];
}

export interface ResolvedEvent {
  step: number;
  /** 0xffffffff: every instance. */
  instance: number;
  amount: number;
  mode: 'add' | 'set';
}

export interface ResolvedModulator {
  /** f32(exp(-dt / tauMs)), 1 without decay. */
  decay: number;
  baseline: number;
  initial: number;
  population: string | null;
  perSpike: number;
  events: ResolvedEvent[];
}

export const ALL_INSTANCES = 0xffffffff;

/** A time in ms on the dt grid, as a step. */
function stepOf(object: string, field: string, ms: unknown, dt: number): number {
  const v = requireNonNegative(object, field, ms, 'ms');
  const step = Math.round(v / dt);
  if (Math.abs(step * dt - v) > 1e-9 * Math.max(1, v) || step > 0xfffffffe) throw new InvalidParameterError(object, field, v, `a time on the step grid (a multiple of dt = ${dt} ms) below ${0xfffffffe * dt} ms`);
  return step;
}

/**
 * Checks events and turns them into steps, stably sorted by step. `batch` (when known) bounds the
 * instance; `fromStep` refuses events before the current step.
 */
export function resolveEvents(object: string, field: string, events: unknown, dt: number, batch: number | null, fromStep = 0): ResolvedEvent[] {
  if (!Array.isArray(events)) throw new InvalidParameterError(object, field, events, 'an array of { timeMs, amount, instance?, mode? }');
  const out = events.map((e: unknown, k) => {
    const at = `${field}[${k}]`;
    if (typeof e !== 'object' || e === null || Array.isArray(e)) throw new InvalidParameterError(object, at, e, 'an object { timeMs, amount, instance?, mode? }');
    const o = e as Record<string, unknown>;
    rejectUnknownKeys(`${object} ${at}`, o, ['timeMs', 'amount', 'instance', 'mode']);
    const step = stepOf(object, `${at}.timeMs`, o.timeMs, dt);
    if (step < fromStep) throw new InvalidParameterError(object, `${at}.timeMs`, o.timeMs, `a time not before the current step (${fromStep * dt} ms, step ${fromStep}): past events cannot apply`);
    const amount = Math.fround(requireFinite(object, `${at}.amount`, o.amount));
    if (!Number.isFinite(amount)) throw new InvalidParameterError(object, `${at}.amount`, o.amount, 'a value within f32 range');
    const instance = o.instance === undefined ? ALL_INSTANCES : requireInteger(object, `${at}.instance`, o.instance, 0, batch === null ? 0xfffffffe : batch - 1);
    const mode = requireOneOf(object, `${at}.mode`, o.mode ?? 'add', ['add', 'set'] as const);
    return { step, instance, amount, mode, k };
  });
  out.sort((a, b) => a.step - b.step || a.k - b.k);
  return out.map(({ step, instance, amount, mode }) => ({ step, instance, amount, mode }));
}

/** Validates a rule's `modulator` (undefined: a host-written M, no decay, starting at 0). */
export function resolveModulator(object: string, spec: unknown, dt: number): ResolvedModulator {
  if (spec === undefined) return { decay: 1, baseline: 0, initial: 0, population: null, perSpike: 0, events: [] };
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new InvalidParameterError(object, 'modulator', spec, 'an object { tauMs?, baseline?, initial?, population?, perSpike?, events? }');
  }
  const m = spec as Record<string, unknown>;
  rejectUnknownKeys(`${object} modulator`, m, ['tauMs', 'baseline', 'initial', 'population', 'perSpike', 'events']);
  const tau = m.tauMs === undefined ? Infinity : requirePositive(object, 'modulator.tauMs', m.tauMs, 'ms');
  const population = m.population === undefined ? null : m.population;
  if (population !== null && typeof population !== 'string') throw new InvalidParameterError(object, 'modulator.population', population, 'the name of a population of the network');
  if ((population === null) !== (m.perSpike === undefined)) {
    throw new InvalidParameterError(object, population === null ? 'modulator.perSpike' : 'modulator.perSpike', m.perSpike, population === null ? 'to be left out without modulator.population' : 'a finite amount each spike of the population adds to M');
  }
  const f32 = (field: string, v: unknown, dflt: number) => {
    const x = Math.fround(requireFinite(object, field, v ?? dflt));
    if (!Number.isFinite(x)) throw new InvalidParameterError(object, field, v, 'a value within f32 range');
    return x;
  };
  return {
    decay: Math.fround(Math.exp(-dt / tau)),
    baseline: f32('modulator.baseline', m.baseline, 0),
    initial: f32('modulator.initial', m.initial, 0),
    population,
    perSpike: f32('modulator.perSpike', m.perSpike, 0),
    events: m.events === undefined ? [] : resolveEvents(object, 'modulator.events', m.events, dt, null),
  };
}
