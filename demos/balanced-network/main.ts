/**
 * Balanced network demo: Brunel 2000 model A (spikegpu's brunel()) with his figure 8 regimes. The
 * raster is a SpikeRaster drawn on the GPU (no spike readback); the population rate of the excitatory
 * neurons is recorded each frame (one readback) and plotted with uPlot, with its coefficient of
 * variation (high when the network oscillates) in the readout. g, J and the neuron count rebuild the
 * network; eta only rewrites the Poisson rates.
 */
import { brunel, Simulator, SpikeRaster, type GpuContext } from '../../host/index';
import { demoDevice, demoGui, frameLoop, showError, urlSettings } from '../kit/page';
import { LinePlot, RasterPlot } from '../kit/plots';
import { Readout } from '../kit/readout';

const DT = 0.1;
const REGIMES: Record<string, { g: number; eta: number }> = {
  'A: synchronous regular (g 3, η 2)': { g: 3, eta: 2 },
  'B: synchronous irregular, fast (g 6, η 4)': { g: 6, eta: 4 },
  'C: asynchronous irregular (g 5, η 2)': { g: 5, eta: 2 },
  'D: synchronous irregular, slow (g 4.5, η 0.9)': { g: 4.5, eta: 0.9 },
};

async function main(): Promise<void> {
  const gpu: GpuContext = await demoDevice();
  const { settings, keep } = urlSettings({ nExc: gpu.adapter.software ? 2000 : 10000, g: 5, eta: 2, jScale: 1, msPerFrame: 10, windowMs: 200, seed: 1, paused: false });
  const stats = document.getElementById('stats')!;
  const readout = new Readout(stats, gpu.adapter.summary, DT);
  let sim: Simulator | undefined;
  let raster: SpikeRaster | undefined;
  let rasterPlot: RasterPlot | undefined;
  let ratePlot: LinePlot | undefined;
  let rateBins: number[] = [];
  const nuThr = (): number => (20 / ((0.1 * (10000 / settings.nExc)) * settings.jScale * Math.round(0.1 * settings.nExc) * 20)) * 1000;

  const build = async (): Promise<void> => {
    keep();
    sim?.destroy();
    raster?.destroy();
    stats.textContent = `building ${settings.nExc * 1.25} neurons…`;
    const model = brunel({ nExc: settings.nExc, g: settings.g, eta: settings.eta, j: 0.1 * (10000 / settings.nExc) * settings.jScale });
    sim = await Simulator.build(gpu, model, { dt: DT, seed: settings.seed });
    raster = SpikeRaster.create(sim, { populations: [{ name: 'exc', color: '#66ccff' }, { name: 'inh', color: '#ff7777' }], windowMs: settings.windowMs });
    rasterPlot?.destroy();
    rasterPlot = new RasterPlot(document.getElementById('raster')!, gpu, raster, { yLabel: 'neuron (exc, inh)', height: 340 });
    if (!ratePlot) ratePlot = new LinePlot(document.getElementById('rate')!, { xLabel: 'model time (ms)', yLabel: 'exc rate (Hz)', series: [{ label: 'excitatory population rate, 0.5 ms bins', stroke: '#66ccff' }], height: 200, keep: Math.round(settings.windowMs / 0.5) });
    ratePlot.clear();
    rateBins = [];
    readout.reset();
  };
  const loop = frameLoop(settings);
  const rebuild = loop.rebuild;

  const gui = demoGui('Brunel 2000', settings, keep, rebuild);
  const regime = { pick: Object.keys(REGIMES).find((k) => REGIMES[k]!.g === settings.g && REGIMES[k]!.eta === settings.eta) ?? 'custom' };
  const gC = gui.add(settings, 'g', 2, 8, 0.1).name('inhibition g (J_I = −g J)').onFinishChange(rebuild);
  // eta rewrites the Poisson rates in place; the rate statistics start afresh.
  const setEta = (): void => {
    keep();
    sim?.population('ext').setParams({ rates: settings.eta * nuThr() });
    rateBins = [];
  };
  const etaC = gui.add(settings, 'eta', 0.5, 5, 0.1).name('external rate η (× ν_thr)').onFinishChange(() => loop.apply(setEta));
  gui.add(regime, 'pick', [...Object.keys(REGIMES), 'custom']).name('regime (Brunel fig. 8)').onChange((k: string) => {
    const r = REGIMES[k];
    if (!r) return;
    settings.g = r.g;
    settings.eta = r.eta;
    gC.updateDisplay();
    etaC.updateDisplay();
    rebuild();
  });
  gui.add(settings, 'jScale', 0.25, 2, 0.05).name('EPSP J (× 0.1 mV at 10 000)').onFinishChange(rebuild);
  gui.add(settings, 'nExc', 500, 40000, 500).name('excitatory neurons').onFinishChange(rebuild);
  gui.add(settings, 'msPerFrame', 1, 50, 1).name('model ms per frame');

  const frame = async (): Promise<void> => {
    if (sim && raster && rasterPlot && ratePlot) {
      const s = sim;
      const { rates } = await s.run({ durationMs: settings.msPerFrame, rasters: [raster], rates: ['exc'] });
      await rasterPlot.draw();
      const r = rates.exc!.rateHz;
      const perBin = Math.round(0.5 / DT);
      const t0 = (s.stepCount - r.length) * DT;
      for (let b = 0; b + perBin <= r.length; b += perBin) {
        let sum = 0;
        for (let k = b; k < b + perBin; k++) sum += r[k]!;
        const rate = sum / perBin;
        ratePlot.push(t0 + (b + perBin) * DT, [rate]);
        rateBins.push(rate);
      }
      rateBins = rateBins.slice(-Math.round(settings.windowMs / 0.5));
      const mean = rateBins.reduce((a, x) => a + x, 0) / rateBins.length;
      const sd = Math.sqrt(rateBins.reduce((a, x) => a + (x - mean) ** 2, 0) / rateBins.length);
      const c = await s.readCounters();
      const events = Object.values(c.projections).reduce((a, p) => a + p.synops, 0);
      const inhRate = (c.populations.inh!.spikes / s.population('inh').size / (s.stepCount * DT)) * 1000;
      readout.note(`exc ${mean.toFixed(1)} Hz, inh ${inhRate.toFixed(1)} Hz (mean) · rate CV ${(mean > 0 ? sd / mean : 0).toFixed(2)} · ${s.population('exc').size + s.population('inh').size} neurons, g ${settings.g}, η ${settings.eta}`);
      readout.update(s.stepCount, events);
      loop.report({ rateHz: mean.toFixed(3), rateCv: (mean > 0 ? sd / mean : 0).toFixed(3) });
    }
  };
  loop.start(build, frame);
}

void main().catch(showError);
