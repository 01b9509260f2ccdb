import type { Delay } from './types.js';

/** Dates as the pages gave them: no zone is invented, a day-only date stays a day. */
export function formatPublished(value: string | null | undefined): string {
  if (!value) return 'undated';
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}))?/.exec(value);
  if (!m) return value;
  return m[2] ? `${m[1]} ${m[2]}` : m[1]!;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

/** "3 h 20 min later", "2 days later", "same day". */
export function formatDelay(delay: Delay | null): string {
  if (!delay) return '';
  if (delay.precision === 'day') {
    const days = Math.round(delay.minutes / 1440);
    return days === 0 ? 'same day' : `${plural(days, 'day')} later`;
  }
  if (delay.minutes === 0) return 'first';
  const days = Math.floor(delay.minutes / 1440);
  const hours = Math.floor((delay.minutes % 1440) / 60);
  const minutes = delay.minutes % 60;
  const parts = [days ? `${days} d` : '', hours ? `${hours} h` : '', minutes && !days ? `${minutes} min` : ''].filter(Boolean);
  return `${parts.join(' ')} later`;
}

/** Milliseconds of a stored date; zone-less values read as UTC (as the store sorts them). */
export function instantOf(value: string | null | undefined): number | null {
  if (!value) return null;
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value) ? `${value}Z` : value;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}
