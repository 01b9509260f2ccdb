import { normalizeSpace } from '../../text/tokens.js';
import type { PageMetadata } from './metadata.js';

/**
 * The headline: what the page declares (JSON-LD headline, og:title, other title meta), else the
 * `<title>` element (or the `<h1>` it contains), else the first `<h1>`; without the site name that
 * pages append ("Headline | Site Name") or prepend ("Site - Headline").
 */

/** Separators between a headline and a site name in titles: `|`, `-`, `–`, `—`, `·`, `:`, `»`, `/`, `::`. */
const SEPARATOR = String.raw`\s+(?:[|\-–—·•:»«/\\]|::)\s+`;

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
 * A `<title>` often reads "Headline | Section | Site". When one of its parts is also the page's
 * `<h1>`, that part is the headline.
 */
function headlineInDocumentTitle(documentTitle: string, headings: readonly string[]): string | null {
  const parts = documentTitle.split(new RegExp(SEPARATOR)).map((p) => p.toLowerCase());
  if (parts.length < 2) return null;
  return headings.find((h) => parts.includes(h.toLowerCase())) ?? null;
}

export function chooseTitle(metadata: PageMetadata): ChosenTitle | null {
  const siteNames = metadata.siteNames;
  const declared = metadata.titles[0];
  if (declared) return { title: stripSiteName(declared, siteNames), source: 'metadata' };
  if (metadata.documentTitle) {
    const inTitle = headlineInDocumentTitle(metadata.documentTitle, metadata.headings);
    if (inTitle) return { title: inTitle, source: 'h1' };
    return { title: stripSiteName(metadata.documentTitle, siteNames), source: 'document title' };
  }
  const heading = metadata.headings[0];
  return heading ? { title: heading, source: 'h1' } : null;
}
