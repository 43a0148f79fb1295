/**
 * End-to-end latency as a sender sees it: a signed new booking POSTed to the local server
 * (gateway → real handler → dynalite through the counting proxy → Conpeek sandbox), against
 * the same meeting request POSTed straight to the sandbox. Pairs alternate, one request at a
 * time, so both see the same machine. The DynamoDB time of each webhook (measured at the proxy)
 * is reported too: the aim is "≤ 1.10× plus the DynamoDB round trips".
 */
import { startGateway } from '../local/gateway';
import { difference } from './counting-proxy';
import type { LocalStack } from './local-stack';
import type { BookingTemplate } from './requests';
import { signedRequest } from './requests';
import { median, percentile, round } from './stats';

/** Indexes of the bookings made here; other phases use other ranges. */
export const LATENCY_INDEX_BASE = 200_000;

/** No single request may hold the bench up for longer. */
const REQUEST_TIMEOUT_MS = 10_000;

/** Median and 99th percentile of a set of timings. */
export interface Spread {
  readonly medianMs: number;
  readonly p99Ms: number;
}

/** Both paths' timings and how they compare. */
export interface Latency {
  readonly requests: number;
  readonly direct: Spread;
  readonly viaServer: Spread;
  /** Time spent in DynamoDB calls per webhook, at the proxy. */
  readonly dynamo: Spread;
  /** Each webhook's time less its own DynamoDB time. */
  readonly viaServerLessDynamo: Spread;
  readonly ratioMedian: number;
  readonly ratioP99: number;
  readonly ratioLessDynamoMedian: number;
  /** Median milliseconds the server adds beyond Conpeek and DynamoDB. */
  readonly overheadMs: number;
}

function spread(samples: number[]): Spread {
  return { medianMs: round(median(samples)), p99Ms: round(percentile(samples, 99)) };
}

/** A meeting request the sandbox accepts: a week ahead, in Conpeek's UTC format. */
function meetRequest(index: number): string {
  const start = new Date(Date.now() + 7 * 86_400_000 + index * 60_000);
  const fromDate = start.toISOString().slice(0, 19).replace('T', ' ');
  return JSON.stringify({ from_date: fromDate, project_target_identifier: 'PSKQMXUAZ' });
}

async function timedPost(
  url: string,
  headers: Record<string, string>,
  body: string,
  expect: string,
): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers,
    body,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  const elapsed = performance.now() - started;
  if (response.status !== 200 || !text.includes(expect)) {
    throw new Error(`POST ${url}: expected 200 with ${expect}, got ${response.status} ${text}`);
  }
  return elapsed;
}

/** `requests` alternating pairs after an unmeasured warm-up, new bookings round-robin by kind. */
export async function measureLatency(
  stack: LocalStack,
  templates: readonly BookingTemplate[],
  requests: number,
): Promise<Latency> {
  const gateway = await startGateway(stack.container().handleWebhook, 0);
  const direct: number[] = [];
  const via: number[] = [];
  const dynamo: number[] = [];
  const lessDynamo: number[] = [];
  const meetUrl = `${stack.sandbox.url}/meets/meet`;
  const meetHeaders = { authorization: stack.conpeekKey, 'content-type': 'application/json' };
  try {
    // Unmeasured first round per kind: secrets cached, connections open, code compiled.
    const warmup = Math.max(templates.length * 3, Math.min(50, requests));
    for (let i = -warmup; i < requests; i += 1) {
      const template = templates[(i + warmup) % templates.length] as BookingTemplate;
      const signed = signedRequest(template, LATENCY_INDEX_BASE + warmup + i, new Date());
      const directMs = await timedPost(meetUrl, meetHeaders, meetRequest(i), '"_id"');
      const before = stack.counts().dynamo;
      const viaMs = await timedPost(
        `${gateway.url}${signed.path}`,
        signed.headers,
        signed.body,
        '"status":"created"',
      );
      const dynamoMs = difference(stack.counts().dynamo, before).upstreamMs;
      if (i < 0) continue;
      direct.push(directMs);
      via.push(viaMs);
      dynamo.push(dynamoMs);
      lessDynamo.push(viaMs - dynamoMs);
    }
  } finally {
    await gateway.close();
  }
  const directMedian = median(direct);
  return {
    requests,
    direct: spread(direct),
    viaServer: spread(via),
    dynamo: spread(dynamo),
    viaServerLessDynamo: spread(lessDynamo),
    ratioMedian: round(median(via) / directMedian),
    ratioP99: round(percentile(via, 99) / percentile(direct, 99)),
    ratioLessDynamoMedian: round(median(lessDynamo) / directMedian),
    overheadMs: round(median(lessDynamo) - directMedian),
  };
}
