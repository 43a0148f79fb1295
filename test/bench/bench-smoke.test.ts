/**
 * Smoke test of `npm run bench`: the whole benchmark with tiny counts, into a temporary
 * directory. It checks that every row of the table is there with a number and that the
 * JSON result is written; never how fast anything was (timings are the bench's to report).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBench } from '../../bench/bench';
import { DEFAULTS } from '../../bench/options';

/** One id per measure of the table. */
const ROWS = [
  'bundle-size',
  'cold-import',
  'warm-cpu-new',
  'warm-cpu-duplicate',
  'latency-median',
  'latency-p99',
  'latency-less-dynamo',
  'calls-new',
  'calls-new-cold',
  'calls-duplicate',
  'calls-duplicate-other',
  'ssm-per-1000',
  'memory',
];

const dir = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run bench with tiny counts', () => {
  it('prints every row with a numeric value and writes the JSON result', async () => {
    const result = await runBench(
      { ...DEFAULTS, coldRuns: 1, warm: 3, warmup: 1, latency: 2, calls: 1, resultsDir: dir },
      () => undefined,
    );

    expect(result.rows.map((row) => row.id)).toEqual(ROWS);
    for (const row of result.rows) {
      expect(Number.isFinite(row.value), `${row.id} = ${row.value}`).toBe(true);
      expect(result.table).toContain(row.measure);
    }

    expect(existsSync(result.file)).toBe(true);
    const written = JSON.parse(readFileSync(result.file, 'utf8'));
    expect(written.rows.map((row: { id: string }) => row.id)).toEqual(ROWS);
    expect(written.kinds.measured.length).toBeGreaterThan(0);
    expect(written.node.warmLoop).toMatch(/^v2[4-9]\./);
  });
});
