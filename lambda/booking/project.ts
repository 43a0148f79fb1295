/**
 * Which Conpeek project a booking goes to. In order: the configured `projectFrom` path, the
 * project the sender's own contract carries, the `projectRules` for the event type, the
 * source's default. None → 422 saying what was looked for.
 */
import { PROJECT_PATTERN } from '../config/fields';
import type { SourceConfig } from '../config/schema';
import { quoted, UnusableBookingError } from '../errors';
import type { JsonObject } from '../http/body';
import type { Classification } from '../senders/sender';
import { readPath } from './path';

type Booked = Extract<Classification, { action: 'create' }>;

function validated(value: unknown, field: string): string {
  if (typeof value === 'string' && PROJECT_PATTERN.test(value)) return value;
  const shown = typeof value === 'string' ? quoted(value, 40) : typeof value;
  throw new UnusableBookingError(
    `${field} is not a valid Conpeek project identifier (1-64 letters, digits, "-" or "_").`,
    { field, value: shown },
  );
}

export function resolveProject(source: SourceConfig, body: JsonObject, booking: Booked): string {
  const looked: string[] = [];

  if (source.projectFrom !== undefined) {
    const value = readPath(body, source.projectFrom);
    if (value !== undefined && value !== '') return validated(value, source.projectFrom);
    looked.push(source.projectFrom);
  }
  if (booking.project !== undefined) {
    const { field, value } = booking.project;
    if (value !== undefined && value !== null && value !== '') return validated(value, field);
    looked.push(field);
  }
  if (booking.eventType !== undefined) {
    const rule = source.projectRules.find((candidate) => candidate.eventType === booking.eventType);
    if (rule) return rule.project;
    looked.push(`a projectRules entry for event type ${quoted(booking.eventType, 120)}`);
  }
  if (source.project !== undefined) return source.project;

  looked.push(`a default project for source ${source.name}`);
  throw new UnusableBookingError(
    `No Conpeek project for this booking: looked for ${looked.join(', ')}.`,
    {
      looked: looked.join(', '),
    },
  );
}
