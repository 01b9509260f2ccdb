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
/** Month and weekday names (English, German, French, Spanish), full or abbreviated. */
const MONTH_OR_DAY = [
  'jan(?:uary)?', 'feb(?:ruary)?', 'mar(?:ch)?', 'apr(?:il)?', 'may', 'june?', 'july?', 'aug(?:ust)?', 'sep(?:t(?:ember)?)?',
  'oct(?:ober)?', 'nov(?:ember)?', 'dec(?:ember)?', 'januar', 'februar', 'märz', 'mai', 'juni', 'juli', 'oktober', 'dezember',
  'janvier', 'février', 'mars', 'avril', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre',
  'enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre',
  '(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?',
].join('|');
/** Longer author values are prose or boilerplate, not names. */
const MAX_NAME_LENGTH = 80;

/** A date or time after the names ("Jane Roe May 20", "Jane Roe 12.03.2019"): cut off. */
const TRAILING_DATE = new RegExp(`(?:\\s+(?:${MONTH_OR_DAY})\\.?\\s+|\\s*)\\d.*$`, 'i');
/** Words of byline furniture that never are (part of) a name. */
const NOT_A_NAME = new RegExp(`^(?:${MONTH_OR_DAY})\\.?$|\\b(?:min(?:ute)?s?\\s+read|read\\s+more|follow|share|updated|published|posted|staff|comments?)\\b`, 'i');

function looksLikeName(candidate: string): boolean {
  if (candidate.length < 2 || candidate.length > MAX_NAME_LENGTH) return false;
  if (/^https?:\/\/|^www\.|@|\.(?:com|org|net)\b/i.test(candidate)) return false;
  // Names carry no figures: "CC7567" is a user handle, "11:57 AM" a time.
  if (/\d/.test(candidate) || NOT_A_NAME.test(candidate)) return false;
  return /\p{L}/u.test(candidate);
}

/** "(with X and Y)" after a name: more authors. */
const CO_AUTHORS = /\(\s*(?:with|avec|mit|con|com)\s+([^)]+)\)/gi;
/** "(http://…)" after a name: the author's page, not a name. */
const PROFILE_LINK = /\(\s*(?:https?:\/\/|www\.)[^)]*\)/gi;

/** `name` without a date after it, when what is left is still a name of two words or more ("CC7567" stays whole, and is refused). */
function withoutTrailingDate(name: string): string {
  const cut = name.replace(TRAILING_DATE, '').trim();
  return /\s/.test(cut) ? cut : name;
}

/** The names in one author value. */
export function splitByline(value: string): string[] {
  const line = normalizeSpace(value)
    .replace(PROFILE_LINK, '')
    .replace(CO_AUTHORS, (_, names: string) => `, ${names}`)
    .replace(TRAILING_NOISE, '')
    .replace(BY_PREFIX, '');
  return line
    .split(NAME_SEPARATOR)
    .map((name) => withoutTrailingDate(name.replace(BY_PREFIX, '').trim()))
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
