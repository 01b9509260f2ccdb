/**
 * Who says what in one article: named entities, direct quotes with their speakers, and the
 * sources the article cites. Pure: no I/O, no state; offsets are UTF-16 code units of `text`.
 */
import { findCitations, type Citation } from './citations.js';
import { findEntities, type EntityMention } from './entities.js';
import { tokenize } from './phrases.js';
import { findQuoteSpans, isQuotedTitle } from './quotes.js';
import { splitSentences } from './sentences.js';
import { attributeQuotes, type Attribution } from './speakers.js';

export type { Citation } from './citations.js';
export type { EntityMention, EntityType } from './entities.js';

/** A direct quote and who it is attributed to. */
export interface QuoteMention extends Attribution {
  /** The quoted words, without the quotation marks. */
  text: string;
  /** Span of the quote including its marks. */
  start: number;
  end: number;
}

export interface ArticleAnalysis {
  entities: EntityMention[];
  quotes: QuoteMention[];
  citations: Citation[];
}

/** Entities, quotes and cited sources of an article's text (standfirst and body). */
export function analyzeArticle(text: string, _title?: string | null): ArticleAnalysis {
  const tokens = tokenize(text);
  const sentences = splitSentences(text, tokens);
  const entities = findEntities(text, tokens, sentences);
  const spans = findQuoteSpans(text);
  // A name the article always puts in quotes ("Israel") is a disputed name, not a quote.
  const counts = new Map<string, number>();
  for (const q of spans) {
    const inner = text.slice(q.innerStart, q.innerEnd).replace(/[’']s$/, '');
    counts.set(inner, (counts.get(inner) ?? 0) + 1);
  }
  const quoteSpans = spans.filter((q) => {
    if (!isQuotedTitle(text, q, true)) return true;
    const inner = text.slice(q.innerStart, q.innerEnd).replace(/[’']s$/, '');
    return inner.includes(' ') ? !isQuotedTitle(text, q) : (counts.get(inner) ?? 0) < 2;
  });
  const speakers = attributeQuotes({ text, tokens, sentences, entities }, quoteSpans);
  const quotes = quoteSpans.map((q, i) => ({ text: text.slice(q.innerStart, q.innerEnd), start: q.start, end: q.end, ...speakers[i]! }));
  const citations = findCitations({ text, tokens, sentences, entities, quotes: quoteSpans });
  return { entities: entities.mentions, quotes, citations };
}
