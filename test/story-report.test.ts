import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articleText, type Article } from '../src/model/article.js';
import type { StoryDetail, StorySummary } from '../src/model/story.js';
import { storyReport, type StoryReport } from '../src/query/story-report.js';
import { openStore } from '../src/store/index.js';
import type { ArticleSummary } from '../src/store/index.js';
import type { Store, StoryTexts } from '../src/store/store.js';
import { wordTokens } from '../src/text/tokens.js';
import { runCli } from './helpers/cli.js';
import { EXAMPLES, SEEDS, tempDir } from './helpers/paths.js';

const squash = (text: string): string => text.replace(/\s+/g, ' ').replace(/…/g, '').trim();
const dayOf = (published: string): number => Date.parse(published.slice(0, 10));

describe('story report on the seeds (CLI)', () => {
  const dir = tempDir();
  const db = path.join(dir, 'seeds.db');
  const ingest = runCli(['ingest', '--db', db, SEEDS]);
  const articles = JSON.parse(runCli(['articles', '--json', '--db', db]).stdout) as ArticleSummary[];
  const seedId = (prefix: string): string => articles.find((a) => path.basename(a.origin).startsWith(prefix))!.id;
  let details: StoryDetail[] | null = null;
  const storyOf = (articleId: string): string => {
    details ??= (JSON.parse(runCli(['stories', '--json', '--db', db]).stdout) as StorySummary[])
      .map((s) => JSON.parse(runCli(['story', s.id, '--json', '--db', db]).stdout) as StoryDetail);
    const story = details.find((d) => d.articleList.some((a) => a.id === articleId));
    if (!story) throw new Error(`no story holds ${articleId}`);
    return story.id;
  };
  const report = (storyId: string): StoryReport => {
    const r = runCli(['story', storyId.slice(0, 10), '--report', '--json', '--db', db]);
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as StoryReport;
  };

  it('shows NBC News as the primary source 000/001 and 002 share, and folds the copy under its original', () => {
    expect(ingest.status).toBe(0);
    const r = report(storyOf(seedId('000')));
    const [s000, s001, s002] = [seedId('000'), seedId('001'), seedId('002')];
    const nbc = r.sources.shared.find((s) => s.name === 'NBC News');
    expect(nbc?.kind).toBe('outlet');
    // One of the two copies of the article is the original; with 002 that makes two independent reports.
    const original = [s000, s001].find((id) => nbc!.articleIds.includes(id))!;
    expect(nbc!.articleIds.sort()).toEqual([original, s002].sort());
    const entries = [...r.timeline.dated, ...r.timeline.undated];
    const copy = original === s000 ? s001 : s000;
    expect(entries.find((e) => e.articleId === original)!.copies.map((c) => c.articleId)).toEqual([copy]);
    expect(entries.map((e) => e.articleId)).not.toContain(copy);
    // Every article's citations of NBC are listed under it, whatever the spelling ("NBC", "the network").
    for (const id of [s000, s001, s002]) expect(r.sources.articles.find((a) => a.articleId === id)!.named.map((s) => s.name)).toContain('NBC News');
  });

  it('names the first reporter and the delays the dates allow', () => {
    const r = report(storyOf(seedId('000')));
    const published = new Map(articles.map((a) => [a.id, a.published]));
    const dated = r.timeline.dated.map((e) => ({ ...e, date: published.get(e.articleId)! }));
    expect(dated.length).toBeGreaterThan(0);
    expect(dated.every((e) => e.date)).toBe(true);
    expect(r.timeline.undated.every((e) => !published.get(e.articleId))).toBe(true);
    const earliest = dated[0]!.date;
    for (const e of dated) {
      // A date without a time only tells the day: the delay is in whole days then.
      const precise = e.date.length > 10 && earliest.length > 10;
      const expected = precise ? (Date.parse(`${e.date}Z`) - Date.parse(`${earliest}Z`)) / 60_000 : (dayOf(e.date) - dayOf(earliest)) / 60_000;
      expect(e.after).toEqual({ minutes: expected, precision: precise ? 'minute' : 'day' });
      expect(r.timeline.first.includes(e.articleId)).toBe(expected === 0);
    }
    expect(r.timeline.first[0]).toBe(dated[0]!.articleId);
  });

  it('groups quotes by speaker, each with every outlet that carried it', () => {
    const r = report(storyOf(seedId('000')));
    const group = r.quotes.find((g) => /senior administration official/.test(g.speaker ?? ''))!;
    const quote = group.quotes.find((q) => q.text.startsWith('We are not convinced this is the best way forward'))!;
    expect(quote.carriers.map((c) => c.articleId).sort()).toEqual([seedId('000'), seedId('001')].sort());
    expect(quote.outlets.length).toBeGreaterThan(0);
    expect(quote.variant).toBe(false);
    // Each quote once: no text repeated under two speakers.
    const texts = r.quotes.flatMap((g) => g.quotes.map((q) => q.text));
    expect(new Set(texts).size).toBe(texts.length);
  });

  it('flags 004 as naming no attributable source, with the anonymous sourcing as evidence, and its office-holders', () => {
    const id = seedId('004');
    const r = report(storyOf(id));
    const text = squash(articleText(JSON.parse(runCli(['show', id, '--json', '--db', db]).stdout) as Article));
    const unattributed = r.flags.find((f) => f.kind === 'no-attributable-source' && f.articleId === id)!;
    expect(unattributed.message).toMatch(/anonymous/);
    expect(unattributed.evidence.length).toBeGreaterThan(0);
    for (const e of unattributed.evidence) expect(text).toContain(squash(e.text));
    const contradiction = r.flags.find((f) => f.kind === 'contradiction' && f.articleId === id)!;
    expect(contradiction.message).toMatch(/former President Donald Trump/);
    expect(contradiction.evidence.map((e) => e.text).join(' ')).toMatch(/Biden administration/);
    for (const e of contradiction.evidence) expect(text).toContain(squash(e.text));
  });

  it('raises no sourcing or contradiction flag on 003, and no contradiction on the 000–002 story', () => {
    const r003 = report(storyOf(seedId('003')));
    expect(r003.flags.filter((f) => f.kind === 'no-attributable-source' || f.kind === 'contradiction')).toEqual([]);
    expect(r003.sources.articles[0]!.named.filter((s) => s.kind === 'outlet').map((s) => s.name))
      .toEqual(expect.arrayContaining(['Axios', 'Washington Post', 'Channel 13']));
    const r000 = report(storyOf(seedId('000')));
    expect(r000.flags.filter((f) => f.kind === 'no-attributable-source' || f.kind === 'contradiction')).toEqual([]);
  });

  it('aligns the claims 000 and 002 share (buffer zone, no displacement) and lists those only one outlet carries', () => {
    const [s000, s001, s002] = [seedId('000'), seedId('001'), seedId('002')];
    const { claims } = report(storyOf(s000));
    // 000 and 001 are one article: the claim holds one of them (the original) or both.
    const claimWith = (pattern: RegExp, in002: RegExp) => claims.claims.find((c) =>
      c.sentences.some((s) => (s.articleId === s000 || s.articleId === s001) && pattern.test(s.text)) &&
      c.sentences.some((s) => s.articleId === s002 && in002.test(s.text)));
    const buffer = claimWith(/buffer zone/, /buffer zone/);
    const displacement = claimWith(/no Palestinian displacement/, /no displacement of Palestinians/);
    for (const c of [buffer, displacement]) {
      expect(c).toBeDefined();
      expect(c!.outlets.length).toBe(2);
      expect(new Set(c!.sentences.map((s) => s.outlet))).toEqual(new Set(c!.outlets));
      for (const o of c!.outlets) expect(claims.coverage[c!.id]![claims.outlets.indexOf(o)]).toBeGreaterThan(0);
    }
    // Claims one outlet alone carries are listed under it, and only those.
    for (const o of claims.byOutlet) {
      expect(o.onlyHere.length).toBeGreaterThan(0);
      expect(o.onlyHere).toEqual(claims.claims.filter((c) => c.outlets.length === 1 && c.outlets[0] === o.outlet).map((c) => c.id));
      expect(o.onlyHere).not.toContain(buffer!.id);
    }
  });

  it('counts the copy 001 as no independent report, nor two outlets relaying NBC News as two', () => {
    const [s000, s001, s002] = [seedId('000'), seedId('001'), seedId('002')];
    const r = report(storyOf(s000));
    const copy = [s000, s001].find((id) => r.sources.articles.find((a) => a.articleId === id)!.copyOf)!;
    // EXPECTED.md: 001 folded under 000.
    expect(copy).toBe(s001);
    expect(r.timeline.undated.find((e) => e.articleId === s000)!.copies.map((c) => c.articleId)).toEqual([s001]);
    const withCopy = r.claims.claims.filter((c) => c.articleIds.includes(copy));
    expect(withCopy.length).toBeGreaterThan(0);
    for (const c of withCopy) {
      // The copy sits with its original and adds no report of its own.
      expect(c.articleIds.length).toBeGreaterThan(1);
      expect(c.independentReports).toBeLessThanOrEqual(c.articleIds.filter((id) => id !== copy).length);
    }
    // Both outlets cite NBC News: a claim both carry stands on one independent report, which the flags say plainly.
    for (const c of r.claims.claims.filter((x) => x.articleIds.includes(s002) && x.outlets.length > 1)) expect(c.independentReports).toBe(1);
    const flagged = r.flags.filter((f) => f.kind === 'no-corroboration');
    expect(flagged.map((f) => f.articleId).sort()).toEqual([s002, [s000, s001].find((id) => id !== copy)!].sort());
    for (const f of flagged) expect(f.message).toMatch(/no independent report corroborates .* only relaying the same source \(NBC News\)/);
  });

  it('flags 004 as uncorroborated: a story of one outlet, none of whose claims another outlet reports', () => {
    const id = seedId('004');
    const r = report(storyOf(id));
    expect(r.flags.map((f) => f.kind)).toEqual(expect.arrayContaining(['no-attributable-source', 'no-corroboration']));
    const flag = r.flags.find((f) => f.kind === 'no-corroboration')!;
    expect(flag.articleId).toBe(id);
    expect(r.claims.claims.length).toBeGreaterThan(0);
    expect(flag.message).toBe(`no other outlet in this story reports any of its ${r.claims.claims.length} claims`);
    expect(flag.evidence.length).toBeGreaterThan(0);
    for (const e of flag.evidence) expect(r.claims.claims.some((c) => c.sentences.some((s) => s.text.startsWith(e.text.replace(/…$/, ''))))).toBe(true);
    // 003 names its sources: no sourcing flag, though as a story of one outlet it is uncorroborated too.
    expect(report(storyOf(seedId('003'))).flags.map((f) => f.kind)).not.toContain('no-attributable-source');
  });

  it('gives the claims and the wording in --report --json', () => {
    const r = report(storyOf(seedId('000')));
    expect(r.claims.outlets.length).toBe(2);
    expect(r.claims.coverage.length).toBe(r.claims.claims.length);
    // Copies are left out of the wording: each outlet once, with the articles it wrote.
    expect(r.wording.map((w) => w.outlet).sort()).toEqual([...r.claims.outlets].sort());
    for (const w of r.wording) {
      expect(w.articles).toBe(1);
      expect(w.words).toBeGreaterThan(0);
      for (const t of w.terms) expect(t.count).toBeGreaterThan(t.othersCount);
    }
  });

  it('prints a readable report with its sections, and keeps plain --json as it was', () => {
    const story = storyOf(seedId('000'));
    const r = runCli(['story', story.slice(0, 10), '--report', '--db', db]);
    expect(r.status).toBe(0);
    for (const heading of ['TIMELINE', 'SOURCES', 'QUOTES', 'CLAIMS', 'WORDING', 'FLAGS']) expect(r.stdout).toMatch(new RegExp(`^${heading}$`, 'm'));
    expect(r.stdout).toMatch(/shared primary sources:\n\s+NBC News\s+outlet/);
    // The grid: a row per claim both outlets carry, a dot per outlet, then its independent reports and wording.
    const report = JSON.parse(runCli(['story', story.slice(0, 10), '--report', '--json', '--db', db]).stdout) as StoryReport;
    const shared = report.claims.claims.filter((c) => c.outlets.length === 2);
    expect(shared.length).toBeGreaterThan(0);
    for (const c of shared) expect(r.stdout).toMatch(new RegExp(`^\\s+~?${c.id + 1}\\s+● ●\\s+${c.independentReports}\\s+\\S`, 'm'));
    expect(r.stdout).toMatch(/^ {4}only here \(\d+\):$/m);
    // The headline is the one line allowed to run long.
    expect(r.stdout.split('\n').slice(1).filter((l) => l.length > 100)).toEqual([]);
    const plain = JSON.parse(runCli(['story', story.slice(0, 10), '--json', '--db', db]).stdout) as StoryDetail;
    expect(plain.articleList.length).toBe(3);
    expect(plain).not.toHaveProperty('timeline');
  });

  it('refuses an unknown story id with a clear error', () => {
    const r = runCli(['story', 'ffffffffffff', '--report', '--db', db]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no story with id ffffffffffff/);
    expect(r.stdout).toBe('');
  });
});

