/**
 * The warm loop, run by `warm-cpu.ts` in a fresh `node` process of its own (bundled to plain
 * JavaScript first) so that `process.cpuUsage` and the peak RSS are the handler's alone: the
 * stand-ins answer from the parent process. It imports the product bundle and invokes its
 * `handler` one event at a time, as Lambda does in one container.
 *
 * Per sender kind: unmeasured new bookings, then `count` new bookings, then `count` repeats of
 * the last few (a sender's retries, answered by this container's idempotency cache). Requests
 * are signed in batches outside the measured time: signing is the sender's work.
 */
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { Answer } from '../lambda/http/answers';
import { type BookingTemplate, eventOf, signedRequest } from './requests';

/** What the parent asks of the child: the bundle, the bookings, the counts. */
export interface WarmJob {
  readonly bundle: string;
  readonly templates: readonly BookingTemplate[];
  readonly count: number;
  readonly warmup: number;
}

/** One measured phase of one kind. */
export interface PhaseResult {
  readonly webhooks: number;
  /** User plus system CPU time of this process while the handler ran, microseconds. */
  readonly cpuMicros: number;
  readonly wallMs: number;
}

/** Both measured phases of one kind. */
export interface WarmKindResult {
  readonly kind: string;
  readonly newBookings: PhaseResult;
  readonly duplicates: PhaseResult;
}

/** Messages from the child: phase marks (answered by the parent), then the results. */
export type ChildMessage =
  | { readonly type: 'mark'; readonly label: string }
  | {
      readonly type: 'done';
      readonly kinds: WarmKindResult[];
      readonly maxRssKb: number;
      /** At the end of the loop, for telling heap from other memory. */
      readonly memory: NodeJS.MemoryUsage;
      readonly node: string;
    };

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<Answer>;

/** Events signed at once: their signatures must still be fresh when the handler sees them. */
const BATCH = 500;

/** Repeats cycle over this many recent bookings, well inside the idempotency cache (1,000). */
const REPEATED = 100;

const context = {
  functionName: 'conpeek-meet-webhook-bench',
  awsRequestId: 'bench',
  getRemainingTimeInMillis: () => 12_000,
} as unknown as Context;

function send(message: ChildMessage): void {
  process.send?.(message);
}

/** Tells the parent where the loop is and waits until it has read the stand-ins' counters. */
function mark(label: string): Promise<void> {
  return new Promise((resolve) => {
    process.once('message', () => resolve());
    send({ type: 'mark', label });
  });
}

async function run(
  handler: Handler,
  template: BookingTemplate,
  indexes: readonly number[],
  expected: 'created' | 'duplicate',
): Promise<PhaseResult> {
  let cpuMicros = 0;
  let wallMs = 0;
  for (let start = 0; start < indexes.length; start += BATCH) {
    const now = new Date();
    const events = indexes
      .slice(start, start + BATCH)
      .map((index) => eventOf(signedRequest(template, index, now), now));
    const answers: Answer[] = [];
    const cpu = process.cpuUsage();
    const began = performance.now();
    for (const event of events) answers.push(await handler(event, context));
    wallMs += performance.now() - began;
    const used = process.cpuUsage(cpu);
    cpuMicros += used.user + used.system;
    // Checked after the clock stops: a benchmark of refusals would measure nothing useful.
    for (const answer of answers) {
      if (answer.statusCode !== 200 || !answer.body?.includes(`"status":"${expected}"`)) {
        throw new Error(
          `${template.kind}: expected 200 ${expected}, got ${answer.statusCode} ${answer.body}`,
        );
      }
    }
  }
  return { webhooks: indexes.length, cpuMicros, wallMs };
}

const range = (from: number, length: number) => Array.from({ length }, (_, i) => from + i);

async function main(job: WarmJob): Promise<void> {
  const { handler } = (await import(pathToFileURL(job.bundle).href)) as { handler: Handler };
  const kinds: WarmKindResult[] = [];
  for (const template of job.templates) {
    await run(handler, template, range(0, job.warmup), 'created');
    await mark(`${template.kind}:start`);
    const newBookings = await run(handler, template, range(job.warmup, job.count), 'created');
    await mark(`${template.kind}:new`);
    const recent = Math.min(REPEATED, job.count);
    const repeats = range(0, job.count).map((i) => job.warmup + job.count - recent + (i % recent));
    const duplicates = await run(handler, template, repeats, 'duplicate');
    await mark(`${template.kind}:duplicates`);
    kinds.push({ kind: template.kind, newBookings, duplicates });
  }
  // The parent starts this process with --expose-gc: the end figures show what stays.
  (globalThis as { gc?: () => void }).gc?.();
  send({
    type: 'done',
    kinds,
    maxRssKb: process.resourceUsage().maxRSS,
    memory: process.memoryUsage(),
    node: process.version,
  });
  process.disconnect();
}

process.once('message', (job: WarmJob) => {
  main(job).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : error}\n`);
    process.exit(1);
  });
});
