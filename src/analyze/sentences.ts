/**
 * Sentence bounds over analysis tokens: a sentence ends at . ! ? followed by a capitalised word
 * or a quotation mark, and at every line break. Abbreviations keep their period inside the
 * token (see phrases.ts), so "Gen. Herzi Halevi" does not end a sentence.
 */
import { tokenAt, type Token } from './phrases.js';

export interface Sentences {
  /** First token index of each sentence, ascending. */
  starts: number[];
  /** First token index of the sentence containing `pos`. */
  startTokenBefore(pos: number): number;
  /** First token index after the sentence containing `pos` (exclusive end). */
  endTokenAfter(pos: number): number;
  /** Whether token `i` starts a sentence. */
  isStart(i: number): boolean;
}

export function splitSentences(text: string, tokens: Token[]): Sentences {
  const starts: number[] = tokens.length ? [0] : [];
  const startSet = new Set<number>(starts);
  for (let i = 1; i < tokens.length; i++) {
    const prev = tokens[i - 1]!;
    const cur = tokens[i]!;
    let boundary = false;
    for (let c = prev.end; c < cur.start; c++) if (text.charCodeAt(c) === 10) { boundary = true; break; }
    if (!boundary && cur.start > prev.end) {
      // ". Next" or '." Next' (closing mark belongs to the sentence before).
      const p = prev.text;
      const pp = tokens[i - 2]?.text ?? '';
      if ((p === '.' || p === '!' || p === '?') && /^[\p{Lu}\d"“„«‘']/u.test(cur.text)) boundary = true;
      else if (/^["”’»]$/.test(p) && (pp === '.' || pp === '!' || pp === '?') && /^[\p{Lu}\d"“„«]/u.test(cur.text)) boundary = true;
    }
    if (boundary) {
      starts.push(i);
      startSet.add(i);
    }
  }
  const tokenIndexAt = (pos: number): number => tokenAt(tokens, pos);
  const sentenceIndex = (tok: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= tok) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  return {
    starts,
    startTokenBefore(pos) {
      const t = Math.min(tokenIndexAt(pos), tokens.length - 1);
      return starts.length ? starts[sentenceIndex(Math.max(t, 0))]! : 0;
    },
    endTokenAfter(pos) {
      const t = tokenIndexAt(pos);
      if (t >= tokens.length) return tokens.length;
      const s = sentenceIndex(t);
      // The closing mark may sit at a sentence start; the sentence that matters is the one after it.
      return starts[s + 1] ?? tokens.length;
    },
    isStart: (i) => startSet.has(i),
  };
}
