/** The bench's output: one plain-text table for people, one JSON file for tools. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Row } from './rows';

const MET = { true: 'yes', false: 'NO', null: '-' } as const;

/** The rows as an aligned table: measure | result | target | met. */
export function formatTable(rows: readonly Row[]): string {
  const header = ['measure', 'result', 'target', 'met'];
  const cells = rows.map((row) => [row.measure, row.result, row.target, MET[`${row.met}`]]);
  const widths = header.map((title, i) =>
    Math.max(title.length, ...cells.map((cell) => (cell[i] ?? '').length)),
  );
  const line = (cell: readonly string[]) =>
    `| ${cell.map((text, i) => text.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const rule = `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`;
  return [line(header), rule, ...cells.map(line)].join('\n');
}

/** Writes `bench-<time>.json` and `latest.json` under `dir`; returns the first path. */
export function writeResult(dir: string, result: unknown, startedAt: Date): string {
  mkdirSync(dir, { recursive: true });
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const file = join(dir, `bench-${stamp}.json`);
  const text = `${JSON.stringify(result, null, 2)}\n`;
  writeFileSync(file, text);
  writeFileSync(join(dir, 'latest.json'), text);
  return file;
}
