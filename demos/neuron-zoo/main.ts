/**
 * Neuron zoo demo: the f–I curve (firing rate against a constant input current) of every neuron model,
 * measured on the GPU. Each model is one population of NEURONS neurons, neuron k driven by the k-th
 * current of its range; one recording per model (never a readback per step), rates from each neuron's
 * mean inter-spike interval. LIF and the non-leaky IAF are drawn with their analytic curves. The
 * settings live in the URL (a shareable link).
 */
import GUI from 'lil-gui';
import { acquireDevice, createPopulation, IZHIKEVICH_PRESETS, type GpuContext, type PopulationOptions } from '../../host/index';

const NEURONS = 48;
const DT = 0.1; // ms
const canvas = document.getElementById('plot') as HTMLCanvasElement;
const stats = document.getElementById('stats') as HTMLElement;
const errorBox = document.getElementById('error') as HTMLElement;
const g = canvas.getContext('2d') as CanvasRenderingContext2D;

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
const models = (): Model[] => [
  {
    key: 'lif', label: 'LIF', color: '#7cf', max: 60, unit: 'nA',
    options: (c) => ({ model: 'lif', size: NEURONS, dt: DT, params: { ...lifParams, refractoryMs: settings.refractoryMs, biasCurrent: c } }),
    // T = t_ref + tau ln(R I / (R I - (theta - vRest))) above rheobase (R I > 20 mV).
    theory: (i) => (i * lifParams.rMem > lifParams.vThreshold - lifParams.vRest ? 1000 / (settings.refractoryMs + lifParams.tauMem * Math.log((i * lifParams.rMem) / (i * lifParams.rMem - (lifParams.vThreshold - lifParams.vRest)))) : 0),
  },
  {
    key: 'alif', label: 'ALIF (adaptive threshold)', color: '#fc6', max: 60, unit: 'nA',
    options: (c) => ({ model: 'alif', size: NEURONS, dt: DT, params: { ...lifParams, refractoryMs: settings.refractoryMs, biasCurrent: c, tauAdapt: 200, beta: settings.adaptation } }),
  },
  {
    key: 'iaf', label: 'IAF (non-leaky)', color: '#9e6', max: 0.06, unit: 'nA (cm 0.1 nF)',
    options: (c) => ({ model: 'iaf', size: NEURONS, dt: DT, params: { cm: 0.1, vThreshold: 10, vReset: 0, refractoryMs: settings.refractoryMs, biasCurrent: c } }),
    // dv/dt = I / cm: T = t_ref + cm theta / I.
    theory: (i) => (i > 0 ? 1000 / (settings.refractoryMs + (0.1 * 10) / i) : 0),
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
async function measure(gpu: GpuContext, m: Model): Promise<{ currents: number[]; rates: number[] }> {
  const currents = Array.from({ length: NEURONS }, (_, k) => (m.max * k) / (NEURONS - 1));
  const pop = await createPopulation(gpu, { ...m.options(currents), name: `zoo-${m.key}` } as PopulationOptions);
  try {
    const ev = (await pop.record(Math.round(settings.durationMs / DT))).events(0);
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

function draw(curves: { m: Model; currents: number[]; rates: number[] }[]): void {
  const W = canvas.width;
  const H = canvas.height;
  g.fillStyle = '#000';
  g.fillRect(0, 0, W, H);
  const maxRate = Math.max(50, ...curves.flatMap((c) => c.rates)) * 1.05;
  const [left, bottom, top] = [50, H - 30, 10];
  g.strokeStyle = '#555';
  g.fillStyle = '#aaa';
  g.font = '12px system-ui';
  g.beginPath();
  g.moveTo(left, top);
  g.lineTo(left, bottom);
  g.lineTo(W - 10, bottom);
  g.stroke();
  for (let r = 0; r <= maxRate; r += maxRate > 300 ? 100 : 50) g.fillText(String(r), 8, bottom - ((bottom - top) * r) / maxRate + 4);
  g.fillText('input current (each model\'s own range, 0 → max) →', left + 10, H - 8);
  g.fillText('Hz', 8, top + 10);
  curves.forEach((c, n) => {
    const x = (k: number): number => left + ((W - 10 - left) * k) / (NEURONS - 1);
    const y = (r: number): number => bottom - ((bottom - top) * r) / maxRate;
    g.strokeStyle = c.m.color;
    g.lineWidth = 2;
    g.beginPath();
    c.rates.forEach((r, k) => (k ? g.lineTo(x(k), y(r)) : g.moveTo(x(k), y(r))));
    g.stroke();
    if (c.m.theory) {
      g.setLineDash([4, 4]);
      g.lineWidth = 1;
      g.beginPath();
      c.currents.forEach((i, k) => (k ? g.lineTo(x(k), y(c.m.theory!(i))) : g.moveTo(x(k), y(c.m.theory!(i)))));
      g.stroke();
      g.setLineDash([]);
    }
    g.fillStyle = c.m.color;
    g.fillText(`${c.m.label}: 0 – ${c.m.max} ${c.m.unit}${c.m.theory ? ' (dashed: theory)' : ''}`, left + 12, top + 16 + 16 * n);
  });
}

async function main(): Promise<void> {
  const gpu = await acquireDevice();
  document.body.dataset.adapter = gpu.adapter.summary;
  gpu.onError((e) => { errorBox.textContent = e.message; });
  let busy = Promise.resolve();
  const run = (): void => {
    busy = busy.then(async () => {
      keepInUrl();
      stats.textContent = 'measuring…';
      const t0 = performance.now();
      const curves = [];
      for (const m of models()) curves.push({ m, ...(await measure(gpu, m)) });
      draw(curves);
      const seconds = (performance.now() - t0) / 1000;
      stats.textContent = `${curves.length} models × ${NEURONS} neurons × ${settings.durationMs} ms in ${seconds.toFixed(1)} s · ${gpu.adapter.summary}`;
      document.body.dataset.curves = JSON.stringify(Object.fromEntries(curves.map((c) => [c.m.key, { currents: c.currents, rates: c.rates }])));
      document.body.dataset.runs = String(Number(document.body.dataset.runs ?? 0) + 1);
    }).catch(showError);
  };
  const gui = new GUI({ title: 'f–I curves' });
  gui.add(settings, 'durationMs', 200, 3000, 100).name('model time per curve (ms)').onFinishChange(run);
  gui.add(settings, 'refractoryMs', 0, 10, 0.5).name('refractory period (ms)').onFinishChange(run);
  gui.add(settings, 'adaptation', 0, 3000, 50).name('ALIF adaptation beta').onFinishChange(run);
  run();
}

function showError(e: unknown): void {
  errorBox.textContent = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  document.body.dataset.error = errorBox.textContent;
}

void main().catch(showError);
