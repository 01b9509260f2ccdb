import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { WARCParser } from 'warcio';
import { describe, expect, it } from 'vitest';
import { readFileSources, type SourceEvent } from '../src/sources/files.js';
import { WarcArchive } from '../src/sources/warc-archive.js';
import { tempDir } from './helpers/paths.js';

async function collect(paths: string[]): Promise<SourceEvent[]> {
  const out: SourceEvent[] = [];
  for await (const e of readFileSources(paths)) out.push(e);
  return out;
}
const documents = (events: SourceEvent[]) => events.flatMap((e) => (e.kind === 'document' ? [e.document] : []));

const page = (slug: string, text: string) =>
  `<!DOCTYPE html><html><head><title>${text}</title></head><body><article><h1>${text}</h1><p>${text}. Reported from the harbour on Monday.</p></article></body></html>`;

const UTF8_PAGE = {
  url: 'https://harbourgazette.example/port/2026/03/02/crane-operators-walk-out',
  status: 200,
  contentType: 'text/html',
  charset: 'utf-8',
  body: new TextEncoder().encode(page('cranes', 'Crane operators walk out — “we are not moving”')),
  fetchedAt: '2026-03-02T10:15:00.000Z',
  headers: { 'Last-Modified': 'Mon, 02 Mar 2026 09:40:00 GMT', 'Content-Encoding': 'gzip', 'Transfer-Encoding': 'chunked' },
  request: { headers: { 'User-Agent': 'storyline-test', Accept: 'text/html' } },
};
const LATIN1_PAGE = {
  url: 'https://courrierdesiles.example/2026/03/fete-du-port-regate-reportee',
  status: 200,
  contentType: 'text/html',
  charset: 'iso-8859-1',
  body: new Uint8Array(iconv.encode(page('regate', 'Fête du port : la régate reportée à cause du vent'), 'iso-8859-1')),
  fetchedAt: '2026-03-02T10:16:30.250Z',
};
const TEXT_PAGE = {
  url: 'https://valleycourier.example/local/briefs.txt',
  status: 200,
  contentType: 'text/plain',
  charset: null,
  body: new TextEncoder().encode('Council approves new bus depot on Mill Road. The vote was seven to four.'),
  fetchedAt: '2026-03-02T10:17:00Z',
};
const MISSING_PAGE = {
  url: 'https://valleycourier.example/local/removed-story.html',
  status: 404,
  contentType: 'text/html',
  charset: 'utf-8',
  body: new TextEncoder().encode('<html><body><h1>Not found</h1></body></html>'),
  fetchedAt: '2026-03-02T10:18:00Z',
};

async function rawRecords(file: string) {
  const data = readFileSync(file);
  const parser = new WARCParser([new Uint8Array(data)]);
  const out: { type: string; uri: string | null | undefined; date: string | null | undefined; payloadDigest: string | null | undefined; offset: number; length: number; payload: Uint8Array; status: number | null; headers: Record<string, string> }[] = [];
  for await (const record of parser) {
    const info = record.getResponseInfo();
    const payload = await record.readFully(false);
    const headers: Record<string, string> = {};
    if (info) for (const [k, v] of info.headers as Headers) headers[k.toLowerCase()] = v;
    out.push({
      type: record.warcType, uri: record.warcTargetURI, date: record.warcDate, payloadDigest: record.warcPayloadDigest,
      offset: parser.offset, length: parser.recordLength, payload, status: info?.status === undefined ? null : Number(info.status), headers,
    });
  }
  return { data, records: out };
}

