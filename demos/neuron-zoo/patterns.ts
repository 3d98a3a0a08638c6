/**
 * Firing patterns of the neuron zoo: membrane traces of one Izhikevich cell (a preset or edited
 * a, b, c, d) and of LIF and ALIF neurons, under a current step at 20 ms, simulated on the GPU and
 * recorded by state probes (v every step, read back once per run) — Izhikevich 2003's figure in a tab.
 */
import type GUI from 'lil-gui';
import { IZHIKEVICH_PRESETS, Simulator, type GpuContext, type NetworkModel } from '../../host/index';
import { showError, urlSettings } from '../kit/page';
import { LinePlot } from '../kit/plots';

const DT = 0.1;
const ONSET_MS = 20;
/** Izhikevich 2003's classes: the library presets and two more of his figure. */
const PATTERNS: Record<string, { a: number; b: number; c: number; d: number }> = {
  ...IZHIKEVICH_PRESETS,
  thalamoCortical: { a: 0.02, b: 0.25, c: -65, d: 0.05 },
  resonator: { a: 0.1, b: 0.26, c: -65, d: 2 },
};
const LIF = { tauMem: 20, vRest: -70, vThreshold: -50, vReset: -70, refractoryMs: 2, rMem: 1, tauSynExc: 5 };

/** Spikes in a trace: upward crossings of `level`. */
const crossings = (v: ArrayLike<number>, level: number): number => {
  let n = 0;
  for (let k = 1; k < v.length; k++) if (v[k - 1]! < level && v[k]! >= level) n++;
  return n;
};

export function firingPatterns(gpu: GpuContext, folder: GUI): void {
  const { settings, keep } = urlSettings({ pattern: 'regularSpiking', a: 0.02, b: 0.2, c: -65, d: 8, izhCurrent: 10, lifCurrent: 25, traceMs: 300, alifBeta: 1000 });
  const plot = new LinePlot(document.getElementById('traces')!, {
    xLabel: 'model time (ms)', yLabel: 'membrane potential v (mV)', height: 320, keep: 100_000,
    series: [{ label: 'Izhikevich cell', stroke: '#f8a' }, { label: 'LIF', stroke: '#7cf' }, { label: 'ALIF (adaptive threshold)', stroke: '#fc6' }],
  });
  let busy = Promise.resolve();
  const run = (): void => {
    busy = busy.then(async () => {
      keep();
      // The settings of this run, fixed at its start: a control moved meanwhile queues the next run.
      const s = { ...settings };
      const izh = { a: s.a, b: s.b, c: s.c, d: s.d };
      const model: NetworkModel = {
        populations: [
          { name: 'izh', model: 'izhikevich', size: 1, params: { ...izh, biasCurrent: 0 } },
          { name: 'lif', model: 'lif', size: 1, params: { ...LIF, biasCurrent: 0 } },
          { name: 'alif', model: 'alif', size: 1, params: { ...LIF, biasCurrent: 0, tauAdapt: 200, beta: s.alifBeta } },
        ],
        projections: [],
      };
      const sim = await Simulator.build(gpu, model, { dt: DT });
      try {
        const probes = ['izh', 'lif', 'alif'].map((population) => ({ population, variable: 'v', neurons: [0] }));
        const before = await sim.run({ durationMs: ONSET_MS, probes });
        sim.population('izh').setParams({ ...izh, biasCurrent: s.izhCurrent });
        sim.population('lif').setParams({ ...LIF, biasCurrent: s.lifCurrent });
        sim.population('alif').setParams({ ...LIF, biasCurrent: s.lifCurrent, tauAdapt: 200, beta: s.alifBeta });
        const after = await sim.run({ durationMs: s.traceMs - ONSET_MS, probes });
        const trace = (name: string): number[] => [...before.probes[`${name}.v`]!.values, ...after.probes[`${name}.v`]!.values];
        const [vi, vl, va] = [trace('izh'), trace('lif'), trace('alif')];
        plot.set(vi.map((_, k) => (k + 1) * DT), [vi, vl, va]);
        // Izhikevich v peaks at vPeak (30 mV) and is reset within the step: count crossings of 0 mV;
        // LIF/ALIF are reset at threshold: count returns to vReset after the step, i.e. drops of > 10 mV.
        const resets = (v: number[]): number => v.reduce((n, x, k) => n + (k > 0 && v[k - 1]! - x > 10 ? 1 : 0), 0);
        Object.assign(document.body.dataset, { izhSpikes: String(crossings(vi, 0)), lifSpikes: String(resets(vl)), alifSpikes: String(resets(va)), traces: String(Number(document.body.dataset.traces ?? 0) + 1) });
      } finally {
        sim.destroy();
      }
    }).catch(showError);
  };
  folder.add(settings, 'pattern', Object.keys(PATTERNS)).name('Izhikevich class').onChange((k: string) => {
    const p = PATTERNS[k]!;
    Object.assign(settings, p);
    for (const c of Object.values(ctrl)) c.updateDisplay();
    run();
  });
  const ctrl = {
    a: folder.add(settings, 'a', 0, 0.2, 0.001).onFinishChange(run),
    b: folder.add(settings, 'b', 0, 0.3, 0.001).onFinishChange(run),
    c: folder.add(settings, 'c', -80, -40, 0.5).onFinishChange(run),
    d: folder.add(settings, 'd', 0, 10, 0.05).onFinishChange(run),
  };
  folder.add(settings, 'izhCurrent', 0, 30, 0.5).name('Izhikevich step I').onFinishChange(run);
  folder.add(settings, 'lifCurrent', 0, 60, 0.5).name('LIF/ALIF step I (nA)').onFinishChange(run);
  folder.add(settings, 'traceMs', 100, 1000, 10).name('trace length (ms)').onFinishChange(run);
  run();
}
