/**
 * Writes one benchmark's table into docs/benchmarks.md (or another docs file), replacing that
 * benchmark's previous section.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const FILE = resolve(import.meta.dirname, '../docs/benchmarks.md');
const HEADER = `# Benchmarks

Measured numbers only, each with the command that produced it, the date and the adapter. These
machines are shared and noisy: compare ratios taken within one run. Software adapters (SwiftShader,
llvmpipe) run on the CPU: they show relative cost, not GPU speed.
`;

export function writeSection(name: string, body: string, file = FILE): void {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const text = existsSync(file) ? readFileSync(file, 'utf8') : HEADER;
  const block = `${start}\n${body.trim()}\n${end}`;
  const re = new RegExp(`${start}[\\s\\S]*?${end}`);
  writeFileSync(file, re.test(text) ? text.replace(re, block) : `${text.trimEnd()}\n\n${block}\n`);
}
