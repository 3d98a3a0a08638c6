/** The installed package's version, read from its package.json (Node). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The `version` of the spikegpu package.json nearest above this module: the repository's when run
 * from source (host/cli/), the installed package's when run from dist/host/cli/.
 */
export function packageVersion(): string {
  for (const up of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(fileURLToPath(new URL(up, import.meta.url)), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'spikegpu' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // not there: try the next level up
    }
  }
  return 'unknown';
}
