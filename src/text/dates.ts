import * as chrono from 'chrono-node';
import type { Published } from '../model/article.js';

/**
 * The one date parser of the project. Turns what a page says about a date ("16 Nov 2023 03:53",
 * "2023-11-16T03:53:00+02:00", "Thursday, July 14, 2022") into a Published value that keeps the
 * precision the page gave and never invents a time zone.
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;
const MIN_YEAR = 1900;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function zoneOf(offsetMinutes: number): string {
  if (offsetMinutes === 0) return 'Z';
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function plausible(year: number, month: number, day: number): boolean {
  const maxYear = new Date().getUTCFullYear() + 1;
  return year >= MIN_YEAR && year <= maxYear && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

function build(parts: {
  year: number; month: number; day: number; hour?: number; minute?: number; second?: number; offset?: number;
}): Published | null {
  const { year, month, day, hour, minute, second, offset } = parts;
  if (!plausible(year, month, day)) return null;
  let value = `${year}-${pad(month)}-${pad(day)}`;
  let precision: Published['precision'] = 'day';
  if (hour !== undefined && minute !== undefined) {
    if (hour > 23 || minute > 59) return null;
    value += `T${pad(hour)}:${pad(minute)}`;
    precision = 'minute';
    if (second !== undefined && second !== 0) {
      value += `:${pad(second)}`;
      precision = 'second';
    }
  }
  const hasTimeZone = offset !== undefined && precision !== 'day';
  if (hasTimeZone) value += zoneOf(offset);
  return { value, precision, hasTimeZone };
}

function parseIso(text: string): Published | null | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const num = (s: string | undefined): number | undefined => (s === undefined ? undefined : Number(s));
  let offset: number | undefined;
  const zone = m[7];
  if (zone) {
    if (zone.toUpperCase() === 'Z') offset = 0;
    else {
      const digits = zone.replace(':', '');
      offset = (digits[0] === '-' ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
    }
  }
  return build({
    year: Number(m[1]), month: Number(m[2]), day: Number(m[3]),
    hour: num(m[4]), minute: num(m[5]), second: num(m[6]), offset,
  });
}

/**
 * Parses a date as a page states it. `text` should be the date expression itself or a short line
 * around it; the first date found wins. Returns null when no plausible date is there.
 * A date without a year is rejected: a year is never guessed.
 */
export function parsePublished(text: string): Published | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const iso = parseIso(trimmed);
  if (iso !== undefined) return iso;
  // Strict: formal dates only. Casual ones ("yesterday", "last week") depend on when the page was
  // read, which the text does not say, so they would invent a date.
  const results = chrono.strict.parse(trimmed, new Date(Date.UTC(2000, 0, 1)), { forwardDate: false });
  for (const r of results) {
    const s = r.start;
    if (!s.isCertain('year') || !s.isCertain('month') || !s.isCertain('day')) continue;
    const hasTime = s.isCertain('hour') && s.isCertain('minute');
    const published = build({
      year: s.get('year')!, month: s.get('month')!, day: s.get('day')!,
      hour: hasTime ? s.get('hour')! : undefined,
      minute: hasTime ? s.get('minute')! : undefined,
      second: hasTime && s.isCertain('second') ? s.get('second')! : undefined,
      offset: s.isCertain('timezoneOffset') ? (s.get('timezoneOffset') ?? undefined) : undefined,
    });
    if (published) return published;
  }
  return null;
}

/**
 * A written date or date-time ("2026-03-01", "2026-03-01T12:00", a feed's RFC 822 date) as
 * milliseconds since the epoch, zone-less values read as UTC; null when it is not a date. With
 * `endOfDay`, a bare day means its last minute: an "until" that includes the day.
 */
export function instantOf(text: string, endOfDay = false): number | null {
  const bareDay = endOfDay && /^\d{4}-\d{2}-\d{2}$/.test(text.trim());
  const published = parsePublished(bareDay ? `${text.trim()}T23:59` : text);
  return published ? publishedSortKey(published) : null;
}

/** Milliseconds since the epoch for sorting; a value without a zone is read as UTC. */
export function publishedSortKey(published: Published): number {
  const v = published.hasTimeZone ? published.value : published.value.length === 10 ? `${published.value}T00:00Z` : `${published.value}Z`;
  return Date.parse(v);
}
