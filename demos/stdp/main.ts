/**
 * STDP demo: song2000() (Song, Miller & Abbott 2000) on the GPU. Each frame runs a few tens of ms of
 * model time with learning on every step, then reads the 1000 weights back for the histogram (uPlot
 * bars) and the counters for the output rate. The rule (additive or multiplicative), a learning-rate
 * scale and the input rate rebuild the network.
 */
import { Simulator, song2000, type GpuContext, type NetworkModel, type PlasticSynapse, type StdpDependence, type StdpParams } from '../../host/index';
import { demoDevice, demoGui, frameLoop, showError, urlSettings } from '../kit/page';
import { histogram, LinePlot } from '../kit/plots';
import { Readout } from '../kit/readout';

const DT = 0.1;
const BINS = 20;

function model(rule: string, learn: number, rateHz: number): NetworkModel {
  const m = song2000({ rateHz });
  const p = m.projections[0]!;
  const syn = p.synapse as PlasticSynapse & StdpParams;
  p.synapse = { ...syn, aPlus: syn.aPlus! * learn, aMinus: syn.aMinus! * learn, dependence: rule as StdpDependence };
  return m;
}

async function main(): Promise<void> {
  const gpu: GpuContext = await demoDevice();
  const { settings, keep } = urlSettings({ rule: 'additive', learn: 1, rateHz: 15, msPerFrame: 50, seed: 1, paused: false });
  const stats = document.getElementById('stats')!;
  const readout = new Readout(stats, gpu.adapter.summary, DT);
  const hist = new LinePlot(document.getElementById('hist')!, { xLabel: 'weight / gmax', yLabel: 'synapses', series: [{ label: 'weights (1000 synapses)', stroke: '#ffcc66' }], bars: true, xRange: [0, 1], height: 260 });
  const ratePlot = new LinePlot(document.getElementById('rate')!, {
    xLabel: 'model time (s)', yLabel: 'Hz / fraction ×100', height: 260, keep: 2000,
    series: [{ label: 'output rate (Hz, last 1 s)', stroke: '#66ccff' }, { label: 'weights at the bounds (%)', stroke: '#ff7777' }],
  });
  let sim: Simulator | undefined;
  let lastSpikes = { step: 0, spikes: 0 };
  const loop = frameLoop(settings);
  const rebuild = loop.rebuild;
  const build = async (): Promise<void> => {
    keep();
    sim?.destroy();
    sim = await Simulator.build(gpu, model(settings.rule, settings.learn, settings.rateHz), { dt: DT, seed: settings.seed });
    lastSpikes = { step: 0, spikes: 0 };
    ratePlot.clear();
    readout.reset();
  };
  const gui = demoGui('Song et al. 2000', settings, keep, rebuild);
  gui.add(settings, 'rule', ['additive', 'multiplicative']).name('weight dependence').onChange(rebuild);
  gui.add(settings, 'learn', 1, 20, 1).name('learning-rate scale (× A±)').onFinishChange(rebuild);
  gui.add(settings, 'rateHz', 5, 40, 1).name('input rate (Hz)').onFinishChange(rebuild);
  gui.add(settings, 'msPerFrame', 5, 500, 5).name('model ms per frame');

  let rateHz = 0;
  const frame = async (): Promise<void> => {
    if (sim) {
      const s = sim;
      await s.run({ durationMs: settings.msPerFrame });
      const { weights } = await s.weights('input->neuron');
      const gMax = 0.01;
      const h = histogram(weights.map((w) => w / gMax), 0, 1, BINS);
      hist.set(h.starts, [h.counts]);
      const extremes = (h.counts[0]! + h.counts[BINS - 1]! + h.counts[1]! + h.counts[BINS - 2]!) / weights.length;
      const meanW = weights.reduce((a, w) => a + w, 0) / weights.length / gMax;
      const c = await s.readCounters();
      const spikes = c.populations.neuron!.spikes;
      const oneSecond = Math.round(1000 / DT);
      if (s.stepCount - lastSpikes.step >= oneSecond) {
        rateHz = ((spikes - lastSpikes.spikes) * 1000) / ((s.stepCount - lastSpikes.step) * DT);
        lastSpikes = { step: s.stepCount, spikes };
        ratePlot.push((s.stepCount * DT) / 1000, [rateHz, 100 * extremes]);
      }
      const events = Object.values(c.projections).reduce((a, p) => a + p.synops, 0);
      readout.note(`output ${rateHz.toFixed(1)} Hz · ${(100 * extremes).toFixed(1)} % of weights within 0.1 gmax of a bound · mean w ${meanW.toFixed(3)} gmax · ${settings.rule}`);
      readout.update(s.stepCount, events);
      loop.report({ extremes: extremes.toFixed(4), meanW: meanW.toFixed(4), outputHz: rateHz.toFixed(2), middle: (h.counts.slice(6, 14).reduce((a, x) => a + x, 0) / weights.length).toFixed(4) });
    }
  };
  loop.start(build, frame);
}

void main().catch(showError);
