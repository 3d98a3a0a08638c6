/** A README example: the ```ts block between `<!-- <name>:start -->` and `<!-- <name>:end -->` (the usage example by default). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export function readmeExample(name = 'example'): string {
  const md = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
  const m = new RegExp(`<!-- ${name}:start -->\\s*\`\`\`ts\\n([\\s\\S]*?)\`\`\`\\s*<!-- ${name}:end -->`).exec(md);
  if (!m?.[1]) throw new Error(`README.md has no \`\`\`ts block between <!-- ${name}:start --> and <!-- ${name}:end -->`);
  return m[1];
}
