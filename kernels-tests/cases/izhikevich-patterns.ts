/**
 * Izhikevich 2003 Fig. 2 firing patterns under a constant input I = 10 from rest (v = -65, u = b v),
 * two half-steps of dt/2 per step as in the paper's code: regular spiking (adapting),
 * fast spiking (fast, little adaptation) and chattering (bursts). Spike counts must equal the oracle's.
 */
import type { GpuContext } from '../../host/gpu/context';
import { izhikevichKernel, IZHIKEVICH_PRESETS } from '../../host/kernels/izhikevich';
import { createPopulation } from '../../host/sim/population';
import { IzhikevichOracle } from '../oracle/izhikevich';

export interface PatternStats {
  spikes: number;
  oracleSpikes: number;
  spikeTimesEqual: boolean;
  /** Interspike intervals (ms). */
  isis: number[];
  rateHz: number;
}

export async function izhikevichPatterns(ctx: GpuContext, args: { steps: number; current: number; dt: number }): Promise<Record<string, PatternStats>> {
  const names = ['regularSpiking', 'fastSpiking', 'chattering'] as const;
  const out: Record<string, PatternStats> = {};
  for (const name of names) {
    const params = { ...IZHIKEVICH_PRESETS[name], biasCurrent: args.current, v0: -65 };
    const pop = await createPopulation(ctx, { model: 'izhikevich', size: 1, dt: args.dt, params, name });
    const rec = await pop.record(args.steps);
    const ev = rec.events(0);
    const oracle = new IzhikevichOracle(izhikevichKernel.resolve(name, params, 1, args.dt), 1, 1, 2 ** -16, args.dt);
    const oracleTimes: number[] = [];
    for (let s = 0; s < args.steps; s++) if ((oracle.step()[0] as number[]).length) oracleTimes.push(s);
    const times = Array.from(ev.steps);
    out[name] = {
      spikes: times.length,
      oracleSpikes: oracleTimes.length,
      spikeTimesEqual: times.length === oracleTimes.length && times.every((t, k) => t === oracleTimes[k]),
      isis: times.slice(1).map((t, k) => (t - (times[k] as number)) * args.dt),
      rateHz: times.length / ((args.steps * args.dt) / 1000),
    };
    pop.destroy();
  }
  return out;
}
