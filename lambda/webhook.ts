/**
 * The path of one webhook, from API Gateway event to answer:
 * route → read → verify → parse → classify → map → book → answer,
 * with one structured log line at the end, whatever happened.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Booking } from './booking/booking';
import type { MeetingService } from './booking/meeting-service';
import { resolveProject } from './booking/project';
import type { Config, SourceConfig } from './config/schema';
import { MethodNotAllowedError, quoted, UnknownSourceError, WebhookError } from './errors';
import {
  type Answer,
  errorAnswer,
  handshakeAnswer,
  ignoredAnswer,
  internalErrorAnswer,
  meetingAnswer,
  queuedAnswer,
} from './http/answers';
import { parseJsonBody } from './http/body';
import { readRequest } from './http/request';
import type { SecretStore } from './secrets/store';
import { senderFor } from './senders/lookup';
import { normaliseStart } from './time/start';

export interface WebhookDependencies {
  readonly config: Config;
  readonly secrets: SecretStore;
  readonly meetings: MeetingService;
  readonly logger: Logger;
  /** The clock; injected so tests can live in the fixtures' March 2026. */
  readonly now: () => Date;
}

/** What the one log line of a webhook says. Never a secret, a name, an e-mail or a body. */
interface WebhookLog {
  source?: string;
  kind?: string;
  event?: string;
  bookingId?: string;
  project?: string;
  fromDate?: string;
  outcome?: string;
  status?: number;
  errorCode?: string;
  reason?: string;
  conpeekStatus?: number | null;
}

export type RemainingTime = () => number;

export function createWebhookHandler(deps: WebhookDependencies) {
  const sources = new Map<string, SourceConfig>(deps.config.sources.map((s) => [s.name, s]));

  async function process(
    event: APIGatewayProxyEventV2,
    remainingMs: RemainingTime,
    log: WebhookLog,
  ): Promise<Answer> {
    const { settings } = deps.config;
    const source = sources.get(event.pathParameters?.source ?? '');
    if (!source) {
      throw new UnknownSourceError('No webhook source of that name is configured.', {
        source: (event.pathParameters?.source ?? '').slice(0, 64),
      });
    }
    log.source = source.name;
    log.kind = source.kind;
    if ((event.requestContext?.http?.method ?? 'POST') !== 'POST') {
      throw new MethodNotAllowedError('Webhooks are delivered with POST.');
    }

    const request = readRequest(event, settings.bodyLimitBytes);
    const sender = senderFor(source);
    if (sender.isHandshake?.(request)) {
      log.outcome = 'handshake';
      return handshakeAnswer();
    }

    const secret = await deps.secrets.get(source.secretParameter);
    sender.verify(request, source, secret, deps.now());

    const body = parseJsonBody(request);
    const classification = sender.classify(body, request, source);
    // What a sender chose (an event name, reasons quoting it) is quoted, never echoed whole.
    log.event = quoted(classification.event, 200);
    if (classification.action === 'ignore') {
      log.outcome = 'ignored';
      log.reason = quoted(classification.reason, 400);
      return ignoredAnswer(log.event, log.reason);
    }
    log.bookingId = classification.bookingId;

    const booking: Booking = {
      source: source.name,
      bookingId: classification.bookingId,
      fromDate: normaliseStart(classification.start, deps.now(), settings.startGraceSeconds),
      project: resolveProject(source, body, classification),
    };
    log.fromDate = booking.fromDate;
    log.project = booking.project;

    const outcome = await deps.meetings.book(booking, remainingMs());
    log.outcome = outcome.status;
    if (outcome.status === 'queued') {
      log.reason = outcome.reason;
      log.conpeekStatus = outcome.conpeekStatus ?? null;
      return queuedAnswer(booking, outcome.reason);
    }
    // A duplicate made no Conpeek call, so it has no Conpeek status to report.
    if (outcome.status === 'created') log.conpeekStatus = 200;
    return meetingAnswer(outcome.status, booking, outcome.meeting);
  }

  return async function handleWebhook(
    event: APIGatewayProxyEventV2,
    remainingMs: RemainingTime = () => 30_000,
  ): Promise<Answer> {
    const startedAt = performance.now();
    const log: WebhookLog = {};
    let answer: Answer;
    let failure: unknown;
    try {
      answer = await process(event, remainingMs, log);
    } catch (error) {
      failure = error;
      answer = error instanceof WebhookError ? errorAnswer(error) : internalErrorAnswer();
      log.outcome = 'rejected';
      if (error instanceof WebhookError) log.errorCode = error.code;
      // Every error that Conpeek's answer caused carries its status in the details.
      const conpeekStatus = error instanceof WebhookError ? error.details.conpeekStatus : undefined;
      if (typeof conpeekStatus === 'number' || conpeekStatus === null) {
        log.conpeekStatus = conpeekStatus;
      }
    }
    log.status = answer.statusCode;

    const line = { ...log, durationMs: Math.round(performance.now() - startedAt) };
    if (answer.statusCode >= 500 || (failure && !(failure instanceof WebhookError))) {
      deps.logger.error('webhook', { ...line, error: describe(failure) });
    } else {
      deps.logger.info('webhook', line);
    }
    return answer;
  };
}

/** An error for the operator's log: its class and message, which never hold a secret. */
function describe(error: unknown): Record<string, string> | undefined {
  if (!(error instanceof Error)) return undefined;
  const cause = error.cause instanceof Error ? `${error.cause.name}: ${error.cause.message}` : '';
  return {
    name: error.name,
    message: error.message.slice(0, 300),
    ...(cause ? { cause: cause.slice(0, 300) } : {}),
    ...('parameter' in error ? { parameter: String(error.parameter) } : {}),
    // Whether a secret was empty or could not be read: two different fixes for the operator.
    ...('problem' in error ? { problem: String(error.problem) } : {}),
  };
}
