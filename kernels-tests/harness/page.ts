/** Browser side of the test harness: acquires a device once and exposes runCase to Playwright. */
import { acquireDevice } from '../../host/device';
import type { GpuContext } from '../../host/gpu/context';
import { runCase } from './run-case';

declare global {
  interface Window {
    spikegpuHarness: {
      ready: Promise<string>;
      run(name: string, args: unknown): Promise<unknown>;
    };
  }
}

let ctx: GpuContext | undefined;
const status = document.getElementById('status') as HTMLElement;
const ready = acquireDevice().then((c) => {
  ctx = c;
  status.textContent = `ready: ${c.adapter.summary}`;
  return c.adapter.summary;
});
ready.catch((e: unknown) => {
  status.textContent = `failed: ${String(e)}`;
});

window.spikegpuHarness = {
  ready,
  async run(name, args) {
    await ready;
    return runCase(ctx as GpuContext, name, args);
  },
};
