import { normalizeSpace } from '../../text/tokens.js';

/**
 * Author names from what pages put in author fields: "By Jane Roe and John Doe", "Jane Roe,
 * John Doe", "von Max Muster", a profile URL, or a whole "By X | Updated 3 hours ago" line.
 */

/** "By", "Von", "Par", "Por", "Door", "Av" (and "Written by") before the names; not "de"/"di", which begin surnames. */
const BY_PREFIX = /^(?:(?:written|posted|reported|words)\s+by|by|von|par|por|door|av)\b[:\s]+/i;
/** Between two names. */
const NAME_SEPARATOR = /\s*(?:,|;|\||\s&\s|\s(?:and|und|et|y)\s)\s*/i;
/** What follows the names in a byline line and is not a name ("Updated …", "Published …", a date). */
const TRAILING_NOISE = /\s*(?:[|•·–—-]\s*)?\b(?:updated|published|posted|last updated|aktualisiert|veröffentlicht)\b.*$/i;
/** Longer author values are prose or boilerplate, not names. */
const MAX_NAME_LENGTH = 80;

function looksLikeName(candidate: string): boolean {
  if (candidate.length < 2 || candidate.length > MAX_NAME_LENGTH) return false;
  if (/^https?:\/\/|^www\.|@|\.(?:com|org|net)\b/i.test(candidate)) return false;
  return /\p{L}/u.test(candidate);
}

/** "(with X and Y)" after a name: more authors. */
const CO_AUTHORS = /\(\s*(?:with|avec|mit|con|com)\s+([^)]+)\)/gi;
/** "(http://…)" after a name: the author's page, not a name. */
const PROFILE_LINK = /\(\s*(?:https?:\/\/|www\.)[^)]*\)/gi;

/** The names in one author value. */
export function splitByline(value: string): string[] {
  const line = normalizeSpace(value)
    .replace(PROFILE_LINK, '')
    .replace(CO_AUTHORS, (_, names: string) => `, ${names}`)
    .replace(TRAILING_NOISE, '')
    .replace(BY_PREFIX, '');
  return line
    .split(NAME_SEPARATOR)
    .map((name) => name.replace(BY_PREFIX, '').trim())
    .filter(looksLikeName);
}

/** Names from author values, in order, each once (case-insensitive). */
export function bylineNames(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const names: string[] = [];
  for (const value of values) {
    for (const name of splitByline(value)) {
      const key = name.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      names.push(name);
    }
  }
  return names;
}
