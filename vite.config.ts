/**
 * Vite: `npm start` serves the repository root (the demo gallery at /demos/, the kernel-test and
 * benchmark pages); `npm run build` builds the demo gallery alone as a static site in dist-site/,
 * the gallery at its root and every asset path relative (base './'), so any static file server can
 * host it, under any sub-path.
 */
import { defineConfig } from 'vite';
import { readdirSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';

const demos = resolve(import.meta.dirname, 'demos');
const demoPages = Object.fromEntries(
  readdirSync(demos, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(resolve(demos, d.name, 'index.html')))
    .map((d) => [d.name, resolve(demos, d.name, 'index.html')]),
);

export default defineConfig(({ command }) => command === 'build'
  ? {
    root: demos,
    base: './',
    build: {
      outDir: resolve(import.meta.dirname, 'dist-site'),
      emptyOutDir: true,
      rollupOptions: { input: { gallery: resolve(demos, 'index.html'), ...demoPages } },
    },
  }
  : {
    root: import.meta.dirname,
    server: { port: 5173, host: 'localhost' },
    optimizeDeps: { exclude: ['webgpu'] },
  });
