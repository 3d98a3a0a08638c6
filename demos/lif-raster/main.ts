/**
 * LIF raster demo: the population is stepped on the GPU, each frame's spikes are read back as
 * bitmasks (one readback per frame, never per step) and drawn as a scrolling raster.
 */
import GUI from 'lil-gui';
import { acquireDevice, createPopulation, type Population } from '../../host/index';

const SIZE = 1000;
const DT = 0.1; // ms
const canvas = document.getElementById('raster') as HTMLCanvasElement;
const stats = document.getElementById('stats') as HTMLElement;
const errorBox = document.getElementById('error') as HTMLElement;
const g = canvas.getContext('2d') as CanvasRenderingContext2D;

const settings = { inputCurrent: 20, msPerFrame: 20, running: true };
// Fixed per-neuron offsets in [-5, 5] nA, shuffled so neighbouring rows differ.
const offsets = Array.from({ length: SIZE }, (_, i) => -5 + (10 * ((i * 7919) % SIZE)) / (SIZE - 1));
const bias = () => offsets.map((o) => settings.inputCurrent + o);

async function main(): Promise<void> {
  const gpu = await acquireDevice();
  document.body.dataset.adapter = gpu.adapter.summary;
  gpu.onError((e) => { errorBox.textContent = e.message; settings.running = false; });
  const pop: Population = await createPopulation(gpu, {
    model: 'lif', size: SIZE, dt: DT, name: 'raster-demo',
    params: { tauMem: 20, vRest: -70, vThreshold: -50, vReset: -70, refractoryMs: 2, tauSynExc: 5, biasCurrent: bias() },
  });
  const gui = new GUI({ title: 'LIF population' });
  gui.add(settings, 'inputCurrent', 0, 40, 0.5).name('input current I (nA)').onChange(() => pop.setParams({
    tauMem: 20, vRest: -70, vThreshold: -50, vReset: -70, refractoryMs: 2, tauSynExc: 5, biasCurrent: bias(),
  }));
  gui.add(settings, 'msPerFrame', 1, 100, 1).name('model ms per frame');
  gui.add(settings, 'running').name('running');

  let column = 0;
  let totalSpikes = 0;
  let modelMs = 0;
  g.fillStyle = '#000';
  g.fillRect(0, 0, canvas.width, canvas.height);

  const frame = async (): Promise<void> => {
    if (settings.running) {
      const steps = Math.round(settings.msPerFrame / DT);
      const rec = await pop.record(steps);
      const perColumn = Math.round(1 / DT); // steps per 1 ms column
      for (let s0 = 0; s0 < steps; s0 += perColumn) {
        const x = column % canvas.width;
        g.fillStyle = '#000';
        g.fillRect(x, 0, 1, canvas.height);
        g.fillStyle = '#7cf';
        for (let s = s0; s < Math.min(steps, s0 + perColumn); s++) {
          for (const i of rec.spikesAt(s)) g.fillRect(x, Math.floor((i * canvas.height) / SIZE), 1, 1);
        }
        g.fillStyle = '#f55';
        g.fillRect((x + 1) % canvas.width, 0, 1, canvas.height);
        column++;
      }
      const spikes = rec.totalSpikes();
      totalSpikes += spikes;
      modelMs += settings.msPerFrame;
      const rate = spikes / (SIZE * settings.msPerFrame * 1e-3);
      stats.textContent = `t = ${(modelMs / 1000).toFixed(2)} s · I = ${settings.inputCurrent} nA · rate ${rate.toFixed(1)} Hz · ${gpu.adapter.summary}`;
      document.body.dataset.rateHz = rate.toFixed(3);
      document.body.dataset.totalSpikes = String(totalSpikes);
      document.body.dataset.modelMs = String(modelMs);
    }
    requestAnimationFrame(() => void frame().catch(showError));
  };
  await frame();
}

function showError(e: unknown): void {
  errorBox.textContent = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  document.body.dataset.error = errorBox.textContent;
}

void main().catch(showError);
