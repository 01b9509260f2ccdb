/**
 * The outlet's name in the plain text of a whole page. A page names its outlet in three places
 * around the article: the masthead at the top, the copyright notice in the footer, and the
 * credits of its own pictures. The notice
 * often names the publishing company ("Northlight Media Ltd") rather than the title the reader
 * knows, so its holder is checked against the names the rest of the page furniture repeats.
 */

import type { TextUnit } from './units.js';
import { endsLikeSentence, isCaption, MAX_META_WORDS, readMetadata, REGEXPS } from './signals.js';

// ---- Tunables -------------------------------------------------------------------------------

/** A copyright notice is a short line. */
const MAX_COPYRIGHT_WORDS = 40;
/** A masthead is a short line… */
const MAX_MASTHEAD_WORDS = 6;
/** …among the first lines of the page (above the menus), not a menu entry further down. */
const MASTHEAD_SEARCH_UNITS = 8;
/** Legal forms closing a company name: dropped from an outlet's name. */
const LEGAL_FORMS = new Set(
  'ltd limited inc incorporated llc llp plc corp corporation co gmbh ag sa sas sarl bv nv spa pty oy ab'.split(' '),
);
const isLegalForm = (word: string): boolean => LEGAL_FORMS.has(word.toLowerCase().replace(/\./gu, ''));
/** Words by which a publishing company differs from the title it publishes ("X Media" publishes "X News"). */
const COMPANY_WORDS = new Set('media group holdings publishing publications newspapers network networks company communications enterprises digital interactive'.split(' '));
/** Small words that may sit inside a name ("Chamber of Trade", "News & Media"). */
const NAME_JOINERS = new Set(['of', '&', 'de', 'du', 'des', 'la', 'le', 'del', 'da', 'al', 'van', 'von', 'der']);
/** "All Rights Reserved" and the like: words of a notice, not of a name. */
const NOTICE_WORDS = new Set('all rights reserved copyright'.split(' '));

export interface OutletName {
  name: string;
  how: string;
}

const isCapitalised = (word: string): boolean => /^\p{Lu}/u.test(word);

/**
 * Capitalised name phrases of a line, in order: "© 2026 Harbour Gazette Ltd, 3 Harbour Row" →
 * "Harbour Gazette", "Harbour Row". Punctuation ends a phrase; legal forms are dropped.
 */
export function namePhrases(text: string): string[] {
  const phrases: string[] = [];
  let current: string[] = [];
  const flush = (): void => {
    while (current.length > 0 && (NAME_JOINERS.has(current[current.length - 1]!) || isLegalForm(current[current.length - 1]!))) current.pop();
    if (current.length > 0 && !current.every((w) => NOTICE_WORDS.has(w.toLowerCase()))) phrases.push(current.join(' '));
    current = [];
  };
  for (const token of text.split(/\s+/u)) {
    if (/^[^\p{L}\p{N}]/u.test(token)) flush();
    const word = token.replace(/^[^\p{L}\p{N}&]+/u, '').replace(/[^\p{L}\p{N}&]+$/u, '');
    if (word && isCapitalised(word)) current.push(word);
    else if (word && current.length > 0 && NAME_JOINERS.has(word)) current.push(word);
    else flush();
    if (/[^\p{L}\p{N}&]$/u.test(token)) flush();
  }
  flush();
  return phrases;
}

/** "Northlight Media" → "Northlight": the part a company shares with the titles it publishes. */
function brandCore(holder: string): string {
  const words = holder.split(' ');
  while (words.length > 1 && COMPANY_WORDS.has(words[words.length - 1]!.toLowerCase())) words.pop();
  return words.join(' ');
}

/** The holder named by a copyright notice ("© 2026 Name Ltd", "Name © 2026"), or null. */
function copyrightHolder(text: string): string | null {
  const marker = REGEXPS.copyright.exec(text);
  if (!marker) return null;
  const after = text.slice(marker.index + marker[0].length).replace(REGEXPS.copyrightYears, '');
  if (isCapitalised(after)) return namePhrases(after)[0] ?? null;
  // Nothing named after the mark: the name may stand right before it.
  if (after && !/^all rights reserved/iu.test(after)) return null;
  const before = text.slice(0, marker.index).trimEnd();
  return /[\p{L}\p{N}]$/u.test(before) ? (namePhrases(before).pop() ?? null) : null;
}

/**
 * The outlet named by a page dump, or null. `articleStart`..`articleEnd` is the article (headline
 * to tag list): the copyright notice is looked for after it, the masthead before it.
 */
export function findOutletName(units: TextUnit[], articleStart: number, articleEnd: number): OutletName | null {
  // Where a page names itself: the top lines, copyright notices, picture credits and bylines
  // (not the footer's menus, which name the owner's other products).
  const namingPlaces = units.filter(
    (u, i) =>
      i < MASTHEAD_SEARCH_UNITS ||
      (u.words <= MAX_COPYRIGHT_WORDS && REGEXPS.copyright.test(u.text)) ||
      isCaption(u.text) ||
      (u.words <= MAX_META_WORDS + 2 && readMetadata(u.text, u.words) !== null),
  );
  const counts = new Map<string, number>();
  for (const unit of namingPlaces) for (const phrase of namePhrases(unit.text)) counts.set(phrase, (counts.get(phrase) ?? 0) + 1);

  // 1. The copyright notice in the footer, read against the names the furniture repeats.
  for (let i = units.length - 1; i > articleEnd; i--) {
    const unit = units[i]!;
    if (unit.words > MAX_COPYRIGHT_WORDS) continue;
    const holder = copyrightHolder(unit.text);
    if (!holder) continue;
    const core = brandCore(holder);
    let best = holder;
    let bestCount = 0;
    for (const [phrase, n] of counts) {
      const startsWithCore = phrase === core || phrase.startsWith(`${core} `);
      if (startsWithCore && (n > bestCount || (n === bestCount && phrase === holder))) {
        best = phrase;
        bestCount = n;
      }
    }
    const how = best === holder ? `the copyright notice ("${unit.text}")` : `the name the page repeats that starts like the copyright holder "${holder}"`;
    return { name: best, how: `outlet named by ${how}` };
  }

  // 2. A masthead: a short line above the article that the footer prints again.
  const footer = new Set(units.slice(articleEnd + 1).map((u) => u.text.toLowerCase()));
  for (let i = 0; i < Math.min(articleStart, MASTHEAD_SEARCH_UNITS); i++) {
    const unit = units[i]!;
    if (unit.bullet || unit.words === 0 || unit.words > MAX_MASTHEAD_WORDS || REGEXPS.pageAction.test(unit.text) || readMetadata(unit.text, unit.words)) continue;
    if (!isCapitalised(unit.text) || endsLikeSentence(unit.text) || !footer.has(unit.text.toLowerCase())) continue;
    return { name: unit.text, how: `outlet named by the masthead repeated in the footer ("${unit.text}")` };
  }

  return null;
}
