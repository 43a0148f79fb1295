/**
 * Properties of the start-time normaliser over many generated instants, offsets and zones
 * (fast-check, fixed seed, bounded runs).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatConpeekDate, parseStart } from '../../lambda/time/start';

const SETTINGS = { seed: 20260302, numRuns: 400 } as const;
const CONPEEK_FORMAT = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const ZONES = Intl.supportedValuesOf('timeZone');

/** Whole seconds between 2000 and 2100. */
const instant = fc
  .integer({ min: Date.UTC(2000, 0, 1) / 1000, max: Date.UTC(2100, 0, 1) / 1000 })
  .map((seconds) => seconds * 1000);
/** Offsets from -12:00 to +14:00 in quarter hours, as real zones use. */
const offsetMinutes = fc.integer({ min: -48, max: 56 }).map((quarters) => quarters * 15);

const pad = (n: number) => String(Math.abs(n)).padStart(2, '0');

function isoWithOffset(ms: number, offset: number, colon: boolean): string {
  const wall = new Date(ms + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const zone = `${sign}${pad(Math.trunc(offset / 60))}${colon ? ':' : ''}${pad(offset % 60)}`;
  return `${wall}${zone}`;
}

function wallTime(ms: number, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`;
}

describe('time normaliser properties', () => {
  it('reads back the same second from any instant written with any offset', () => {
    fc.assert(
      fc.property(instant, offsetMinutes, fc.boolean(), (ms, offset, colon) => {
        const value = isoWithOffset(ms, offset, colon);
        expect(parseStart({ field: 'start', value, format: 'iso' })).toBe(ms);
      }),
      SETTINGS,
    );
  });

  it('reads back any instant written as wall time in any IANA zone (first of a repeat)', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), (ms, zone) => {
        const value = wallTime(ms, zone);
        const parsed = parseStart({ field: 'start', value, format: 'iso', timezone: zone });
        // In an autumn overlap the earlier of the two instants is taken, by policy.
        expect(parsed).toBeLessThanOrEqual(ms);
        expect(wallTime(parsed, zone)).toBe(value);
        if (parsed !== ms) expect(ms - parsed).toBeLessThanOrEqual(3 * 3_600_000);
      }),
      { ...SETTINGS, numRuns: 600 },
    );
  });

  it('never rounds fractional seconds up into the next second or minute', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 12 }), (ms, digits) => {
        const value = `${new Date(ms).toISOString().slice(0, 19)}.${'9'.repeat(digits)}Z`;
        expect(parseStart({ field: 'start', value, format: 'iso' })).toBe(ms);
      }),
      SETTINGS,
    );
  });

  it('always formats as YYYY-MM-DD HH:mm:ss', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 999 }), (ms, extra) => {
        expect(formatConpeekDate(ms + extra)).toMatch(CONPEEK_FORMAT);
      }),
      SETTINGS,
    );
  });
});
