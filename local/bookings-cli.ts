/**
 * `npm run bookings -- <command>`: the operator's view of parked and failed bookings.
 *
 *   list [--state parked|failed|created] [--json]
 *   replay <booking key>          put one failed booking back in the queue
 *   replay --all                  every failed booking whose start is still ahead
 *
 * Options: --table NAME (default $BOOKINGS_TABLE_NAME, else the local name BookingsTable) and
 * --endpoint URL (default $AWS_ENDPOINT_URL_DYNAMODB, else AWS itself, with credentials and
 * region from the usual chain: AWS_PROFILE, environment, SSO, instance role).
 */
import { parseArgs } from 'node:util';
import { createDynamoClient, documentClient } from '../lambda/store/dynamo';
import {
  type BookingRow,
  listBookings,
  ReplayRefusedError,
  replayAllFailed,
  replayBooking,
} from '../lambda/store/operator';
import { ParkedBookings, type ParkedState } from '../lambda/store/parked-bookings';
import { BOOKINGS_TABLE } from '../lambda/store/tables';

const USAGE = `usage: npm run bookings -- list [--state parked|failed|created] [--json]
       npm run bookings -- replay <booking key> | --all
options: --table NAME  --endpoint URL`;

const COLUMNS: Array<keyof BookingRow> = [
  'state',
  'source',
  'bookingId',
  'start',
  'project',
  'attempts',
  'lastError',
];

function table(rows: BookingRow[]): string {
  if (rows.length === 0) return 'No bookings.';
  const cell = (row: BookingRow, column: keyof BookingRow) => String(row[column]).slice(0, 60);
  const widths = COLUMNS.map((c) => Math.max(c.length, ...rows.map((r) => cell(r, c).length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i] ?? 0)).join('  ');
  const body = rows.map((r) => `${line(COLUMNS.map((c) => cell(r, c)))}\n  key: ${r.key}`);
  return [line(COLUMNS.map(String)), ...body].join('\n');
}

const OPTIONS = {
  state: { type: 'string' },
  table: { type: 'string' },
  endpoint: { type: 'string' },
  all: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;

/**
 * dynalite, like any local stand-in, needs no real credentials, but the SDK insists on a region
 * and some credentials before it sends anything. Only for a loopback endpoint: against AWS the
 * usual chain must decide.
 */
function localDefaults(endpoint: string | undefined): void {
  if (!endpoint || !/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/?$/.test(endpoint)) return;
  process.env.AWS_REGION ??= 'eu-central-1';
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
}

export async function runBookingsCli(argv: string[]): Promise<{ code: number; output: string }> {
  let parsed: ReturnType<
    typeof parseArgs<{ args: string[]; allowPositionals: true; options: typeof OPTIONS }>
  >;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  } catch (error) {
    return { code: 2, output: `${(error as Error).message}\n${USAGE}` };
  }
  const { values, positionals } = parsed;
  if (values.help) return { code: 0, output: USAGE };
  const [command, key] = positionals;
  const endpoint = values.endpoint ?? process.env.AWS_ENDPOINT_URL_DYNAMODB;
  localDefaults(endpoint);
  const tableName = values.table ?? process.env.BOOKINGS_TABLE_NAME ?? BOOKINGS_TABLE.id;
  const client = createDynamoClient(endpoint);
  const parked = new ParkedBookings(documentClient(client), tableName, 7);

  try {
    if (command === 'list') {
      const states = values.state ? [values.state as ParkedState] : undefined;
      const rows = await listBookings(parked, states);
      return { code: 0, output: values.json ? JSON.stringify(rows, null, 2) : table(rows) };
    }
    if (command === 'replay' && values.all) {
      const { replayed, refused } = await replayAllFailed(parked, Date.now());
      const lines = [
        `Replayed ${replayed.length} booking(s); the worker takes them within a minute.`,
      ];
      return { code: refused.length > 0 ? 1 : 0, output: [...lines, ...refused].join('\n') };
    }
    if (command === 'replay' && key) {
      const row = await replayBooking(parked, key, Date.now());
      return { code: 0, output: `Replayed ${row.source} ${row.bookingId} (${row.start}).` };
    }
    return { code: 2, output: USAGE };
  } catch (error) {
    if (error instanceof ReplayRefusedError) return { code: 1, output: error.message };
    return {
      code: 1,
      output: `Could not reach the bookings table ${tableName}: ${(error as Error).message}`,
    };
  } finally {
    client.destroy();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { code, output } = await runBookingsCli(process.argv.slice(2));
  process.stdout.write(`${output}\n`);
  process.exit(code);
}