describe('WarcArchive', () => {
  it('writes pages that storyline ingest reads back: same bytes, url, type, charset and date', async () => {
    const dir = tempDir();
    const archive = new WarcArchive(dir, { software: 'storyline-test/0.1' });
    for (const p of [UTF8_PAGE, LATIN1_PAGE, TEXT_PAGE, MISSING_PAGE]) await archive.write(p);
    await archive.close();

    expect(archive.files).toHaveLength(1);
    expect(path.basename(archive.files[0]!)).toMatch(/^storyline-\d{14}-00000\.warc\.gz$/);
    expect(readdirSync(dir)).toEqual([path.basename(archive.files[0]!)]);

    const events = await collect([dir]);
    const docs = documents(events);
    expect(docs.map((d) => d.url)).toEqual([UTF8_PAGE.url, LATIN1_PAGE.url, TEXT_PAGE.url]);
    for (const [doc, p] of docs.map((d, i) => [d, [UTF8_PAGE, LATIN1_PAGE, TEXT_PAGE][i]!] as const)) {
      expect(Buffer.from(doc.bytes)).toEqual(Buffer.from(p.body));
      expect(doc.contentType).toBe(p.contentType);
      expect(doc.declaredCharset).toBe(p.charset);
      expect(doc.fetchedAt).toBe(new Date(p.fetchedAt).toISOString());
    }
    // The 404 is archived too; the reader sets it aside.
    expect(events.find((e) => e.kind === 'skipped')).toMatchObject({ reason: 'HTTP status 404' });
    expect(events.some((e) => e.kind === 'failure')).toBe(false);
  });

  it('starts with warcinfo, writes one gzip member per record, request then response, with digests and the headers that still hold', async () => {
    const dir = tempDir();
    const archive = new WarcArchive(dir, { software: 'storyline-test/0.1' });
    await archive.write(UTF8_PAGE);
    await archive.write(LATIN1_PAGE);
    await archive.close();
    const { data, records } = await rawRecords(archive.files[0]!);

    expect(records.map((r) => r.type)).toEqual(['warcinfo', 'request', 'response', 'response']);
    expect(new TextDecoder().decode(records[0]!.payload)).toContain('software: storyline-test/0.1');
    // Each record is a gzip member of its own: the members tile the file and each inflates alone to one WARC/1.1 record.
    expect(records[0]!.offset).toBe(0);
    for (const [i, r] of records.entries()) {
      const next = records[i + 1]?.offset ?? data.length;
      expect(r.offset + r.length).toBe(next);
      const member = gunzipSync(data.subarray(r.offset, r.offset + r.length)).toString('latin1');
      expect(member.startsWith('WARC/1.1\r\n')).toBe(true);
      expect(member.match(/^WARC\/1\.1\r\n/gm)).toHaveLength(1);
    }
    const [, request, utf8, latin1] = records;
    expect(request!.uri).toBe(UTF8_PAGE.url);
    expect(utf8!.date).toBe('2026-03-02T10:15:00Z');
    expect(latin1!.date).toBe('2026-03-02T10:16:30.250Z');
    expect(utf8!.status).toBe(200);
    expect(utf8!.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(latin1!.headers['content-type']).toBe('text/html; charset=iso-8859-1');
    expect(utf8!.headers['last-modified']).toBe(UTF8_PAGE.headers['Last-Modified']);
    // The body is stored decoded: the transfer's encodings no longer describe it.
    expect(utf8!.headers['content-encoding']).toBeUndefined();
    expect(utf8!.headers['transfer-encoding']).toBeUndefined();
    expect(utf8!.headers['content-length']).toBe(String(UTF8_PAGE.body.length));
    expect(utf8!.payloadDigest).toBe(`sha256:${createHash('sha256').update(UTF8_PAGE.body).digest('hex')}`);
    expect(latin1!.payloadDigest).toBe(`sha256:${createHash('sha256').update(LATIN1_PAGE.body).digest('hex')}`);
  });

  it('rotates files at maxFileBytes, each starting with warcinfo, and loses nothing', async () => {
    const dir = tempDir();
    const archive = new WarcArchive(dir, { maxFileBytes: 1500 });
    const pages = Array.from({ length: 6 }, (_, i) => ({ ...TEXT_PAGE, url: `https://valleycourier.example/local/brief-${i}.txt`, body: new TextEncoder().encode(`Brief number ${i}: the bridge stays closed until April. `.repeat(12)) }));
    for (const p of pages) await archive.write(p);
    await archive.close();

    expect(archive.files.length).toBeGreaterThan(1);
    expect(archive.files.map((f) => path.basename(f).slice(-14))).toEqual(archive.files.map((_, i) => `-${String(i).padStart(5, '0')}.warc.gz`));
    for (const file of archive.files) expect((await rawRecords(file)).records[0]!.type).toBe('warcinfo');
    expect(documents(await collect([dir])).map((d) => d.url)).toEqual(pages.map((p) => p.url));
  });

  it('keeps records whole when writes overlap', async () => {
    const dir = tempDir();
    const archive = new WarcArchive(dir);
    const pages = Array.from({ length: 20 }, (_, i) => ({ ...LATIN1_PAGE, url: `${LATIN1_PAGE.url}?v=${i}` }));
    await Promise.all(pages.map((p) => archive.write(p)));
    await archive.close();
    const docs = documents(await collect([dir]));
    expect(docs.map((d) => d.url).sort()).toEqual(pages.map((p) => p.url).sort());
    expect(docs.every((d) => Buffer.from(d.bytes).equals(Buffer.from(LATIN1_PAGE.body)))).toBe(true);
    await expect(archive.write(TEXT_PAGE)).rejects.toThrow(/closed/);
  });

  it('never overwrites an earlier run in the same directory', async () => {
    const dir = tempDir();
    const first = new WarcArchive(dir);
    await first.write(TEXT_PAGE);
    await first.close();
    const second = new WarcArchive(dir);
    await second.write(UTF8_PAGE);
    await second.close();
    expect(new Set([...first.files, ...second.files]).size).toBe(2);
    expect(documents(await collect([dir])).map((d) => d.url).sort()).toEqual([TEXT_PAGE.url, UTF8_PAGE.url].sort());
  });

  it('a file cut in the middle of the last record still yields the records before it', async () => {
    const dir = tempDir();
    const archive = new WarcArchive(dir);
    for (const p of [UTF8_PAGE, LATIN1_PAGE, TEXT_PAGE]) await archive.write(p);
    await archive.close();
    const { data, records } = await rawRecords(archive.files[0]!);
    const last = records.at(-1)!;
    const cutFile = path.join(tempDir(), 'killed-mid-run.warc.gz');
    writeFileSync(cutFile, data.subarray(0, last.offset + Math.floor(last.length / 2)));

    const events = await collect([cutFile]);
    expect(documents(events).map((d) => d.url)).toEqual([UTF8_PAGE.url, LATIN1_PAGE.url]);
    expect(events.filter((e) => e.kind === 'failure')).toHaveLength(1);
  });
});
