/**
 * How much the benchmark does. Every count has a default that meets the minimums and
 * can be lowered (the smoke test runs with tiny counts) by a flag or an environment variable:
 * `--warm 2000` or `--warm=2000` or `BENCH_WARM=2000`; a flag wins over the variable.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';

/** The repository root, where `cdk.json`, `fixtures/` and `node_modules` are. */
export const PROJECT_ROOT = join(import.meta.dirname, '..');

export interface BenchOptions {
  /** Fresh `node` processes per bundle for the cold import (the issue asks for at least 15). */
  readonly coldRuns: number;
  /** Measured warm invocations per sender kind, for new bookings and again for duplicates. */
  readonly warm: number;
  /** Unmeasured new bookings per kind first: fills the secret cache and lets the JIT settle. */
  readonly warmup: number;
  /** Sequential request pairs (through the local server, direct to the sandbox). */
  readonly latency: number;
  /** New bookings per kind whose AWS calls are counted in a warm container. */
  readonly calls: number;
  /** Where the JSON result and the built bundles go. */
  readonly resultsDir: string;
  /** Only these sender kinds (all the registry has when empty). */
  readonly kinds: readonly string[];
  /** The warm loop's child process is stopped after this many seconds. */
  readonly maxWarmSeconds: number;
  /** Extra `node` flags for the warm loop's process (BENCH_WARM_NODE_ARGS), for profiling. */
  readonly warmNodeArgs: readonly string[];
}

/** The counts of a real run: the minimums, with room for a stable median. */
export const DEFAULTS: BenchOptions = {
  coldRuns: 15,
  warm: 10_000,
  warmup: 300,
  latency: 500,
  calls: 20,
  resultsDir: join(PROJECT_ROOT, 'bench', 'results'),
  kinds: [],
  maxWarmSeconds: 900,
  warmNodeArgs: [],
};

/** Flag name → environment variable; numeric options are positive integers. */
const NUMERIC = {
  'cold-runs': ['coldRuns', 'BENCH_COLD_RUNS'],
  warm: ['warm', 'BENCH_WARM'],
  warmup: ['warmup', 'BENCH_WARMUP'],
  latency: ['latency', 'BENCH_LATENCY'],
  calls: ['calls', 'BENCH_CALLS'],
  'max-warm-seconds': ['maxWarmSeconds', 'BENCH_MAX_WARM_SECONDS'],
} as const;

function positiveInteger(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${name} must be a positive integer, not "${text}"`);
  }
  return value;
}

/** Reads the command line (`process.argv.slice(2)`) and the environment. */
export function readOptions(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): BenchOptions {
  const { values }: { values: Record<string, string | boolean | undefined> } = parseArgs({
    args: [...argv],
    options: {
      ...Object.fromEntries(
        Object.keys(NUMERIC).map((flag) => [flag, { type: 'string' as const }]),
      ),
      out: { type: 'string' },
      kinds: { type: 'string' },
    },
    strict: true,
  });
  const options: Record<string, unknown> = { ...DEFAULTS };
  for (const [flag, [key, variable]] of Object.entries(NUMERIC)) {
    const text = (values[flag] as string | undefined) ?? env[variable];
    if (text !== undefined && text !== '') options[key] = positiveInteger(`--${flag}`, text);
  }
  const out = (values.out as string | undefined) ?? env.BENCH_RESULTS_DIR;
  if (out) options.resultsDir = out;
  const kinds = (values.kinds as string | undefined) ?? env.BENCH_KINDS;
  if (kinds) options.kinds = kinds.split(',').map((kind) => kind.trim());
  const nodeArgs = env.BENCH_WARM_NODE_ARGS?.trim();
  if (nodeArgs) options.warmNodeArgs = nodeArgs.split(/\s+/);
  return options as unknown as BenchOptions;
}
