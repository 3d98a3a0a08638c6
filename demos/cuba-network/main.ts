/**
 * CUBA network demo (Brette et al. 2007, benchmark 2): cuba() on the GPU, its raster drawn by
 * SpikeRaster (no spike readback) and the two population rates recorded per step (one readback per
 * frame) and plotted. El is rewritten in place (setParams); size and seed rebuild the network.
 */
import { cuba, Simulator, SpikeRaster, type NetworkModel } from '../../host/index';
import { demoDevice, demoGui, frameLoop, showError, urlSettings } from '../kit/page';
import { LinePlot, RasterPlot } from '../kit/plots';
import { Readout } from '../kit/readout';

const DT = 0.1;

async function main(): Promise<void> {
  const gpu = await demoDevice();
  const { settings, keep } = urlSettings({ size: gpu.adapter.software ? 2000 : 4000, El: -49, msPerFrame: 10, windowMs: 500, seed: 1, paused: false });
  const readout = new Readout(document.getElementById('stats')!, gpu.adapter.summary, DT);
  const rate = new LinePlot(document.getElementById('rate')!, {
    xLabel: 'model time (s)', yLabel: 'rate (Hz)', height: 200, keep: 400,
    series: [{ label: 'excitatory', stroke: '#66ccff' }, { label: 'inhibitory', stroke: '#ff7777' }],
  });
  let model: NetworkModel | undefined;
  let sim: Simulator | undefined;
  let raster: SpikeRaster | undefined;
  let plot: RasterPlot | undefined;
  const setEl = (): void => {
    for (const name of ['exc', 'inh']) {
      const params = model!.populations.find((p) => p.name === name)!.params as Record<string, unknown>;
      sim?.population(name).setParams({ ...params, vRest: settings.El });
    }
  };
  const build = async (): Promise<void> => {
    keep();
    sim?.destroy();
    raster?.destroy();
    model = cuba({ size: settings.size, seed: settings.seed });
    sim = await Simulator.build(gpu, model, { dt: DT, seed: settings.seed });
    setEl();
    raster = SpikeRaster.create(sim, { populations: [{ name: 'exc', color: '#66ccff' }, { name: 'inh', color: '#ff7777' }], windowMs: settings.windowMs });
    plot?.destroy();
    plot = new RasterPlot(document.getElementById('raster')!, gpu, raster, { yLabel: 'neuron (exc, inh)', height: 360 });
    rate.clear();
    readout.reset();
  };
  const loop = frameLoop(settings);
  const gui = demoGui('CUBA network', settings, keep, loop.rebuild);
  gui.add(settings, 'El', -60, -45, 0.5).name('resting potential El (mV)').onChange(() => loop.apply(setEl));
  gui.add(settings, 'size', 500, 100_000, 500).name('neurons').onFinishChange(loop.rebuild);
  gui.add(settings, 'msPerFrame', 1, 50, 1).name('model ms per frame');
  loop.start(build, async () => {
    if (!sim || !raster || !plot) return;
    const { rates } = await sim.run({ durationMs: settings.msPerFrame, rasters: [raster], rates: ['exc', 'inh'] });
    await plot.draw();
    const mean = (r: Float32Array): number => r.reduce((a, x) => a + x, 0) / r.length;
    const [e, i] = [mean(rates.exc!.rateHz), mean(rates.inh!.rateHz)];
    rate.push((sim.stepCount * DT) / 1000, [e, i]);
    const c = await sim.readCounters();
    readout.note(`El = ${settings.El} mV · exc ${e.toFixed(1)} Hz · inh ${i.toFixed(1)} Hz`);
    readout.update(sim.stepCount, Object.values(c.projections).reduce((a, p) => a + p.synops, 0));
    loop.report({ rateHz: ((e * 4 + i) / 5).toFixed(3) });
  });
}

void main().catch(showError);
