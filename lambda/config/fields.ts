/**
 * Field schemas shared by the deployment config and every sender kind's options: SSM parameter
 * names, project identifiers, source names.
 */
import * as z from 'zod';

/**
 * A Conpeek project's system number. Conpeek documents `PSKQMXUAZ`-like identifiers; we accept
 * letters, digits, `-` and `_` up to 64 characters so that nothing odd (spaces, slashes, control
 * characters, kilobytes of text) from a webhook body is ever sent on.
 */
export const PROJECT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export const projectIdentifier = z
  .string()
  .regex(PROJECT_PATTERN, 'must be 1-64 letters, digits, "-" or "_" (e.g. PSKQMXUAZ)');

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * A URL that is https:, or plain http: on loopback for a local run. A deployed stack refuses
 * the loopback form too (infra/config.ts).
 */
export const httpsOrLoopbackUrl = z.url({ protocol: /^https?$/ }).refine((value) => {
  const url = new URL(value);
  return url.protocol === 'https:' || LOOPBACK_HOSTS.has(url.hostname);
}, 'must be https: (plain http: is allowed only for a local run on 127.0.0.1)');

/** An SSM parameter name: the config names secrets, it never holds them. */
export const parameterName = z
  .string()
  .regex(/^\/[A-Za-z0-9_.\-/]{1,1010}$/, 'must be an SSM parameter name starting with "/"');

/** The path segment in `POST /webhooks/{source}`. */
export const sourceName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and "-"');

/** Maps an event type (or meeting/activity type) a sender reports to a Conpeek project. */
export const projectRule = z.strictObject({
  eventType: z.string().min(1),
  project: projectIdentifier,
});

/** What every source has, whatever its kind. */
export const sourceBase = z.strictObject({
  name: sourceName,
  secretParameter: parameterName,
  project: projectIdentifier.optional(),
  projectRules: z.array(projectRule).default([]),
  projectFrom: z.string().min(1).optional(),
});
