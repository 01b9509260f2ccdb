import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { RECORD_CONTENT_TYPE } from '../src/model/document.js';
import { readFileSources, type SourceEvent } from '../src/sources/files.js';
import { SEEDS, seedPath, tempDir } from './helpers/paths.js';
import { buildWarc } from './helpers/warc.js';

async function collect(paths: string[], maxDocumentBytes?: number): Promise<SourceEvent[]> {
  const out: SourceEvent[] = [];
  for await (const e of readFileSources(paths, { maxDocumentBytes })) out.push(e);
  return out;
}
const documents = (events: SourceEvent[]) => events.flatMap((e) => (e.kind === 'document' ? [e.document] : []));
const failures = (events: SourceEvent[]) => events.flatMap((e) => (e.kind === 'failure' ? [e] : []));

const PAGE = '<html><head><title>Harbour cranes idle</title></head><body><article><h1>Harbour cranes idle</h1><p>Dock workers walked out on Monday morning after talks collapsed overnight, leaving the container terminal silent.</p></article></body></html>';

describe('file sources', () => {
  const dir = tempDir();

  it('reads the seed directory: five plain-text documents with hashes and absolute origins', async () => {
    const docs = documents(await collect([SEEDS]));
    const texts = docs.filter((d) => d.contentType === 'text/plain');
    expect(texts).toHaveLength(5);
    for (const d of texts) {
      expect(path.isAbsolute(d.origin)).toBe(true);
      expect(d.contentHash).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(texts.map((d) => path.basename(d.origin))).toEqual([...texts.map((d) => path.basename(d.origin))].sort());
  });

  it('reads gzipped pages and refuses a truncated gzip with a clear reason', async () => {
    const good = path.join(dir, 'page.html.gz');
    const zipped = gzipSync(Buffer.from(PAGE));
    writeFileSync(good, zipped);
    const cut = path.join(dir, 'cut.html.gz');
    writeFileSync(cut, zipped.subarray(0, zipped.length - 12));
    const events = await collect([good, cut]);
    expect(documents(events)).toHaveLength(1);
    expect(Buffer.from(documents(events)[0]!.bytes).toString()).toBe(PAGE);
    const [failure] = failures(events);
    expect(failure?.origin).toBe(cut);
    expect(failure?.reason).toMatch(/truncated|unexpected end/i);
  });

  it('names the line of every bad JSONL record and keeps the good ones', async () => {
    const file = path.join(dir, 'feed.jsonl');
    writeFileSync(file, [
      JSON.stringify({ id: 'a1', url: 'https://example.org/a1', title: 'One', text: 'First paragraph of the first record.' }),
      '{"id": "broken", "text": ',
      '',
      '[1, 2, 3]',
      JSON.stringify({ title: 'No id', text: 'A record without an id is placed by its line.' }),
    ].join('\n'));
    const events = await collect([file]);
    const docs = documents(events);
    expect(docs.map((d) => d.origin)).toEqual([`${file}#a1`, `${file}:5`]);
    expect(docs[0]!.url).toBe('https://example.org/a1');
    expect(docs[0]!.contentType).toBe(RECORD_CONTENT_TYPE);
    expect(failures(events).map((f) => f.origin)).toEqual([`${file}:2`, `${file}:4`]);
    expect(failures(events)[0]!.reason).toMatch(/invalid JSON/);
    expect(failures(events)[1]!.reason).toMatch(/article object/);
  });

  it('reads a .json array and a single object; rejects invalid JSON naming the file', async () => {
    const arr = path.join(dir, 'list.json');
    writeFileSync(arr, JSON.stringify([{ id: 1, text: 'One.' }, { text: 'Two.' }]));
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{"text": "unterminated');
    const events = await collect([arr, bad]);
    expect(documents(events).map((d) => d.origin)).toEqual([`${arr}#1`, `${arr}[1]`]);
    expect(failures(events)).toEqual([{ kind: 'failure', origin: bad, reason: expect.stringMatching(/invalid JSON/) }]);
  });

  it('reports empty, missing, unreadable and unsupported inputs and goes on', async () => {
    const empty = path.join(dir, 'empty.txt');
    writeFileSync(empty, '');
    const emptyJsonl = path.join(dir, 'empty.jsonl');
    writeFileSync(emptyJsonl, '\n\n');
    const locked = path.join(dir, 'locked.html');
    writeFileSync(locked, PAGE);
    chmodSync(locked, 0o000);
    const pdf = path.join(dir, 'report.pdf');
    writeFileSync(pdf, '%PDF-1.4');
    const missing = path.join(dir, 'nope.html');
    const events = await collect([empty, emptyJsonl, missing, pdf, seedPath('000'), locked]);
    const byOrigin = new Map(failures(events).map((f) => [f.origin, f.reason]));
    expect(byOrigin.get(empty)).toMatch(/empty/);
    expect(byOrigin.get(emptyJsonl)).toMatch(/empty/);
    expect(byOrigin.get(missing)).toMatch(/no such file/);
    expect(byOrigin.get(pdf)).toMatch(/not a file type/);
    // root reads files whatever their mode; anyone else must get a permission error
    if (process.getuid?.() !== 0) expect(byOrigin.get(locked)).toMatch(/permission/);
    expect(documents(events).map((d) => d.origin)).toContain(seedPath('000'));
    chmodSync(locked, 0o644);
  });

  it('skips unsupported files inside directories without failing', async () => {
    const sub = path.join(dir, 'mixed');
    mkdirSync(sub);
    writeFileSync(path.join(sub, 'a.html'), PAGE);
    writeFileSync(path.join(sub, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    writeFileSync(path.join(sub, '.hidden.html'), PAGE);
    const events = await collect([sub]);
    expect(documents(events)).toHaveLength(1);
    expect(failures(events)).toHaveLength(0);
    expect(events.filter((e) => e.kind === 'skipped')).toHaveLength(1);
  });

  it('refuses a 50 MB single-line file and a 50 MB JSONL line by size, naming them', async () => {
    const big = 'word '.repeat(10 * 1024 * 1024); // 50 MB, no newline
    const txt = path.join(dir, 'huge.txt');
    writeFileSync(txt, big);
    const jsonl = path.join(dir, 'huge.jsonl');
    writeFileSync(jsonl, `${JSON.stringify({ id: 'big', text: big })}\n${JSON.stringify({ id: 'small', text: 'A short record after the huge one.' })}\n`);
    const events = await collect([txt, jsonl]);
    const byOrigin = new Map(failures(events).map((f) => [f.origin, f.reason]));
    expect(byOrigin.get(txt)).toMatch(/limit/);
    expect(byOrigin.get(`${jsonl}:1`)).toMatch(/limit/);
    expect(documents(events).map((d) => d.origin)).toEqual([`${jsonl}#small`]);
  });

  it('reads WARC response records (plain and gzipped) with their URL, date and charset', async () => {
    const pages = [
      { url: 'https://gazette.example/a', body: PAGE },
      { url: 'https://gazette.example/logo.png', body: new Uint8Array([1, 2, 3]), contentType: 'image/png' },
      { url: 'https://gazette.example/gone', body: 'not found', status: 404 },
      { url: 'https://gazette.example/latin', body: Buffer.from('<p>Caf\xe9 cr\xe8me</p>', 'latin1'), contentType: 'text/html; charset=ISO-8859-1' },
    ];
    for (const gzip of [false, true]) {
      const file = path.join(dir, gzip ? 'crawl.warc.gz' : 'crawl.warc');
      writeFileSync(file, await buildWarc(pages, gzip));
      const events = await collect([file]);
      const docs = documents(events);
      expect(docs.map((d) => d.url)).toEqual(['https://gazette.example/a', 'https://gazette.example/latin']);
      expect(docs[0]!.fetchedAt).toBe('2026-03-02T10:00:00.000Z');
      expect(docs[1]!.declaredCharset).toBe('ISO-8859-1');
      expect(events.filter((e) => e.kind === 'skipped')).toHaveLength(2);
      expect(failures(events)).toHaveLength(0);
    }
  });

  it('keeps the records before a truncated WARC and names the record where it broke', async () => {
    const pages = [1, 2, 3].map((n) => ({ url: `https://gazette.example/${n}`, body: `${PAGE}<!-- ${n} -->`.repeat(20) }));
    const whole = await buildWarc(pages, true);
    const file = path.join(dir, 'cut.warc.gz');
    writeFileSync(file, whole.subarray(0, Math.floor(whole.length * 0.8)));
    const events = await collect([file]);
    expect(documents(events).length).toBeGreaterThanOrEqual(1);
    expect(documents(events).length).toBeLessThan(3);
    const [failure] = failures(events);
    expect(failure?.origin).toMatch(/cut\.warc\.gz#record-\d/);
    const garbage = path.join(dir, 'garbage.warc');
    writeFileSync(garbage, 'this is not a web archive\n');
    expect(failures(await collect([garbage]))[0]?.origin).toMatch(/garbage\.warc/);
  });
});
