/**
 * Plots for the demos, all drawn by uPlot (real axes, ticks, legends below the plot): rolling line
 * plots, histograms, and the frame of the GPU raster (uPlot draws the axes; the raster is a WebGPU
 * canvas in uPlot's plotting area, drawn by SpikeRaster without reading spikes back).
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { GpuContext, SpikeRaster, StateMap } from '../../host/index';

/** Log-axis labels: 1eN at the decades, nothing between them. */
const decades = (_u: uPlot, values: number[]): string[] => values.map((v) => {
  if (!(v > 0)) return '';
  const e = Math.log10(v);
  return Math.abs(e - Math.round(e)) > 1e-9 ? '' : `1e${Math.round(e)}`;
});
/** Log-axis ticks: the decades in [min, max], every other one when there are more than six. */
const decadeSplits = (_u: uPlot, _axis: number, min: number, max: number): number[] => {
  if (!(min > 0) || !(max > min)) return [];
  const lo = Math.ceil(Math.log10(min) - 1e-9);
  const hi = Math.floor(Math.log10(max) + 1e-9);
  const step = hi - lo > 6 ? 2 : 1;
  const out: number[] = [];
  for (let e = lo; e <= hi; e += step) out.push(10 ** e);
  return out;
};
const LOG_AXIS = { values: decades, splits: decadeSplits };

const AXIS = { stroke: '#bbb', grid: { stroke: '#2a2a2a', width: 1 }, ticks: { stroke: '#444', width: 1 } };

function widthOf(el: HTMLElement): number {
  return Math.max(240, Math.floor(el.clientWidth || 600));
}

/** Keeps a uPlot chart as wide as its container. */
function track(container: HTMLElement, u: uPlot, height: number): ResizeObserver {
  const observer = new ResizeObserver(() => u.setSize({ width: widthOf(container), height }));
  observer.observe(container);
  return observer;
}

export interface LineSeries {
  label: string;
  stroke: string;
  dash?: number[];
  /** Draw points only (no line). */
  points?: boolean;
}

export interface LinePlotOptions {
  xLabel: string;
  yLabel: string;
  series: LineSeries[];
  height?: number;
  /** Fixed y range; default auto. */
  yRange?: [number, number];
  /** Points kept by push() (a rolling window). Default 600. */
  keep?: number;
  /** Bars instead of lines (a histogram: x are bin starts, y from 0). */
  bars?: boolean;
  /** Fixed x range; default auto. */
  xRange?: [number, number];
  /** Logarithmic x and y axes. */
  log?: boolean;
}

export class LinePlot {
  readonly u: uPlot;
  private xs: number[] = [];
  private ys: (number | null)[][];
  private readonly keep: number;

  constructor(container: HTMLElement, o: LinePlotOptions) {
    const height = o.height ?? 220;
    this.keep = o.keep ?? 600;
    this.ys = o.series.map(() => []);
    const bars = o.bars ? uPlot.paths.bars!({ size: [0.9, 100], align: 1 }) : undefined;
    this.u = new uPlot({
      width: widthOf(container), height,
      scales: {
        x: { time: false, ...(o.xRange ? { auto: false, range: o.xRange } : {}), ...(o.log ? { distr: 3 } : {}) },
        y: { ...(o.yRange ? { auto: false, range: o.yRange } : o.bars ? { range: (_u: uPlot, _min: number, max: number): [number, number] => [0, Math.max(1, max * 1.05)] } : { auto: true }), ...(o.log ? { distr: 3 } : {}) },
      },
      axes: [{ ...AXIS, label: o.xLabel, ...(o.log ? LOG_AXIS : {}) }, { ...AXIS, label: o.yLabel, size: 60, ...(o.log ? LOG_AXIS : {}) }],
      legend: { live: false },
      cursor: { drag: { x: false, y: false } },
      series: [{ label: o.xLabel }, ...o.series.map((s) => ({
        label: s.label, stroke: s.stroke, width: 2, spanGaps: true, ...(s.dash ? { dash: s.dash } : {}),
        ...(bars ? { paths: bars, fill: `${s.stroke}99` } : {}),
        ...(s.points ? { paths: () => null, points: { show: true, size: 6, stroke: s.stroke, fill: s.stroke } } : {}),
      }))],
    }, [[], ...o.series.map(() => [])], container);
    track(container, this.u, height);
  }

