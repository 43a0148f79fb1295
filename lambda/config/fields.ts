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
