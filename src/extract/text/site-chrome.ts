/**
 * A site's chrome in plain-text page dumps: the lines it repeats on every page (menus, tickers,
 * footers, a house blurb), learned from several dumps of the same site. One dump alone cannot
 * tell a prose-like footer from the article's last paragraph; ten dumps can. Learning is
 * separate from extraction (which stays a pure function of one document plus these hints).
 */

import { normalizeLineEnds, toUnits } from './units.js';

// ---- Tunables -------------------------------------------------------------------------------

/** A site needs this many pages before any of its lines counts as chrome… */
export const MIN_SITE_PAGES = 3;
/** …and a line must appear on at least this share of them. */
const MIN_PAGE_SHARE = 0.5;
/** Longer units are article paragraphs, not chrome, even when repeated (a re-sent article). */
const MAX_CHROME_WORDS = 80;
/** Distinct lines remembered per site: bounds memory on sites with thousands of pages. */
const MAX_LINES_PER_SITE = 50_000;

/** How a unit is recognised across pages: case, spacing and figures (times, temperatures) ignored. */
export function chromeKey(unitText: string): string {
  return unitText.toLowerCase().replace(/\d+/g, '0').replace(/\s+/g, ' ').trim();
}

interface SiteTally {
  pages: number;
  /** Line key → pages it was seen on. */
  lines: Map<string, number>;
}

/** Counts, per site, on how many pages each line appears. */
/** What extraction needs from learned site chrome: each site's repeated lines (as chrome keys). */
export type SiteChrome = Pick<SiteChromeLearner, 'chromeOf'>;

export class SiteChromeLearner {
  private readonly sites = new Map<string, SiteTally>();

  /** Takes in one page dump of `site`. */
  observe(site: string, text: string): void {
    let tally = this.sites.get(site);
    if (!tally) {
      tally = { pages: 0, lines: new Map() };
      this.sites.set(site, tally);
    }
    tally.pages++;
    const seen = new Set<string>();
    for (const unit of toUnits(normalizeLineEnds(text))) {
      if (unit.words === 0 || unit.words > MAX_CHROME_WORDS) continue;
      const key = chromeKey(unit.text);
      if (seen.has(key)) continue;
      seen.add(key);
      const count = tally.lines.get(key);
      if (count !== undefined) tally.lines.set(key, count + 1);
      else if (tally.lines.size < MAX_LINES_PER_SITE) tally.lines.set(key, 1);
    }
  }

  /** The lines `site` repeats across its pages (empty until it has enough pages). */
  chromeOf(site: string): ReadonlySet<string> {
    const tally = this.sites.get(site);
    if (!tally || tally.pages < MIN_SITE_PAGES) return EMPTY;
    const needed = Math.max(MIN_SITE_PAGES, Math.ceil(tally.pages * MIN_PAGE_SHARE));
    const chrome = new Set<string>();
    for (const [key, pages] of tally.lines) if (pages >= needed) chrome.add(key);
    return chrome;
  }
}

const EMPTY: ReadonlySet<string> = new Set();

/** Which site a document belongs to: its URL's host, else the folder its file sits in. */
export function siteOfDocument(document: { url: string | null; origin: string }): string {
  if (document.url) {
    try {
      return new URL(document.url).host.toLowerCase().replace(/^www\./, '');
    } catch {
      // not a URL: fall through to the origin
    }
  }
  const file = document.origin.split('#')[0]!;
  const slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return slash >= 0 ? file.slice(0, slash) : '.';
}
