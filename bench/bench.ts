/**
 * The whole benchmark, in the order that keeps measures from disturbing each other: bundles,
 * cold imports (nothing else running), AWS calls and latency against dynalite, then the warm
 * loop in its own process. Returns the rows and writes them, with every per-kind
 * number behind them, as JSON.
 */
import { cpus } from 'node:os';
import { join } from 'node:path';
import { readConfigFile, readParametersFile } from '../local/config-file';
import { countCalls } from './aws-calls';
import { buildBaseline, buildHandler, buildWarmDriver } from './bundles';
import { measureColdImport } from './cold-import';
import { discoverKinds, probeTemplates } from './kinds';
import { measureLatency } from './latency';
import { functionEnvironment, startInstantStandIns, startLocalStack } from './local-stack';
import type { BenchOptions } from './options';
import { PROJECT_ROOT } from './options';
import { formatTable, writeResult } from './report';
import { buildRows, type Row } from './rows';
import { measureWarm } from './warm-cpu';

/** What a run produced. */
export interface BenchResult {
  readonly rows: Row[];
  readonly table: string;
  /** The JSON file written. */
  readonly file: string;
}

/** The Lambda runtime is nodejs24.x; numbers from another Node would describe something else. */
export function requireNode24(version = process.versions.node): void {
  const major = Number(version.split('.')[0]);
  if (major < 24) {
    throw new Error(
      `The bench runs on Node ${version}; it needs Node 24 (the Lambda runtime). Run it with ` +
        '`npm run bench`, which puts node_modules/.bin (the node@24 devDependency) first.',
    );
  }
}

/**
 * The product logs one JSON line per webhook and EMF metrics to stdout; in this process they
 * would bury the table. Written nowhere while the in-process phases run, as the warm loop's
 * child writes them to /dev/null.
 */
function muteStdout(): () => void {
  const write = process.stdout.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  return () => {
    process.stdout.write = write;
  };
}

/** Runs every measure with `options`' counts; `progress` hears what is going on. */
export async function runBench(
  options: BenchOptions,
  progress: (line: string) => void = (line) => process.stderr.write(`bench: ${line}\n`),
): Promise<BenchResult> {
  requireNode24();
  const startedAt = new Date();
  const config = readConfigFile(join(PROJECT_ROOT, 'cdk.json'));
  const parameters = readParametersFile(join(PROJECT_ROOT, 'local', 'parameters.example.json'));
  const discovery = discoverKinds(config, parameters, options.kinds);
  const buildDir = join(options.resultsDir, 'build');

  progress('building bundles with the stack esbuild settings');
  const deployed = await buildHandler(config, join(buildDir, 'deployed'));
  const baseline = await buildBaseline(config, join(buildDir, 'baseline'));
  const driver = await buildWarmDriver(buildDir);

  const instant = await startInstantStandIns(config, parameters);
  try {
    // Conpeek on the sandbox: a bundle that called it (or AWS) at import would be counted.
    const local = await buildHandler(instant.config, join(buildDir, 'local'));
    const env = functionEnvironment(instant);

    progress(`cold import: ${options.coldRuns} fresh node processes per bundle`);
    const before = instant.counts();
    const coldImport = await measureColdImport(local.file, baseline.file, options.coldRuns, env);
    const after = instant.counts();
    const callsAtImport =
      after.ssm - before.ssm + (after.dynamo - before.dynamo) + (after.conpeek - before.conpeek);
    const cold = { ...coldImport, callsAtImport };

    progress('AWS calls and latency against dynalite, the SSM stand-in and the sandbox');
    const unmute = muteStdout();
    const stack = await startLocalStack(config, parameters);
    let probed: Awaited<ReturnType<typeof probeTemplates>>;
    let calls: Awaited<ReturnType<typeof countCalls>>;
    let latency: Awaited<ReturnType<typeof measureLatency>>;
    try {
      const probe = stack.container();
      probed = await probeTemplates(discovery, (event) => probe.handleWebhook(event, () => 12_000));
      if (probed.templates.length === 0) {
        throw new Error(`no sender kind can be measured: ${JSON.stringify(probed.skipped)}`);
      }
      calls = await countCalls(stack, probed.templates, options.calls);
      latency = await measureLatency(stack, probed.templates, options.latency);
    } finally {
      await stack.close();
      unmute();
    }
    for (const skip of probed.skipped) progress(`skipped ${skip.kind}: ${skip.reason}`);

    const kinds = probed.templates.map((t) => t.kind).join(', ');
    progress(`warm loop: ${options.warm} new bookings and repeats per kind (${kinds})`);
    const warm = await measureWarm({
      driver,
      bundle: local.file,
      templates: probed.templates,
      count: options.warm,
      warmup: options.warmup,
      standIns: instant,
      env,
      maxSeconds: options.maxWarmSeconds,
      nodeArgs: options.warmNodeArgs,
    });

    for (const k of warm.kinds) {
      progress(
        `  ${k.kind}: CPU ${k.newBookingCpuMs} ms per new booking, ${k.duplicateCpuMs} ms per ` +
          `duplicate (wall ${k.newBookingWallMs} / ${k.duplicateWallMs} ms)`,
      );
    }

    const rows = buildRows({
      bundle: { bytes: deployed.bytes, baselineBytes: baseline.bytes },
      cold,
      warm,
      latency,
      calls,
    });
    const result = {
      benchmark: 'conpeek-meet-webhook',
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      node: { bench: process.version, coldImport: cold.node, warmLoop: warm.node },
      machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown' },
      options,
      kinds: {
        measured: probed.templates.map((t) => ({
          kind: t.kind,
          source: t.source,
          fixture: t.file,
          bookingId: t.idFromDelivery ? 'delivery id header' : t.idPaths.map((p) => p.join('.')),
        })),
        skipped: probed.skipped,
      },
      rows,
      details: { bundles: { deployed, baseline, local }, cold, warm, latency, calls },
    };
    const file = writeResult(options.resultsDir, result, startedAt);
    return { rows, table: formatTable(rows), file };
  } finally {
    await instant.close();
  }
}
