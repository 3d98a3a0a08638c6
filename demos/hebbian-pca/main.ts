/**
 * Hebbian PCA demo: two learners (hebbianPca, kernel hebbian) on a 2-D Gaussian cloud, one epoch per
 * frame each (63 mini-batch updates on the GPU, one weight readback), drawn over the samples with the
 * cloud's principal axes. The settings live in the URL (a shareable link).
 */
import { hebbianPca, type HebbianPca } from '../../host/index';
import { demoDevice, demoPanel, frameLoop, showError } from '../kit/page';
import { LinePlot } from '../kit/plots';

const SAMPLES = 2000;
const canvas = document.getElementById('plot') as HTMLCanvasElement;
const stats = document.getElementById('stats') as HTMLElement;
const g = canvas.getContext('2d') as CanvasRenderingContext2D;

const defaults = { angleDeg: 30, spread: 3, learningRate: 0.01, seed: 1, running: true };
const url = new URLSearchParams(location.search);
const settings = { ...defaults };
for (const k of ['angleDeg', 'spread', 'learningRate', 'seed'] as const) {
  const v = Number(url.get(k));
  if (url.has(k) && Number.isFinite(v)) settings[k] = v;
}
const keepInUrl = () => {
  const q = new URLSearchParams();
  for (const k of ['angleDeg', 'spread', 'learningRate', 'seed'] as const) if (settings[k] !== defaults[k]) q.set(k, String(settings[k]));
  history.replaceState(null, '', `${location.pathname}${q.size ? `?${q}` : ''}`);
};

/** Samples with standard deviations `spread` and 1 along the angle and across it (Box–Muller, seeded). */
function cloud(angleDeg: number, spread: number, seed: number): Float32Array {
  let s = (seed * 2654435761) >>> 0;
  const rand = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 2 ** 32;
  };
  const a = (angleDeg * Math.PI) / 180;
  const out = new Float32Array(2 * SAMPLES);
  for (let k = 0; k < SAMPLES; k++) {
    const r = Math.sqrt(-2 * Math.log(rand()));
    const u = 2 * Math.PI * rand();
    const major = spread * r * Math.cos(u);
    const minor = r * Math.sin(u);
    out[2 * k] = major * Math.cos(a) - minor * Math.sin(a);
    out[2 * k + 1] = major * Math.sin(a) + minor * Math.cos(a);
  }
  return out;
}

const angleBetween = (w: ArrayLike<number>, deg: number) => {
  const a = (deg * Math.PI) / 180;
  const c = Math.abs(w[0]! * Math.cos(a) + w[1]! * Math.sin(a)) / Math.hypot(w[0]!, w[1]!);
  return (Math.acos(Math.min(1, c)) * 180) / Math.PI;
};

