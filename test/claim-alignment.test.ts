/**
 * Claim alignment on real articles: the seed story (000, its copy 001, and 002 from another
 * outlet, read from ../shared/seeds through the text extractor and the cited-source analysis) and
 * stories of the dev set. Figures are never hard-coded: the checks are the facts the seeds share
 * (EXPECTED.md: buffer zone, no displacement of Palestinians) and the invariants of the result.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeArticle } from '../src/analyze/index.js';
import { extractFromText } from '../src/extract/text/index.js';
import { articleText } from '../src/model/article.js';
import { alignClaims, COSINE_OPTIONS, PAIR_MODEL, type Claim, type ClaimAlignment, type ClaimArticle } from '../src/query/claim-alignment.js';
import { PAIR_FEATURES, pairContext, pairFeatures, pairProbability } from '../src/query/claim-pair-model.js';
import { articleSentences } from '../src/query/claim-sentences.js';

const SEEDS = new URL('../../shared/seeds/', import.meta.url);
const STORIES = new URL('../../shared/datasets/stories-dev/', import.meta.url);

function seedText(prefix: string): string {
  const name = readdirSync(SEEDS).find((f) => f.startsWith(`${prefix}_`) && f.endsWith('.txt'));
  if (!name) throw new Error(`seed ${prefix} missing`);
  return articleText(extractFromText(readFileSync(new URL(name, SEEDS), 'utf8'), { url: null }));
}

/** The outlets an article cites, as the who-says-what analysis finds them. */
const citedOutlets = (text: string): string[] => [...new Set(analyzeArticle(text).citations.filter((c) => c.kind === 'outlet').map((c) => c.source))];

const seed = { '000': seedText('000'), '001': seedText('001'), '002': seedText('002'), '003': seedText('003') };
const MAYADEEN = 'Al Mayadeen English';
const WIRE = 'Wire report (seed 002)';
const seedStory = (withSources: boolean): ClaimArticle[] => [
  { id: '000', outlet: MAYADEEN, text: seed['000'], citedSources: withSources ? citedOutlets(seed['000']) : [] },
  { id: '001', outlet: MAYADEEN, text: seed['001'], copyOf: '000', citedSources: withSources ? citedOutlets(seed['001']) : [] },
  { id: '002', outlet: WIRE, text: seed['002'], citedSources: withSources ? citedOutlets(seed['002']) : [] },
];

/** The claim holding a sentence of `articleId` that matches `pattern`. */
function claimWith(result: ClaimAlignment, articleId: string, pattern: RegExp): Claim | undefined {
  return result.claims.find((c) => c.sentences.some((s) => s.articleId === articleId && pattern.test(s.text)));
}

/** Invariants every alignment must keep. */
function expectConsistent(result: ClaimAlignment, articles: ClaimArticle[]): void {
  const seen = new Set<string>();
  result.claims.forEach((c, i) => {
    expect(c.id).toBe(i);
    expect(c.sentences.length).toBeGreaterThan(0);
    expect(c.sentences).toContainEqual(c.representative);
    for (const s of c.sentences) {
      const article = articles.find((a) => a.id === s.articleId)!;
      expect(article.text.slice(s.start, s.end)).toBe(s.text);
      expect(s.outlet).toBe(article.outlet);
      const key = `${s.articleId}:${s.start}`;
      expect(seen.has(key), `sentence ${key} in two claims`).toBe(false);
      seen.add(key);
    }
    expect(new Set(c.outlets)).toEqual(new Set(c.sentences.map((s) => s.outlet)));
    expect(new Set(c.articleIds)).toEqual(new Set(c.sentences.map((s) => s.articleId)));
    expect(c.independentReports).toBeGreaterThanOrEqual(1);
    expect(c.independentReports).toBeLessThanOrEqual(c.articleIds.length);
    // Coverage row = articles of each outlet in the claim.
    expect(result.coverage[i]).toEqual(result.outlets.map((o) => c.articleIds.filter((id) => articles.find((a) => a.id === id)!.outlet === o).length));
  });
  // Claims are ordered by how widely they are carried.
  for (let i = 1; i < result.claims.length; i++) expect(result.claims[i - 1]!.outlets.length).toBeGreaterThanOrEqual(result.claims[i]!.outlets.length);
  for (const o of result.byOutlet) {
    const col = result.outlets.indexOf(o.outlet);
    for (const id of o.onlyHere) expect(result.claims[id]!.outlets).toEqual([o.outlet]);
    for (const id of o.omits) {
      expect(result.coverage[id]![col]).toBe(0);
      expect(result.claims[id]!.outlets.length).toBeGreaterThanOrEqual(Math.max(2, Math.ceil((result.outlets.length - 1) / 2)));
    }
    // Everything carried by this outlet alone is listed.
    const alone = result.claims.filter((c) => c.outlets.length === 1 && c.outlets[0] === o.outlet).map((c) => c.id);
    expect(o.onlyHere).toEqual(alone);
  }
}

