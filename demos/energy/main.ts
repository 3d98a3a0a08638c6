/**
 * Energy demo: N Poisson sources at r Hz with fixed fan-out k onto LIF neurons. Every frame reads the
 * GPU's event counters (one small readback) and estimates the energy with estimateEnergy and a preset;
 * the synaptic power measured over the last second is plotted against N r k (log-log, with the line
 * P = N r k E_syn), and the synaptic and neuron-update power over model time.
 */
import { ENERGY_PRESETS, estimateEnergy, Simulator, type EnergyPresetName, type GpuContext, type NetworkModel, type SimulatorCounters } from '../../host/index';
import { demoDevice, demoGui, frameLoop, showError, urlSettings } from '../kit/page';
import { LinePlot } from '../kit/plots';
import { Readout } from '../kit/readout';

const DT = 0.1;

function model(sources: number, targets: number, rateHz: number, fanOut: number): NetworkModel {
  return {
    populations: [
      { name: 'sources', model: 'poisson', size: sources, params: { rates: rateHz } },
      { name: 'targets', model: 'lif', size: targets, params: { tauMem: 20, vRest: -70, vThreshold: -50, vReset: -70, refractoryMs: 2, tauSynExc: 5 } },
    ],
    projections: [{ name: 'sources->targets', pre: 'sources', post: 'targets', target: 'exc', connectivity: { rule: 'fixedOutDegree', k: fanOut }, weight: 0.05, delayMs: 1 }],
  };
}

async function main(): Promise<void> {
  const gpu: GpuContext = await demoDevice();
  const { settings, keep } = urlSettings({ rateHz: 10, fanOut: 100, sources: 2000, targets: 2000, preset: 'loihi2018', msPerFrame: 100, seed: 1, paused: false });
  const readout = new Readout(document.getElementById('stats')!, gpu.adapter.summary, DT);
  const presetBox = document.getElementById('preset')!;
  const law = new LinePlot(document.getElementById('law')!, {
    xLabel: 'N·r·k (SynOps/s expected)', yLabel: 'synaptic power (W)', log: true, height: 280,
    series: [{ label: 'P = N·r·k·E_syn', stroke: '#888888', dash: [6, 4] }, { label: 'measured (1 s windows)', stroke: '#ffcc66', points: true }],
  });
  const power = new LinePlot(document.getElementById('power')!, {
    xLabel: 'model time (s)', yLabel: 'power (W)', height: 280, keep: 300,
    series: [{ label: 'synaptic (SynOps × E_syn)', stroke: '#ffcc66' }, { label: 'neuron updates', stroke: '#66ccff' }, { label: 'spikes', stroke: '#ff7777' }],
  });
  const measured: [number, number][] = [];
  let sim: Simulator | undefined;
  let mark: { c: SimulatorCounters } | undefined;
  const loop = frameLoop(settings);
  const rebuild = loop.rebuild;
  const preset = (): (typeof ENERGY_PRESETS)[EnergyPresetName] => ENERGY_PRESETS[settings.preset as EnergyPresetName];
  const drawLaw = (): void => {
    const e = preset().synOpJ;
    const pts = [...measured].sort((a, b) => a[0] - b[0]);
    const xs = [1e4, ...pts.map((p) => p[0]), 1e10];
    law.set(xs, [xs.map((x, i) => (i === 0 || i === xs.length - 1 ? x * e : null)), [null, ...pts.map((p) => p[1]), null]]);
    presetBox.textContent = `${settings.preset}: E_syn ${(preset().synOpJ * 1e12).toFixed(1)} pJ, E_update ${(preset().neuronUpdateJ * 1e12).toFixed(1)} pJ, E_spike ${(preset().spikeJ * 1e12).toFixed(1)} pJ (${preset().source}). ${preset().notes}`;
  };
  const build = async (): Promise<void> => {
    keep();
    sim?.destroy();
    sim = await Simulator.build(gpu, model(settings.sources, settings.targets, settings.rateHz, settings.fanOut), { dt: DT, seed: settings.seed });
    mark = undefined;
    power.clear();
    readout.reset();
  };
  const gui = demoGui('Event-driven energy', settings, keep, rebuild);
  // The rate is rewritten in place; the next 1 s window starts after it.
  const setRate = (): void => {
    keep();
    sim?.population('sources').setParams({ rates: settings.rateHz });
    mark = undefined;
  };
  gui.add(settings, 'rateHz', 1, 100, 1).name('source rate r (Hz)').onFinishChange(() => loop.apply(setRate));
  gui.add(settings, 'fanOut', 1, 2000, 1).name('fan-out k').onFinishChange(rebuild);
  gui.add(settings, 'sources', 100, 20000, 100).name('sources N').onFinishChange(rebuild);
  gui.add(settings, 'preset', Object.keys(ENERGY_PRESETS)).name('energy figures').onChange(() => {
    keep();
    drawLaw();
  });
  gui.add(settings, 'msPerFrame', 10, 1000, 10).name('model ms per frame');
  drawLaw();

  const frame = async (): Promise<void> => {
    if (sim) {
      const s = sim;
      await s.run({ durationMs: settings.msPerFrame });
      const c = await s.readCounters();
      mark ??= { c };
      const seconds = ((c.steps - mark.c.steps) * DT) / 1000;
      if (seconds >= 1) {
        // Energy of the window = estimate(now) - estimate(start of window).
        const now = estimateEnergy(c, DT, settings.preset as EnergyPresetName);
        const before = estimateEnergy(mark.c, DT, settings.preset as EnergyPresetName);
        const synW = (now.parts.synOps - before.parts.synOps) / seconds;
        const updW = (now.parts.updates - before.parts.updates) / seconds;
        const spkW = (now.parts.spikes - before.parts.spikes) / seconds;
        const synOpsPerS = (now.synOps - before.synOps) / seconds;
        const expected = settings.sources * settings.rateHz * settings.fanOut;
        measured.push([expected, synW]);
        if (measured.length > 200) measured.shift();
        drawLaw();
        power.push((c.steps * DT) / 1000, [synW, updW, spkW]);
        readout.note(`${(synOpsPerS / 1e6).toFixed(3)} M SynOps per model second (N·r·k = ${(expected / 1e6).toFixed(3)} M) · synaptic ${(synW * 1e6).toFixed(2)} µW + updates ${(updW * 1e6).toFixed(2)} µW + spikes ${(spkW * 1e6).toFixed(2)} µW (${settings.preset})`);
        loop.report({ synOpsPerSecond: synOpsPerS.toFixed(0), expectedSynOps: String(expected), synapticWatts: synW.toExponential(6), updateWatts: updW.toExponential(6), points: String(measured.length) });
        mark = { c };
      }
      const events = Object.values(c.projections).reduce((a, p) => a + p.synops, 0);
      readout.update(s.stepCount, events);
    }
  };
  loop.start(build, frame);
}

void main().catch(showError);
