/**
 * A counting HTTP proxy in front of dynalite: every DynamoDB call the product makes passes
 * through it and is counted by its `X-Amz-Target` (e.g. `DynamoDB_20120810.PutItem`), with the
 * time dynalite took. Requests go on byte for byte, Host and signature headers included.
 */
import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { listen, type RunningServer, readBody } from '../local/http-server';

/** Calls seen so far; snapshots are subtracted to count one webhook's calls. */
export interface CallCounts {
  readonly total: number;
  readonly byTarget: Readonly<Record<string, number>>;
  /** Milliseconds between forwarding a call and the end of dynalite's answer, summed. */
  readonly upstreamMs: number;
  /** PutItem calls that asked for the old item back when their condition fails. */
  readonly putItemAllOld: number;
}

/** The proxy's address, and its counters. */
export interface CountingProxy extends RunningServer {
  counts(): CallCounts;
}

/** `after − before`, per target too. */
export function difference(after: CallCounts, before: CallCounts): CallCounts {
  const byTarget: Record<string, number> = {};
  for (const [target, count] of Object.entries(after.byTarget)) {
    const delta = count - (before.byTarget[target] ?? 0);
    if (delta !== 0) byTarget[target] = delta;
  }
  return {
    total: after.total - before.total,
    byTarget,
    upstreamMs: after.upstreamMs - before.upstreamMs,
    putItemAllOld: after.putItemAllOld - before.putItemAllOld,
  };
}

/** `DynamoDB_20120810.PutItem` → `PutItem`. */
function operation(headers: IncomingHttpHeaders): string {
  const target = String(headers['x-amz-target'] ?? 'unknown');
  return target.slice(target.lastIndexOf('.') + 1);
}

/** Listens on a loopback port and forwards every call to `upstream` (dynalite). */
export async function startCountingProxy(upstream: string): Promise<CountingProxy> {
  const target = new URL(upstream);
  // Keep-alive both ways, as the SDK keeps its connection to DynamoDB.
  const agent = new Agent({ keepAlive: true });
  const byTarget: Record<string, number> = {};
  let total = 0;
  let upstreamMs = 0;
  let putItemAllOld = 0;

  const server = await listen(async (incoming, outgoing) => {
    const body = await readBody(incoming);
    const name = operation(incoming.headers);
    total += 1;
    byTarget[name] = (byTarget[name] ?? 0) + 1;
    if (name === 'PutItem' && body.includes('"ReturnValuesOnConditionCheckFailure":"ALL_OLD"')) {
      putItemAllOld += 1;
    }
    const started = performance.now();
    await new Promise<void>((resolve, reject) => {
      const forward = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: incoming.method,
          path: incoming.url,
          headers: incoming.headers,
          agent,
        },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
          answer.on('end', () => {
            upstreamMs += performance.now() - started;
            resolve();
          });
          answer.on('error', reject);
        },
      );
      forward.on('error', reject);
      forward.end(body);
    });
  });

  return {
    ...server,
    counts: () => ({ total, byTarget: { ...byTarget }, upstreamMs, putItemAllOld }),
    close: async () => {
      agent.destroy();
      await server.close();
    },
  };
}