describe('claim alignment on the seed story (000, copy 001, 002)', () => {
  const result = alignClaims(seedStory(true));

  it('keeps its invariants', () => {
    expectConsistent(result, seedStory(true));
  });

  it('puts the buffer-zone claim of 000 and 002 together', () => {
    const c = claimWith(result, '000', /buffer zone/);
    expect(c).toBeDefined();
    expect(c!.outlets).toEqual([MAYADEEN, WIRE]);
    expect(c!.sentences.some((s) => s.articleId === '002' && /buffer zone/.test(s.text))).toBe(true);
  });

  it('puts the no-displacement claim of 000 and 002 together', () => {
    const c = claimWith(result, '000', /displacement/);
    expect(c).toBeDefined();
    expect(c!.sentences.some((s) => s.articleId === '002' && /displacement of Palestinians/.test(s.text))).toBe(true);
  });

  it('folds the copy 001 into the claims of 000', () => {
    for (const c of result.claims) {
      const in000 = c.sentences.filter((s) => s.articleId === '000').map((s) => s.text);
      const in001 = c.sentences.filter((s) => s.articleId === '001').map((s) => s.text);
      // 001 is the same article as a page dump: whatever both hold sits in one claim.
      for (const t of in001) if (seed['000'].includes(t)) expect(in000).toContain(t);
    }
  });

  it('counts a copy once, and outlets citing one primary source once', () => {
    const both = (r: ClaimAlignment) => claimWith(r, '000', /buffer zone/)!;
    // Without cited sources: 000 and its copy 001 are one report, 002 another.
    expect(both(alignClaims(seedStory(false))).articleIds).toEqual(expect.arrayContaining(['000', '001', '002']));
    expect(both(alignClaims(seedStory(false))).independentReports).toBe(2);
    // Both outlets cite NBC News (EXPECTED.md): one independent report.
    expect(citedOutlets(seed['000'])).toContain('NBC News');
    expect(citedOutlets(seed['002'])).toContain('NBC News');
    expect(both(result).independentReports).toBe(1);
  });

  it('lists the claims only one outlet carries', () => {
    const mayadeen = result.byOutlet.find((o) => o.outlet === MAYADEEN)!;
    const wire = result.byOutlet.find((o) => o.outlet === WIRE)!;
    const only = (ids: number[]) => ids.map((id) => result.claims[id]!.representative.text);
    // 000 alone tells of the $14 billion aid package; 002 alone of Blinken's statement.
    expect(only(mayadeen.onlyHere).some((t) => /\$14 billion/.test(t))).toBe(true);
    expect(only(wire.onlyHere).some((t) => /Blinken/.test(t))).toBe(true);
    // Shared claims are nobody's own.
    const shared = claimWith(result, '000', /buffer zone/)!.id;
    expect(mayadeen.onlyHere).not.toContain(shared);
    expect(wire.onlyHere).not.toContain(shared);
    // With two outlets nothing is "widely carried" (that needs two other outlets).
    expect(mayadeen.omits).toEqual([]);
    expect(wire.omits).toEqual([]);
  });

  it('marks a widely carried claim as omitted by an outlet that lacks it', () => {
    // A third outlet (seed 003, Blinken in Israel two weeks later) says nothing of the buffer zone.
    const articles = [...seedStory(false), { id: '003', outlet: 'Third outlet (seed 003)', text: seed['003'] }];
    const r = alignClaims(articles);
    expectConsistent(r, articles);
    const c = claimWith(r, '000', /buffer zone/)!;
    expect(c.outlets).not.toContain('Third outlet (seed 003)');
    expect(r.byOutlet.find((o) => o.outlet === 'Third outlet (seed 003)')!.omits).toContain(c.id);
  });

  it('is the same whatever the order of the articles', () => {
    const reversed = alignClaims([...seedStory(true)].reverse());
    const groups = (r: ClaimAlignment) => r.claims.map((c) => c.sentences.map((s) => `${s.articleId}:${s.start}`).sort().join(' ')).sort();
    expect(groups(reversed)).toEqual(groups(result));
  });
});

