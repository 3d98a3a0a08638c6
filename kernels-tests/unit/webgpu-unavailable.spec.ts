/** Without WebGPU, acquireDevice throws WebGpuUnavailableError saying what to install or which flag to set. */
import { chromium, expect, test } from '@playwright/test';
import { acquireDevice } from '../../host/device';
import { WebGpuUnavailableError } from '../../host/errors';
import { CHROMIUM_ARGS, CHROMIUM_PATH, HARNESS_URL } from '../harness/fixtures';

test('a browser without WebGPU gets an error naming the flag to set', async ({ baseURL }) => {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS.filter((a) => a !== '--enable-unsafe-webgpu').concat('--disable-webgpu') });
  try {
    const page = await browser.newPage();
    await page.goto(new URL(HARNESS_URL, baseURL).toString());
    await expect(page.locator('#status')).toContainText('failed:', { timeout: 30_000 });
    const text = await page.locator('#status').textContent();
    console.log(`[unit] browser without WebGPU: ${text}`);
    expect(text).toContain('WebGpuUnavailableError');
    expect(text).toContain('--enable-unsafe-webgpu');
  } finally {
    await browser.close();
  }
});

test('Node: a forced backend that cannot start says what was tried and what to install', async () => {
  try {
    const ctx = await acquireDevice({ nodeBackend: 'vulkan-swiftshader' });
    // Where libvulkan1 and Chromium's SwiftShader ICD exist, the forced backend works instead.
    expect(ctx.adapter.backend).toBe('vulkan-swiftshader');
    ctx.destroy();
  } catch (e) {
    expect(e).toBeInstanceOf(WebGpuUnavailableError);
    const message = (e as Error).message;
    expect(message).toContain('Tried: vulkan-swiftshader');
    expect(message).toContain('apt-get install libegl1 libegl-mesa0 libgles2 libgl1-mesa-dri');
  }
});
