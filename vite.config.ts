/** Vite serves the demo gallery (npm start) and the kernel-test harness page (npm test). */
import { defineConfig } from 'vite';
import { readdirSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';

const demoPages = Object.fromEntries(
  readdirSync(resolve(import.meta.dirname, 'demos'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(resolve(import.meta.dirname, 'demos', d.name, 'index.html')))
    .map((d) => [d.name, resolve(import.meta.dirname, 'demos', d.name, 'index.html')]),
);

export default defineConfig({
  root: import.meta.dirname,
  server: { port: 5173, host: 'localhost' },
  optimizeDeps: { exclude: ['webgpu'] },
  build: {
    outDir: 'dist/demos',
    rollupOptions: { input: { gallery: resolve(import.meta.dirname, 'demos/index.html'), ...demoPages } },
  },
});
