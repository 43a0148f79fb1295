/**
 * A local stand-in for API Gateway's HTTP API: turns each HTTP request into a payload 2.0
 * event for the same handler the Lambda runs, and writes its answer back.
 *
 * Like the real thing: header names lower-cased, repeated headers joined with commas, text
 * content types passed as text and others base64-encoded, `POST /webhooks/{source}` routed and
 * everything else answered 404 by the gateway itself.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Answer } from '../lambda/http/answers';
import { listen, type RunningServer, readBody } from './http-server';

export type WebhookFunction = (
  event: APIGatewayProxyEventV2,
  remainingMs: () => number,
) => Promise<Answer>;

const ROUTE = /^\/webhooks\/([^/]+)$/;
const TEXT_TYPES = /^(text\/|application\/(json|xml|x-www-form-urlencoded|[\w.+-]+\+json))/i;
/** API Gateway refuses payloads above 10 MB before the function sees them. */
const GATEWAY_LIMIT = 10 * 1024 * 1024;
/** The Lambda timeout the stack sets; the handler sees its remaining time like in AWS. */
const FUNCTION_TIMEOUT_MS = 12_000;

function headersOf(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    const name = (request.rawHeaders[i] ?? '').toLowerCase();
    const value = request.rawHeaders[i + 1] ?? '';
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  return headers;
}

/** Like API Gateway, a malformed percent-encoding is passed on as sent, not a crash. */
function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function toEvent(request: IncomingMessage, body: Buffer, now: Date): APIGatewayProxyEventV2 {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const headers = headersOf(request);
  const isText = TEXT_TYPES.test(headers['content-type'] ?? 'application/json');
  const source = ROUTE.exec(url.pathname)?.[1];
  return {
    version: '2.0',
    routeKey: 'POST /webhooks/{source}',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    pathParameters: source === undefined ? undefined : { source: decodePathSegment(source) },
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: {
        method: request.method ?? 'GET',
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: 'POST /webhooks/{source}',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: body.length === 0 ? undefined : body.toString(isText ? 'utf8' : 'base64'),
    isBase64Encoded: body.length > 0 && !isText,
  };
}

export async function startGateway(handle: WebhookFunction, port = 0): Promise<RunningServer> {
  return listen(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (!ROUTE.test(url.pathname)) {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: 'Not Found' }));
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(request, GATEWAY_LIMIT);
    } catch {
      response.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
      response.end(JSON.stringify({ message: 'Request Entity Too Large' }));
      return;
    }
    const started = Date.now();
    const answer = await handle(
      toEvent(request, body, new Date()),
      () => FUNCTION_TIMEOUT_MS - (Date.now() - started),
    );
    response.writeHead(answer.statusCode, (answer.headers ?? {}) as Record<string, string>);
    response.end(answer.body ?? '');
  }, port);
}
