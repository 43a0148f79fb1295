/**
 * The table: one row per measure, each with the number its target is checked against,
 * the words that say what it is, and whether the target is met (null where it asks for a
 * report only). Per-kind numbers stay in the JSON; a row takes the worst kind.
 */
import type { CallSummary, KindCalls } from './aws-calls';
import type { ColdImport } from './cold-import';
import type { Latency } from './latency';
import { round } from './stats';
import type { Warm, WarmKind } from './warm-cpu';

/** One line of the table. */
export interface Row {
  readonly id: string;
  readonly measure: string;
  readonly how: string;
  /** The number compared with the target. */
  readonly value: number;
  readonly unit: string;
  /** The value with what it means, for people. */
  readonly result: string;
  readonly target: string;
  readonly met: boolean | null;
}

/** Everything the rows are made from. */
export interface Measurements {
  readonly bundle: { readonly bytes: number; readonly baselineBytes: number };
  /** With the calls the stand-ins saw while the bundles were imported (should be none). */
  readonly cold: ColdImport & { readonly callsAtImport: number };
  readonly warm: Warm;
  readonly latency: Latency;
  readonly calls: readonly KindCalls[];
}

/** 1 kB = 1,000 bytes: the stricter reading of "600 KB". */
const BUNDLE_LIMIT_BYTES = 600_000;

function worst<T>(items: readonly T[], value: (item: T) => number): { item: T; value: number } {
  const [first, ...rest] = items;
  if (first === undefined) throw new Error('no sender kind was measured');
  let best: { item: T; value: number } = { item: first, value: value(first) };
  for (const item of rest) if (value(item) > best.value) best = { item, value: value(item) };
  return best;
}

const ms = (value: number) => `${round(value, 3)} ms`;
const kB = (bytes: number) => `${round(bytes / 1000, 1)} kB`;
const versus = (a: number, b: number) => `${ms(a)} / ${ms(b)}`;

function cpuRow(
  id: string,
  measure: string,
  how: string,
  kinds: readonly WarmKind[],
  cpu: (k: WarmKind) => number,
): Row {
  const top = worst(kinds, cpu);
  const least = worst(kinds, (k) => -cpu(k));
  return {
    id,
    measure,
    how,
    value: top.value,
    unit: 'ms',
    result: `${ms(top.value)} (${top.item.kind}; least: ${least.item.kind} ${ms(-least.value)})`,
    target: '≤ 0.5 ms',
    met: top.value <= 0.5,
  };
}

/** `SSM 2 + PutItem 1 + UpdateItem 1`: what the calls were, per webhook. */
function callsText(summary: CallSummary): string {
  const parts = Object.entries({ SSM: summary.ssm, ...summary.byOperation })
    .filter(([, n]) => n > 0)
    .map(([name, n]) => `${name} ${round(n, 2)}`);
  return parts.length > 0 ? parts.join(' + ') : 'none';
}

function callsRow(
  id: string,
  measure: string,
  how: string,
  calls: readonly KindCalls[],
  pick: (k: KindCalls) => CallSummary,
  limit: number,
  note = '',
): Row {
  const top = worst(calls, (k) => pick(k).aws);
  return {
    id,
    measure,
    how,
    value: round(top.value, 3),
    unit: 'calls',
    result: `${round(top.value, 2)} (${top.item.kind}: ${callsText(pick(top.item))})${note}`,
    target: `≤ ${limit}`,
    met: top.value <= limit,
  };
}

/** Why the duplicate in another container costs what it costs at dynalite. */
function otherContainerNote(calls: readonly KindCalls[]): string {
  const summary = worst(calls, (k) => k.duplicateOtherContainer.aws).item.duplicateOtherContainer;
  const getItem = summary.byOperation.GetItem ?? 0;
  // Powertools asks the failed PutItem for the stored item (ReturnValuesOnConditionCheckFailure
  // ALL_OLD); DynamoDB returns it, dynalite does not, so Powertools reads it with a GetItem.
  return summary.putItemAllOld > 0 && getItem > 0
    ? '; GetItem only as dynalite ignores ALL_OLD'
    : '';
}

