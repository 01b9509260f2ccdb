/**
 * Distinctive wording on real stories of the dev set (../shared/datasets/stories-dev, full-text
 * articles of three outlets): properties of what it returns, never hard-coded terms or figures.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitSentences } from '../src/analyze/sentences.js';
import { distinctiveWording, MIN_COUNT, MIN_Z, TOP_TERMS, wordingCounts, type WordingArticle } from '../src/query/distinctive-wording.js';
import { textTokens } from '../src/text/tokens.js';

interface Row { id: string; story: string; source: string; text: string }
const rows = readFileSync(new URL('../../shared/datasets/stories-dev/allsides_neus_baly.dev.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as Row);
const byStory = new Map<string, Row[]>();
for (const r of rows) byStory.set(r.story, [...(byStory.get(r.story) ?? []), r]);
const stories = [...byStory.values()].filter((s) => new Set(s.map((r) => r.source)).size === 3).slice(0, 25);
const articlesOf = (story: Row[]): WordingArticle[] => story.map((r) => ({ id: r.id, outlet: r.source, text: r.text }));

/** Summed counts of the given articles. */
function countsOf(articles: WordingArticle[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const a of articles) for (const [t, c] of wordingCounts(a.text)) out.set(t, (out.get(t) ?? 0) + c);
  return out;
}
const lengthOf = (term: string): number => term.split(' ').length;
const totalOf = (counts: Map<string, number>, n: number): number => [...counts].reduce((sum, [t, c]) => sum + (lengthOf(t) === n ? c : 0), 0);

/** Lower-cased sentences of a text, by the project's sentence splitter. */
function sentencesOf(text: string): string[] {
  const tokens = textTokens(text);
  const { starts } = splitSentences(text, tokens);
  return starts.map((s, i) => {
    const last = tokens[(starts[i + 1] ?? tokens.length) - 1]!;
    return text.slice(tokens[s]!.start, last.end).toLowerCase().replace(/’/g, "'");
  });
}

describe('distinctive wording on dev stories', () => {
  it('lists terms an outlet uses more than the others, with their true counts', () => {
    let listed = 0;
    for (const story of stories) {
      const articles = articlesOf(story);
      const result = distinctiveWording(articles);
      expect(result.map((o) => o.outlet).sort()).toEqual([...new Set(story.map((r) => r.source))].sort());
      for (const o of result) {
        const own = countsOf(articles.filter((a) => a.outlet === o.outlet));
        const others = countsOf(articles.filter((a) => a.outlet !== o.outlet));
        expect(o.terms.length).toBeLessThanOrEqual(TOP_TERMS);
        for (let i = 1; i < o.terms.length; i++) expect(o.terms[i - 1]!.z).toBeGreaterThanOrEqual(o.terms[i]!.z);
        for (const t of o.terms) {
          listed++;
          expect(t.count).toBe(own.get(t.term));
          expect(t.othersCount).toBe(others.get(t.term) ?? 0);
          expect(t.count).toBeGreaterThanOrEqual(MIN_COUNT);
          expect(t.z).toBeGreaterThanOrEqual(MIN_Z);
          // Used at a higher rate here than elsewhere (rates among terms of the same length).
          const n = lengthOf(t.term);
          expect(t.count / totalOf(own, n)).toBeGreaterThan(t.othersCount / totalOf(others, n));
        }
      }
    }
    // Over 25 stories of three outlets, some wording must stand out.
    expect(listed).toBeGreaterThan(0);
  });

  it('keeps phrases inside one sentence, two or three words long', () => {
    for (const story of stories) {
      const articles = articlesOf(story);
      for (const o of distinctiveWording(articles)) {
        const sentences = articles.filter((a) => a.outlet === o.outlet).flatMap((a) => sentencesOf(a.text));
        for (const t of o.terms) {
          expect(lengthOf(t.term)).toBeLessThanOrEqual(3);
          if (lengthOf(t.term) === 1) continue;
          const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${t.term.split(' ').map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+')}(?![\\p{L}\\p{N}])`, 'u');
          expect(sentences.some((s) => pattern.test(s)), `"${t.term}" within a sentence of ${o.outlet}`).toBe(true);
        }
      }
    }
  });

  it('leaves copies out: a re-post of an article changes nothing', () => {
    const story = stories.find((s) => distinctiveWording(articlesOf(s)).some((o) => o.terms.length > 0))!;
    const articles = articlesOf(story);
    const original = articles[0]!;
    const copy = { id: `${original.id}-copy`, outlet: articles[1]!.outlet, text: original.text, copyOf: original.id };
    expect(distinctiveWording([...articles, copy])).toEqual(distinctiveWording(articles));
    // Counted as its own article, the same text would move the figures.
    const counted = { ...copy, copyOf: null };
    expect(distinctiveWording([...articles, counted])).not.toEqual(distinctiveWording(articles));
  });

  it('says nothing distinctive about a story one outlet covers alone', () => {
    const story = stories[0]!;
    const single = articlesOf(story).map((a) => ({ ...a, outlet: 'One outlet' }));
    const result = distinctiveWording(single);
    expect(result).toHaveLength(1);
    expect(result[0]!.terms).toEqual([]);
  });

  it('takes a background for its prior and keeps the same properties', () => {
    const background = countsOf(stories.flatMap(articlesOf));
    for (const story of stories.slice(0, 8)) {
      const articles = articlesOf(story);
      for (const o of distinctiveWording(articles, { background })) {
        const own = countsOf(articles.filter((a) => a.outlet === o.outlet));
        for (const t of o.terms) {
          expect(t.count).toBe(own.get(t.term));
          expect(t.z).toBeGreaterThanOrEqual(MIN_Z);
        }
      }
    }
  });
});
