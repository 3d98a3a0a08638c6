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

/**
 * The animation loop of a simulation demo: every frame, rebuild first when asked (never while a frame
 * is using the simulator), then run one frame of work unless paused; errors end up on the page.
 * `rebuild()` asks for a build at the next frame; `start(build, frame)` builds and starts the loop.
 */
export function frameLoop(state: { paused: boolean }): { rebuild: () => void; start: (build: () => Promise<void>, frame: () => Promise<void>) => void } {
  let needBuild = true;
  return {
    rebuild: () => {
      needBuild = true;
    },
    start: (build, frame) => {
      const tick = async (): Promise<void> => {
        if (needBuild) {
          needBuild = false;
          await build();
          document.body.dataset.builds = String(Number(document.body.dataset.builds ?? 0) + 1);
        }
        if (!state.paused) await frame();
        requestAnimationFrame(() => void tick().catch(showError));
      };
      void tick().catch(showError);
    },
  };
}