describe('the cosine baseline the bench compares with', () => {
  it('still aligns the seed story', () => {
    const result = alignClaims(seedStory(true), COSINE_OPTIONS);
    expectConsistent(result, seedStory(true));
    const c = claimWith(result, '000', /buffer zone/);
    expect(c!.sentences.some((s) => s.articleId === '002' && /buffer zone/.test(s.text))).toBe(true);
  });
});

describe('the pair model', () => {
  it('has one fitted weight per feature, after the intercept', () => {
    expect(PAIR_MODEL.features).toEqual([...PAIR_FEATURES]);
    expect(PAIR_MODEL.weights).toHaveLength(PAIR_FEATURES.length + 1);
  });

  it('scores a pair the same in either order, and a sentence with itself above any other sentence', () => {
    // Alignment scores each pair once, in sentence order: the score must not depend on it.
    const sentences = [
      ...articleSentences(0, '000', MAYADEEN, seed['000']),
      ...articleSentences(1, '002', WIRE, seed['002']),
    ];
    const context = pairContext(sentences);
    const a = sentences.filter((s) => s.article === 0);
    const b = sentences.filter((s) => s.article === 1);
    expect(a.length).toBeGreaterThan(3);
    expect(b.length).toBeGreaterThan(3);
    for (const x of a)
      for (const y of b) {
        const p = pairProbability(PAIR_MODEL, pairFeatures(x, y, 0.3, context));
        expect(p).toBeGreaterThan(0);
        expect(p).toBeLessThan(1);
        expect(pairProbability(PAIR_MODEL, pairFeatures(y, x, 0.3, context))).toBeCloseTo(p, 12);
        // A sentence compared with itself (cosine 1) is more surely one fact than with anything else.
        expect(pairProbability(PAIR_MODEL, pairFeatures(x, x, 1, context))).toBeGreaterThan(p);
      }
  });
});

describe('claim alignment on dev stories', () => {
  interface Row { id: string; story: string; source: string; text: string }
  const rows = readFileSync(new URL('allsides_roundups_2021.dev.jsonl', STORIES), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Row);
  const stories = new Map<string, Row[]>();
  for (const r of rows) stories.set(r.story, [...(stories.get(r.story) ?? []), r]);
  const sample = [...stories.values()].filter((s) => new Set(s.map((r) => r.source)).size >= 3).slice(0, 40);

  it('keeps its invariants and aligns some facts across outlets', () => {
    let crossOutlet = 0;
    for (const story of sample) {
      const articles = story.map((r) => ({ id: r.id, outlet: r.source, text: r.text }));
      const result = alignClaims(articles);
      expectConsistent(result, articles);
      crossOutlet += result.claims.filter((c) => c.outlets.length > 1).length;
    }
    // Three outlets reporting one event share facts: some must be found.
    expect(crossOutlet).toBeGreaterThan(0);
  });

  it('marks claims whose articles give different figures, and only those', () => {
    for (const story of sample) {
      const result = alignClaims(story.map((r) => ({ id: r.id, outlet: r.source, text: r.text })));
      for (const c of result.claims) {
        const perArticle = c.articleIds.map((id) => new Set(c.figures.filter((f) => f.articleIds.includes(id)).map((f) => f.value))).filter((s) => s.size);
        const differ = perArticle.some((a, i) => perArticle.some((b, j) => j > i && [...a].some((x) => !b.has(x)) && [...b].some((x) => !a.has(x))));
        expect(c.figuresDiffer).toBe(differ);
        for (const f of c.figures) for (const id of f.articleIds) expect(c.sentences.some((s) => s.articleId === id && s.text.includes(f.value.split(' ')[0]!.replace(/%$/, '')))).toBe(true);
      }
    }
  });

  it('drops fragments: every sentence has words enough to state a fact', () => {
    for (const story of sample.slice(0, 10)) {
      const result = alignClaims(story.map((r) => ({ id: r.id, outlet: r.source, text: r.text })));
      for (const c of result.claims) for (const s of c.sentences) expect(s.text.split(/\s+/).length).toBeGreaterThanOrEqual(6);
    }
  });
});
