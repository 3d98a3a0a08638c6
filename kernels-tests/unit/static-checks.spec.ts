/** The tree typechecks strictly, lints clean and keeps its import direction (counted with the other suites). */
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const bin = (name: string) => resolve(root, 'node_modules/.bin', name);

test('tsc --noEmit (strict) reports no errors', () => {
  test.setTimeout(180_000);
  const r = spawnSync(bin('tsc'), ['--noEmit', '-p', root], { cwd: root, encoding: 'utf8' });
  expect(r.stdout + r.stderr).toBe('');
  expect(r.status).toBe(0);
});

test('eslint reports no problems', () => {
  test.setTimeout(180_000);
  const r = spawnSync(bin('eslint'), ['.'], { cwd: root, encoding: 'utf8' });
  expect(r.stdout + r.stderr).toBe('');
  expect(r.status).toBe(0);
});

test('imports run one way (DESIGN.md section 1): shaders -> host/gpu, host/random -> host/kernels -> everything above', () => {
  // Layer of each file or folder (first match); a file may import only from its own layer or below.
  // The errors and argument checks are used everywhere; WGSL builders and the GPU layer share their layout types.
  const layers: [string, number][] = [['host/errors', 0], ['host/validate', 0], ['shaders/', 1], ['host/gpu/', 1], ['host/random/', 1],
    ['host/kernels/', 2],
    // Models written as equations compile to NeuronKernels (layer 2); verify() and the entry point run populations (layer 3).
    // The synapse-rule contract (host/learn/rule.ts: RuleInstance, RuleTwin) is what synapse rules written as equations compile to.
    ['host/equations/verify', 3], ['host/equations/index', 3], ['host/equations/', 2], ['host/learn/rule.', 2], ['host/model/', 3], ['host/sim/', 3], ['host/learn/', 3], ['host/train/', 3], ['host/io/', 3], ['host/analysis/', 3],
    ['host/device', 3], ['host/cli/', 4], ['host/', 4]];
  const layerOf = (path: string): number => layers.find(([prefix]) => path.startsWith(prefix))![1];
  const files = (dir: string): string[] => readdirSync(resolve(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => relative(root, join(e.parentPath, e.name)));
  const violations: string[] = [];
  for (const file of [...files('shaders'), ...files('host')]) {
    const text = readFileSync(resolve(root, file), 'utf8');
    for (const m of text.matchAll(/^(?:import|export)\b[^;]*?from '(\.[^']+)'/gm)) {
      const target = relative(root, resolve(root, dirname(file), m[1]!));
      if (!target.startsWith('host/') && !target.startsWith('shaders/')) continue;
      if (layerOf(target) > layerOf(file)) violations.push(`${file} imports ${target}`);
    }
  }
  expect(violations).toEqual([]);
});

test('the library compiles to ES modules plain Node runs: every relative import in host/ and shaders/ names its .js file', () => {
  const files = (dir: string): string[] => readdirSync(resolve(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => relative(root, join(e.parentPath, e.name)));
  const bad: string[] = [];
  for (const file of [...files('shaders'), ...files('host')]) {
    const text = readFileSync(resolve(root, file), 'utf8');
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) if (!/\.(js|json)$/.test(m[1]!)) bad.push(`${file}: '${m[1]}'`);
  }
  expect(bad).toEqual([]);
});

test('the browser entry (spikegpu) and the kernel-author entry (spikegpu/gpu) reach no Node module and no CLI code', () => {
  for (const entry of ['host/index.ts', 'host/gpu-api.ts']) {
    const seen = new Set<string>();
    const nodeImports: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(resolve(root, file), 'utf8');
      for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
        const spec = m[1]!;
        if (spec.startsWith('node:') || ['fs', 'path', 'url', 'child_process', 'os'].includes(spec)) nodeImports.push(`${file} imports ${spec}`);
        if (!spec.startsWith('.')) continue;
        const target = relative(root, resolve(root, dirname(file), spec)).replace(/\.js$/, '.ts');
        if (target.endsWith('.json')) continue;
        visit(target);
      }
    };
    visit(entry);
    expect(nodeImports, entry).toEqual([]);
    expect([...seen].filter((f) => f.startsWith('host/cli/')), entry).toEqual([]);
    expect(seen.size, entry).toBeGreaterThan(entry === 'host/index.ts' ? 50 : 10);
  }
});

test('host/ and shaders/ have no import cycles (type-only imports included)', () => {
  const files = (dir: string): string[] => readdirSync(resolve(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => relative(root, join(e.parentPath, e.name)));
  const graph = new Map<string, string[]>();
  for (const file of [...files('host'), ...files('shaders')]) {
    const text = readFileSync(resolve(root, file), 'utf8');
    graph.set(file, [...text.matchAll(/^(?:import|export)\b[^;]*?from '(\.[^']+)'/gm)]
      .map((m) => relative(root, resolve(root, dirname(file), m[1]!)).replace(/\.js$/, '.ts')).filter((t) => t.endsWith('.ts')));
  }
  // Depth-first search; a back edge to a file on the current path closes a cycle.
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[] = [];
  const path: string[] = [];
  const visit = (f: string): void => {
    state.set(f, 'open');
    path.push(f);
    for (const t of graph.get(f) ?? []) {
      if (state.get(t) === 'open') cycles.push([...path.slice(path.indexOf(t)), t].join(' -> '));
      else if (!state.has(t)) visit(t);
    }
    path.pop();
    state.set(f, 'done');
  };
  for (const f of graph.keys()) if (!state.has(f)) visit(f);
  expect(cycles).toEqual([]);
});
