/**
 * CUBA network demo: Simulator.run records both populations for a few ms of model time per frame
 * (one readback per frame) and the raster scrolls; a lil-gui slider changes El between runs.
 */
import GUI from 'lil-gui';
import { acquireDevice, cuba, Simulator } from '../../host/index';

const canvas = document.getElementById('raster') as HTMLCanvasElement;
const stats = document.getElementById('stats') as HTMLElement;
const errorBox = document.getElementById('error') as HTMLElement;
const g = canvas.getContext('2d') as CanvasRenderingContext2D;
const SIZE = 2000;
const DT = 0.1;
const settings = { El: -49, msPerFrame: 10, running: true };

async function main(): Promise<void> {
  const gpu = await acquireDevice();
  const model = cuba({ size: SIZE });
  const sim = await Simulator.build(gpu, model, { dt: DT, seed: 1 });
  const nExc = sim.population('exc').size;
  const gui = new GUI({ title: 'CUBA network' });
  const neuronParams = (name: string) => ({ ...(model.populations.find((p) => p.name === name)!.params as Record<string, unknown>) });
  gui.add(settings, 'El', -60, -45, 0.5).name('resting potential El (mV)').onChange(() => {
    for (const name of ['exc', 'inh']) sim.population(name).setParams({ ...neuronParams(name), vRest: settings.El });
  });
  gui.add(settings, 'msPerFrame', 1, 50, 1).name('model ms per frame');
  gui.add(settings, 'running').name('running');
  g.fillStyle = '#000';
  g.fillRect(0, 0, canvas.width, canvas.height);
  let column = 0;
  let modelMs = 0;
  const frame = async (): Promise<void> => {
    if (settings.running) {
      const { spikes } = await sim.run({ durationMs: settings.msPerFrame, record: ['exc', 'inh'] });
      const exc = spikes.exc!;
      const inh = spikes.inh!;
      const perColumn = Math.round(1 / DT);
      for (let s0 = 0; s0 < exc.steps; s0 += perColumn) {
        const x = column % canvas.width;
        g.fillStyle = '#000';
        g.fillRect(x, 0, 1, canvas.height);
        for (let s = s0; s < Math.min(exc.steps, s0 + perColumn); s++) {
          g.fillStyle = '#7cf';
          for (const i of exc.spikesAt(s)) g.fillRect(x, Math.floor((i * canvas.height) / SIZE), 1, 1);
          g.fillStyle = '#f77';
          for (const i of inh.spikesAt(s)) g.fillRect(x, Math.floor(((nExc + i) * canvas.height) / SIZE), 1, 1);
        }
        g.fillStyle = '#ff0';
        g.fillRect((x + 1) % canvas.width, 0, 1, canvas.height);
        column++;
      }
      modelMs += settings.msPerFrame;
      const rateE = exc.meanRateHz();
      const rateI = inh.meanRateHz();
      stats.textContent = `t = ${(modelMs / 1000).toFixed(2)} s · El = ${settings.El} mV · exc ${rateE.toFixed(1)} Hz · inh ${rateI.toFixed(1)} Hz · ${gpu.adapter.summary}`;
      document.body.dataset.rateHz = ((rateE * 4 + rateI) / 5).toFixed(3);
      document.body.dataset.modelMs = String(modelMs);
    }
    requestAnimationFrame(() => void frame().catch(showError));
  };
  await frame();
}

function showError(e: unknown): void {
  errorBox.textContent = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

void main().catch(showError);
