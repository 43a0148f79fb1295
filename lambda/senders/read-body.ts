/**
 * Reads a parsed body with a sender's zod schema; a mismatch becomes a 400 whose details name
 * each offending field.
 */
import type * as z from 'zod';
import { type ErrorDetails, MalformedBodyError } from '../errors';

export function readBody<T>(schema: z.ZodType<T>, body: unknown, sender: string): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;

  const details: ErrorDetails = {};
  for (const issue of result.error.issues.slice(0, 10)) {
    details[issue.path.join('.') || '(body)'] = issue.message;
  }
  const problems = Object.entries(details)
    .slice(0, 3)
    .map(([field, problem]) => `${field} ${problem}`)
    .join('; ');
  throw new MalformedBodyError(
    `The body does not look like a ${sender} webhook: ${problems}.`,
    details,
  );
}