describe('story report on the demo corpus (pure function over the store)', () => {
  const dir = tempDir();
  const db = path.join(dir, 'demo.db');
  let store: Store;
  const reports: { texts: StoryTexts; report: StoryReport }[] = [];

  beforeAll(async () => {
    expect(runCli(['ingest', '--db', db, path.join(EXAMPLES, 'corpus')]).status).toBe(0);
    store = await openStore(db);
    for (const s of await store.listStories()) {
      const texts = (await store.getStoryTexts(s.id))!;
      reports.push({ texts, report: storyReport(texts) });
    }
  });
  afterAll(async () => store?.close());

  it('reads a story in two queries worth of data: every article, its text and annotations', async () => {
    expect(reports.length).toBeGreaterThan(1);
    for (const { texts } of reports) {
      const detail = (await store.getStory(texts.story.id))!;
      expect(texts.articles.map((a) => a.id)).toEqual(detail.articleList.map((a) => a.id));
      for (const a of texts.articles) expect(a.text.length).toBeGreaterThan(0);
    }
    expect(await store.getStoryTexts('ffffffffffffffff')).toBeNull();
  });

  it('lists every article once in the timeline, copies under their originals', () => {
    for (const { texts, report } of reports) {
      const listed = [...report.timeline.dated, ...report.timeline.undated].flatMap((e) => [e.articleId, ...e.copies.map((c) => c.articleId)]);
      expect(listed.sort()).toEqual(texts.articles.map((a) => a.id).sort());
      for (const e of report.timeline.dated) for (const c of e.copies) expect(texts.articles.find((a) => a.id === c.articleId)!.copyOf).toBe(e.articleId);
      const times = report.timeline.dated.map((e) => e.after?.minutes ?? 0);
      expect(times).toEqual([...times].sort((a, b) => a - b));
    }
  });

  it('lists both outlets under a quote two outlets carried, and every quote of every article somewhere', () => {
    let sharedAcrossOutlets = 0;
    for (const { texts, report } of reports) {
      const quotes = report.quotes.flatMap((g) => g.quotes);
      for (const a of texts.articles) {
        for (const q of a.annotations?.quotes ?? []) {
          if (wordTokens(q.text).length === 0) continue;
          const words = wordTokens(q.text).join(' ');
          const found = quotes.find((x) => x.carriers.some((c) => c.articleId === a.id && wordTokens(c.text ?? x.text).join(' ') === words));
          expect(found, `${a.id}: ${q.text}`).toBeDefined();
        }
      }
      // The same words in two outlets' articles: one quote, both outlets listed.
      const byWords = new Map<string, Set<string>>();
      for (const a of texts.articles) for (const q of a.annotations?.quotes ?? []) {
        const key = wordTokens(q.text).join(' ');
        if (key.split(' ').length >= 6) byWords.set(key, (byWords.get(key) ?? new Set()).add(a.outlet ?? a.id));
      }
      for (const [key, outlets] of byWords) {
        if (outlets.size < 2) continue;
        sharedAcrossOutlets++;
        const quote = quotes.find((q) => wordTokens(q.text).join(' ') === key)!;
        expect(quote).toBeDefined();
        for (const outlet of outlets) expect(quote.outlets).toContain(outlet);
      }
    }
    expect(sharedAcrossOutlets).toBeGreaterThan(0);
  });

  it('shows a cut quote under its fuller earliest version', () => {
    const cuts = reports.flatMap(({ report }) => report.quotes.flatMap((g) => g.quotes)).filter((q) => q.carriers.some((c) => c.variant === 'cut'));
    expect(cuts.length).toBeGreaterThan(0);
    for (const q of cuts) {
      expect(q.variant).toBe(true);
      const full = new Set(wordTokens(q.text));
      for (const c of q.carriers.filter((x) => x.variant === 'cut')) {
        const words = wordTokens(c.text!);
        expect(words.length).toBeLessThan(wordTokens(q.text).length);
        expect(words.filter((w) => full.has(w)).length / words.length).toBeGreaterThanOrEqual(0.8);
      }
    }
  });

  it('marks an article citing another outlet of the story as its follow-up', () => {
    const followUps = reports.flatMap(({ texts, report }) => report.sources.followUps.map((f) => ({ f, texts })));
    expect(followUps.length).toBeGreaterThan(0);
    for (const { f, texts } of followUps) {
      const cited = texts.articles.filter((a) => f.of.includes(a.id));
      expect(cited.length).toBeGreaterThan(0);
      expect(cited.every((a) => (a.outlet ?? a.outletDomain) === f.cites)).toBe(true);
      expect(texts.articles.find((a) => a.id === f.articleId)!.outlet).not.toBe(f.cites);
    }
  });

  it('raises no contradiction and no sourcing flag on the demo corpus, whose articles name their sources', () => {
    const flags = reports.flatMap(({ report }) => report.flags);
    expect(flags.filter((f) => f.kind === 'contradiction' || f.kind === 'no-attributable-source')).toEqual([]);
  });

  it("flags an article as uncorroborated exactly when no other outlet's independent report carries any of its claims", () => {
    let flagged = 0;
    let corroborated = 0;
    for (const { texts, report } of reports) {
      const outletOfClaim = new Map(report.claims.claims.flatMap((c) => c.sentences.map((s) => [s.articleId, s.outlet] as const)));
      const multiOutlet = report.claims.outlets.length > 1;
      for (const a of texts.articles.filter((x) => !x.copyOf)) {
        const own = report.claims.claims.filter((c) => c.articleIds.includes(a.id));
        const backed = own.some((c) => c.independentReports > 1 && c.sentences.some((s) => s.outlet !== outletOfClaim.get(a.id)));
        // An article alone in its language among several outlets cannot be matched, so is not judged.
        const judged = !multiOutlet || texts.articles.some((b) => outletOfClaim.get(b.id) !== outletOfClaim.get(a.id) && b.language === a.language);
        const flag = report.flags.find((f) => f.kind === 'no-corroboration' && f.articleId === a.id);
        expect(Boolean(flag), `${a.id}`).toBe(judged && own.length > 0 && !backed);
        if (flag) flagged++;
        if (backed) corroborated++;
      }
    }
    // Outlets quoting the same officials are still independent reports: most articles are corroborated.
    expect(corroborated).toBeGreaterThan(flagged);
    expect(flagged).toBeGreaterThan(0);
  });

  it("describes each outlet's wording against the others, copies left out", () => {
    let terms = 0;
    for (const { texts, report } of reports) {
      const writers = new Set(texts.articles.filter((a) => !a.copyOf).map((a) => a.id));
      const listed = report.wording.reduce((n, w) => n + w.articles, 0);
      expect(listed).toBe(writers.size);
      expect(new Set(report.wording.map((w) => w.outlet)).size).toBe(report.wording.length);
      for (const w of report.wording) {
        expect(report.claims.outlets).toContain(w.outlet);
        for (const t of w.terms) {
          // Used here more, relative to the words each side wrote.
          const others = report.wording.filter((x) => x !== w).reduce((n, x) => n + x.words, 0);
          expect(t.count / w.words).toBeGreaterThan(t.othersCount / Math.max(1, others));
          terms++;
        }
      }
    }
    expect(terms).toBeGreaterThan(0);
  });
});
