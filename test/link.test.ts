import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scoreClusters } from '../bench/lib/cluster-scores.js';
import { readStoryRows } from '../bench/lib/story-datasets.js';
import { extractArticle } from '../src/extract/index.js';
import { extractFromText } from '../src/extract/text/index.js';
import { CopyDetector, Linker, profileArticle, type Placement } from '../src/link/index.js';
import { OutletBoilerplate } from '../src/link/outlet-boilerplate.js';
import { StoryClusterer } from '../src/link/story-clusterer.js';
import { TermStatistics } from '../src/link/term-statistics.js';
import { articleText, type ExtractedArticle } from '../src/model/article.js';
import { readFileSources } from '../src/sources/files.js';
import { publishedSortKey } from '../src/text/dates.js';
import { stem } from '../src/text/stems.js';
import { EXAMPLES, seedPath } from './helpers/paths.js';

function linkable(id: string, a: ExtractedArticle) {
  return { id, title: a.title, text: articleText(a), published: a.published ? publishedSortKey(a.published) : null, outlet: a.outlet.name };
}

describe('linking the seeds (EXPECTED.md)', () => {
  const linker = new Linker();
  const placed = new Map<string, Placement>();
  for (const seed of ['000', '001', '002', '003', '004']) {
    const article = extractFromText(readFileSync(seedPath(seed), 'utf8'), { url: null });
    placed.set(seed, linker.link(linkable(seed, article)));
  }
  const p = (seed: string) => placed.get(seed)!;

  it('sees 001 as a copy of 000, and 002 as a copy of nothing', () => {
    expect(p('001').copyOf).toBe('000');
    expect(p('001').copyKind).toMatch(/near|containment/);
    expect(p('000').copyOf).toBeNull();
    expect(p('002').copyOf).toBeNull();
  });

  it('groups {000, 001, 002} into one story; 003 and 004 are stories of their own', () => {
    expect(p('001').story).toBe(p('000').story);
    expect(p('002').story).toBe(p('000').story);
    expect(p('003').story).not.toBe(p('000').story);
    expect(p('004').story).not.toBe(p('000').story);
    expect(p('004').story).not.toBe(p('003').story);
  });

  it("links 003's story to the 000/002 story as one thread", () => {
    expect(p('003').thread).toBe(p('000').thread);
  });

  it('makes the earliest, most complete copy the original whichever arrives first', () => {
    const [clean, dump] = ['000', '001'].map((seed) => linkable(seed, extractFromText(readFileSync(seedPath(seed), 'utf8'), { url: null })));
    // 001 (dated) first, then 000 (undated, more of the text): the dates cannot tell, the text does.
    const reversed = new Linker();
    const first = reversed.link(dump!);
    const second = reversed.link(clean!);
    expect(first.copyOf).toBeNull();
    expect(second).toMatchObject({ copyOf: null, story: first.story });
    expect(second.repointed).toEqual([{ id: '001', copyOf: '000', copyKind: expect.stringMatching(/near|containment/) }]);
    // A later copy of either now points at 000.
    expect(reversed.link({ ...dump!, id: '001-again' }).copyOf).toBe('000');
    // Between dated copies the earlier day wins, whatever the arrival order; a later one copies it.
    const dated = new Linker();
    const day = dump!.published!;
    expect(dated.link({ ...clean!, id: 'late', published: day }).copyOf).toBeNull();
    const early = dated.link({ ...clean!, id: 'early', published: day - 3 * 86_400_000 });
    expect(early).toMatchObject({ copyOf: null, repointed: [{ id: 'late', copyOf: 'early', copyKind: 'exact' }] });
    expect(dated.link({ ...clean!, id: 'later', published: day + 86_400_000 })).toMatchObject({ copyOf: 'early', copyKind: 'exact' });
    // In arrival order 000 then 001 nothing is re-pointed.
    expect(p('001').repointed).toBeUndefined();
    expect(p('000').repointed).toBeUndefined();
  });
});

describe('copy detection on real coverage', () => {
  it('never mistakes different outlets covering one event for copies (stories-dev)', () => {
    for (const file of ['allsides_neus_baly.dev.jsonl', 'allsides_roundups_2021.dev.jsonl']) {
      const rows = readStoryRows(file);
      const detector = new CopyDetector();
      const flagged = rows.filter((r) => detector.add(r.id, r.source, profileArticle({ id: r.id, title: r.title, text: r.text, published: null, outlet: r.source }).bodyWords));
      expect(flagged.length / rows.length).toBeLessThan(0.005);
    }
  });
});

