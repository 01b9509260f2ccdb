/**
 * The entity, quote and cited-source points of shared/seeds/EXPECTED.md, on the articles the
 * text extractor makes of the seed files.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeArticle, type ArticleAnalysis } from '../src/analyze/index.js';
import { extractFromText } from '../src/extract/text/index.js';
import { articleText } from '../src/model/article.js';
import { AnnotationsSchema } from '../src/model/annotations.js';

const SEEDS = new URL('../../shared/seeds/', import.meta.url);

function analyzeSeed(prefix: string): { text: string; analysis: ArticleAnalysis } {
  const name = readdirSync(SEEDS).find((f) => f.startsWith(`${prefix}_`) && f.endsWith('.txt'));
  if (!name) throw new Error(`seed ${prefix} missing`);
  const article = extractFromText(readFileSync(new URL(name, SEEDS), 'utf8'), { url: null });
  const text = articleText(article);
  return { text, analysis: analyzeArticle(text, article.title) };
}

const seeds = Object.fromEntries(['000', '001', '002', '003', '004'].map((p) => [p, analyzeSeed(p)]));
const all = (): [string, { text: string; analysis: ArticleAnalysis }][] => Object.entries(seeds);

/** Canonical names of the people an article mentions, with every spelling seen. */
function people(a: ArticleAnalysis): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const e of a.entities.filter((x) => x.type === 'person')) out.set(e.canonical, (out.get(e.canonical) ?? new Set()).add(e.text));
  return out;
}

function quoteStartingWith(a: ArticleAnalysis, opening: string) {
  const q = a.quotes.find((x) => x.text.startsWith(opening));
  expect(q, `quote "${opening}…"`).toBeDefined();
  return q!;
}

describe('seed annotations', () => {
  it('are valid annotations with offsets into the article text', () => {
    for (const [, { text, analysis }] of all()) {
      AnnotationsSchema.parse(analysis);
      for (const e of analysis.entities) expect(text.slice(e.start, e.end)).toBe(e.text);
      for (const q of analysis.quotes) expect(text.slice(q.start, q.end)).toContain(q.text);
      for (const c of analysis.citations) expect(c.end).toBeGreaterThan(c.start);
    }
  });
});

describe('entities (EXPECTED.md)', () => {
  it('resolves Blinken across spellings to one person in 003', () => {
    const blinken = [...people(seeds['003']!.analysis)].filter(([c]) => c.endsWith('Blinken'));
    expect(blinken).toHaveLength(1);
    const [canonical, spellings] = blinken[0]!;
    expect(canonical).toBe('Antony Blinken');
    expect([...spellings]).toEqual(expect.arrayContaining(['Tony Blinken', 'Antony Blinken', 'Blinken']));
  });

  it('resolves "Halevy" to Herzi Halevi in 003', () => {
    const halevi = people(seeds['003']!.analysis).get('Herzi Halevi');
    expect(halevi).toBeDefined();
    expect([...halevi!]).toEqual(expect.arrayContaining(['Herzi Halevi', 'Halevi', 'Halevy']));
  });

  it('finds the named people of the thread', () => {
    const named = new Set(all().flatMap(([, s]) => [...people(s.analysis).keys()]));
    for (const p of ['Joe Biden', 'Benjamin Netanyahu', 'Antony Blinken', 'Herzi Halevi', 'Yoav Gallant', 'Naftali Bennett', 'Donald Trump']) expect(named, p).toContain(p);
    // "Anthony Blinken" (002) is the same surname's full name.
    expect(people(seeds['002']!.analysis).get('Anthony Blinken')).toBeDefined();
  });

  it('finds the organisations: Hamas, NBC News, Axios, The Washington Post, the White House', () => {
    const orgs = new Set(all().flatMap(([, s]) => s.analysis.entities.filter((e) => e.type === 'organisation').map((e) => e.canonical)));
    for (const o of ['Hamas', 'NBC News', 'Axios', 'Washington Post', 'White House']) expect(orgs, o).toContain(o);
  });

  it('takes "the US", "United States" and "Washington" to one country', () => {
    const places = seeds['003']!.analysis.entities.filter((e) => e.type === 'place');
    const us = new Set(places.filter((e) => ['US', 'United States', 'Washington'].includes(e.text)).map((e) => e.canonical));
    expect([...us]).toEqual(['United States']);
  });
});

describe('quotes (EXPECTED.md)', () => {
  const a3 = seeds['003']!.analysis;
  it('"I do not think you have months" → Blinken', () => {
    expect(quoteStartingWith(a3, 'I do not think you have months').speaker).toBe('Antony Blinken');
  });
  it('"As long as I am sitting in this chair, …" → Netanyahu', () => {
    expect(quoteStartingWith(a3, 'As long as I am sitting in this chair').speaker).toBe('Benjamin Netanyahu');
  });
  it('"We work based on several principles: …" → Halevi', () => {
    expect(quoteStartingWith(a3, 'We work based on several principles').speaker).toBe('Herzi Halevi');
  });
  it('"We are not convinced this is the best way forward" → an unnamed senior administration official (000, 001)', () => {
    for (const p of ['000', '001']) {
      const q = quoteStartingWith(seeds[p]!.analysis, 'We are not convinced this is the best way forward');
      expect(q.speaker).toMatch(/senior administration official/);
      const named = seeds[p]!.analysis.entities.some((e) => e.type === 'person' && e.canonical === q.speaker);
      expect(named).toBe(false);
    }
  });
  it('does not take a name the article always puts in quotes ("Israel") for a quote', () => {
    expect(a3.quotes.some((q) => /^Israel(?:'s)?$/.test(q.text))).toBe(false);
  });
});

describe('cited sources (EXPECTED.md)', () => {
  const outlets = (p: string): Set<string> => new Set(seeds[p]!.analysis.citations.filter((c) => c.kind === 'outlet').map((c) => c.source));
  it('000, 001 and 002 cite NBC News', () => {
    for (const p of ['000', '001', '002']) expect(outlets(p), p).toContain('NBC News');
  });
  it('003 cites Axios, The Washington Post, Channel 12 and Channel 13', () => {
    const cited = [...outlets('003')].join(' | ');
    for (const o of ['Axios', 'Washington Post', 'Channel 12', 'Channel 13']) expect(cited).toContain(o);
  });
  it('004 names no source: anonymous sourcing only', () => {
    const a4 = seeds['004']!.analysis;
    expect(outlets('004').size).toBe(0);
    const anonymous = a4.citations.filter((c) => c.kind === 'anonymous').map((c) => c.source.toLowerCase());
    expect(anonymous.join(' | ')).toContain('multiple sources');
    expect(anonymous.some((s) => s.startsWith('sources within the administration'))).toBe(true);
  });
});
