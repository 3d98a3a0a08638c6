/**
 * The CLI's output directory, checked before any work: created if missing (one level at a time,
 * below the nearest existing directory), and a file can be written there. A run never finds out at
 * its end that its results have nowhere to go.
 */
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Returns the absolute directory, or a one-line reason it cannot take the output. */
export function prepareOutDir(dir: string): { path: string } | { error: string } {
  const path = resolve(dir);
  try {
    const missing: string[] = [];
    let at = path;
    while (!existsSync(at)) {
      missing.unshift(at);
      const up = dirname(at);
      if (up === at) break;
      at = up;
    }
    if (!statSync(at).isDirectory()) return { error: `--out ${dir}: ${at === path ? 'not a directory' : `${at} is a file, not a directory`}` };
    for (const d of missing) mkdirSync(d);
    const probe = join(path, `.spikegpu-write-test-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
    return { path };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'EACCES' || err.code === 'EPERM' || err.code === 'EROFS' ? 'not writable (permission denied)' : err.message;
    return { error: `--out ${dir}: ${why}` };
  }
}
