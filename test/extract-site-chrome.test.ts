import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SiteChromeLearner, extractArticle } from '../src/extract/index.js';
import { articleText } from '../src/model/article.js';
import { documentOf } from '../src/model/document.js';
import { ingestFiles } from '../src/pipeline.js';
import { openStore } from '../src/store/index.js';
import { tempDir } from './helpers/paths.js';

/**
 * A site's repeated lines in plain-text page dumps (menus, a ticker, a house blurb that reads like
 * prose, the footer) are learned from several dumps of the site and dropped from each.
 * The site and its articles are fictional, written for this test.
 */

const HOUSE_BLURB =
  'The Fenwick Courier has reported on the valley and its villages since 1884 and remains owned by the families who founded it, answerable to its readers alone.';
const TICKER = 'Latest: Road closures remain in place on the A617 near Brindle this evening while repairs continue.';

function dump(title: string, paragraphs: string[]): string {
  return [
    'Fenwick Courier',
    'Home',
    'News',
    'Sport',
    'Business',
    'Opinion',
    'Weather 14°C',
    '',
    TICKER,
    '',
    title,
    '',
    'By Staff Reporter',
    '',
    ...paragraphs.flatMap((p) => [p, '']),
    HOUSE_BLURB,
    '',
    'Contact us',
    'Privacy',
    'Terms',
    '© 2026 Fenwick Courier. All rights reserved.',
  ].join('\n');
}

const ARTICLES: [string, string[]][] = [
  ['Brindle bridge to reopen after months of repairs', [
    'The stone bridge at Brindle will reopen to traffic on Monday, the county council said, ending four months of diversions for drivers heading to the market town.',
    'Engineers found cracks in two of the three arches during a routine inspection in the spring, and the bridge was closed the same week.',
    'Shopkeepers in Brindle said trade had fallen by a third since the closure, as visitors chose larger towns with easier parking.',
    'The council said the repairs cost just under two million pounds, most of it met by a grant from the transport department.',
  ]],
  ['Valley school wins national science prize', [
    'Pupils at Holloway Grange school have won a national science prize for a project measuring air quality along the valley road.',
    'The team of six fourteen-year-olds built their own sensors from kits and recorded readings twice a day for a full term.',
    'Their results showed pollution peaking during the school run, a finding the head teacher said had already changed how parents travel.',
    'The prize brings five thousand pounds for the school laboratory and a visit to a university research centre.',
  ]],
  ['Farmers warn of poor harvest after wet summer', [
    'Farmers across the valley say this year’s wheat harvest could be the poorest in a decade after weeks of heavy rain in July and August.',
    'Many fields were too waterlogged for combines to enter until the middle of September, by which time much of the crop had spoiled.',
    'The regional farmers’ union has asked the government to bring forward support payments to help members through the winter.',
    'Millers in the county said they expected to buy more grain from abroad, which could push up the price of flour.',
  ]],
  ['Library extends opening hours after petition', [
    'Fenwick library will open on Sunday afternoons from next month after more than two thousand residents signed a petition asking for longer hours.',
    'The change will be paid for by moving one of the mobile library routes to a fortnightly timetable, the council said.',
    'Volunteers from the Friends of Fenwick Library will help staff the extra sessions, which will include a homework club.',
    'Campaigners welcomed the decision but said they would keep pressing for the library to reopen on Wednesday evenings as well.',
  ]],
];

function writeSite(dir: string, articles: readonly [string, string[]][]): string[] {
  mkdirSync(dir, { recursive: true });
  return articles.map(([title, paragraphs], i) => {
    const file = path.join(dir, `page-${i + 1}.txt`);
    writeFileSync(file, dump(title, paragraphs));
    return file;
  });
}

describe('site chrome in text dumps', () => {
  it('is beyond one dump alone: the house blurb reads like the article’s last paragraph', () => {
    const [title, paragraphs] = ARTICLES[0]!;
    const text = dump(title, paragraphs);
    const article = extractArticle(documentOf({ bytes: new TextEncoder().encode(text), origin: 'one.txt', url: null, fetchedAt: '2026-11-22T00:00:00Z', contentType: 'text/plain', declaredCharset: null }));
    expect(articleText(article)).toContain(HOUSE_BLURB);
  });

  it('is learned from several dumps of one site and dropped from each, keeping the articles whole', async () => {
    const dir = path.join(tempDir(), 'fenwick-courier');
    writeSite(dir, ARTICLES);
    const store = await openStore(path.join(tempDir(), 'chrome.db'));
    try {
      const summary = await ingestFiles([dir], store);
      expect(summary.stored).toBe(ARTICLES.length);
      for (const row of await store.listArticles()) {
        const article = (await store.getArticle(row.id))!;
        const text = articleText(article);
        expect(text).not.toContain(HOUSE_BLURB);
        expect(text).not.toContain('Road closures remain in place');
        const [title, paragraphs] = ARTICLES.find(([t]) => t === article.title)!;
        expect(article.title).toBe(title);
        for (const p of paragraphs) expect(text).toContain(p);
        expect(article.outlet.name).toBe('Fenwick Courier');
        expect(article.extraction.notes.join(' ')).toMatch(/dropped \d+ lines this site repeats/);
      }
    } finally {
      await store.close();
    }
  });

  it('is not learned from one article stored several times', async () => {
    const dir = path.join(tempDir(), 'copies');
    writeSite(dir, [ARTICLES[1]!, ARTICLES[1]!, ARTICLES[1]!]);
    const store = await openStore(path.join(tempDir(), 'copies.db'));
    try {
      await ingestFiles([dir], store);
      const [row] = await store.listArticles();
      const text = articleText((await store.getArticle(row!.id))!);
      for (const p of ARTICLES[1]![1]) expect(text).toContain(p);
    } finally {
      await store.close();
    }
  });

  it('needs enough pages of a site before any line counts', () => {
    const learner = new SiteChromeLearner();
    learner.observe('fenwick', dump(...ARTICLES[0]!));
    learner.observe('fenwick', dump(...ARTICLES[1]!));
    expect(learner.chromeOf('fenwick').size).toBe(0);
    learner.observe('fenwick', dump(...ARTICLES[2]!));
    expect(learner.chromeOf('fenwick').size).toBeGreaterThan(0);
    expect(learner.chromeOf('elsewhere').size).toBe(0);
  });
});
