/**
 * Warm CPU per webhook, SSM calls per 1,000 warm webhooks and the loop's peak RSS.
 *
 * Why a child process: the issue asks for CPU "with stand-ins answering at once". In-process
 * fakes of fetch and the SDK would skip the product's real HTTP clients (SigV4 signing,
 * serialisation, sockets), which a deployed function pays for on every call; stand-ins in the
 * same process would add their own CPU to `process.cpuUsage`. So the real bundle runs in a
 * fresh `node` of its own, talking HTTP to stand-ins here that answer at once (SSM stand-in,
 * an instant DynamoDB, the Conpeek sandbox); its CPU time is the function's alone, and its
 * log lines go to /dev/null as they would go to CloudWatch.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { InstantStandIns } from './local-stack';
import type { BookingTemplate } from './requests';
import { round } from './stats';
import type { ChildMessage, WarmJob, WarmKindResult } from './warm-child';

/** One kind's warm numbers, per webhook. */
export interface WarmKind {
  readonly kind: string;
  readonly webhooks: number;
  /** CPU milliseconds per webhook. */
  readonly newBookingCpuMs: number;
  readonly duplicateCpuMs: number;
  /** Wall milliseconds per webhook, stand-ins' answers included. */
  readonly newBookingWallMs: number;
  readonly duplicateWallMs: number;
  /** Calls counted at the stand-ins per webhook, measured phases only. */
  readonly newBookingCalls: { ssm: number; dynamo: number; conpeek: number };
  readonly duplicateCalls: { ssm: number; dynamo: number; conpeek: number };
}

/** The warm loop's results, all kinds. */
export interface Warm {
  readonly kinds: WarmKind[];
  readonly ssmPerThousand: number;
  readonly maxRssMb: number;
  /** `process.memoryUsage()` at the end of the loop, MB. */
  readonly endMemoryMb: Record<string, number>;
  readonly node: string;
}

type Counts = { ssm: number; dynamo: number; conpeek: number };

function perWebhook(after: Counts | undefined, before: Counts | undefined, n: number): Counts {
  const at = (c: Counts | undefined, key: keyof Counts) => c?.[key] ?? Number.NaN;
  const per = (key: keyof Counts) => round((at(after, key) - at(before, key)) / n, 4);
  return { ssm: per('ssm'), dynamo: per('dynamo'), conpeek: per('conpeek') };
}

function summarise(result: WarmKindResult, marks: Map<string, Counts>): WarmKind {
  const { kind, newBookings: fresh, duplicates: dup } = result;
  return {
    kind,
    webhooks: fresh.webhooks,
    newBookingCpuMs: round(fresh.cpuMicros / fresh.webhooks / 1000, 4),
    duplicateCpuMs: round(dup.cpuMicros / dup.webhooks / 1000, 4),
    newBookingWallMs: round(fresh.wallMs / fresh.webhooks, 4),
    duplicateWallMs: round(dup.wallMs / dup.webhooks, 4),
    newBookingCalls: perWebhook(
      marks.get(`${kind}:new`),
      marks.get(`${kind}:start`),
      fresh.webhooks,
    ),
    duplicateCalls: perWebhook(
      marks.get(`${kind}:duplicates`),
      marks.get(`${kind}:new`),
      dup.webhooks,
    ),
  };
}

/** What the warm loop runs, and against which stand-ins. */
export interface WarmRun {
  readonly driver: string;
  readonly bundle: string;
  readonly templates: readonly BookingTemplate[];
  readonly count: number;
  readonly warmup: number;
  readonly standIns: InstantStandIns;
  readonly env: NodeJS.ProcessEnv;
  readonly maxSeconds: number;
  /** Extra `node` flags for the child, e.g. `--cpu-prof` to see where its time goes. */
  readonly nodeArgs?: readonly string[];
}

/** Runs the warm loop in a fresh child process and summarises it. */
export function measureWarm(run: WarmRun): Promise<Warm> {
  const marks = new Map<string, Counts>();
  let child: ChildProcess;
  return new Promise<Warm>((resolve, reject) => {
    // --expose-gc only lets the child report the heap that stays after a collection.
    child = spawn(process.execPath, ['--expose-gc', ...(run.nodeArgs ?? []), run.driver], {
      env: run.env,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    let done: Warm | undefined;
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      stderr += `\nstopped after ${run.maxSeconds} s (--max-warm-seconds)`;
      child.kill('SIGKILL');
    }, run.maxSeconds * 1000);
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'mark') {
        marks.set(message.label, run.standIns.counts());
        child.send({ type: 'marked' });
        return;
      }
      const kinds = message.kinds.map((result) => summarise(result, marks));
      const webhooks = kinds.reduce((sum, k) => sum + 2 * k.webhooks, 0);
      // Counted over each kind's measured phases; the unmeasured first bookings read the secrets.
      const ssm = kinds.reduce(
        (sum, k) =>
          sum +
          (marks.get(`${k.kind}:duplicates`)?.ssm ?? Number.NaN) -
          (marks.get(`${k.kind}:start`)?.ssm ?? Number.NaN),
        0,
      );
      done = {
        kinds,
        ssmPerThousand: round((ssm / webhooks) * 1000, 3),
        maxRssMb: round(message.maxRssKb / 1024, 1),
        endMemoryMb: Object.fromEntries(
          Object.entries(message.memory).map(([name, bytes]) => [name, round(bytes / 2 ** 20, 1)]),
        ),
        node: message.node,
      };
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0 && done) resolve(done);
      else reject(new Error(`the warm loop failed (exit ${code}): ${stderr.slice(-3_000)}`));
    });
    const job: WarmJob = {
      bundle: run.bundle,
      templates: run.templates,
      count: run.count,
      warmup: run.warmup,
    };
    child.send(job);
  });
}
