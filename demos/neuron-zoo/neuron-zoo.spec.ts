/**
 * The neuron zoo page measures every model's f–I curve on the GPU: IAF's rates are its step-exact
 * interval, LIF's follow the analytic curve (zero below rheobase), adaptation lowers ALIF's rates,
 * Izhikevich's fast-spiking cell outpaces the regular-spiking one, and the refractory control redraws.
 */
import { expect } from '@playwright/test';
import { test } from '../kit/testing';

type Curves = Record<string, { currents: number[]; rates: number[] }>;

test('neuron zoo: f–I curves of LIF, ALIF, IAF and Izhikevich cells against theory', async ({ page, site }, testInfo) => {
  test.setTimeout(300_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${site.base}neuron-zoo/`);
  await expect.poll(() => page.evaluate(() => Number(document.body.dataset.runs ?? 0)), { timeout: 180_000 }).toBeGreaterThan(0);
  const c = JSON.parse(await page.evaluate(() => document.body.dataset.curves!)) as Curves;
  const dt = 0.1;
  const refrSteps = 20;
  // IAF: v += I dt / cm per step from 0 to 10 mV, then 20 refractory steps: ISI = ceil(theta cm / (I dt)) + 20 steps (within one step for f32 sums).
  // Currents too weak for three spikes in the 1000 ms run give no interval and are left out.
  let checked = 0;
  c.iaf!.currents.forEach((i, k) => {
    if (i === 0) { expect(c.iaf!.rates[k]).toBe(0); return; }
    const predicted = Math.ceil((10 * 0.1) / (i * dt)) + refrSteps;
    if (3 * predicted * dt > 1000) return;
    const isiSteps = 1000 / c.iaf!.rates[k]! / dt;
    expect(Math.abs(isiSteps - predicted), `IAF at ${i} nA`).toBeLessThanOrEqual(1);
    checked++;
  });
  expect(checked).toBeGreaterThan(40);
  // LIF: silent below the rheobase (20 nA), else T = 2 + 20 ln(I / (I - 20)) ms within 3 % and two steps.
  c.lif!.currents.forEach((i, k) => {
    const r = c.lif!.rates[k]!;
    if (i < 20) { expect(r, `LIF at ${i} nA`).toBe(0); return; }
    if (i < 22) return;
    const isi = 1000 / r;
    const theory = 2 + 20 * Math.log(i / (i - 20));
    expect(Math.abs(isi - theory), `LIF ISI at ${i.toFixed(2)} nA: ${isi} vs ${theory} ms`).toBeLessThanOrEqual(0.03 * theory + 2 * dt);
  });
  // Adaptation: ALIF never faster than LIF, clearly slower at the top of the range.
  c.alif!.rates.forEach((r, k) => expect(r, `ALIF vs LIF at ${c.alif!.currents[k]}`).toBeLessThanOrEqual(c.lif!.rates[k]! + 1e-9));
  expect(c.alif!.rates.at(-1)!).toBeLessThan(0.9 * c.lif!.rates.at(-1)!);
  // Izhikevich: no firing without input, fast spiking outpaces regular spiking at the top.
  expect(c.izhRS!.rates[0]).toBe(0);
  expect(c.izhRS!.rates.at(-1)!).toBeGreaterThan(10);
  expect(c.izhFS!.rates.at(-1)!).toBeGreaterThan(c.izhRS!.rates.at(-1)!);
  // A control redraws: no refractory period raises LIF's top rate.
  const before = c.lif!.rates.at(-1)!;
  const box = page.getByRole('textbox', { name: 'refractory period (ms)' });
  await box.fill('0');
  await box.press('Enter');
  await expect.poll(() => page.evaluate(() => Number(document.body.dataset.runs ?? 0)), { timeout: 180_000 }).toBeGreaterThan(1);
  const after = (JSON.parse(await page.evaluate(() => document.body.dataset.curves!)) as Curves).lif!.rates.at(-1)!;
  expect(after).toBeGreaterThan(before * 1.1);
  expect(page.url()).toContain('refractoryMs=0');
  // Firing patterns: membrane traces under a step current (Izhikevich 2003's classes; LIF and ALIF).
  const traces = (): Promise<number> => page.evaluate(() => Number(document.body.dataset.traces ?? 0));
  await expect.poll(traces, { timeout: 120_000 }).toBeGreaterThan(0);
  const spikes = async (): Promise<{ izh: number; lif: number; alif: number }> => page.evaluate(() => ({
    izh: Number(document.body.dataset.izhSpikes), lif: Number(document.body.dataset.lifSpikes), alif: Number(document.body.dataset.alifSpikes),
  }));
  const rs = await spikes();
  expect(rs.izh).toBeGreaterThanOrEqual(3);
  expect(rs.lif).toBeGreaterThanOrEqual(3);
  expect(rs.alif).toBeLessThan(rs.lif);
  const pick = async (cls: string): Promise<number> => {
    const n = await traces();
    await page.getByRole('combobox', { name: 'Izhikevich class' }).selectOption(cls);
    await expect.poll(traces, { timeout: 120_000 }).toBeGreaterThan(n);
    return (await spikes()).izh;
  };
  const fs = await pick('fastSpiking');
  const ch = await pick('chattering');
  console.log(`[demo] neuron zoo traces, 300 ms, step I 10: RS ${rs.izh}, FS ${fs}, CH ${ch} spikes; LIF ${rs.lif}, ALIF ${rs.alif} at 25 nA`);
  expect(fs).toBeGreaterThan(rs.izh);
  expect(ch).toBeGreaterThan(rs.izh);
  expect(page.url()).toContain('pattern=chattering');
  await page.screenshot({ path: testInfo.outputPath('neuron-zoo.png'), fullPage: true });
  console.log(`[demo] neuron zoo: top rates LIF ${before.toFixed(1)} Hz (${after.toFixed(1)} without refractory), ALIF ${c.alif!.rates.at(-1)!.toFixed(1)}, IAF ${c.iaf!.rates.at(-1)!.toFixed(1)}, RS ${c.izhRS!.rates.at(-1)!.toFixed(1)}, FS ${c.izhFS!.rates.at(-1)!.toFixed(1)}`);
  expect(errors).toEqual([]);
  expect(await page.locator('#error').textContent()).toBe('');
});
