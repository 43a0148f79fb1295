/**
 * The Conpeek "Meets Create" call: `POST {base}/meets/meet`, `Authorization: <key>` with no
 * prefix, JSON `{from_date, project_target_identifier}`. Every way it can end is classified
 * here, once, into a ConpeekOutcome; callers decide what each outcome means for the sender.
 */
import * as z from 'zod';
import { redact } from './redact';

/** The request body Conpeek documents. */
export interface MeetRequest {
  readonly from_date: string;
  readonly project_target_identifier: string;
}

/** A created meeting, as Conpeek describes it. */
export interface Meeting {
  readonly id: string;
  readonly url: string;
  readonly start: string;
  readonly end: string;
  readonly title: string;
}

export type ConpeekOutcome =
  | { readonly kind: 'created'; readonly status: 200; readonly meeting: Meeting }
  /** 400/404: Conpeek refused this request; the same request will be refused again. */
  | { readonly kind: 'refused'; readonly status: number; readonly reason: string }
  /** 401/403: the key is wrong or revoked. */
  | { readonly kind: 'unauthorized'; readonly status: number }
  /** 429, 5xx, timeout, connection error: worth retrying later. */
  | {
      readonly kind: 'transient';
      readonly status: number | undefined;
      readonly reason: string;
      readonly retryAfterSeconds: number | undefined;
    }
  /** A 200 that is not a meeting, or a status the contract does not know. */
  | { readonly kind: 'unreadable'; readonly status: number; readonly reason: string };

const meetingBody = z.looseObject({
  _id: z.string().min(1).max(128),
  _url: z.url({ protocol: /^https?$/ }).max(2_048),
  start_date: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
  end_date: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
  title: z.string().max(1_024),
});

/**
 * The endpoint for a base URL. `https://h`, `https://h/`, `https://h/api` and `https://h/api/`
 * all keep their path: we append, never resolve (`new URL('/meets/meet', base)` would drop
 * `/api`, as the vendor page's `urljoin` example does).
 */
export function meetEndpoint(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/meets/meet`;
}

/** Conpeek's `Retry-After` (seconds or an HTTP date), capped at a day. */
function retryAfter(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const seconds = /^\d+$/.test(header.trim())
    ? Number(header.trim())
    : (Date.parse(header) - now) / 1000;
  return Number.isFinite(seconds) && seconds >= 0
    ? Math.min(Math.ceil(seconds), 86_400)
    : undefined;
}

async function readReason(response: Response, key: string): Promise<string> {
  const text = await response.text().catch(() => '');
  let reason = text;
  try {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    const message = parsed.message ?? parsed.error ?? parsed.detail;
    if (typeof message === 'string') reason = message;
  } catch {
    // Not JSON: the text itself is the reason.
  }
  return redact(reason || response.statusText || `HTTP ${response.status}`, [key]);
}

export interface ConpeekClientOptions {
  readonly baseUrl: string;
  readonly timeoutMs: number;
  /** Injected in tests; the global fetch otherwise. */
  readonly fetch?: typeof fetch;
}

/** Calls Conpeek. Never throws: every ending is an outcome. */
export class ConpeekClient {
  readonly endpoint: string;
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch;

  constructor(options: ConpeekClientOptions) {
    this.endpoint = meetEndpoint(options.baseUrl);
    this.#timeoutMs = options.timeoutMs;
    this.#fetch = options.fetch ?? fetch;
  }

  /**
   * `timeoutMs` shortens the configured timeout for this call, so that it ends while the
   * invocation still has time to record what happened.
   */
  async createMeeting(
    request: MeetRequest,
    key: string,
    timeoutMs = this.#timeoutMs,
  ): Promise<ConpeekOutcome> {
    const budget = Math.min(timeoutMs, this.#timeoutMs);
    let response: Response;
    try {
      response = await this.#fetch(this.endpoint, {
        method: 'POST',
        headers: {
          authorization: key,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify({
          from_date: request.from_date,
          project_target_identifier: request.project_target_identifier,
        }),
        redirect: 'manual',
        signal: AbortSignal.timeout(budget),
      });
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      const reason = timedOut
        ? `no answer within ${budget} ms`
        : `connection failed (${redact(String((error as Error).cause ?? error), [key])})`;
      return { kind: 'transient', status: undefined, reason, retryAfterSeconds: undefined };
    }

    const { status } = response;
    if (status === 200 || status === 201) return this.#readMeeting(response, key);
    if (status === 400 || status === 404) {
      return { kind: 'refused', status, reason: await readReason(response, key) };
    }
    if (status === 401 || status === 403) {
      await response.body?.cancel();
      return { kind: 'unauthorized', status };
    }
    if (status === 408 || status === 429 || status >= 500) {
      return {
        kind: 'transient',
        status,
        reason: await readReason(response, key),
        retryAfterSeconds: retryAfter(response.headers.get('retry-after'), Date.now()),
      };
    }
    return {
      kind: 'unreadable',
      status,
      reason: `unexpected status: ${await readReason(response, key)}`,
    };
  }

  async #readMeeting(response: Response, key: string): Promise<ConpeekOutcome> {
    const text = await response.text().catch(() => '');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return { kind: 'unreadable', status: response.status, reason: 'the answer is not JSON' };
    }
    const result = meetingBody.safeParse(parsed);
    if (!result.success) {
      const fields = result.error.issues.map((issue) => issue.path.join('.') || '(body)');
      return {
        kind: 'unreadable',
        status: response.status,
        reason: redact(`the answer is not a meeting (${fields.join(', ')})`, [key]),
      };
    }
    const body = result.data;
    return {
      kind: 'created',
      status: 200,
      meeting: {
        id: body._id,
        url: body._url,
        start: body.start_date,
        end: body.end_date,
        title: body.title,
      },
    };
  }
}
