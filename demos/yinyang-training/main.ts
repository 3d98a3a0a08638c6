/**
 * Yin-Yang training demo: Trainer.fit with a progress bar from onBatch, and after every epoch the test
 * set coloured by the network's predictions; the batch loss and accuracy (onBatch) and the test
 * accuracy per epoch plotted live with uPlot. lil-gui sets the epochs,
 * learning rate and hidden size, and restarts training.
 */
import { Trainer, yinYang, YIN_YANG_RECIPE, type EpochStats } from '../../host/index';
import { demoDevice, demoPanel, showError, urlSettings } from '../kit/page';
import { LinePlot, RasterPlot } from '../kit/plots';
import { runEventDriven } from './event-driven';

const map = document.getElementById('map') as HTMLCanvasElement;
const stats = document.getElementById('stats') as HTMLElement;
const progress = document.getElementById('progress') as HTMLProgressElement;
const COLORS = ['#7cf', '#fc7', '#f7c'];
const { settings, keep } = urlSettings({ epochs: 20, learningRate: 3e-3, hidden: 120, seed: 1, paused: false });
const actions = { train: (): void => { generation++; }, eventDriven: (): void => { eventRequests++; } };
let eventRequests = 0;
let generation = 0;

function drawMap(points: Float32Array, labels: Uint32Array, predicted: Uint32Array): void {
  const g = map.getContext('2d') as CanvasRenderingContext2D;
  g.fillStyle = '#000';
  g.fillRect(0, 0, map.width, map.height);
  for (let s = 0; s < labels.length; s++) {
    const x = points[4 * s]! * map.width;
    const y = (1 - points[4 * s + 1]!) * map.height;
    g.fillStyle = COLORS[predicted[s]!]!;
    if (predicted[s] === labels[s]) g.fillRect(x - 2, y - 2, 4, 4);
    else g.fillText('×', x - 3, y + 3);
  }
}

async function run(): Promise<void> {
  const gpu = await demoDevice();
  const curves = new LinePlot(document.getElementById('curves')!, {
    xLabel: 'epoch', yLabel: 'loss / accuracy', height: 400, keep: 100_000,
    series: [{ label: 'batch loss', stroke: '#ff7777' }, { label: 'batch accuracy (train)', stroke: '#ffcc66' }, { label: 'test accuracy', stroke: '#99ee66', points: false }],
  });
  const gui = demoPanel('Yin-Yang training');
  gui.add(settings, 'epochs', 1, 60, 1).name('epochs');
  gui.add(settings, 'learningRate', 1e-4, 1e-2).name('learning rate');
  gui.add(settings, 'hidden', 10, 400, 1).name('hidden neurons');
  gui.add(settings, 'seed', 0, 1000, 1).name('seed');
  gui.add(settings, 'paused').name('pause (between epochs)');
  gui.add(actions, 'train').name('train from scratch');
  gui.add(actions, 'eventDriven').name('run a test point event-driven');
  gui.onFinishChange(keep);
  const readoutPlot = new LinePlot(document.getElementById('readout')!, {
    xLabel: 'model time (ms)', yLabel: 'readout v', height: 220, keep: 1000,
    series: [{ label: 'yin', stroke: COLORS[0]! }, { label: 'yang', stroke: COLORS[1]! }, { label: 'dot', stroke: COLORS[2]! }],
  });
  const eventBox = document.getElementById('event')!;
  let rasterPlot: RasterPlot | undefined;
  let eventRuns = 0;
  let agreements = 0;
  /** Runs the next test point as an event-driven simulation of `trainer`'s network (between epochs, never during fit). */
  const serveEventRequests = async (trainer: Trainer, predicted: Uint32Array): Promise<void> => {
    // After the first epoch (the Trainer's own predictions to compare with).
    while (eventRequests > 0 && predicted.length > 0) {
      eventRequests--;
      const s = eventRuns % test.size;
      const x = test.inputs.subarray(4 * s, 4 * s + 4);
      const run = await runEventDriven(gpu, trainer, x);
      try {
        rasterPlot?.destroy();
        rasterPlot = new RasterPlot(document.getElementById('raster')!, gpu, run.raster, { yLabel: 'neuron (inputs, hidden)', height: 240 });
        await rasterPlot.draw();
        readoutPlot.set(run.readout.map((_, k) => (k + 1) * run.sim.dt), [0, 1, 2].map((c) => run.readout.map((row) => row[c]!)));
      } finally {
        run.raster.destroy();
        run.sim.destroy();
      }
      eventRuns++;
      if (run.predicted === predicted[s]) agreements++;
      const names = ['yin', 'yang', 'dot'];
      eventBox.textContent = `test point ${s} at (${x[0]!.toFixed(2)}, ${x[1]!.toFixed(2)}), a ${names[test.labels[s]!]}: event-driven simulation says ${names[run.predicted]}, `
        + `the Trainer says ${names[predicted[s]!]} · ${run.hiddenSpikes} hidden spikes, ${run.synOps} synaptic events · the two agree on ${agreements} of ${eventRuns} points run`;
      Object.assign(document.body.dataset, { eventRuns: String(eventRuns), eventAgreements: String(agreements) });
    }
  };
  stats.textContent = `training on ${gpu.adapter.summary}…`;
  const train = yinYang({ size: 5000, seed: 42 });
  const test = yinYang({ size: 1000, seed: 41 });
  for (;;) {
    const mine = ++generation;
    const spec = { ...YIN_YANG_RECIPE.spec, hidden: [{ ...YIN_YANG_RECIPE.spec.hidden[0]!, size: settings.hidden }] };
    const options = YIN_YANG_RECIPE.options(settings.seed, settings.epochs, train.size);
    let predicted: Uint32Array = new Uint32Array(0);
    const trainer = await Trainer.create(gpu, spec, { ...options, optimizer: { ...options.optimizer, lr: settings.learningRate } });
    const history: EpochStats[] = [];
    curves.clear();
    document.body.dataset.epochs = '0';
    const epochs = settings.epochs;
    for (let e = 0; e < epochs && mine === generation; e++) {
      while (settings.paused && mine === generation) {
        await serveEventRequests(trainer, predicted);
        await new Promise((r) => setTimeout(r, 200));
      }
      const [s] = await trainer.fit(train, {
        epochs: 1,
        onBatch: (b) => {
          progress.value = (e + (b.batch + 1) / b.batches) / epochs;
          curves.push(e + (b.batch + 1) / b.batches, [b.loss, b.accuracy, null]);
        },
      });
      history.push(s!);
      predicted = await trainer.predict(test);
      await serveEventRequests(trainer, predicted);
      const accuracy = predicted.reduce((a, p, k) => a + (p === test.labels[k] ? 1 : 0), 0) / test.size;
      curves.push(e + 1, [null, null, accuracy]);
      drawMap(test.inputs, test.labels, predicted);
      stats.textContent = `epoch ${e + 1}/${epochs} · loss ${s!.loss.toFixed(3)} · train ${(100 * s!.accuracy).toFixed(1)} % · test ${(100 * accuracy).toFixed(1)} % · ${s!.seconds.toFixed(1)} s/epoch · ${gpu.adapter.summary}`;
      document.body.dataset.epochs = String(e + 1);
      document.body.dataset.testAccuracy = accuracy.toFixed(4);
    }
    // Wait for "train from scratch" (which bumps the generation), serving event-driven runs meanwhile.
    while (mine === generation) {
      await serveEventRequests(trainer, predicted);
      await new Promise((r) => setTimeout(r, 200));
    }
    trainer.destroy();
  }
}

void run().catch(showError);