  /** Appends one point per series (rolling window of `keep` points). */
  push(x: number, ys: (number | null)[]): void {
    this.xs.push(x);
    ys.forEach((y, i) => this.ys[i]!.push(y));
    if (this.xs.length > this.keep) {
      this.xs.shift();
      for (const s of this.ys) s.shift();
    }
    this.u.setData([this.xs, ...this.ys]);
  }

  /** Replaces all data. */
  set(xs: number[], ys: (number | null)[][]): void {
    this.xs = [...xs];
    this.ys = ys.map((s) => [...s]);
    this.u.setData([this.xs, ...this.ys]);
  }

  clear(): void {
    this.set([], this.ys.map(() => []));
  }
}

/** Bin counts of `values` over [lo, hi) in `bins` bins: { starts, counts }. */
export function histogram(values: ArrayLike<number>, lo: number, hi: number, bins: number): { starts: number[]; counts: number[] } {
  const counts = new Array<number>(bins).fill(0);
  const w = (hi - lo) / bins;
  for (let i = 0; i < values.length; i++) counts[Math.min(bins - 1, Math.max(0, Math.floor((values[i]! - lo) / w)))]!++;
  return { starts: counts.map((_, b) => lo + b * w), counts };
}

/** What draws itself on the GPU: SpikeRaster, StateMap. */
interface GpuDrawn {
  draw(target: GPUCanvasContext): Promise<void>;
  renderPixels(width: number, height: number): Promise<Uint8Array>;
}

/**
 * A canvas that shows GPU-drawn pictures. On a hardware adapter it is a WebGPU canvas (the picture is
 * rendered straight into it: no readback at all); on a software adapter the picture is rendered
 * offscreen and copied into a 2-D canvas (SwiftShader in headless Chromium loses the whole WebGPU
 * instance when a canvas texture is taken, so the WebGPU canvas is not even tried there).
 * `?raster=canvas|image` overrides.
 */
export class GpuCanvas {
  readonly canvas = document.createElement('canvas');
  readonly mode: 'canvas' | 'image';
  private readonly context: GPUCanvasContext | CanvasRenderingContext2D;

  constructor(gpu: GpuContext) {
    const forced = new URLSearchParams(location.search).get('raster');
    this.mode = forced === 'canvas' || forced === 'image' ? forced : gpu.adapter.software ? 'image' : 'canvas';
    document.body.dataset.rasterMode = this.mode;
    if (this.mode === 'canvas') {
      const context = this.canvas.getContext('webgpu');
      if (!context) throw new Error('This browser gives no WebGPU canvas context.');
      context.configure({ device: gpu.device, format: navigator.gpu.getPreferredCanvasFormat(), alphaMode: 'opaque' });
      this.context = context;
    } else {
      this.context = this.canvas.getContext('2d')!;
    }
  }

  /** Draws `picture` at `width` x `height` CSS pixels (device pixels on the WebGPU canvas). */
  async show(picture: GpuDrawn, cssWidth: number, cssHeight: number): Promise<void> {
    const scale = this.mode === 'canvas' ? devicePixelRatio : 1;
    const w = Math.min(8192, Math.max(1, Math.round(cssWidth * scale)));
    const h = Math.min(8192, Math.max(1, Math.round(cssHeight * scale)));
    if (this.canvas.width !== w || this.canvas.height !== h) Object.assign(this.canvas, { width: w, height: h });
    if (this.context instanceof CanvasRenderingContext2D) {
      const pixels = await picture.renderPixels(w, h);
      this.context.putImageData(new ImageData(new Uint8ClampedArray(pixels.buffer as ArrayBuffer, pixels.byteOffset, pixels.length), w, h), 0, 0);
    } else {
      await picture.draw(this.context);
    }
  }
}

