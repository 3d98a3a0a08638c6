/**
 * What every demo page shares: WebGPU detection that says plainly what is missing and how to get it,
 * settings kept in the URL (a shareable link), errors shown on the page (and in data-error for the
 * tests), and the standard lil-gui controls (pause/resume, reset, seed). Demos use only the public
 * API of spikegpu, the way a user's app does.
 */
import GUI from 'lil-gui';
import { acquireDevice, type GpuContext } from '../../host/index';
import { webGpuProblem } from './webgpu';

const errorBox = (): HTMLElement => document.getElementById('error') ?? document.body.appendChild(Object.assign(document.createElement('p'), { id: 'error', className: 'error' }));

/** Shows an error on the page (and in body[data-error]). */
export function showError(e: unknown): void {
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  errorBox().textContent = text;
  document.body.dataset.error = text;
}

/** The GPU, or a plain explanation on the page (and a rejected promise) when WebGPU is missing. */
export async function demoDevice(): Promise<GpuContext> {
  const problem = webGpuProblem();
  if (problem) {
    const box = document.createElement('div');
    box.className = 'no-webgpu';
    box.textContent = problem;
    document.querySelector('h1')?.after(box);
    document.body.dataset.webgpu = 'missing';
    throw new Error(problem);
  }
  const gpu = await acquireDevice();
  document.body.dataset.adapter = gpu.adapter.summary;
  gpu.onError((e) => showError(e));
  return gpu;
}

type Settings = Record<string, number | boolean | string>;

/** `defaults` overridden by the page URL's query; keep() writes the settings that differ back into it. */
export function urlSettings<T extends Settings>(defaults: T): { settings: T; keep: () => void } {
  const url = new URLSearchParams(location.search);
  const settings = { ...defaults };
  for (const k of Object.keys(defaults) as (keyof T & string)[]) {
    if (!url.has(k)) continue;
    const raw = url.get(k)!;
    const d = defaults[k];
    if (typeof d === 'number' && Number.isFinite(Number(raw))) settings[k] = Number(raw) as T[typeof k];
    else if (typeof d === 'boolean') settings[k] = (raw === 'true') as T[typeof k];
    else if (typeof d === 'string') settings[k] = raw as T[typeof k];
  }
  const keep = (): void => {
    const q = new URLSearchParams();
    for (const k of Object.keys(defaults)) if (settings[k] !== defaults[k]) q.set(k, String(settings[k]));
    history.replaceState(null, '', `${location.pathname}${q.size ? `?${q}` : ''}`);
  };
  return { settings, keep };
}

/**
 * A lil-gui panel in the page's flow (after the heading's text): fixed at the top right on wide
 * screens, above the plots on narrow ones (gallery.css .demo-gui).
 */
export function demoPanel(title: string): GUI {
  const holder = document.createElement('div');
  holder.className = 'demo-gui';
  (document.querySelector('.stats') ?? document.querySelector('h1'))?.before(holder);
  return new GUI({ title, container: holder });
}

export interface StandardControls {
  paused: boolean;
  seed: number;
}

/**
 * A lil-gui panel with pause/resume, reset and seed (the seed rebuilds through onReset); every
 * controller's change is written to the URL by `keep`.
 */
export function demoGui(title: string, state: StandardControls, keep: () => void, onReset: () => void): GUI {
  const gui = demoPanel(title);
  const pause = gui.add({ toggle: () => {
    state.paused = !state.paused;
    pause.name(state.paused ? 'resume' : 'pause');
  } }, 'toggle').name(state.paused ? 'resume' : 'pause');
  gui.add({ reset: onReset }, 'reset').name('reset');
  gui.add(state, 'seed', 1, 1_000_000, 1).name('seed').onFinishChange(() => {
    keep();
    onReset();
  });
  gui.onFinishChange(() => keep());
  return gui;
}

/** The animation loop of a demo (see frameLoop). */
export interface FrameLoop {
  /** Rebuild at the next frame boundary (a setting that needs a new network). */
  rebuild(): void;
  /**
   * Apply a setting between frames (e.g. setParams on the running simulation), never while a frame
   * is using it. The same function asked for twice before the boundary runs once.
   */
  apply(change: () => void | Promise<void>): void;
  /**
   * Publish figures for the tests as body[data-<key>]. Every key published this way is removed when
   * settings are applied, so a figure on the page always belongs to the settings in effect.
   */
  report(values: Record<string, string>): void;
  /** Build, then run `frame` every animation frame unless paused. */
  start(build: () => Promise<void>, frame: () => Promise<void>): void;
}

/**
 * The animation loop of a demo: every frame, first apply what the controls asked for (a rebuild, then
 * in-place changes), never while a frame is using the simulation; then run one frame of work unless
 * paused; errors end up on the page. When settings have been applied, the page says so:
 * body[data-applied] counts the times (the first build is 1) and body[data-builds] the builds, and
 * the figures of `report` are cleared. So a test that changed a control waits for data-applied to move
 * on (demos/kit/testing.ts changeSetting) and then for a figure: nothing it reads can come from the
 * settings before, and nothing changes the simulation after the page said it applied them.
 */
export function frameLoop(state: { paused: boolean }): FrameLoop {
  let needBuild = true;
  const pending = new Set<() => void | Promise<void>>();
  const reported = new Set<string>();
  const body = document.body.dataset;
  return {
    rebuild: () => {
      needBuild = true;
    },
    apply: (change) => {
      pending.add(change);
    },
    report: (values) => {
      for (const [k, v] of Object.entries(values)) {
        reported.add(k);
        body[k] = v;
      }
    },
    start: (build, frame) => {
      const tick = async (): Promise<void> => {
        if (needBuild || pending.size > 0) {
          const rebuilt = needBuild;
          const changes = [...pending];
          needBuild = false;
          pending.clear();
          if (rebuilt) await build();
          for (const change of changes) await change();
          for (const k of reported) delete body[k];
          reported.clear();
          if (rebuilt) body.builds = String(Number(body.builds ?? 0) + 1);
          body.applied = String(Number(body.applied ?? 0) + 1);
        }
        if (!state.paused) await frame();
        requestAnimationFrame(() => void tick().catch(showError));
      };
      void tick().catch(showError);
    },
  };
}
