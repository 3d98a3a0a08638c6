/**
 * The live readout every simulation demo shows: model time, steps per second, the realtime factor
 * (model time / wall time), synaptic events per second and the adapter, measured over the last two
 * seconds of wall time. The same numbers go to body[data-*] for the tests.
 */
export class Readout {
  private samples: { wall: number; steps: number; events: number }[] = [];
  private extra = '';

  constructor(private readonly el: HTMLElement, private readonly adapter: string, private readonly dt: number) {}

  /** Forget the history (after a reset). */
  reset(): void {
    this.samples = [];
    document.body.dataset.steps = '0';
    document.body.dataset.modelMs = '0';
  }

  /** Extra text shown after the standard figures (e.g. population rates). */
  note(text: string): void {
    this.extra = text;
  }

  /** After a frame: total steps simulated and, where counted, total synaptic events since the last reset. */
  update(steps: number, events = 0): void {
    const wall = performance.now();
    this.samples.push({ wall, steps, events });
    while (this.samples.length > 2 && wall - this.samples[0]!.wall > 2000) this.samples.shift();
    const first = this.samples[0]!;
    const seconds = (wall - first.wall) / 1000;
    const stepsPerSecond = seconds > 0 ? (steps - first.steps) / seconds : 0;
    const eventsPerSecond = seconds > 0 ? (events - first.events) / seconds : 0;
    const realtime = (stepsPerSecond * this.dt) / 1000;
    const modelMs = steps * this.dt;
    const d = document.body.dataset;
    d.modelMs = String(modelMs);
    d.steps = String(steps);
    d.stepsPerSecond = stepsPerSecond.toFixed(1);
    d.realtime = realtime.toFixed(4);
    d.eventsPerSecond = eventsPerSecond.toFixed(0);
    const si = (x: number): string => (x >= 1e9 ? `${(x / 1e9).toFixed(2)} G` : x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)} k` : `${x.toFixed(0)} `);
    this.el.textContent = `t = ${(modelMs / 1000).toFixed(3)} s · ${si(stepsPerSecond)}steps/s · ${realtime.toFixed(3)}× realtime · `
      + `${si(eventsPerSecond)}synaptic events/s${this.extra ? ` · ${this.extra}` : ''} · ${this.adapter}`;
  }
}
