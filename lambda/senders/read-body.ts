/**
 * Reads a parsed body with a sender's zod schema; a mismatch becomes a 400 whose details name
 * each offending field.
 */
import type * as z from 'zod';
import { type ErrorDetails, MalformedBodyError } from '../errors';

/**
 * zod's own wording ("Invalid input: expected string, received undefined") is for developers;
 * a CRM admin reads "is missing" or "must be text". Custom messages are kept as written.
 */
function describe(issue: z.core.$ZodIssue): string {
  if (issue.code !== 'invalid_type') return issue.message;
  if (issue.message && !issue.message.startsWith('Invalid input')) return issue.message;
  if (issue.input === undefined) return 'is missing';
  const expected = EXPECTED[issue.expected] ?? issue.expected;
  return `must be ${expected}`;
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  object: 'a JSON object',
  array: 'a list',
  boolean: 'true or false',
};

export function readBody<T>(schema: z.ZodType<T>, body: unknown, sender: string): T {
  // reportInput tells a missing field from one of the wrong type; the input is never echoed.
  const result = schema.safeParse(body, { reportInput: true });
  if (result.success) return result.data;

  const details: ErrorDetails = {};
  for (const issue of result.error.issues.slice(0, 10)) {
    details[issue.path.join('.') || '(body)'] = describe(issue);
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
