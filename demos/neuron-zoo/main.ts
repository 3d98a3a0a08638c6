/**
 * Neuron zoo demo: the f–I curve (firing rate against a constant input current) of every neuron model,
 * measured on the GPU. Each model is one population of NEURONS neurons, neuron k driven by the k-th
 * current of its range; one recording per model (never a readback per step), rates from each neuron's
 * mean inter-spike interval. LIF and the non-leaky IAF are drawn with their analytic curves. The
 * settings live in the URL (a shareable link).
 */
import { createPopulation, IZHIKEVICH_PRESETS, type GpuContext, type PopulationOptions } from '../../host/index';
import { demoDevice, demoPanel, showError } from '../kit/page';
import { LinePlot } from '../kit/plots';
import { firingPatterns } from './patterns';

const NEURONS = 48;
const DT = 0.1; // ms
const stats = document.getElementById('stats') as HTMLElement;

const defaults = { durationMs: 1000, refractoryMs: 2, adaptation: 1000 };
const url = new URLSearchParams(location.search);
const settings = { ...defaults };
for (const k of Object.keys(defaults) as (keyof typeof defaults)[]) {
  const v = Number(url.get(k));
  if (url.has(k) && Number.isFinite(v)) settings[k] = v;
}
const keepInUrl = (): void => {
  const q = new URLSearchParams();
  for (const k of Object.keys(defaults) as (keyof typeof defaults)[]) if (settings[k] !== defaults[k]) q.set(k, String(settings[k]));
  history.replaceState(null, '', `${location.pathname}${q.size ? `?${q}` : ''}`);
};

interface Model {
  key: string;
  label: string;
  color: string;
  /** Input range, in the model's current unit, and that unit. */
  max: number;
  unit: string;
  options: (currents: number[]) => PopulationOptions;
  /** The analytic rate (Hz) at current I, where there is one. */
  theory?: (i: number) => number;
}

const lifParams = { tauMem: 20, vRest: -70, vThreshold: -50, vReset: -70, rMem: 1, tauSynExc: 5 };
/** The models with the settings `s` (a snapshot taken when a run starts). */
const models = (s: typeof settings): Model[] => [
  {
    key: 'lif', label: 'LIF', color: '#7cf', max: 60, unit: 'nA',
    options: (c) => ({ model: 'lif', size: NEURONS, dt: DT, params: { ...lifParams, refractoryMs: s.refractoryMs, biasCurrent: c } }),
    // T = t_ref + tau ln(R I / (R I - (theta - vRest))) above rheobase (R I > 20 mV).
    theory: (i) => (i * lifParams.rMem > lifParams.vThreshold - lifParams.vRest ? 1000 / (s.refractoryMs + lifParams.tauMem * Math.log((i * lifParams.rMem) / (i * lifParams.rMem - (lifParams.vThreshold - lifParams.vRest)))) : 0),
  },
  {
    key: 'alif', label: 'ALIF (adaptive threshold)', color: '#fc6', max: 60, unit: 'nA',
    options: (c) => ({ model: 'alif', size: NEURONS, dt: DT, params: { ...lifParams, refractoryMs: s.refractoryMs, biasCurrent: c, tauAdapt: 200, beta: s.adaptation } }),
  },
  {
    key: 'iaf', label: 'IAF (non-leaky)', color: '#9e6', max: 0.06, unit: 'nA (cm 0.1 nF)',
    options: (c) => ({ model: 'iaf', size: NEURONS, dt: DT, params: { cm: 0.1, vThreshold: 10, vReset: 0, refractoryMs: s.refractoryMs, biasCurrent: c } }),
    // dv/dt = I / cm: T = t_ref + cm theta / I.
    theory: (i) => (i > 0 ? 1000 / (s.refractoryMs + (0.1 * 10) / i) : 0),
  },
  {
    key: 'izhRS', label: 'Izhikevich regular spiking', color: '#f8a', max: 20, unit: '(paper units)',
    options: (c) => ({ model: 'izhikevich', size: NEURONS, dt: DT, params: { ...IZHIKEVICH_PRESETS.regularSpiking, biasCurrent: c } }),
  },
  {
    key: 'izhFS', label: 'Izhikevich fast spiking', color: '#c9f', max: 20, unit: '(paper units)',
    options: (c) => ({ model: 'izhikevich', size: NEURONS, dt: DT, params: { ...IZHIKEVICH_PRESETS.fastSpiking, biasCurrent: c } }),
  },
];

