/**
 * Turns a sender's start time into Conpeek's `from_date`: UTC, `YYYY-MM-DD HH:mm:ss`.
 *
 * Accepted: ISO 8601 with `Z` or an offset (`+01:00`, `+0100`), any number of fractional digits
 * (dropped, never rounded); local wall time plus an IANA zone; epoch milliseconds or seconds
 * where the source says which (never guessed). Every rejection names the field.
 *
 * DST policy for local times: a wall time that does not exist (the spring-forward gap) is
 * refused; a wall time that happens twice (the autumn overlap) means its first occurrence.
 */
import { quoted, UnusableBookingError } from '../errors';
import { isTimeZone, zoneOffsetMinutes } from './zone';

/** How a source writes its start time. */
export type StartFormat = 'iso' | 'epoch-ms' | 'epoch-s' | 'iso-or-epoch-ms';

/** A start time as found in a webhook, before normalisation. */
export interface StartInput {
  /** Where it was found, for error messages, e.g. `payload.scheduled_event.start_time`. */
  readonly field: string;
  readonly value: unknown;
  readonly format: StartFormat;
  /** IANA zone for wall times without an offset, when the sender gives one. */
  readonly timezone?: string | undefined;
}

const ISO_PATTERN = new RegExp(
  // date, T or space, hours:minutes, optional :seconds and fraction, optional zone
  '^(\\d{4})-(\\d{2})-(\\d{2})[Tt ](\\d{2}):(\\d{2})' +
    '(?::(\\d{2})(?:[.,](\\d{1,12}))?)?' +
    '(Z|z|[+-]\\d{2}(?::?\\d{2})?)?$',
);

/** Epoch milliseconds below this are almost certainly seconds (1973 in ms). */
const SMALLEST_EPOCH_MS = 1e11;
const LARGEST_INSTANT_MS = Date.UTC(9999, 11, 31, 23, 59, 59);
const MINUTE_MS = 60_000;

function refuse(field: string, value: unknown, problem: string): never {
  throw new UnusableBookingError(`${field} ${problem}`, { field, value: quoted(value, 64) });
}

/** Date.UTC, except that years 0-99 stay themselves (Date.UTC reads them as 1900-1999). */
function utc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const date = new Date(Date.UTC(2000, month, day, hour, minute, second));
  date.setUTCFullYear(year, month, day);
  return date.getTime();
}

function daysInMonth(year: number, month: number): number {
  return new Date(utc(year, month, 0)).getUTCDate();
}

function fromEpoch(input: StartInput, unit: 'ms' | 's'): number {
  const { field, value } = input;
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^\d{1,16}$/.test(text)) {
    refuse(
      field,
      value,
      `must be a whole number of epoch ${unit === 'ms' ? 'milliseconds' : 'seconds'}`,
    );
  }
  const number = Number(text);
  if (unit === 'ms' && number < SMALLEST_EPOCH_MS) {
    refuse(field, value, 'looks like epoch seconds, but this source sends epoch milliseconds');
  }
  const ms = unit === 'ms' ? number : number * 1000;
  if (ms > LARGEST_INSTANT_MS) refuse(field, value, 'is beyond the year 9999');
  return ms;
}

/** Offset in minutes from `+01:00`, `+0100`, `+01` or `Z`. */
function offsetMinutes(input: StartInput, zone: string): number {
  if (zone === 'Z' || zone === 'z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  if (hours > 18 || minutes > 59)
    refuse(input.field, input.value, `has an impossible offset ${zone}`);
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}

/**
 * The UTC instant of a wall time in an IANA zone. Tries the offsets in force a day either side;
 * a candidate is real when the zone agrees on its own offset. None → the DST gap; two → the
 * overlap, where the earlier instant wins.
 */
function fromWallTime(input: StartInput, wallAsUtcMs: number, timezone: string): number {
  if (!isTimeZone(timezone)) {
    refuse('timezone', timezone, 'is not an IANA time zone (e.g. Europe/Warsaw)');
  }
  const offset = (ms: number) => zoneOffsetMinutes(timezone, ms);

  const offsets = new Set([
    offset(wallAsUtcMs - 86_400_000),
    offset(wallAsUtcMs),
    offset(wallAsUtcMs + 86_400_000),
  ]);
  const instants = [...offsets]
    .map((minutes) => wallAsUtcMs - minutes * MINUTE_MS)
    .filter((instant) => wallAsUtcMs - offset(instant) * MINUTE_MS === instant);
  if (instants.length === 0) {
    refuse(input.field, input.value, `does not exist in ${timezone} (clocks jump forward then)`);
  }
  return Math.min(...instants);
}

function fromIso(input: StartInput): number {
  const { field, value } = input;
  if (typeof value !== 'string') refuse(field, value, 'must be a date-time string');
  const match = ISO_PATTERN.exec(value.trim());
  if (!match) refuse(field, value, 'is not an ISO 8601 date-time (e.g. 2026-03-10T14:00:00+01:00)');

  const [, y, mo, d, h, mi, s = '0', , zone] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12) refuse(field, value, 'has no such month');
  if (day < 1 || day > daysInMonth(year, month)) refuse(field, value, 'has no such day');
  if (hour > 23 || minute > 59 || second > 59) refuse(field, value, 'has no such time of day');

  // Fractions are dropped on purpose: Conpeek takes whole seconds, and rounding 59.9996 up
  // would move a meeting into the next minute.
  const wallAsUtcMs = utc(year, month - 1, day, hour, minute, second);
  if (zone !== undefined) return wallAsUtcMs - offsetMinutes(input, zone) * MINUTE_MS;
  if (input.timezone === undefined) {
    refuse(field, value, 'has no time zone: add an offset such as +01:00, or send a timezone');
  }
  return fromWallTime(input, wallAsUtcMs, input.timezone);
}

/** True for digits as text or a number written in digits; never converts a list or an object. */
function isDigits(value: unknown): boolean {
  return (typeof value === 'string' || typeof value === 'number') && /^\d+$/.test(String(value));
}

/** The start as epoch milliseconds (whole seconds). Throws UnusableBookingError. */
export function parseStart(input: StartInput): number {
  if (input.value === undefined || input.value === null || input.value === '') {
    refuse(input.field, input.value, 'is missing: the booking has no start time');
  }
  let ms: number;
  switch (input.format) {
    case 'epoch-ms':
      ms = fromEpoch(input, 'ms');
      break;
    case 'epoch-s':
      ms = fromEpoch(input, 's');
      break;
    case 'iso-or-epoch-ms':
      ms = isDigits(input.value) ? fromEpoch(input, 'ms') : fromIso(input);
      break;
    default:
      ms = fromIso(input);
  }
  if (ms > LARGEST_INSTANT_MS) refuse(input.field, input.value, 'is out of range');
  return Math.floor(ms / 1000) * 1000;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Conpeek's `from_date` for an instant: `2026-03-10 13:00:00`, always UTC. */
export function formatConpeekDate(ms: number): string {
  const d = new Date(ms);
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return `${date} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/**
 * Normalises a start and refuses one further in the past than `graceSeconds`.
 * Returns Conpeek's `from_date`.
 */
export function normaliseStart(input: StartInput, now: Date, graceSeconds: number): string {
  const ms = parseStart(input);
  if (ms < now.getTime() - graceSeconds * 1000) {
    refuse(input.field, input.value, `is in the past (${formatConpeekDate(ms)} UTC)`);
  }
  return formatConpeekDate(ms);
}
