/** Without WebGPU, acquireDevice throws WebGpuUnavailableError saying what to install or which flag to set. */
import { chromium, expect, test } from '@playwright/test';
import { existsSync } from 'node:fs';
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
  // What this machine has decides which outcome is right (npm test installs chromium, which ships
  // the SwiftShader ICD, but not libvulkan1): the test asserts that one, not either.
  const icd = existsSync('/usr/lib/chromium/vk_swiftshader_icd.json');
  const loader = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/usr/lib', '/usr/local/lib'].some((d) => existsSync(`${d}/libvulkan.so.1`));
  let error: unknown;
  try {
    const ctx = await acquireDevice({ nodeBackend: 'vulkan-swiftshader' });
    console.log(`[unit] vulkan-swiftshader started: ${ctx.adapter.summary}`);
    ctx.destroy();
  } catch (e) {
    error = e;
  }
  if (icd && loader) {
    expect(error, 'libvulkan1 and the ICD are here: the forced backend must start').toBeUndefined();
    return;
  }
  expect(error).toBeInstanceOf(WebGpuUnavailableError);
  const message = (error as Error).message;
  expect(message).toContain('Tried: vulkan-swiftshader (skipped: ');
  expect(message).toContain(icd ? 'no libvulkan.so.1; Debian package libvulkan1' : 'vk_swiftshader_icd.json not found');
  expect(message).toContain('apt-get install libegl1 libegl-mesa0 libgles2 libgl1-mesa-dri');
});