interface ManifestEntry { file: string; outlet: string; event: string; thread: string | null; copyOf: string | null; copyKind: string | null }

describe('linking the demo corpus', async () => {
  const manifest = JSON.parse(readFileSync(path.join(EXAMPLES, 'manifest.json'), 'utf8')) as ManifestEntry[];
  const corpus = path.join(EXAMPLES, 'corpus');
  const listed = new Set(manifest.map((m) => m.file));
  const articles: { key: string; article: ExtractedArticle }[] = [];
  for await (const event of readFileSources([corpus])) {
    if (event.kind !== 'document') continue;
    // A single-object .json file is listed without the record id its origin carries.
    const origin = path.relative(EXAMPLES, event.document.origin);
    const key = listed.has(origin) ? origin : origin.replace(/#.*$/, '');
    articles.push({ key, article: extractArticle(event.document) });
  }
  // A live stream sees articles in publication order.
  articles.sort((a, b) => publishedSortKey(a.article.published!) - publishedSortKey(b.article.published!));
  const linker = new Linker();
  const placements = new Map(articles.map(({ key, article }) => [key, linker.link(linkable(key, article))]));

  it('reads every manifest entry', () => {
    expect([...placements.keys()].sort()).toEqual(manifest.map((m) => m.file).sort());
  });

  it('finds the exact copy and both syndicated copies, pointing at their originals', () => {
    for (const entry of manifest.filter((m) => m.copyOf)) {
      const placement = placements.get(entry.file)!;
      expect({ file: entry.file, copyOf: placement.copyOf }).toEqual({ file: entry.file, copyOf: entry.copyOf });
      expect(placement.copyKind).toBe(entry.copyKind);
    }
    const falseCopies = manifest.filter((m) => !m.copyOf && placements.get(m.file)!.copyOf);
    expect(falseCopies).toEqual([]);
  });

  it('groups articles into the events they report', () => {
    const gold = new Map(manifest.map((m) => [m.file, m.event]));
    const predicted = new Map([...placements].map(([k, p]) => [k, p.story]));
    const scores = scoreClusters(gold, predicted);
    if (process.env.DEBUG_LINK) for (const m of manifest) console.log(m.event, predicted.get(m.file), placements.get(m.file)?.thread, m.file);
    expect(scores.bcubed.f1).toBeGreaterThanOrEqual(0.9);
    expect(scores.pairwise.precision).toBeGreaterThanOrEqual(0.9);
  });

  it('links the strike and its follow-up a week later into one thread, and nothing else into it', () => {
    const threadOf = (event: string) => new Set(manifest.filter((m) => m.event === event).map((m) => placements.get(m.file)!.thread));
    const strike = threadOf('port-calder-strike');
    const deal = threadOf('port-calder-strike-deal');
    expect([...deal].some((t) => strike.has(t))).toBe(true);
    const others = manifest.filter((m) => m.thread === null).map((m) => placements.get(m.file)!.thread);
    expect(others.filter((t) => strike.has(t))).toEqual([]);
  });
});

describe("an outlet's template text", () => {
  it('is recognised as its boilerplate, and reporting words are not (stories-dev)', () => {
    const rows = readStoryRows('allsides_neus_baly.dev.jsonl');
    const stream = new TermStatistics(21);
    const boilerplate = new OutletBoilerplate();
    const vocabulary = new Map<string, Set<string>>();
    for (const r of rows) {
      if (!r.source) continue;
      const terms = [...profileArticle({ id: r.id, title: r.title, text: r.text, published: null, outlet: r.source }).terms.keys()];
      const ids = terms.map((t) => stream.idOf(t));
      stream.addDocument(ids);
      boilerplate.addArticle(r.source, ids);
      const seen = vocabulary.get(r.source) ?? new Set<string>();
      for (const t of terms) seen.add(t);
      vocabulary.set(r.source, seen);
    }
    const judged = (outlet: string) => {
      const isBoilerplate = boilerplate.judge(outlet, (id) => stream.share(id));
      return isBoilerplate ? [...vocabulary.get(outlet)!].filter((t) => isBoilerplate(stream.idOf(t))) : [];
    };
    // The Washington Times closes its pages with a copyright and reprint-permission line.
    expect(judged('Washington Times')).toEqual(expect.arrayContaining([stem('copyright'), stem('reprint'), stem('permission')]));
    for (const outlet of vocabulary.keys()) {
      const found = judged(outlet);
      expect({ outlet, share: found.length / vocabulary.get(outlet)!.size < 0.01 }).toEqual({ outlet, share: true });
      // Words every outlet writes about the news of the day are never one outlet's template.
      for (const word of ['trump', 'president', 'said', 'house']) expect({ outlet, word, found: found.includes(stem(word)) }).toEqual({ outlet, word, found: false });
    }
  });
});

describe("an undated article's date hint", () => {
  it('is mostly near the real date when dated articles have their dates taken away (stories-dev)', () => {
    const rows = readStoryRows('allsides_neus_baly.dev.jsonl').filter((r) => r.date);
    let hinted = 0;
    let nearby = 0;
    for (const r of rows) {
      const article = { id: r.id, title: r.title, text: r.text, outlet: r.source };
      const day = Date.parse(r.date!) / 86_400_000;
      expect(profileArticle({ ...article, published: day * 86_400_000 }).hintedDay).toBeNull();
      const hint = profileArticle({ ...article, published: null }).hintedDay;
      if (hint === null) continue;
      hinted++;
      if (Math.abs(day - hint) <= 7) nearby++;
    }
    expect(hinted).toBeGreaterThan(rows.length / 10);
    expect(nearby / hinted).toBeGreaterThan(0.6);
  });
});

describe('quoted passages as same-event evidence', () => {
  const quote = 'We will rebuild every bridge the river took from us, and we will do it this year';
  const report = (id: string, lead: string, quoted: string | null) =>
    profileArticle({ id, title: null, text: `${lead} ${quoted === null ? 'The mayor spoke at the town hall.' : `"${quoted}," the mayor told reporters.`}`, published: null, outlet: id });

  it('are shared by two outlets quoting one speaker, and not by reports without the quote', () => {
    const a = report('a', 'Floods cut the valley road on Tuesday.', quote);
    const b = report('b', 'The valley is counting the cost of the worst floods in decades.', `  ${quote.toUpperCase()} `);
    const c = report('c', 'Floods cut the valley road on Tuesday.', null);
    const shared = (x: Uint32Array, y: Uint32Array) => x.filter((h) => y.includes(h)).length;
    expect(a.quoteShingles.length).toBeGreaterThan(0);
    expect(shared(a.quoteShingles, b.quoteShingles)).toBe(a.quoteShingles.length);
    expect(c.quoteShingles.length).toBe(0);
    // A quote shorter than a shingle says nothing.
    expect(report('d', 'Floods.', 'We will rebuild').quoteShingles.length).toBe(0);
  });

  it('raise the same-event probability of an undated pair', () => {
    const probabilityWith = (quoted: string | null) => {
      const clusterer = new StoryClusterer();
      const first = clusterer.place(report('a', 'Floods cut the valley road on Tuesday.', quote));
      const { evidence } = clusterer.placeWithEvidence(report('b', 'The valley is counting the cost of the floods.', quoted), undefined, true);
      return evidence.find((e) => e.story === first.story)?.probability ?? 0;
    };
    expect(probabilityWith(quote)).toBeGreaterThan(probabilityWith('Nobody here has seen water rise this fast in a lifetime'));
  });

  it('are shared within a story far more often than across stories (stories-dev)', () => {
    const rows = readStoryRows('allsides_neus_baly.dev.jsonl');
    const profiles = rows.map((r) => ({ story: r.story, shingles: new Set(profileArticle({ id: r.id, title: r.title, text: r.text, published: null, outlet: r.source }).quoteShingles) }));
    let sameShared = 0;
    let samePairs = 0;
    let otherShared = 0;
    let otherPairs = 0;
    for (let i = 0; i < profiles.length; i++) {
      for (let j = i + 1; j < profiles.length; j++) {
        const a = profiles[i]!;
        const b = profiles[j]!;
        let shared = false;
        for (const h of a.shingles) if (b.shingles.has(h)) { shared = true; break; }
        if (a.story === b.story) { samePairs++; if (shared) sameShared++; } else { otherPairs++; if (shared) otherShared++; }
      }
    }
    expect(samePairs).toBeGreaterThan(0);
    expect(sameShared / samePairs).toBeGreaterThan(100 * (otherShared / otherPairs));
  });
});
