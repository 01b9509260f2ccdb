/** The offset tokenizer analysis is built on (src/text/tokens.ts), and entity and citation rules on small texts. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeArticle } from '../src/analyze/index.js';
import { isAbbreviation, textTokens, wordSpans, words } from '../src/text/tokens.js';

const POLNEAR_DEV = new URL('../../shared/datasets/attribution-dev/polnear_dev.quotes.jsonl', import.meta.url);
const articles = readFileSync(POLNEAR_DEV, 'utf8').split('\n').filter(Boolean).slice(0, 20).map((l) => (JSON.parse(l) as { text: string }).text);

describe('tokens with offsets', () => {
  it('wordSpans finds exactly the words `words` finds, at their offsets', () => {
    for (const text of articles) {
      const spans = wordSpans(text);
      expect(spans.map((s) => s.text)).toEqual(words(text));
      for (const s of spans) expect(text.slice(s.start, s.end)).toBe(s.text);
    }
  });

  it('textTokens covers every non-space character once, in order', () => {
    for (const text of articles) {
      const tokens = textTokens(text);
      expect(tokens.map((t) => t.text).join('')).toBe(text.replace(/\s+/g, ''));
      for (const t of tokens) expect(text.slice(t.start, t.end)).toBe(t.text);
    }
  });

  it('keeps the period on abbreviations and initials only', () => {
    const text = 'Gen. Herzi Halevi met U.S. officials in Washington, D.C. on Friday. Sen. Claire McCaskill (D-Mo.) said he fell ill.';
    const tokens = textTokens(text).map((t) => t.text);
    expect(tokens).toEqual(expect.arrayContaining(['Gen.', 'U.S.', 'D.C.', 'Sen.', 'D-Mo.']));
    expect(tokens.slice(-2)).toEqual(['ill', '.']);
    expect(tokens).toContain('Friday');
    expect(isAbbreviation('J.')).toBe(true);
    expect(isAbbreviation('mass.')).toBe(false);
    expect(isAbbreviation('Mass.')).toBe(true);
  });

  it('takes a range, with offsets into the whole text', () => {
    const text = 'One two. Three four.';
    const tokens = textTokens(text, 9);
    expect(tokens[0]).toEqual({ text: 'Three', start: 9, end: 14, word: true });
    expect(wordSpans(text, 0, 7).map((t) => t.text)).toEqual(['One', 'two']);
  });
});

describe('entity rules', () => {
  const typeOf = (text: string, name: string): string | undefined => analyzeArticle(text).entities.find((e) => e.text === name)?.type;

  it('types known towns as places and teams named for them as organisations', () => {
    expect(typeOf('Police in Volgograd said the fire was out.', 'Volgograd')).toBe('place');
    expect(typeOf('Thousands watched Dynamo Moscow play.', 'Dynamo Moscow')).toBe('organisation');
    expect(typeOf('Essex beat Kent by six wickets on Friday.', 'Kent')).toBe('organisation');
  });

  it('keeps events apart from people and splits a demonym off a name', () => {
    expect(typeOf('He played in the World Cup last year.', 'World Cup')).toBe('other');
    const entities = analyzeArticle('Australian Tom Moody took three wickets.').entities;
    expect(entities.find((e) => e.text === 'Tom Moody')?.type).toBe('person');
  });

  it('does not join names across a spaced dash', () => {
    const names = analyzeArticle('CRICKET - LEICESTERSHIRE TAKE OVER AT TOP').entities.map((e) => e.text);
    expect(names).not.toContain('CRICKET - LEICESTERSHIRE');
  });
});

describe('citation rules', () => {
  it('leaves out sources inside a direct quote', () => {
    const text = '“I think we will win, and you know it,” Smith said.';
    const sources = analyzeArticle(text).citations.map((c) => c.sourceText);
    expect(sources).toEqual(['Smith']);
  });

  it('takes a relative pronoun as the source, resolved to the name before it', () => {
    const text = 'The vote went to Jane Barkley, who said she was pleased.';
    const citation = analyzeArticle(text).citations.find((c) => c.cue === 'said');
    expect(citation?.sourceText).toBe('who');
    expect(citation?.source).toBe('Jane Barkley');
  });

  it('finds the speaker across a party label', () => {
    const text = 'Rep. Paul Ryan (R-WI) said “they have no place in a campaign.”';
    expect(analyzeArticle(text).quotes[0]?.speaker).toBe('Paul Ryan');
  });
});