/** Per neuron: the rate (Hz) from its mean inter-spike interval (0 with fewer than 2 spikes). */
async function measure(gpu: GpuContext, m: Model, durationMs: number): Promise<{ currents: number[]; rates: number[] }> {
  const currents = Array.from({ length: NEURONS }, (_, k) => (m.max * k) / (NEURONS - 1));
  const pop = await createPopulation(gpu, { ...m.options(currents), name: `zoo-${m.key}` } as PopulationOptions);
  try {
    const ev = (await pop.record(Math.round(durationMs / DT))).events(0);
    const first = new Array<number>(NEURONS).fill(-1);
    const last = new Array<number>(NEURONS).fill(-1);
    const count = new Array<number>(NEURONS).fill(0);
    ev.steps.forEach((s, k) => {
      const i = ev.indices[k]!;
      if (first[i]! < 0) first[i] = s;
      last[i] = s;
      count[i]!++;
    });
    return { currents, rates: count.map((n, i) => (n < 2 ? 0 : (1000 * (n - 1)) / ((last[i]! - first[i]!) * DT))) };
  } finally {
    pop.destroy();
  }
}

async function main(): Promise<void> {
  const gpu = await demoDevice();
  const all = models(settings);
  const plot = new LinePlot(document.getElementById('plot')!, {
    xLabel: "input current (fraction of each model's range)", yLabel: 'rate (Hz)', height: 380, keep: NEURONS,
    series: all.flatMap((m) => [
      { label: `${m.label} (0 – ${m.max} ${m.unit})`, stroke: m.color },
      ...(m.theory ? [{ label: `${m.label}, theory`, stroke: m.color, dash: [4, 4] }] : []),
    ]),
  });
  const draw = (curves: { m: Model; currents: number[]; rates: number[] }[]): void => {
    plot.set(curves[0]!.currents.map((_, k) => k / (NEURONS - 1)), curves.flatMap((c) => [c.rates, ...(c.m.theory ? [c.currents.map((i) => c.m.theory!(i))] : [])]));
  };
  let busy = Promise.resolve();
  const run = (): void => {
    busy = busy.then(async () => {
      keepInUrl();
      // The settings of this run, fixed at its start: a control moved meanwhile queues the next run.
      const s = { ...settings };
      stats.textContent = 'measuring…';
      const t0 = performance.now();
      const curves = [];
      for (const m of models(s)) curves.push({ m, ...(await measure(gpu, m, s.durationMs)) });
      draw(curves);
      const seconds = (performance.now() - t0) / 1000;
      stats.textContent = `${curves.length} models × ${NEURONS} neurons × ${s.durationMs} ms in ${seconds.toFixed(1)} s · ${gpu.adapter.summary}`;
      document.body.dataset.curves = JSON.stringify(Object.fromEntries(curves.map((c) => [c.m.key, { currents: c.currents, rates: c.rates }])));
      document.body.dataset.runs = String(Number(document.body.dataset.runs ?? 0) + 1);
    }).catch(showError);
  };
  const gui = demoPanel('neuron zoo');
  gui.add(settings, 'durationMs', 200, 3000, 100).name('model time per curve (ms)').onFinishChange(run);
  gui.add(settings, 'refractoryMs', 0, 10, 0.5).name('refractory period (ms)').onFinishChange(run);
  gui.add(settings, 'adaptation', 0, 3000, 50).name('ALIF adaptation beta').onFinishChange(run);
  run();
  firingPatterns(gpu, gui.addFolder('firing patterns (traces)'));
}

void main().catch(showError);