async function main(): Promise<void> {
  const gpu = await demoDevice();
  const errors = new LinePlot(document.getElementById('errors')!, {
    xLabel: 'epoch', yLabel: 'angle to its principal axis (°)', height: 220, keep: 400,
    series: [{ label: "Oja's unit", stroke: '#e0454b' }, { label: 'Sanger, component 1', stroke: '#3b82f6' }, { label: 'Sanger, component 2', stroke: '#16a34a' }],
  });
  let data = cloud(settings.angleDeg, settings.spread, settings.seed);
  let oja: HebbianPca | undefined;
  let sanger: HebbianPca | undefined;
  let epochs = 0;
  // Every change is applied between epochs (demos/kit/page.ts frameLoop): the learning rate and the
  // seed make new learners, the cloud's angle and spread a new cloud for the same learners.
  const loop = frameLoop({ get paused() { return !settings.running; } });
  const build = async (): Promise<void> => {
    keepInUrl();
    oja?.destroy();
    sanger?.destroy();
    data = cloud(settings.angleDeg, settings.spread, settings.seed);
    const common = { inputs: 2, learningRate: settings.learningRate, batchSize: 32, seed: settings.seed };
    oja = await hebbianPca(gpu, { ...common, components: 1, rule: 'oja' });
    sanger = await hebbianPca(gpu, { ...common, components: 2, rule: 'sanger' });
    epochs = 0;
    errors.clear();
  };
  const newCloud = (): void => {
    keepInUrl();
    data = cloud(settings.angleDeg, settings.spread, settings.seed);
  };
  const gui = demoPanel('Hebbian PCA');
  gui.add(settings, 'angleDeg', -90, 90, 1).name('cloud angle (deg)').onChange(() => loop.apply(newCloud));
  gui.add(settings, 'spread', 1, 6, 0.1).name('spread (major / minor sd)').onChange(() => loop.apply(newCloud));
  gui.add(settings, 'learningRate', 0.001, 0.05, 0.001).name('learning rate η').onFinishChange(loop.rebuild);
  gui.add(settings, 'seed', 1, 99, 1).name('seed').onFinishChange(loop.rebuild);
  gui.add(settings, 'running').name('running');
  gui.add({ reset: loop.rebuild }, 'reset').name('reset weights');

  const frame = async (): Promise<void> => {
    if (!oja || !sanger) return;
    const before = oja.updates + sanger.updates;
    const t0 = performance.now();
    await oja.fit(data, { epochs: 1 });
    await sanger.fit(data, { epochs: 1 });
    const wo = await oja.weights();
    const ws = await sanger.weights();
    const updatesPerS = (oja.updates + sanger.updates - before) / ((performance.now() - t0) / 1000);
    epochs++;
    draw(data, wo, ws);
    const errOja = angleBetween(wo, settings.angleDeg);
    const err1 = angleBetween(ws.subarray(0, 2), settings.angleDeg);
    const err2 = angleBetween(ws.subarray(2, 4), settings.angleDeg + 90);
    stats.textContent = `epoch ${epochs} · ${updatesPerS.toFixed(0)} updates/s · angle to the principal axes: Oja ${errOja.toFixed(1)}°, ` +
      `Sanger ${err1.toFixed(1)}° and ${err2.toFixed(1)}° · |w| Oja ${Math.hypot(wo[0]!, wo[1]!).toFixed(3)} · ${gpu.adapter.summary}`;
    errors.push(epochs, [errOja, err1, err2]);
    loop.report({ epochs: String(epochs), errorOja: errOja.toFixed(3), errorSanger1: err1.toFixed(3), errorSanger2: err2.toFixed(3) });
  };
  loop.start(build, frame);
}

function draw(data: Float32Array, wo: Float32Array, ws: Float32Array): void {
  const W = canvas.width;
  const H = canvas.height;
  const scale = W / 2 / (3 * Math.max(settings.spread, 1) + 1);
  g.fillStyle = '#0b1020';
  g.fillRect(0, 0, W, H);
  g.fillStyle = 'rgba(200, 210, 230, 0.45)';
  for (let k = 0; k < SAMPLES; k += 2) g.fillRect(W / 2 + scale * data[2 * k]! - 1, H / 2 - scale * data[2 * k + 1]! - 1, 2, 2);
  const a = (settings.angleDeg * Math.PI) / 180;
  g.setLineDash([6, 6]);
  g.strokeStyle = '#9ca3af';
  g.lineWidth = 1;
  for (const b of [a, a + Math.PI / 2]) {
    g.beginPath();
    g.moveTo(W / 2 - W * Math.cos(b), H / 2 + W * Math.sin(b));
    g.lineTo(W / 2 + W * Math.cos(b), H / 2 - W * Math.sin(b));
    g.stroke();
  }
  g.setLineDash([]);
  const arrow = (w: ArrayLike<number>, color: string, length: number) => {
    const n = Math.hypot(w[0]!, w[1]!) || 1;
    const x = W / 2 + (length * w[0]!) / n;
    const y = H / 2 - (length * w[1]!) / n;
    g.strokeStyle = color;
    g.lineWidth = 4;
    g.beginPath();
    g.moveTo(W / 2, H / 2);
    g.lineTo(x, y);
    g.stroke();
    g.fillStyle = color;
    g.beginPath();
    g.arc(x, y, 6, 0, 2 * Math.PI);
    g.fill();
  };
  arrow(ws.subarray(2, 4), '#16a34a', 0.3 * W);
  arrow(ws.subarray(0, 2), '#3b82f6', 0.4 * W);
  arrow(wo, '#e0454b', 0.45 * W);
}

void main().catch(showError);
