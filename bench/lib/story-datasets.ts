import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

export const STORIES_DEV = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'datasets', 'stories-dev');

/** A row of the stories-dev files: `story` is the gold label (null in the unlabelled stream). */
export interface StoryRow {
  id: string;
  story: string | null;
  date: string | null;
  title: string | null;
  text: string;
  source: string | null;
  url?: string | null;
}

export function readStoryRows(file: string): StoryRow[] {
  const raw = readFileSync(path.join(STORIES_DEV, file));
  const text = (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  return text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as StoryRow);
}

const dayOf = (d: string): number => Date.parse(d.slice(0, 10)) / 86_400_000;

/**
 * The dense case: unlabelled articles mixed into a labelled stream. Their dates are moved into the
 * labelled stream's date range (keeping their order), then every dated article is merged by date,
 * the labelled ones first on ties, and undated ones keep their places at the end.
 */
export function mixIntoStream(labelled: StoryRow[], unlabelled: StoryRow[]): StoryRow[] {
  const dated = labelled.filter((r) => r.date);
  const days = dated.map((r) => dayOf(r.date!));
  const lo = Math.min(...days);
  const hi = Math.max(...days);
  const filler = unlabelled.filter((r) => r.date);
  const fDays = filler.map((r) => dayOf(r.date!));
  const flo = Math.min(...fDays);
  const fhi = Math.max(...fDays);
  const shifted = filler.map((r, i) => {
    const day = lo + ((fDays[i]! - flo) / Math.max(1, fhi - flo)) * (hi - lo);
    return { ...r, id: `filler-${r.id}`, story: null, date: new Date(Math.round(day) * 86_400_000).toISOString().slice(0, 10) };
  });
  const merged = [...dated.map((r, i) => ({ r, k: 0, i })), ...shifted.map((r, i) => ({ r, k: 1, i }))];
  merged.sort((a, b) => a.r.date!.localeCompare(b.r.date!) || a.k - b.k || a.i - b.i);
  return [...merged.map((m) => m.r), ...labelled.filter((r) => !r.date)];
}
