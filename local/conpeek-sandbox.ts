/**
 * A Conpeek "Meets Create" sandbox that enforces the documented contract: `POST …/meets/meet`,
 * `Authorization` equal to the key with no prefix, JSON with exactly the two string fields,
 * `from_date` in `YYYY-MM-DD HH:mm:ss`. It records what it received and can be switched to
 * fail the ways a real service fails.
 */
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { listen, type RunningServer, readBody } from './http-server';

/** How the sandbox answers the next calls. */
export type SandboxMode =
  | 'ok'
  | 'status-500'
  | 'status-503'
  | 'status-429'
  | 'timeout'
  | 'not-a-meeting'
  | 'reset'
  /** Holds each call until `release()`, to catch a booking while it is in progress. */
  | 'hold';

export interface ReceivedCall {
  readonly path: string;
  readonly authorization: string | undefined;
  readonly contentType: string | undefined;
  readonly body: string;
}

export interface ConpeekSandbox extends RunningServer {
  /** Calls that reached the endpoint, in order. */
  readonly received: ReceivedCall[];
  /** Meetings it created. */
  readonly created: () => number;
  setMode(mode: SandboxMode): void;
  setKey(key: string): void;
  /** Answers the held calls (mode 'hold') as mode 'ok' would. */
  release(): void;
  /** Resolves once `count` calls have been received. */
  waitForCalls(count: number): Promise<void>;
}

export interface SandboxOptions {
  readonly key: string;
  /** Path prefix of the base URL, e.g. `/api`; the endpoint is `{prefix}/meets/meet`. */
  readonly prefix?: string;
  /** Projects that exist; any other answers 404. Absent: every well-formed project exists. */
  readonly projects?: readonly string[];
  readonly port?: number;
}

const FROM_DATE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

function send(response: ServerResponse, status: number, body: unknown, headers = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

function endDate(fromDate: string): string {
  const [, y, mo, d, h, mi, s] = FROM_DATE.exec(fromDate) ?? [];
  const end = new Date(Date.UTC(+`${y}`, +`${mo}` - 1, +`${d}`, +`${h}`, +`${mi}` + 30, +`${s}`));
  return end.toISOString().slice(0, 19).replace('T', ' ');
}

/** A 400 unless the body is exactly the documented request. */
function contractProblem(text: string): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return 'body is not JSON';
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'not an object';
  const fields = Object.keys(body).sort().join(',');
  if (fields !== 'from_date,project_target_identifier') return `unexpected fields: ${fields}`;
  const { from_date, project_target_identifier } = body as Record<string, unknown>;
  if (typeof from_date !== 'string' || !FROM_DATE.test(from_date)) return 'from_date format';
  const date = new Date(`${from_date.replace(' ', 'T')}Z`);
  if (
    Number.isNaN(date.getTime()) ||
    date.toISOString().slice(0, 19) !== from_date.replace(' ', 'T')
  ) {
    return 'from_date is not a real date';
  }
  if (typeof project_target_identifier !== 'string' || project_target_identifier === '') {
    return 'project_target_identifier';
  }
  return undefined;
}

export async function startConpeekSandbox(options: SandboxOptions): Promise<ConpeekSandbox> {
  const received: ReceivedCall[] = [];
  let key = options.key;
  let mode: SandboxMode = 'ok';
  let created = 0;
  let held: Array<() => void> = [];
  let waiters: Array<{ count: number; resolve: () => void }> = [];
  const endpoint = `${options.prefix ?? ''}/meets/meet`;

  const server = await listen(async (request, response) => {
    const body = (await readBody(request)).toString('utf8');
    if (request.method !== 'POST' || request.url !== endpoint) {
      send(response, 404, { message: 'Nie znaleziono zasobu' });
      return;
    }
    received.push({
      path: request.url,
      authorization: request.headers.authorization,
      contentType: request.headers['content-type'],
      body,
    });
    waiters = waiters.filter((waiter) => {
      if (received.length < waiter.count) return true;
      waiter.resolve();
      return false;
    });

    if (mode === 'hold') await new Promise<void>((resolve) => held.push(resolve));
    if (mode === 'timeout') return; // never answers; the client's timeout must fire
    if (mode === 'reset') {
      request.socket.destroy();
      return;
    }
    if (mode === 'status-500') return send(response, 500, { message: 'Internal Server Error' });
    if (mode === 'status-503') return send(response, 503, { message: 'Service Unavailable' });
    if (mode === 'status-429') {
      return send(response, 429, { message: 'Too Many Requests' }, { 'retry-after': '120' });
    }
    if (request.headers.authorization !== key) {
      return send(response, 401, { message: 'Unauthorized' });
    }
    if (!String(request.headers['content-type']).startsWith('application/json')) {
      return send(response, 400, { message: 'Content-Type must be application/json' });
    }
    const problem = contractProblem(body);
    if (problem)
      return send(response, 400, { message: `Nie można wykonać takiej akcji: ${problem}` });

    const meet = JSON.parse(body) as { from_date: string; project_target_identifier: string };
    if (options.projects && !options.projects.includes(meet.project_target_identifier)) {
      return send(response, 404, { message: 'Nie znaleziono zasobu: project' });
    }
    if (mode === 'not-a-meeting') return send(response, 200, { ok: true });

    created += 1;
    const id = randomBytes(12).toString('hex');
    send(response, 200, {
      _id: id,
      _url: `https://meets.sandbox.invalid/${id}`,
      start_date: meet.from_date,
      end_date: endDate(meet.from_date),
      title: 'Spotkanie',
    });
  }, options.port ?? 0);

  return {
    ...server,
    url: `${server.url}${options.prefix ?? ''}`,
    received,
    created: () => created,
    setMode: (next) => {
      mode = next;
    },
    setKey: (next) => {
      key = next;
    },
    release: () => {
      mode = 'ok';
      for (const answer of held) answer();
      held = [];
    },
    waitForCalls: (count) =>
      received.length >= count
        ? Promise.resolve()
        : new Promise<void>((resolve) => waiters.push({ count, resolve })),
  };
}
