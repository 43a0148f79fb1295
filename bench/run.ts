/**
 * `npm run bench`: builds the production bundle with the stack's esbuild settings, measures it
 * against the targets, prints one table and the path of the JSON result.
 *
 * Counts: `--cold-runs`, `--warm`, `--warmup`, `--latency`, `--calls`, `--max-warm-seconds`
 * (or BENCH_COLD_RUNS, BENCH_WARM, …), `--kinds calendly,generic`, `--out DIR`.
 */
import { runBench } from './bench';
import { readOptions } from './options';

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  const { table, file } = await runBench(options);
  process.stdout.write(`\n${table}\n\nResult: ${file}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : error}\n`,
  );
  process.exitCode = 1;
});
