import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FeedError, feedLinksInPage, parseFeed, type Feed } from '../src/sources/feeds.js';
import { REPO } from './helpers/paths.js';

const FIXTURES = path.join(REPO, 'test', 'fixtures', 'web');
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(path.join(FIXTURES, name)));
const fixtureText = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

function feedError(run: () => unknown): FeedError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(FeedError);
    return e as FeedError;
  }
  throw new Error('expected a FeedError');
}

describe('RSS 2.0', () => {
  const url = 'https://harbourgazette.example/feeds/port.xml';
  const feed = parseFeed(fixture('rss2-harbour-gazette.xml'), url);
  const source = fixtureText('rss2-harbour-gazette.xml');

  it('reads the channel title and the items in feed order, guid as id even when it is not a permalink', () => {
    expect(feed.format).toBe('rss');
    expect(feed.title).toBe('The Harbour Gazette – Port & City');
    expect(feed.items[0]!.id).toBe('hg-article-48213');
    // The guid says isPermaLink="false": it is an id, never taken for the article's address.
    expect(feed.items.every((i) => i.url === null || !i.url.includes('hg-article'))).toBe(true);
    const order = feed.items.map((i) => source.indexOf(`>${i.id}</guid>`));
    expect(order.every((n) => n > 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('keeps CDATA titles whole and undoes double-escaped entities', () => {
    expect(feed.items[0]!.title).toBe('Crane operators walk out as talks collapse — "We are not moving"');
    expect(feed.items.map((i) => i.title)).toContain('Fish market & quayside stalls to reopen');
  });

  it('resolves relative links against the feed URL and decodes &amp; in links', () => {
    expect(feed.items[0]!.url).toBe('https://harbourgazette.example/port/2026/03/02/crane-operators-walk-out');
    expect(feed.items.find((i) => i.title?.startsWith('Fish'))!.url).toBe('https://harbourgazette.example/feeds/port/2026/02/28/fish-market-reopens');
    expect(feed.items.find((i) => i.title?.startsWith('Ferry'))!.url).toContain('?utm_source=rss&utm_medium=feed');
  });

  it('gives an item with a duplicate guid once, the first one', () => {
    const ids = feed.items.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(source.split('<guid isPermaLink="false">hg-article-48190</guid>')).toHaveLength(3);
    const ferry = feed.items.filter((i) => i.id === 'hg-article-48190');
    expect(ferry).toHaveLength(1);
    expect(ferry[0]!.title).toBe('Ferry timetable cut to two crossings a day');
  });

  it('takes the date as written, from pubDate or dc:date', () => {
    expect(feed.items[0]!.published).toBe('Mon, 02 Mar 2026 09:40:00 +0000');
    expect(feed.items.find((i) => i.id === 'hg-article-48190')!.published).toBe('2026-03-01T17:05:00+00:00');
  });

  it('reads a gzipped copy of the same feed the same way', () => {
    expect(parseFeed(gzipSync(fixture('rss2-harbour-gazette.xml')), url)).toEqual(feed);
  });
});

describe('RSS without guids', () => {
  const feed = parseFeed(fixture('rss-valley-courier-no-guids.xml'), 'http://valleycourier.example/local/rss');
  const source = fixtureText('rss-valley-courier-no-guids.xml');

  it('uses the link as id, and a repeated link appears once', () => {
    const withLinks = feed.items.filter((i) => i.url);
    expect(withLinks.every((i) => i.id === i.url)).toBe(true);
    expect(source.split('<link>http://valleycourier.example/local/council-approves-bus-depot.html</link>')).toHaveLength(3);
    expect(withLinks.filter((i) => i.url!.endsWith('council-approves-bus-depot.html'))).toHaveLength(1);
  });

  it('gives items with neither guid nor link a stable, distinct id from title and date', () => {
    const letters = feed.items.filter((i) => !i.url);
    expect(letters).toHaveLength(2);
    expect(letters[0]!.title).toBe(letters[1]!.title);
    expect(letters[0]!.id).not.toBe(letters[1]!.id);
    expect(letters.every((i) => i.id.length > 0)).toBe(true);
    const again = parseFeed(fixture('rss-valley-courier-no-guids.xml'), 'http://valleycourier.example/local/rss');
    expect(again.items.map((i) => i.id)).toEqual(feed.items.map((i) => i.id));
  });
});

describe('Atom', () => {
  const feed = parseFeed(fixture('atom-northern-ledger.xml'), 'https://northernledger.example/feeds/business.atom');

  it('picks the HTML alternate link among self, enclosure and other alternates, resolved with xml:base', () => {
    expect(feed.format).toBe('atom');
    expect(feed.title).toBe('Northern Ledger — Business');
    expect(feed.items[0]!.url).toBe('https://northernledger.example/news/business/steelworks-order-book-full');
  });

  it("honours an entry's own xml:base over the feed's", () => {
    expect(feed.items[1]!.url).toBe('https://archive.northernledger.example/2026/co-operative-bank-branches');
  });

  it('reads type="html" titles as text, prefers published over updated, and falls back to the link for a missing id', () => {
    expect(feed.items[0]!.title).toBe('Steelworks order book full until 2028');
    expect(feed.items[0]!.published).toBe('2026-03-02T08:30:00+01:00');
    expect(feed.items[1]!.published).toBe('2026-03-01T16:00:00Z');
    expect(feed.items[2]!.id).toBe(feed.items[2]!.url);
    expect(feed.items[0]!.id).toBe('tag:northernledger.example,2026:entry-7781');
  });

  it('reads an Atom feed whose elements carry a namespace prefix', () => {
    const prefixed = `<?xml version="1.0"?><atom:feed xmlns:atom="http://www.w3.org/2005/Atom"><atom:title>Prefixed</atom:title>
      <atom:entry><atom:id>urn:x:1</atom:id><atom:title>Dock strike ends</atom:title><atom:link href="https://ledger.example/a/1"/></atom:entry></atom:feed>`;
    const parsed = parseFeed(bytes(prefixed), 'https://ledger.example/feed');
    expect(parsed.items).toEqual([{ id: 'urn:x:1', url: 'https://ledger.example/a/1', title: 'Dock strike ends', published: null }]);
  });
});

describe('RSS 1.0 (RDF) and JSON Feed', () => {
  it('reads RDF items beside the channel, with rdf:about as id and dc:date', () => {
    const feed = parseFeed(fixture('rdf-river-post.xml'), 'https://riverpost.example/rss');
    expect(feed.format).toBe('rdf');
    expect(feed.title).toBe('The River Post');
    expect(feed.items.map((i) => i.title)).toEqual(['Flood barrier passes its spring test', 'Lock keepers ask for winter hours']);
    expect(feed.items[0]!.id).toBe('https://riverpost.example/2026/03/flood-barrier-test');
    expect(feed.items[1]!.published).toBe('2026-03-01T15:20:00+00:00');
  });

  it('reads JSON Feed 1.1: ids, relative urls, external_url, date_modified when date_published is missing', () => {
    const feed = parseFeed(fixture('json-feed-hill-times.json'), 'https://hilltimes.example/feed.json');
    expect(feed.format).toBe('json-feed');
    expect(feed.title).toBe('Hill Times');
    expect(feed.items.map((i) => i.id)).toEqual(['https://hilltimes.example/2026/03/02/quarry-expansion-hearing', '2291', '2290']);
    expect(feed.items[1]!.url).toBe('https://hilltimes.example/2026/03/01/mountain-rescue-volunteers');
    expect(feed.items[1]!.published).toBe('2026-03-01T12:30:00+00:00');
    expect(feed.items[2]!.url).toBe('https://regionalwire.example/story/road-salt-shortage');
    expect(feed.items[2]!.published).toBeNull();
  });

  it('refuses invalid JSON Feeds with the reason and the url', () => {
    const url = 'https://hilltimes.example/feed.json';
    const broken = fixtureText('json-feed-hill-times.json').replace('"items": [', '"items": [[');
    expect(feedError(() => parseFeed(bytes(broken), url)).message).toMatch(/^invalid JSON Feed: .*\(https:\/\/hilltimes\.example\/feed\.json\)$/);
    const wrongShape = JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'Hill Times', items: [{ id: '1', title: 42 }] });
    expect(feedError(() => parseFeed(bytes(wrongShape), url)).reason).toMatch(/^invalid JSON Feed: items\.0\.title/);
    expect(feedError(() => parseFeed(bytes('{"posts": []}'), url)).reason).toMatch(/^not a feed: JSON without/);
  });
});

describe('charsets', () => {
  it('decodes a feed declared ISO-8859-1 in its XML declaration', () => {
    const raw = fixture('rss-latin1-courrier.xml');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(raw)).toThrow();
    const feed = parseFeed(raw, 'https://courrierdesiles.example/rss');
    expect(feed.title).toBe('Le Courrier des Îles');
    expect(feed.items.map((i) => i.title)).toEqual([
      'Fête du port : la régate reportée à cause du vent',
      'Élections municipales : trois listes déposées à Saint-Aubin',
    ]);
    // No <link>, but a permalink guid: it is the article's address.
    expect(feed.items[1]!.url).toBe('https://courrierdesiles.example/2026/03/elections-saint-aubin');
  });

  it('reads UTF-8 bytes as UTF-8 even when the declaration claims Latin-1, as for pages', () => {
    const text = '<?xml version="1.0" encoding="ISO-8859-1"?><rss><channel><title>Fête du port</title></channel></rss>';
    expect(parseFeed(bytes(text), 'https://x.example/rss').title).toBe('Fête du port');
  });

  it("lets the transport's charset win, as for pages", () => {
    const text = '<?xml version="1.0" encoding="ISO-8859-1"?><rss><channel><title>Côte</title></channel></rss>';
    expect(parseFeed(bytes(text), 'https://x.example/rss', 'utf-8').title).toBe('Côte');
  });
});

describe('what is not a feed, and broken feeds', () => {
  const url = 'https://harbourgazette.example/feeds/port.xml';

  it('refuses an HTML page served as a feed, naming its root and the url', () => {
    const e = feedError(() => parseFeed(fixture('page-with-feed-links.html'), url));
    expect(e.message).toBe(`not a feed: the document's root is <html> (${url})`);
    expect(e.url).toBe(url);
  });

  it('refuses other XML, a sitemap, plain text and an empty body', () => {
    expect(feedError(() => parseFeed(fixture('opml-reading-list.xml'), url)).reason).toBe("not a feed: the document's root is <opml>");
    expect(feedError(() => parseFeed(fixture('sitemap-harbour-gazette.xml'), url)).reason).toBe("not a feed: the document's root is <urlset>");
    expect(feedError(() => parseFeed(fixture('sitemap-valley-courier.txt'), url)).reason).toMatch(/neither XML nor JSON/);
    expect(feedError(() => parseFeed(bytes('  \n'), url)).reason).toMatch(/empty/);
    expect(feedError(() => parseFeed(bytes('<rss version="2.0"><item><title>x</title></item></rss>'), url)).reason).toMatch(/no <channel>/);
  });

  it('reads an empty but valid feed as zero items', () => {
    const feed = parseFeed(fixture('rss-empty-channel.xml'), 'https://coastweekly.example/corrections/rss');
    expect(feed).toEqual({ format: 'rss', title: 'Coast Weekly: Corrections', items: [] });
  });

  it('recovers the complete items of a feed cut off mid-item, and says where it broke', () => {
    const source = fixtureText('rss2-harbour-gazette.xml');
    const cut = source.slice(0, source.indexOf('<title>Fish market'));
    const whole = parseFeed(bytes(source), url);
    const feed = parseFeed(bytes(cut), url);
    expect(feed.items).toEqual(whole.items.filter((i) => !i.title?.startsWith('Fish')));
    const line = cut.slice(0, cut.lastIndexOf('<item>')).split('\n').length;
    expect(feed.warning).toMatch(new RegExp(`^malformed XML at line ${line}: <item> is never closed`));
    expect(whole.warning).toBeUndefined();
  });

  it('drops an item whose element is never closed in the middle of a feed, keeps the rest', () => {
    const source = fixtureText('rss2-harbour-gazette.xml').replace('<title>Ferry timetable cut to two crossings a day</title>', '<title>Ferry timetable cut to two crossings a day</titel>');
    const feed = parseFeed(bytes(source), url);
    // The broken first copy of the ferry item is dropped; its updated copy (same guid) now stands.
    expect(feed.items.find((i) => i.id === 'hg-article-48190')!.title).toBe('Ferry timetable cut to two crossings a day (updated)');
    expect(feed.items).toHaveLength(3);
    expect(feed.warning).toMatch(/<title> is never closed/);
  });

  it('refuses a feed cut off before any item is complete', () => {
    const source = fixtureText('rss2-harbour-gazette.xml');
    const cut = source.slice(0, source.indexOf('</guid>'));
    expect(feedError(() => parseFeed(bytes(cut), url)).reason).toMatch(/^malformed XML at line \d+: <\w+> is never closed; no complete item/);
  });

  it('does not take self-closing elements (atom:link) for damage', () => {
    const feed: Feed = parseFeed(fixture('rss2-harbour-gazette.xml'), url);
    expect(fixtureText('rss2-harbour-gazette.xml')).toContain('/>');
    expect(feed.warning).toBeUndefined();
  });
});

describe('feedLinksInPage', () => {
  it('lists the advertised RSS, Atom and JSON feeds once each, resolved against <base>, without API alternates', () => {
    const links = feedLinksInPage(fixtureText('page-with-feed-links.html'), 'https://harbourgazette.example/port/index.html');
    expect(links).toEqual([
      'https://harbourgazette.example/feeds/port.xml',
      'https://harbourgazette.example/feeds/all.atom',
      'https://harbourgazette.example/feeds/port.json',
    ]);
  });

  it('finds none on a page that advertises none', () => {
    expect(feedLinksInPage('<html><head><link rel="stylesheet" href="a.css"></head><body><p>No feeds here.</p></body></html>', 'https://x.example/')).toEqual([]);
  });
});

describe('how often the publisher says a feed changes', () => {
  const url = 'https://courier.example/feed.xml';
  const rss = (channelExtra: string, ns = '') =>
    bytes(`<?xml version="1.0"?><rss version="2.0"${ns}><channel><title>Courier</title>${channelExtra}<item><link>https://courier.example/a</link><guid>a</guid></item></channel></rss>`);

  it('reads <ttl> as minutes', () => {
    expect(parseFeed(rss('<ttl>180</ttl>'), url).updateSeconds).toBe(180 * 60);
  });

  it('reads the syndication module: period divided by frequency', () => {
    const sy = ' xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"';
    expect(parseFeed(rss('<sy:updatePeriod>daily</sy:updatePeriod><sy:updateFrequency>4</sy:updateFrequency>', sy), url).updateSeconds).toBe(6 * 3600);
    expect(parseFeed(rss('<sy:updatePeriod>hourly</sy:updatePeriod>', sy), url).updateSeconds).toBe(3600);
  });

  it('says nothing when the feed says nothing, or nonsense', () => {
    expect(parseFeed(rss(''), url).updateSeconds).toBeUndefined();
    expect(parseFeed(rss('<ttl>soon</ttl>'), url).updateSeconds).toBeUndefined();
  });
});
