/**
 * Captures everything written to stdout and stderr (the structured logs and EMF metrics), so
 * tests can read log lines and search them for secrets.
 */

export interface Capture {
  readonly text: () => string;
  /** The JSON log lines written so far. */
  readonly lines: () => Array<Record<string, unknown>>;
  restore(): void;
}

export function captureOutput(): Capture {
  const chunks: string[] = [];
  const originals = { out: process.stdout.write, err: process.stderr.write };
  const tap = () =>
    ((chunk: unknown) => {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString());
      // Swallowed: the test reads it; the runner's output stays readable.
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = tap();
  process.stderr.write = tap();

  const text = () => chunks.join('');
  return {
    text,
    lines: () =>
      text()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    restore: () => {
      process.stdout.write = originals.out;
      process.stderr.write = originals.err;
    },
  };
}
