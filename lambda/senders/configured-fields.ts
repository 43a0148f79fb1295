/**
 * Option schemas and readers for the sender kinds whose payload the operator shapes (HubSpot
 * workflows, Livespace, Standard Webhooks senders): paths into the body, the public URL a
 * sender signs, and the booking id and event names read through those paths.
 */
import * as z from 'zod';
import { parsePath, readPath } from '../booking/path';
import { httpsOrLoopbackUrl } from '../config/fields';
import { DependencyUnavailableError, MalformedBodyError } from '../errors';
import type { JsonObject } from '../http/body';
import type { StartFormat, StartInput } from '../time/start';
import { isTimeZone } from '../time/zone';

/** A path into a webhook body (syntax in `booking/path.ts`), checked when the config is read. */
export const bodyPath = z
  .string()
  .min(1)
  .max(300)
  .superRefine((path, ctx) => {
    try {
      parsePath(path);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  });

/**
 * The URL a sender calls and signs, exactly as pasted into the sender's settings. https:, or
 * plain http: on loopback for a local run.
 */
export const publicUrl = httpsOrLoopbackUrl.refine((value) => {
  const url = new URL(value);
  return url.hash === '' && url.username === '' && url.password === '';
}, 'must be the URL the sender calls, without a #fragment or credentials');

/** An HTTP header name (RFC 9110 token). */
export const headerName = z
  .string()
  .regex(
    /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/,
    'must be an HTTP header name, e.g. x-webhook-token',
  );

/** How a configured start field is written. */
export const startFormat = z.enum([
  'iso',
  'epoch-ms',
  'epoch-s',
  'iso-or-epoch-ms',
]) satisfies z.ZodType<StartFormat>;

/** An IANA time zone for starts written as wall time, checked when the config is read. */
export const timeZone = z
  .string()
  .refine((zone) => isTimeZone(zone), 'must be an IANA time zone, e.g. Europe/Warsaw');

/** Event names: a list of the values that create a meeting. */
export const eventNames = z.array(z.string().min(1).max(200)).min(1);

/** The text at `path`: strings as they are, numbers written out; anything else is undefined. */
export function readText(body: JsonObject, path: string): string | undefined {
  const value = readPath(body, path);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/**
 * The booking id at a configured path, as text. Its absence is a 400 that names the path and
 * the option, since the fix is in the sender's payload or in that option.
 */
export function readBookingId(
  body: JsonObject,
  path: string,
  option: string,
  sender: string,
): string {
  const id = readText(body, path);
  if (id === undefined || id.trim() === '' || id.length > 256) {
    throw new MalformedBodyError(
      `The ${sender} body has no booking id at ${path} (the source's ${option}): add it to ` +
        'the payload the sender posts, or point the option at the field that holds it.',
      { [path]: 'must be a text or a number of at most 256 characters' },
    );
  }
  return id;
}

/**
 * 503: the secret stored for a source is not in the shape its kind needs (e.g. no `user:` part
 * for HTTP Basic, or not a `whsec_` key). Nothing can verify until the operator fixes it, so the
 * sender is asked to retry; the log line names the parameter, never its value.
 */
export class UnusableSecretError extends DependencyUnavailableError {
  constructor(
    readonly parameter: string,
    expected: string,
  ) {
    super(
      `The secret configured for this webhook source is not ${expected}; the operator must ` +
        'correct it. Please retry later.',
      300,
    );
  }
}

/** The options of a kind whose start and event type sit at configured paths. */
interface ConfiguredFields {
  readonly startField: string;
  readonly startFormat: StartFormat;
  readonly timezone?: string | undefined;
  readonly eventTypeField?: string | undefined;
}

/** The start found at the source's `startField`, to be normalised like any other. */
export function configuredStart(body: JsonObject, source: ConfiguredFields): StartInput {
  return {
    field: source.startField,
    value: readPath(body, source.startField),
    format: source.startFormat,
    timezone: source.timezone,
  };
}

/** What `projectRules` match: the `eventTypeField` value when configured, else the event. */
export function configuredEventType(
  body: JsonObject,
  source: ConfiguredFields,
  event: string,
): string | undefined {
  return source.eventTypeField === undefined ? event : readText(body, source.eventTypeField);
}