/** A StateMap in a square panel with its colour scale written under it. */
export class StateMapPanel {
  private readonly view: GpuCanvas;

  constructor(private readonly container: HTMLElement, gpu: GpuContext, private readonly map: StateMap, label: string) {
    this.view = new GpuCanvas(gpu);
    this.view.canvas.className = 'gpu-state-map';
    Object.assign(this.view.canvas.style, { width: '100%', aspectRatio: `${map.columns} / ${map.rows}`, imageRendering: 'pixelated' });
    container.replaceChildren(this.view.canvas);
    const scale = document.createElement('div');
    scale.className = 'raster-legend';
    scale.textContent = `${label}: ${map.range[0]} (dark) → ${map.range[1]} (yellow); one cell per neuron, ${map.columns} per row`;
    container.appendChild(scale);
  }

  /** Draws the population's current state. */
  draw(): Promise<void> {
    const w = Math.max(1, this.container.clientWidth || 300);
    return this.view.show(this.map, w, Math.round((w * this.map.rows) / this.map.columns));
  }
}

/**
 * A spike raster drawn by SpikeRaster (in a GpuCanvas) inside a uPlot frame whose x axis is the
 * raster's model-time window (ms) and whose y axis counts neurons.
 */
export class RasterPlot {
  readonly u: uPlot;
  private readonly view: GpuCanvas;
  private readonly observer: ResizeObserver;
  private readonly legend: HTMLElement;

  constructor(container: HTMLElement, gpu: GpuContext, private readonly raster: SpikeRaster, o: { yLabel: string; height?: number }) {
    const height = o.height ?? 360;
    const { startMs, endMs } = raster.timeWindow();
    this.u = new uPlot({
      width: widthOf(container), height,
      scales: { x: { time: false, auto: false, range: () => [this.raster.timeWindow().startMs, this.raster.timeWindow().endMs] }, y: { auto: false, range: [0, raster.neurons] } },
      axes: [{ ...AXIS, grid: { show: false }, label: 'model time (ms)' }, { ...AXIS, grid: { show: false }, label: o.yLabel, size: 60 }],
      legend: { show: false },
      cursor: { show: false },
      series: [{}, { show: false }],
    }, [[startMs, endMs], [null, null]], container);
    this.view = new GpuCanvas(gpu);
    this.view.canvas.className = 'gpu-raster';
    Object.assign(this.view.canvas.style, { position: 'absolute', inset: '0', width: '100%', height: '100%' });
    this.u.under.appendChild(this.view.canvas);
    this.observer = track(container, this.u, height);
    const legend = (this.legend = document.createElement('div'));
    legend.className = 'raster-legend';
    for (const p of raster.populations) {
      const item = document.createElement('span');
      const swatch = document.createElement('i');
      swatch.style.background = `rgb(${p.color.map((c) => Math.round(255 * c)).join(',')})`;
      item.append(swatch, `${p.name} (${p.size})`);
      legend.appendChild(item);
    }
    container.appendChild(legend);
  }

  /** Removes the plot (the raster itself belongs to the caller). */
  destroy(): void {
    this.observer.disconnect();
    this.u.destroy();
    this.legend.remove();
  }

  /** Draws the raster's window (one render pass) and moves the time axis with it. */
  async draw(): Promise<void> {
    // The plotting area's size from uPlot's layout (bbox, in canvas pixels), not from the DOM, which may
    // not have been laid out yet when the first frame is drawn.
    await this.view.show(this.raster, this.u.bbox.width / uPlot.pxRatio, this.u.bbox.height / uPlot.pxRatio);
    const { startMs, endMs } = this.raster.timeWindow();
    this.u.setScale('x', { min: startMs, max: endMs });
  }
}
