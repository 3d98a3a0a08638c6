/** Browser side of `npm run bench -- neurons --browser`: runs the same benchmark on navigator.gpu. */
import { acquireDevice } from '../host/device';
import { benchNeurons } from './neurons';

declare global {
  interface Window {
    runNeuronBench(sizes?: number[]): Promise<{ adapter: string; backend: string; runtime: string; featureLevel: string; table: string; copy: number }>;
  }
}

const logEl = document.getElementById('log') as HTMLElement;
window.runNeuronBench = async (sizes) => {
  const ctx = await acquireDevice();
  const log = (m: string) => {
    logEl.textContent += `${m}\n`;
    console.log(m);
  };
  const { table, copy } = await benchNeurons(ctx, sizes, log);
  const a = ctx.adapter;
  ctx.destroy();
  return { adapter: a.summary, backend: a.backend, runtime: a.runtime, featureLevel: a.featureLevel, table, copy };
};
