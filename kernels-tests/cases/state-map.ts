/**
 * StateMap (the stateMap kernel) vs its oracle: a random network runs, the map of a population's v
 * (and iExc) is drawn offscreen and read back, and compared pixel by pixel with the oracle's picture
 * of the state read back by readState().
 */
import type { GpuContext } from '../../host/gpu/context';
import { Simulator } from '../../host/sim/simulator';
import { StateMap } from '../../host/sim/state-map';
import { stateMapOracle } from '../oracle/stateMap';
import { comparePixels, errorRecorder } from './common';
import { randomNetwork } from './network';

export interface StateMapCaseArgs { seed: number; fused: 'on' | 'off'; variable: string; range: [number, number]; columns?: number; targets: [number, number][] }

export async function stateMapVsOracle(ctx: GpuContext, a: StateMapCaseArgs): Promise<{ columns: number; rows: number; targets: { size: string; mismatches: number; colours: number; firstMismatch: string }[] }> {
  const sim = await Simulator.build(ctx, randomNetwork({ seed: a.seed, steps: 0, batch: 1, sizes: [70, 100, 45], rule: 'fixedProbability' }), { dt: 0.5, seed: a.seed, fused: a.fused });
  const stops = [[0.25, 0, 0.5], [0, 0.5, 0.5], [1, 0.875, 0.125]] as const;
  const map = StateMap.create(sim, { population: 'exc', variable: a.variable, range: a.range, ...(a.columns ? { columns: a.columns } : {}), colors: [[...stops[0]], [...stops[1]], [...stops[2]]], background: '#102030' });
  try {
    await sim.run({ steps: 57 });
    const values = (await sim.population('exc').readState())[a.variable]!.subarray(0, 100);
    const targets = [];
    for (const [width, height] of a.targets) {
      const gpu = await map.renderPixels(width, height);
      const expected = stateMapOracle({ width, height, columns: map.columns, values, lo: a.range[0], hi: a.range[1], stops, background: [16 / 255, 32 / 255, 48 / 255] });
      targets.push({ size: `${width}x${height}`, ...comparePixels(gpu, expected, width) });
    }
    return { columns: map.columns, rows: map.rows, targets };
  } finally {
    map.destroy();
    sim.destroy();
  }
}

/** Bad input to StateMap: the error message of each attempt. */
export async function stateMapBadInput(ctx: GpuContext): Promise<Record<string, string>> {
  const sim = await Simulator.build(ctx, randomNetwork({ seed: 1, steps: 0, batch: 1, sizes: [10, 20, 10], rule: 'fixedProbability' }), { dt: 0.5, seed: 1 });
  const { out, attempt } = errorRecorder();
  try {
    await attempt('poisson population', () => StateMap.create(sim, { population: 'input', range: [0, 1] }));
    await attempt('unknown variable', () => StateMap.create(sim, { population: 'exc', variable: 'w', range: [0, 1] }));
    await attempt('integer variable', () => StateMap.create(sim, { population: 'exc', variable: 'refr', range: [0, 1] }));
    await attempt('empty range', () => StateMap.create(sim, { population: 'exc', range: [1, 1] }));
    await attempt('NaN range', () => StateMap.create(sim, { population: 'exc', range: [Number.NaN, 1] }));
    await attempt('columns 0', () => StateMap.create(sim, { population: 'exc', range: [0, 1], columns: 0 }));
    const gone = StateMap.create(sim, { population: 'exc', range: [0, 1] });
    gone.destroy();
    await attempt('draw after destroy', () => gone.renderPixels(4, 4));
  } finally {
    sim.destroy();
  }
  return out;
}
