/**
 * IANA time zones through @date-fns/tz, which reads the runtime's own tz database (ICU) via
 * Intl: correct DST rules at about 2 KB, where a full date library costs 70 KB of bundle.
 */
import { tzOffset } from '@date-fns/tz';

/** The zone's offset from UTC, in minutes, at an instant; NaN when the zone is unknown. */
export function zoneOffsetMinutes(zone: string, ms: number): number {
  return tzOffset(zone, new Date(ms));
}

/** True for a zone name the tz database knows, such as `Europe/Warsaw` or `UTC`. */
export function isTimeZone(zone: string): boolean {
  return zone.trim() !== '' && !Number.isNaN(zoneOffsetMinutes(zone, 0));
}
