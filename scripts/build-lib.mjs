#!/usr/bin/env node
/**
 * `npm run build:lib` (also run by `npm pack` / `npm publish` through prepack): compiles host/ and
 * shaders/ with tsc (tsconfig.lib.json) into dist/ as ES modules with .d.ts (doc comments kept),
 * declaration maps and source maps (the JavaScript without comments), then
 *  - copies the TypeScript sources to dist/src/ and points every map there (go-to-definition in an
 *    editor lands in the real source, and no .ts file sits where a consumer's tsc would check it);
 *    generated files (*.generated.ts) ship without maps or a source copy;
 *  - makes the entry points' declarations reference @webgpu/types (GPUDevice & co.), so a consumer
 *    needs no WebGPU type setup of its own;
 *  - makes the CLI executable.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const dist = join(root, 'dist');
const started = Date.now();
const walk = (d) => readdirSync(d).flatMap((f) => {
  const p = join(d, f);
  return statSync(p).isDirectory() ? walk(p) : [p];
});

rmSync(dist, { recursive: true, force: true });
const tsc = (...args) => execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.lib.json'), ...args], { stdio: 'inherit', cwd: root });
// Declarations keep their doc comments (editors show them); the JavaScript is emitted again
// without comments, since its source maps lead to dist/src, where every comment is (a third less
// to install: the package's size budget, package-tests/consumers.spec.ts).
tsc('--emitDeclarationOnly');
tsc('--removeComments', '--declaration', 'false', '--declarationMap', 'false');
// Bundler hints are comments too: put back every `import(/* @vite-ignore */ x)` of the sources
// (a consumer's Vite would warn about the dynamic import otherwise); a hint not found fails the build.
for (const dir of ['host', 'shaders']) {
  for (const file of walk(join(root, dir)).filter((f) => f.endsWith('.ts'))) {
    const hints = [...readFileSync(file, 'utf8').matchAll(/import\(\/\* @vite-ignore \*\/ ([A-Za-z_$][\w$]*)\)/g)];
    if (hints.length === 0) continue;
    const out = join(dist, relative(root, file)).replace(/\.ts$/, '.js');
    let js = readFileSync(out, 'utf8');
    for (const [, name] of hints) {
      const plain = `import(${name})`;
      if (!js.includes(plain)) throw new Error(`build:lib: ${out} lacks ${plain} to restore its @vite-ignore hint`);
      js = js.replace(plain, `import(/* @vite-ignore */ ${name})`);
    }
    writeFileSync(out, js);
  }
}

// Sources, beside the output they compiled to.
// Generated files (*.generated.ts: the network validator, made from the schema) ship without maps or a
// source copy: go-to-definition into generated code helps no one, and they would be a quarter of the tarball.
const generated = (file) => file.endsWith('.generated.ts');
for (const dir of ['host', 'shaders']) {
  for (const file of walk(join(root, dir)).filter(generated)) {
    const out = join(dist, relative(root, file)).replace(/\.ts$/, '');
    for (const [built, map] of [[`${out}.js`, `${out}.js.map`], [`${out}.d.ts`, `${out}.d.ts.map`]]) {
      rmSync(map, { force: true });
      writeFileSync(built, readFileSync(built, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n'));
    }
  }
}
for (const dir of ['host', 'shaders']) {
  for (const file of walk(join(root, dir)).filter((f) => f.endsWith('.ts') && !generated(f))) {
    const to = join(dist, 'src', relative(root, file));
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(file, to);
  }
}
let maps = 0;
for (const file of walk(dist).filter((f) => f.endsWith('.map') && !f.startsWith(join(dist, 'src')))) {
  const map = JSON.parse(readFileSync(file, 'utf8'));
  map.sources = map.sources.map((s) => {
    const source = resolve(dirname(file), map.sourceRoot ?? '', s);
    return relative(dirname(file), join(dist, 'src', relative(root, source))).split('\\').join('/');
  });
  delete map.sourceRoot;
  writeFileSync(file, JSON.stringify(map));
  maps++;
}

for (const entry of ['index', 'gpu-api', 'node']) {
  const file = join(dist, 'host', `${entry}.d.ts`);
  writeFileSync(file, `/// <reference types="@webgpu/types" />\n${readFileSync(file, 'utf8')}`);
  const map = JSON.parse(readFileSync(`${file}.map`, 'utf8'));
  map.mappings = `;${map.mappings}`; // the added first line maps to nothing
  writeFileSync(`${file}.map`, JSON.stringify(map));
}
chmodSync(join(dist, 'host/cli/bin.js'), 0o755);

const files = walk(dist);
const bytes = files.reduce((a, f) => a + statSync(f).size, 0);
console.log(`[build:lib] dist/: ${files.length} files, ${(bytes / 2 ** 20).toFixed(2)} MiB (${maps} maps pointed at dist/src) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
