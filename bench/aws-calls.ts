/**
 * AWS calls per webhook, counted where they arrive: GetParameter(s) at the SSM stand-in and
 * every DynamoDB operation at the counting proxy in front of dynalite. Per sender kind:
 *
 * - a new booking in a fresh container (cold: the secrets are read from SSM first);
 * - new bookings in that container once warm;
 * - repeats of them in the same container (Powertools' local cache answers);
 * - repeats in another fresh container, as when a sender's retry lands elsewhere: first cold,
 *   then warm.
 */
import type { Wired } from '../lambda/wiring';
import { type CallCounts, difference } from './counting-proxy';
import type { LocalStack, StackCounts } from './local-stack';
import { type BookingTemplate, eventOf, signedRequest } from './requests';

/** Indexes of the bookings made here; other phases use other ranges. */
export const CALLS_INDEX_BASE = 100_000;

/** The Lambda timeout the stack gives the webhook function, as the gateway stand-in uses. */
const REMAINING_MS = 12_000;

/** AWS calls per webhook over a group of webhooks. */
export interface CallSummary {
  /** Webhooks counted. */
  readonly webhooks: number;
  /** SSM plus DynamoDB calls per webhook. */
  readonly aws: number;
  readonly ssm: number;
  readonly dynamo: number;
  /** DynamoDB calls per webhook by operation. */
  readonly byOperation: Record<string, number>;
  /** PutItem calls that asked for the existing item back (ReturnValuesOnConditionCheckFailure). */
  readonly putItemAllOld: number;
}

/** The call counts of one sender kind, by situation. */
export interface KindCalls {
  readonly kind: string;
  readonly newCold: CallSummary;
  readonly newWarm: CallSummary;
  readonly duplicateSameContainer: CallSummary;
  readonly duplicateOtherContainerCold: CallSummary;
  readonly duplicateOtherContainer: CallSummary;
}

interface Tally {
  webhooks: number;
  ssm: number;
  dynamo: CallCounts;
}

const EMPTY: CallCounts = { total: 0, byTarget: {}, upstreamMs: 0, putItemAllOld: 0 };

function add(a: CallCounts, b: CallCounts): CallCounts {
  const byTarget = { ...a.byTarget };
  for (const [name, n] of Object.entries(b.byTarget)) byTarget[name] = (byTarget[name] ?? 0) + n;
  return {
    total: a.total + b.total,
    byTarget,
    upstreamMs: a.upstreamMs + b.upstreamMs,
    putItemAllOld: a.putItemAllOld + b.putItemAllOld,
  };
}

function summarise(tally: Tally): CallSummary {
  const per = (n: number) => (tally.webhooks === 0 ? Number.NaN : n / tally.webhooks);
  return {
    webhooks: tally.webhooks,
    aws: per(tally.ssm + tally.dynamo.total),
    ssm: per(tally.ssm),
    dynamo: per(tally.dynamo.total),
    byOperation: Object.fromEntries(
      Object.entries(tally.dynamo.byTarget).map(([name, n]) => [name, per(n)]),
    ),
    putItemAllOld: per(tally.dynamo.putItemAllOld),
  };
}

/** Sends booking `index` to a container and checks the answer's status. */
async function send(
  stack: LocalStack,
  container: Wired,
  template: BookingTemplate,
  index: number,
  expected: 'created' | 'duplicate',
  tally: Tally,
): Promise<void> {
  const now = new Date();
  const event = eventOf(signedRequest(template, index, now), now);
  const before: StackCounts = stack.counts();
  const answer = await container.handleWebhook(event, () => REMAINING_MS);
  const after: StackCounts = stack.counts();
  if (answer.statusCode !== 200 || !answer.body?.includes(`"status":"${expected}"`)) {
    throw new Error(
      `${template.kind} booking ${index}: expected 200 ${expected}, got ${answer.statusCode} ` +
        `${answer.body ?? ''}`,
    );
  }
  tally.webhooks += 1;
  tally.ssm += after.ssm - before.ssm;
  tally.dynamo = add(tally.dynamo, difference(after.dynamo, before.dynamo));
}

const tally = (): Tally => ({ webhooks: 0, ssm: 0, dynamo: EMPTY });

/** `count` warm new bookings (and as many repeats) per kind, after the cold first one. */
export async function countCalls(
  stack: LocalStack,
  templates: readonly BookingTemplate[],
  count: number,
): Promise<KindCalls[]> {
  const results: KindCalls[] = [];
  for (const template of templates) {
    const first = CALLS_INDEX_BASE;
    const later = Array.from({ length: count }, (_, i) => CALLS_INDEX_BASE + 1 + i);
    const home = stack.container();
    const newCold = tally();
    await send(stack, home, template, first, 'created', newCold);
    const newWarm = tally();
    for (const index of later) await send(stack, home, template, index, 'created', newWarm);
    const same = tally();
    for (const index of later) await send(stack, home, template, index, 'duplicate', same);

    const elsewhere = stack.container();
    const otherCold = tally();
    await send(stack, elsewhere, template, first, 'duplicate', otherCold);
    const other = tally();
    for (const index of later) await send(stack, elsewhere, template, index, 'duplicate', other);

    results.push({
      kind: template.kind,
      newCold: summarise(newCold),
      newWarm: summarise(newWarm),
      duplicateSameContainer: summarise(same),
      duplicateOtherContainerCold: summarise(otherCold),
      duplicateOtherContainer: summarise(other),
    });
  }
  return results;
}