/** The table, in its order. */
export function buildRows(m: Measurements): Row[] {
  const { bundle, cold, warm, latency, calls } = m;
  const lessDynamo = latency.ratioLessDynamoMedian;
  const dynamoMs = latency.dynamo.medianMs;
  const { viaServer: via, direct } = latency;
  const perKind = warm.kinds[0]?.webhooks ?? 0;
  const heap = warm.endMemoryMb;
  return [
    {
      id: 'bundle-size',
      measure: 'bundle size',
      how: 'bytes of the handler bundle: stack esbuild settings, cdk.json config',
      value: bundle.bytes,
      unit: 'bytes',
      result: `${kB(bundle.bytes)} (baseline ${kB(bundle.baselineBytes)})`,
      target: '≤ 600 kB',
      met: bundle.bytes <= BUNDLE_LIMIT_BYTES,
    },
    {
      id: 'cold-import',
      measure: 'cold import',
      how:
        `median import() time over ${cold.product.samplesMs.length} fresh node processes, ` +
        'product / baseline (client-ssm + zod, same settings)',
      value: cold.ratio,
      unit: 'ratio',
      result:
        `${cold.ratio}× (${ms(cold.product.medianMs)} / ${ms(cold.baseline.medianMs)})` +
        (cold.callsAtImport > 0 ? `; importing made ${cold.callsAtImport} calls` : ''),
      target: '≤ 1.2×',
      met: cold.ratio <= 1.2,
    },
    cpuRow(
      'warm-cpu-new',
      'warm CPU per webhook, new booking',
      `process.cpuUsage over ${perKind} new bookings per sender kind, stand-ins answering at once`,
      warm.kinds,
      (k) => k.newBookingCpuMs,
    ),
    cpuRow(
      'warm-cpu-duplicate',
      'warm CPU per webhook, duplicate',
      `process.cpuUsage over ${perKind} repeats per sender kind (same container)`,
      warm.kinds,
      (k) => k.duplicateCpuMs,
    ),
    {
      id: 'latency-median',
      measure: 'end-to-end latency, median',
      how: `${latency.requests} sequential new bookings via the local server / direct to sandbox`,
      value: latency.ratioMedian,
      unit: 'ratio',
      result: `${latency.ratioMedian}× (${versus(via.medianMs, direct.medianMs)})`,
      target: 'report',
      met: null,
    },
    {
      id: 'latency-p99',
      measure: 'end-to-end latency, p99',
      how: 'as above, 99th percentiles',
      value: latency.ratioP99,
      unit: 'ratio',
      result: `${latency.ratioP99}× (${versus(via.p99Ms, direct.p99Ms)})`,
      target: 'report',
      met: null,
    },
    {
      id: 'latency-less-dynamo',
      measure: 'end-to-end latency less DynamoDB, median',
      how: 'each webhook less its DynamoDB time (at the proxy), median / direct median',
      value: lessDynamo,
      unit: 'ratio',
      result: `${lessDynamo}× (+${ms(latency.overheadMs)}; DynamoDB ${ms(dynamoMs)})`,
      target: 'aim ≤ 1.10×',
      met: lessDynamo <= 1.1,
    },
    callsRow(
      'calls-new',
      'AWS calls per new booking (warm)',
      'SSM stand-in + dynalite proxy counts, new bookings in a warm container',
      calls,
      (k) => k.newWarm,
      3,
    ),
    callsRow(
      'calls-new-cold',
      'AWS calls per new booking (cold container)',
      'the first webhook of a fresh container, a new booking: secrets read from SSM first',
      calls,
      (k) => k.newCold,
      3,
    ),
    callsRow(
      'calls-duplicate',
      'AWS calls per duplicate (same container)',
      'repeats answered by the container that created the meeting',
      calls,
      (k) => k.duplicateSameContainer,
      1,
    ),
    callsRow(
      'calls-duplicate-other',
      'AWS calls per duplicate (other container)',
      'repeats reaching another warm container (no local idempotency cache entry)',
      calls,
      (k) => k.duplicateOtherContainer,
      1,
      otherContainerNote(calls),
    ),
    {
      id: 'ssm-per-1000',
      measure: 'SSM calls per 1,000 warm webhooks',
      how: 'SSM stand-in count over the measured warm loop (new bookings and repeats, all kinds)',
      value: warm.ssmPerThousand,
      unit: 'calls',
      result: String(warm.ssmPerThousand),
      target: '0',
      met: warm.ssmPerThousand === 0,
    },
    {
      id: 'memory',
      measure: 'memory',
      how: 'peak RSS (maxRSS) of the warm loop process',
      value: warm.maxRssMb,
      unit: 'MB',
      result: `${warm.maxRssMb} MB (V8 heap ${heap.heapTotal} MB, ${heap.heapUsed} MB live)`,
      target: 'report',
      met: null,
    },
  ];
}
