/** Packing the repository as npm would publish it, and installing the tarball into fresh apps. */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '..');
export const PKG = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string; version: string; devDependencies: Record<string, string>; dependencies: Record<string, string>;
};

/** The environment for a child npm: the parent `npm test`'s npm_* variables (prefix, package, lifecycle) left out. */
function npmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.toLowerCase().startsWith('npm_') || /^npm_config_(cache|registry|userconfig)$/i.test(k)) env[k] = v;
  }
  return { ...env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
}

export function run(cmd: string, args: string[], cwd: string, timeout = 240_000): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout, env: npmEnv() });
}

/** `npm pack` into `dir` (prepack builds dist/); returns the tarball's path. */
export function pack(dir: string): string {
  const r = run('npm', ['pack', '--pack-destination', dir, '--json'], root);
  if (r.status !== 0) throw new Error(`npm pack failed:\n${r.stderr}\n${r.stdout}`);
  const json = /^\[\s*\{[\s\S]*/m.exec(r.stdout); // after prepack's own output
  if (!json) throw new Error(`npm pack printed no JSON:\n${r.stdout}`);
  const [info] = JSON.parse(json[0]) as { filename: string }[];
  return join(dir, info!.filename);
}

/** `npm install` of `specs` in `cwd`, from the npm cache where it can (`npm ci` of this repository filled it). */
export function npmInstall(cwd: string, specs: string[], dev = false): void {
  const r = run('npm', ['install', '--prefer-offline', ...(dev ? ['--save-dev'] : []), ...specs], cwd);
  if (r.status !== 0) throw new Error(`npm install ${specs.join(' ')} failed in ${cwd}:\n${r.stderr}\n${r.stdout}`);
}

/** Packages (name@version) under node_modules, and their total bytes (apparent file sizes). */
export function installed(nodeModules: string): { packages: string[]; bytes: number } {
  const packages: string[] = [];
  let bytes = 0;
  const size = (p: string): number => (statSync(p).isDirectory() ? readdirSync(p).reduce((a, f) => a + size(join(p, f)), 0) : statSync(p).size);
  for (const entry of readdirSync(nodeModules)) {
    if (entry.startsWith('.')) continue;
    const dirs = entry.startsWith('@') ? readdirSync(join(nodeModules, entry)).map((s) => join(entry, s)) : [entry];
    for (const d of dirs) {
      const v = (JSON.parse(readFileSync(join(nodeModules, d, 'package.json'), 'utf8')) as { version: string }).version;
      packages.push(`${d}@${v}`);
      bytes += size(join(nodeModules, d));
    }
  }
  return { packages: packages.sort(), bytes };
}
