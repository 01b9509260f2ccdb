import { normalizeSpace } from '../../text/tokens.js';
import type { PageMetadata } from './metadata.js';

/**
 * The headline: what the page declares (JSON-LD headline, og:title, other title meta), else the
 * `<title>` element (or the `<h1>` it contains), else the first `<h1>`; without the site name that
 * pages append ("Headline | Site Name") or prepend ("Site - Headline").
 */

/** Separators between a headline and a site name in titles: `|`, `-`, `–`, `—`, `·`, `»`, `/`, `::` (not a lone colon: headlines use it). */
const SEPARATOR = String.raw`\s+(?:[|\-–—·•»«/\\]|::)\s+`;

export interface ChosenTitle {
  title: string;
  /** Where it came from, for the extraction notes. */
  source: 'metadata' | 'document title' | 'h1';
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `title` without a leading or trailing site name (case-insensitive), when what remains is not empty. */
export function stripSiteName(title: string, siteNames: readonly string[]): string {
  for (const site of siteNames) {
    const name = escapeRegExp(normalizeSpace(site));
    if (!name) continue;
    const trailing = new RegExp(`${SEPARATOR}${name}\\s*$`, 'i');
    const leading = new RegExp(`^\\s*${name}${SEPARATOR}`, 'i');
    const stripped = title.replace(trailing, '').replace(leading, '').trim();
    if (stripped && stripped !== title) return stripped;
  }
  return title;
}

/**
 * A `<title>` often reads "Headline | Site" or "Site - Headline". When an `<h1>` is the longer
 * side of such a split, that `<h1>` is the headline (the shorter side is the site's name).
 */
function headlineInDocumentTitle(documentTitle: string, headings: readonly string[]): string | null {
  const lowerTitle = documentTitle.toLowerCase();
  let best: string | null = null;
  for (const heading of headings) {
    const h = heading.toLowerCase();
    if (h.length >= lowerTitle.length || (best && best.length >= heading.length)) continue;
    const rest = lowerTitle.startsWith(h) ? lowerTitle.slice(h.length) : lowerTitle.endsWith(h) ? lowerTitle.slice(0, -h.length) : null;
    if (rest === null) continue;
    const separated = lowerTitle.startsWith(h) ? new RegExp(`^${SEPARATOR}`).exec(rest) : new RegExp(`${SEPARATOR}$`).exec(rest);
    if (separated && rest.length - separated[0].length < h.length) best = heading;
  }
  return best;
}

/** A `<title>`'s headline words before its last separator are at least this many words. */
const MIN_HEADLINE_WORDS = 5;

/** "Headline words – Site" → "Headline words", when what remains still reads as a headline. */
function withoutLastPart(title: string): string {
  const parts = title.split(new RegExp(SEPARATOR));
  if (parts.length < 2) return title;
  const last = parts[parts.length - 1]!;
  const head = title.slice(0, title.lastIndexOf(last)).replace(new RegExp(`${SEPARATOR}$`), '').trim();
  return head.split(/\s+/).length >= MIN_HEADLINE_WORDS ? head : title;
}

export function chooseTitle(metadata: PageMetadata): ChosenTitle | null {
  const siteNames = metadata.siteNames;
  const declared = metadata.titles[0];
  if (declared) {
    // A declared headline is what the publisher chose to call the article: kept as declared, site name included.
    return { title: declared, source: 'metadata' };
  }
  if (metadata.documentTitle) {
    const inTitle = headlineInDocumentTitle(metadata.documentTitle, metadata.headings);
    if (inTitle) return { title: inTitle, source: 'h1' };
    const stripped = stripSiteName(metadata.documentTitle, siteNames);
    return { title: stripped === metadata.documentTitle ? withoutLastPart(stripped) : stripped, source: 'document title' };
  }
  const heading = metadata.headings[0];
  return heading ? { title: heading, source: 'h1' } : null;
}
