/**
 * LIF raster demo: one population of LIF neurons with heterogeneous bias currents, simulated by a
 * Simulator; the raster is drawn on the GPU from the spike buffers (SpikeRaster, no spike readback),
 * the membrane potentials from the state buffer (StateMap), and the population rate (recorded per step, read back once per frame) is plotted with uPlot.
 */
import { Simulator, SpikeRaster, StateMap, type NetworkModel } from '../../host/index';
import { demoDevice, demoGui, frameLoop, showError, urlSettings } from '../kit/page';
import { LinePlot, RasterPlot, StateMapPanel } from '../kit/plots';
import { Readout } from '../kit/readout';

const DT = 0.1; // ms
const NEURON = { tauMem: 20, vRest: -70, vThreshold: -50, vReset: -70, refractoryMs: 2, tauSynExc: 5 };

async function main(): Promise<void> {
  const gpu = await demoDevice();
  const { settings, keep } = urlSettings({ neurons: 1000, inputCurrent: 20, msPerFrame: 20, windowMs: 1000, seed: 1, paused: false });
  // Fixed per-neuron offsets in [-5, 5] nA, shuffled so neighbouring rows differ.
  const bias = (): number[] => Array.from({ length: settings.neurons }, (_, i) => settings.inputCurrent - 5 + (10 * ((i * 7919) % settings.neurons)) / Math.max(1, settings.neurons - 1));
  const readout = new Readout(document.getElementById('stats')!, gpu.adapter.summary, DT);
  const rate = new LinePlot(document.getElementById('rate')!, { xLabel: 'model time (s)', yLabel: 'rate (Hz)', height: 180, keep: 300, series: [{ label: 'population rate (per frame)', stroke: '#66ccff' }] });
  let sim: Simulator | undefined;
  let raster: SpikeRaster | undefined;
  let plot: RasterPlot | undefined;
  let map: StateMap | undefined;
  let mapPanel: StateMapPanel | undefined;
  const build = async (): Promise<void> => {
    keep();
    sim?.destroy();
    raster?.destroy();
    map?.destroy();
    const model: NetworkModel = { populations: [{ name: 'lif', model: 'lif', size: settings.neurons, params: { ...NEURON, biasCurrent: bias() } }], projections: [] };
    sim = await Simulator.build(gpu, model, { dt: DT, seed: settings.seed });
    raster = SpikeRaster.create(sim, { populations: [{ name: 'lif', color: '#66ccff' }], windowMs: settings.windowMs });
    plot?.destroy();
    plot = new RasterPlot(document.getElementById('raster')!, gpu, raster, { yLabel: 'neuron', height: 360 });
    map = StateMap.create(sim, { population: 'lif', variable: 'v', range: [NEURON.vReset, NEURON.vThreshold] });
    mapPanel = new StateMapPanel(document.getElementById('state')!, gpu, map, 'membrane potential v (mV)');
    rate.clear();
    readout.reset();
  };
  const loop = frameLoop(settings);
  const gui = demoGui('LIF population', settings, keep, loop.rebuild);
  const setCurrent = (): void => {
    sim?.population('lif').setParams({ ...NEURON, biasCurrent: bias() });
  };
  gui.add(settings, 'inputCurrent', 0, 40, 0.5).name('input current I (nA)').onChange(() => loop.apply(setCurrent));
  gui.add(settings, 'neurons', 100, 100_000, 100).name('neurons').onFinishChange(loop.rebuild);
  gui.add(settings, 'msPerFrame', 1, 100, 1).name('model ms per frame');
  let totalSpikes = 0;
  loop.start(build, async () => {
    if (!sim || !raster || !plot || !mapPanel) return;
    const { rates } = await sim.run({ durationMs: settings.msPerFrame, rasters: [raster], rates: ['lif'] });
    await plot.draw();
    await mapPanel.draw();
    const r = rates.lif!.rateHz;
    const hz = r.reduce((a, x) => a + x, 0) / r.length;
    totalSpikes += Math.round((hz * settings.neurons * r.length * DT) / 1000);
    rate.push((sim.stepCount * DT) / 1000, [hz]);
    readout.note(`I = ${settings.inputCurrent} nA · rate ${hz.toFixed(1)} Hz · ${settings.neurons} neurons`);
    readout.update(sim.stepCount);
    loop.report({ rateHz: hz.toFixed(3) });
    document.body.dataset.totalSpikes = String(totalSpikes);
  });
}

void main().catch(showError);
