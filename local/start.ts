/**
 * `npm start`: the webhook handler on http://127.0.0.1:$PORT with local stand-ins for SSM and
 * Conpeek. Prints each source's URL and a signed example request ready to paste.
 *
 * Environment: PORT (3000), CONFIG_FILE (cdk.json), LOCAL_PARAMETERS_FILE
 * (local/parameters.example.json), CONPEEK_URL (unset → the built-in sandbox), and LOCAL_CLOCK
 * (an ISO instant the clock starts from, for replaying the March 2026 fixtures).
 */
import { readConfigFile, readParametersFile } from './config-file';
import { startLocalEnvironment } from './environment';
import { exampleRequest } from './examples';

function clockFrom(start: string | undefined): (() => Date) | undefined {
  if (!start) return undefined;
  const origin = Date.parse(start);
  if (Number.isNaN(origin)) throw new Error(`LOCAL_CLOCK=${start} is not an ISO instant`);
  const startedAt = Date.now();
  return () => new Date(origin + (Date.now() - startedAt));
}

async function main(): Promise<void> {
  const config = readConfigFile();
  const parameters = readParametersFile();
  const now = clockFrom(process.env.LOCAL_CLOCK);
  const port = Number(process.env.PORT ?? 3000);
  const local = await startLocalEnvironment({
    config,
    parameters,
    conpeekUrl: process.env.CONPEEK_URL || undefined,
    port,
    dynamoPort: port === 0 ? 0 : port + 1,
    // The deployed schedule runs every minute; locally a short interval shows retries quickly.
    workerIntervalMs: 10_000,
    ...(now ? { now } : {}),
  });

  const lines = [
    `conpeek-meet-webhook is listening on ${local.gateway.url}`,
    `  Conpeek: ${local.sandbox ? `built-in sandbox at ${local.sandbox.url}` : local.config.conpeek.url}`,
    `  SSM:     stand-in at ${local.ssm.url} (${Object.keys(parameters).length} parameters)`,
    `  DynamoDB: dynalite at ${local.dynamo.url} (retry worker every 10 s)`,
    `  Parked bookings: npm run bookings -- list --endpoint ${local.dynamo.url}`,
    '',
    'Webhook URLs:',
    ...local.config.sources.map((s) => `  ${s.kind.padEnd(9)} ${local.webhookUrl(s.name)}`),
    '',
  ];
  const example = exampleRequest(local, parameters, now?.() ?? new Date());
  if (example) lines.push(`Try it (${example.description}):`, example.curl, '');
  lines.push('Ctrl-C stops everything.');
  process.stdout.write(`${lines.join('\n')}\n`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await local.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
