/**
 * The day an article appeared, YYYY-MM-DD: the day its page gives (a published value carries its
 * own zone, and the outlet's day is the one readers saw), else — for a month or a year — the day
 * its sort key falls on in UTC.
 */
export function publicationDay(published: string | null, sortKey: number): string {
  if (published !== null && /^\d{4}-\d\d-\d\d/.test(published)) return published.slice(0, 10);
  return new Date(Number(sortKey)).toISOString().slice(0, 10);
}
