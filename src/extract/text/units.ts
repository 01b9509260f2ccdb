/**
 * Cuts plain text into units: one paragraph, heading, list item or menu entry each. A unit is a
 * line, except that a bullet's indented continuation joins its bullet, lines hard-wrapped at a
 * fixed width join into their paragraph, and an enormous line is cut at sentence ends.
 */

import { normalizeSpace, wordCount } from '../../text/tokens.js';
import { REGEXPS } from './signals.js';

// ---- Tunables -------------------------------------------------------------------------------

/** A unit longer than this is not a paragraph a person wrote; it is cut into paragraphs. */
export const LONG_UNIT_CHARS = 20_000;
/** Where the cutting aims: paragraphs of about this many characters, ended at a sentence end. */
const CUT_TARGET_CHARS = 2_000;
/** How far past the target a sentence end is looked for before cutting at a space. */
const CUT_SEARCH_CHARS = 4_000;
/** Hard-wrapped text (lynx, mail) has lines no longer than this… */
const MAX_WRAP_WIDTH = 100;
/** …most of its long lines end within this many characters of the widest one… */
const WRAP_SLACK = 15;
/** …and there are at least this many such lines. */
const MIN_WRAPPED_LINES = 5;

export interface TextUnit {
  /** Text with runs of white space collapsed and the bullet marker removed. */
  text: string;
  /** Index of the unit's first line in the document. */
  line: number;
  /** Was written as a list item. */
  bullet: boolean;
  /** Indentation of its first line, in characters. */
  indent: number;
  /** A blank line (or the start of the document) precedes it. */
  blankBefore: boolean;
  words: number;
}

/** Line ends unified and a byte-order mark dropped. */
export function normalizeLineEnds(text: string): string {
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return withoutBom.replace(/\r\n?|\u2028|\u2029/gu, '\n');
}

interface RawLine {
  text: string;
  indent: number;
  bullet: boolean;
  blank: boolean;
  length: number;
}

function readLine(raw: string): RawLine {
  let indent = 0;
  while (indent < raw.length && (raw[indent] === ' ' || raw[indent] === '\t' || raw[indent] === '\u00a0')) indent++;
  let rest = raw.slice(indent);
  let bullet = false;
  // "• • LIVE": a marker may repeat.
  for (let m = REGEXPS.bullet.exec(rest); m && m[0].length > 0 && rest.length > m[0].length; m = REGEXPS.bullet.exec(rest)) {
    bullet = true;
    rest = rest.slice(m[0].length);
  }
  const text = normalizeSpace(rest);
  return { text, indent, bullet, blank: text === '', length: raw.trimEnd().length };
}

/** Width at which the text was hard-wrapped, or null when lines are whole paragraphs. */
function wrapWidth(lines: RawLine[]): number | null {
  const prose = lines.filter((l) => !l.blank && !l.bullet);
  if (prose.length < MIN_WRAPPED_LINES) return null;
  const widest = Math.max(...prose.map((l) => l.length));
  if (widest > MAX_WRAP_WIDTH) return null;
  const nearWidest = prose.filter((l) => l.length >= widest - WRAP_SLACK).length;
  return nearWidest >= MIN_WRAPPED_LINES && nearWidest >= prose.length / 3 ? widest : null;
}

/** Cuts an enormous unit into paragraphs at sentence ends, in one pass. */
function cutLongUnit(unit: TextUnit): TextUnit[] {
  const pieces: TextUnit[] = [];
  const text = unit.text;
  let start = 0;
  while (start < text.length) {
    let end = text.length;
    if (text.length - start > CUT_TARGET_CHARS * 2) {
      const from = start + CUT_TARGET_CHARS;
      const limit = Math.min(text.length, from + CUT_SEARCH_CHARS);
      // One bounded scan: the first sentence end after the target, else the first space, else the target.
      let space = -1;
      end = -1;
      for (let i = from; i < limit - 1 && end < 0; i++) {
        const ch = text[i];
        if (text[i + 1] !== ' ') continue;
        if (ch === '.' || ch === '!' || ch === '?') end = i + 1;
        else if (space < 0) space = i + 1;
      }
      if (end < 0) end = space > 0 ? space : from;
    }
    const piece = text.slice(start, end).trim();
    if (piece) pieces.push({ ...unit, text: piece, blankBefore: true, words: wordCount(piece) });
    start = end;
  }
  return pieces;
}

/** The document's units in reading order. */
export function toUnits(text: string): TextUnit[] {
  const lines = text.split('\n').map(readLine);
  const width = wrapWidth(lines);
  const units: TextUnit[] = [];
  let previous: RawLine | null = null;
  let blankBefore = true;
  lines.forEach((line, index) => {
    if (line.blank) {
      blankBefore = true;
      previous = null;
      return;
    }
    const last = units[units.length - 1];
    const continuesBullet = last?.bullet && !line.bullet && !blankBefore && previous !== null && line.indent > last.indent;
    const continuesWrapped =
      width !== null && last && !line.bullet && !blankBefore && previous !== null && !previous.bullet && previous.length >= width - WRAP_SLACK;
    if (last && (continuesBullet || continuesWrapped)) {
      last.text = `${last.text} ${line.text}`;
    } else {
      units.push({ text: line.text, line: index, bullet: line.bullet, indent: line.indent, blankBefore, words: 0 });
    }
    previous = line;
    blankBefore = false;
  });
  const result: TextUnit[] = [];
  for (const unit of units) {
    if (unit.text.length > LONG_UNIT_CHARS) {
      result.push(...cutLongUnit(unit));
    } else {
      unit.words = wordCount(unit.text);
      result.push(unit);
    }
  }
  return result;
}
