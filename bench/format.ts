/** Table and number formatting for benchmark reports (browser-safe: no Node imports). */
export function markdownTable(head: string[], rows: (string | number)[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** Formats n with 3 significant digits and an SI suffix. */
export function si(n: number): string {
  const units = ['', 'k', 'M', 'G', 'T'];
  let u = 0;
  while (Math.abs(n) >= 1000 && u < units.length - 1) {
    n /= 1000;
    u++;
  }
  return `${n.toPrecision(3)}${units[u]}`;
}
