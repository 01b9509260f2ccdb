/**
 * Direct quotes: spans between quotation marks in any common style — straight ("…"), English
 * curly (“…”), guillemets («…» and »…«), German/Polish („…“ / „…”). Marks are paired within a
 * paragraph; a quote still open at the end of a paragraph continues when the next paragraph
 * opens with a quotation mark again (the newspaper convention for long quotes), and otherwise
 * ends with its paragraph. Single quotes are left alone: in English text they are mostly
 * apostrophes. Pure; linear in the text's length.
 */

// ---- Tunables -------------------------------------------------------------------------------

/** Opening mark → the marks that may close it (sloppy texts mix styles: “…" is common). */
const CLOSERS: Readonly<Record<string, string>> = {
  '“': '”"“',
  '"': '"”',
  '„': '“”"',
  '«': '»',
  '»': '«',
  '”': '”"', // Swedish/Finnish style ”…”
};
/** A quote this long without a closing mark is more likely a stray mark than a quote. */
const MAX_UNCLOSED_CHARS = 1500;
/** A quote of at most this many words, all capitalised, is a title or a name (see isQuotedTitle). */
const TITLE_MAX_WORDS = 4;
/** Whether one capitalised quoted word ("Israel", “Scandal”) counts as a title. */
const QUOTED_SINGLE_NAME_IS_TITLE = false;

export interface QuoteSpan {
  /** Offset of the opening mark. */
  start: number;
  /** Offset just after the closing mark, or the end of the last paragraph when none closes it. */
  end: number;
  /** The quoted words, without the outer marks. */
  innerStart: number;
  innerEnd: number;
  /** Whether a closing mark was found. */
  closed: boolean;
  /** Whether the quote runs over more than one paragraph. */
  multiParagraph: boolean;
}

/** Whether a straight double quote at `i` opens (else it closes or is stray). */
function straightOpens(text: string, i: number): boolean {
  const before = i === 0 ? ' ' : text[i - 1]!;
  const after = text[i + 1] ?? ' ';
  if (/\s/.test(after)) return false;
  return /[\s([{\-—–:;,/]/.test(before) || i === 0;
}

function straightCloses(text: string, i: number): boolean {
  const before = i === 0 ? ' ' : text[i - 1]!;
  const after = text[i + 1] ?? ' ';
  return !/\s/.test(before) || /[\s.,;:!?)\]}\-—–]/.test(after);
}

/** The paragraph that starts at or after `pos`: offset of its first non-space character, or -1. */
function nextParagraphStart(text: string, pos: number): number {
  const m = /\n[ \t\u00a0]*(?:\n[ \t\u00a0]*)*/y;
  m.lastIndex = pos;
  const hit = m.exec(text);
  if (!hit) return -1;
  const at = pos + hit[0].length;
  return at < text.length ? at : -1;
}

/** All direct quotes of `text`, in order. */
export function findQuoteSpans(text: string): QuoteSpan[] {
  const quotes: QuoteSpan[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    const closers = CLOSERS[c];
    const opens = closers !== undefined && (c === '"' ? straightOpens(text, i) : c === '”' ? straightOpens(text, i) : true);
    if (!opens) {
      i++;
      continue;
    }
    const start = i;
    let j = i + 1;
    let closedAt = -1;
    let multiParagraph = false;
    let lastParagraphEnd = -1;
    while (j < n) {
      const d = text[j]!;
      if (d === '\n') {
        // Paragraph ends with the quote still open: continue if the next paragraph reopens.
        lastParagraphEnd = j;
        const next = nextParagraphStart(text, j);
        if (next >= 0 && text[next] === c && c !== '”') {
          multiParagraph = true;
          j = next + 1;
          continue;
        }
        break;
      }
      if (closers!.includes(d) && (d !== '"' || straightCloses(text, j)) && !(d === '“' && c === '“' && !/[\s.,;:!?)]/.test(text[j + 1] ?? ' '))) {
        closedAt = j;
        break;
      }
      j++;
    }
    if (closedAt >= 0) {
      if (closedAt > start + 1) {
        quotes.push({ start, end: closedAt + 1, innerStart: start + 1, innerEnd: closedAt, closed: true, multiParagraph });
      }
      i = closedAt + 1;
      continue;
    }
    const end = lastParagraphEnd >= 0 ? lastParagraphEnd : n;
    if (end - start <= MAX_UNCLOSED_CHARS && end > start + 1 && /\p{L}/u.test(text.slice(start + 1, end))) {
      quotes.push({ start, end, innerStart: start + 1, innerEnd: end, closed: false, multiParagraph });
    }
    i = end;
  }
  return quotes;
}

/** Small words that stay lower-case inside a title ("Keep the Promise"). */
const TITLE_SMALL_WORDS = new Set(['a', 'an', 'the', 'of', 'and', 'or', 'for', 'to', 'in', 'on', 'at', 'with', 'by', 'from', 'as', 'is', 'de', 'la', 'le', 'von', '&', '-', '–', '—']);

/**
 * A quoted title or name rather than a quotation: a few words, every one capitalised except
 * small words (“Good Morning America”, “Keep the Promise”, "Israel"). Journalists quote the
 * titles of shows, books and campaigns, and some outlets put names they dispute in quotes.
 */
export function isQuotedTitle(text: string, q: QuoteSpan, singleWordIsTitle = QUOTED_SINGLE_NAME_IS_TITLE): boolean {
  const inner = text.slice(q.innerStart, q.innerEnd).replace(/[.,;:!?]+$/, '').trim();
  const words = inner.split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  if (words.length > TITLE_MAX_WORDS) return false;
  if (/[.!?;:]\s/.test(inner)) return false;
  let capitalised = 0;
  for (const w of words) {
    if (/^[\p{Lu}\d@#]/u.test(w)) capitalised++;
    else if (!TITLE_SMALL_WORDS.has(w.toLowerCase())) return false;
  }
  return capitalised > 0 && (words.length > 1 || singleWordIsTitle);
}
