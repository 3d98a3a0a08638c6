/**
 * Where the CLI writes, checked before any work: an output directory is created if missing (one
 * level at a time, below the nearest existing directory) and a file can be written there; an output
 * file's directory exists and takes a file. A run never finds out at its end that its results have
 * nowhere to go, and a run refused after the check leaves no empty directory behind (removeCreated).
 */
import { existsSync, mkdirSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const reason = (e: unknown): string => {
  const err = e as NodeJS.ErrnoException;
  return err.code === 'EACCES' || err.code === 'EPERM' || err.code === 'EROFS' ? 'not writable (permission denied)' : err.message;
};

/** Whether a file can be created in the existing directory `dir` (a probe file, removed at once). */
function probeWrite(dir: string): void {
  const probe = join(dir, `.spikegpu-write-test-${process.pid}`);
  writeFileSync(probe, '');
  rmSync(probe);
}

/**
 * Returns the absolute directory and the directories made for it (deepest last), or a one-line
 * reason it cannot take the output. `flag` names the option in the reason.
 */
export function prepareOutDir(dir: string, flag = '--out'): { path: string; created: string[] } | { error: string } {
  const path = resolve(dir);
  const created: string[] = [];
  try {
    const missing: string[] = [];
    let at = path;
    while (!existsSync(at)) {
      missing.unshift(at);
      const up = dirname(at);
      if (up === at) break;
      at = up;
    }
    if (!statSync(at).isDirectory()) return { error: `${flag} ${dir}: ${at === path ? 'not a directory' : `${at} is a file, not a directory`}` };
    for (const d of missing) {
      mkdirSync(d);
      created.push(d);
    }
    probeWrite(path);
    return { path, created };
  } catch (e) {
    removeCreated(created);
    return { error: `${flag} ${dir}: ${reason(e)}` };
  }
}

/** Returns the absolute path of an output file whose directory exists and takes files, or a one-line reason. */
export function prepareOutFile(file: string, flag = '--out'): { path: string } | { error: string } {
  const path = resolve(file);
  const dir = dirname(path);
  try {
    if (!existsSync(dir)) return { error: `${flag} ${file}: the directory ${dir} does not exist` };
    if (!statSync(dir).isDirectory()) return { error: `${flag} ${file}: ${dir} is not a directory` };
    if (existsSync(path) && statSync(path).isDirectory()) return { error: `${flag} ${file}: is a directory, not a file` };
    probeWrite(dir);
    return { path };
  } catch (e) {
    return { error: `${flag} ${file}: ${reason(e)}` };
  }
}

/** Removes the directories prepareOutDir made, deepest first, where they are still empty. */
export function removeCreated(created: readonly string[]): void {
  for (const d of [...created].reverse()) {
    try {
      rmdirSync(d);
    } catch {
      return; // not empty (or gone): keep it and everything above it
    }
  }
}
