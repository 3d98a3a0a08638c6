/**
 * A disk cache for peer runs (Brian2, PyNN, PyTorch) whose output is a function of their inputs:
 * node_modules/.cache/spikegpu/peers/<key>.out. Processes that ask for the same key at the same
 * time (the suite's two workers, the Chromium and Node projects) share one run: the first takes a
 * lock (a directory holding its pid) and runs it, the others wait for its result, and a lock whose
 * owner died is taken over. The result is written to a temporary file and renamed into place, so
 * no reader ever sees half of it; only successful runs (status 0) are kept.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where the results live (SPIKEGPU_PEER_CACHE elsewhere, for the cache's own test). */
export const PEER_CACHE = process.env.SPIKEGPU_PEER_CACHE ?? resolve(import.meta.dirname, '../../node_modules/.cache/spikegpu/peers');

export interface PeerOutput { status: number | null; stdout: string; stderr: string }

const sleep = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};

/** Whether the lock's owner is alive (a lock without a readable pid is being made, unless it is older than 10 s). */
function alive(lock: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(join(lock, 'pid'), 'utf8'));
  } catch {
    try {
      return Date.now() - statSync(lock).mtimeMs < 10_000;
    } catch {
      return true; // removed meanwhile: look again
    }
  }
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** `run()`'s output under `key` (a file-name-safe string naming the run and a hash of its inputs). */
export function cachedPeerRun(key: string, run: () => PeerOutput): PeerOutput & { cached: boolean } {
  if (!/^[\w.-]+$/.test(key)) throw new Error(`cachedPeerRun: key ${JSON.stringify(key)} must be letters, digits, '_', '.' or '-'`);
  const file = join(PEER_CACHE, `${key}.out`);
  const lock = `${file}.lock`;
  mkdirSync(PEER_CACHE, { recursive: true });
  for (;;) {
    if (existsSync(file)) return { status: 0, stdout: readFileSync(file, 'utf8'), stderr: '', cached: true };
    try {
      mkdirSync(lock);
    } catch {
      if (alive(lock)) sleep(250);
      else rmSync(lock, { recursive: true, force: true });
      continue;
    }
    writeFileSync(join(lock, 'pid'), String(process.pid));
    break;
  }
  try {
    if (existsSync(file)) return { status: 0, stdout: readFileSync(file, 'utf8'), stderr: '', cached: true };
    const r = run();
    if (r.status === 0) {
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, r.stdout);
      renameSync(tmp, file);
    }
    return { ...r, cached: false };
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
