import { describe, expect, it } from 'vitest';
import { UnusableBookingError } from '../../lambda/errors';
import { formatConpeekDate, normaliseStart, parseStart } from '../../lambda/time/start';

const NOW = new Date('2026-03-02T09:15:05Z');
const iso = (value: unknown, timezone?: string) =>
  formatConpeekDate(parseStart({ field: 'start', value, format: 'iso', timezone }));

describe('start time normalisation', () => {
  it.each([
    ['2026-03-10T13:00:00Z', '2026-03-10 13:00:00'],
    ['2026-03-10T13:00:00.000000Z', '2026-03-10 13:00:00'],
    ['2026-03-10T14:00:00+01:00', '2026-03-10 13:00:00'],
    ['2026-03-10T14:00:00+0100', '2026-03-10 13:00:00'],
    ['2026-03-10T08:00:00-05:00', '2026-03-10 13:00:00'],
    ['2026-03-12T08:30:00+00:00', '2026-03-12 08:30:00'],
    ['2026-03-10T13:00:59.9999999Z', '2026-03-10 13:00:59'],
    ['2026-03-10T23:30:00-01:00', '2026-03-11 00:30:00'],
  ])('reads %s as %s UTC', (value, expected) => {
    expect(iso(value)).toBe(expected);
  });

  it('reads local wall time in an IANA zone (Warsaw summer time is UTC+2)', () => {
    expect(iso('2026-07-15 09:30:00', 'Europe/Warsaw')).toBe('2026-07-15 07:30:00');
    expect(iso('2026-01-15T09:30', 'Europe/Warsaw')).toBe('2026-01-15 08:30:00');
  });

  it('refuses a wall time in the spring-forward gap, naming the zone', () => {
    expect(() => iso('2026-03-29 02:30:00', 'Europe/Warsaw')).toThrow(
      /does not exist in Europe\/Warsaw/,
    );
  });

  it('takes the first occurrence of a wall time in the autumn overlap', () => {
    // 02:30 happens at 00:30 UTC (CEST, +02:00) and again at 01:30 UTC (CET, +01:00).
    expect(iso('2026-10-25 02:30:00', 'Europe/Warsaw')).toBe('2026-10-25 00:30:00');
    expect(iso('2026-11-01 01:30:00', 'America/New_York')).toBe('2026-11-01 05:30:00');
  });

  it('reads epoch milliseconds and seconds only where the source says so', () => {
    const ms = (value: unknown) =>
      formatConpeekDate(parseStart({ field: 'hs', value, format: 'epoch-ms' }));
    expect(ms('1773147600000')).toBe('2026-03-10 13:00:00');
    expect(ms(1773147600000)).toBe('2026-03-10 13:00:00');
    expect(() => ms('1773147600')).toThrow(/looks like epoch seconds/);
    const s = formatConpeekDate(parseStart({ field: 't', value: 1773147600, format: 'epoch-s' }));
    expect(s).toBe('2026-03-10 13:00:00');
  });

  it.each([
    ['2026-02-30T10:00:00Z', /no such day/],
    ['2026-03-10T24:00:00Z', /no such time/],
    ['2026-03-10T23:59:60Z', /no such time/],
    ['10000-01-01T00:00:00Z', /not an ISO 8601/],
    ['2026-03-10T13:00:00', /no time zone/],
    ['next tuesday', /not an ISO 8601/],
    ['2026-03-10T13:00:00+25:00', /impossible offset/],
  ])('refuses %s', (value, problem) => {
    expect(() => iso(value)).toThrow(problem);
  });

  it('refuses an epoch of 1e20 and an unknown zone', () => {
    expect(() => parseStart({ field: 'x', value: '1e20', format: 'epoch-ms' })).toThrow(
      UnusableBookingError,
    );
    expect(() => parseStart({ field: 'x', value: 1e20, format: 'epoch-ms' })).toThrow(
      UnusableBookingError,
    );
    expect(() => iso('2026-03-10 13:00', 'Mars/Olympus')).toThrow(/not an IANA time zone/);
  });

  it('refuses a start in the year 0042 as 0042, not as 1942', () => {
    expect(() =>
      normaliseStart({ field: 'start', value: '0042-03-10T13:00:00Z', format: 'iso' }, NOW, 300),
    ).toThrow(/in the past \(0042-03-10 13:00:00 UTC\)/);
  });

  it('names the field in every rejection', () => {
    const error = (() => {
      try {
        normaliseStart({ field: 'payload.startTime', value: 'soon', format: 'iso' }, NOW, 300);
      } catch (caught) {
        return caught as UnusableBookingError;
      }
    })();
    expect(error?.status).toBe(422);
    expect(error?.message).toMatch(/^payload\.startTime /);
    expect(error?.details.field).toBe('payload.startTime');
  });

  it('refuses a start beyond the grace in the past, accepts one within it', () => {
    const start = (value: string) =>
      normaliseStart({ field: 'start', value, format: 'iso' }, NOW, 300);
    expect(start('2026-03-02T09:11:00Z')).toBe('2026-03-02 09:11:00');
    expect(() => start('2026-03-02T09:09:00Z')).toThrow(/in the past/);
  });
});
