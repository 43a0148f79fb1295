/**
 * Webhook requests as the senders make them: a fixture body moved to the present, one booking
 * per index, signed with `local/sign.ts` (the senders' recipes, independent of `lambda/`), and
 * turned into the API Gateway event `local/gateway.ts` builds. Imported by the warm loop's
 * child process too, so it pulls in nothing but the signers and the gateway.
 */
import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { toEvent } from '../local/gateway';
import { SIGNERS } from '../local/sign';

/** A path to a leaf of a JSON document. */
export type JsonPath = ReadonlyArray<string | number>;

/** How to make any number of distinct, genuine bookings of one sender kind. */
export interface BookingTemplate {
  readonly kind: string;
  /** The source's name: the `{source}` of `POST /webhooks/{source}`. */
  readonly source: string;
  readonly secret: string;
  /** The URL the sender signs (a source's `publicUrl` where the scheme signs it). */
  readonly signUrl: string;
  /** The fixture the body comes from, for the report. */
  readonly file: string;
  /** The fixture with its dates moved to the present, as JSON text. */
  readonly body: string;
  /** Leaves of the body holding the booking id; each index writes its own id there. */
  readonly idPaths: readonly JsonPath[];
  /** True when the booking id is the delivery id the signer puts in a header. */
  readonly idFromDelivery: boolean;
}

/** A webhook as it leaves the sender: path, signed headers, body text. */
export interface SignedRequest {
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})/;
const EPOCH_MS_TEXT = /^1[5-9]\d{11}$/;

function isEpochMs(value: number): boolean {
  return Number.isInteger(value) && value >= 1.5e12 && value < 2.5e12;
}

function isEpochSeconds(value: number): boolean {
  return Number.isInteger(value) && value >= 1.5e9 && value < 2.5e9;
}

/**
 * Moves every date in a fixture by whole days: ISO dates (the text after them, time and
 * offset, is kept), epoch milliseconds (text or number) and epoch seconds. Whole days keep
 * wall-clock times and `HH:MM` fields valid, so the body stays what the sender would post,
 * only later: the product refuses starts in the past, and the fixtures were sent in March 2026.
 */
export function shiftDates(value: unknown, days: number): unknown {
  if (Array.isArray(value)) return value.map((item) => shiftDates(item, days));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shiftDates(v, days)]));
  }
  if (typeof value === 'number') {
    if (isEpochMs(value)) return value + days * DAY_MS;
    if (isEpochSeconds(value)) return value + days * (DAY_MS / 1000);
    return value;
  }
  if (typeof value !== 'string') return value;
  if (EPOCH_MS_TEXT.test(value)) return String(Number(value) + days * DAY_MS);
  const date = ISO_DATE.exec(value);
  if (!date) return value;
  const moved = new Date(Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3]) + days));
  return moved.toISOString().slice(0, 10) + value.slice(10);
}

/** Where in a JSON document a value (compared as text) sits. */
export function findLeaves(value: unknown, wanted: string, at: JsonPath = []): JsonPath[] {
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, child]) =>
      findLeaves(child, wanted, [...at, Array.isArray(value) ? Number(key) : key]),
    );
  }
  return (typeof value === 'string' || typeof value === 'number') && String(value) === wanted
    ? [at]
    : [];
}

/** The booking id variant of `index`, keeping the leaf's JSON type. */
function variant(original: unknown, index: number): unknown {
  // Numbers (Pipedrive's activity id) stay numbers; indexes stay below the multiplier.
  return typeof original === 'number' ? original * 1_000_000 + index : `${original}-b${index}`;
}

function withBookingId(document: unknown, paths: readonly JsonPath[], index: number): unknown {
  for (const path of paths) {
    let parent = document as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
    const leaf = path[path.length - 1];
    if (leaf !== undefined) parent[leaf] = variant(parent[leaf], index);
  }
  return document;
}

/** The delivery id a sender would put on booking `index` (Standard Webhooks' `webhook-id`). */
export function deliveryId(index: number): string {
  return `msg_bench_${index}`;
}

/**
 * Booking `index` of a template, signed at `now`. A negative index is the fixture itself.
 * Equal indexes make the same booking (a sender's retry), signed afresh.
 */
export function signedRequest(template: BookingTemplate, index: number, now: Date): SignedRequest {
  const document = JSON.parse(template.body) as unknown;
  const body = JSON.stringify(
    index < 0 ? document : withBookingId(document, template.idPaths, index),
  );
  const signer = SIGNERS[template.kind];
  if (!signer) throw new Error(`local/sign.ts has no signer for ${template.kind}`);
  const headers = signer({
    body,
    secret: template.secret,
    now,
    url: template.signUrl,
    deliveryId: deliveryId(index),
  });
  return { path: `/webhooks/${template.source}`, headers: { ...headers }, body };
}

/**
 * The event API Gateway would hand the function, built by the local gateway's own `toEvent`
 * from a stand-in for the incoming request: what the handler sees behind `npm start`.
 */
export function eventOf(request: SignedRequest, now: Date): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {
    host: 'bench.execute-api.eu-central-1.amazonaws.com',
    'user-agent': 'conpeek-meet-webhook-bench',
    ...request.headers,
    'content-length': String(Buffer.byteLength(request.body)),
  };
  const incoming = {
    url: request.path,
    method: 'POST',
    rawHeaders: Object.entries(headers).flat(),
    socket: { remoteAddress: '127.0.0.1' },
  } as unknown as IncomingMessage;
  return toEvent(incoming, Buffer.from(request.body), now);
}
