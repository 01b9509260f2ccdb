import { open, mkdir, type FileHandle } from 'node:fs/promises';
import { STATUS_CODES } from 'node:http';
import path from 'node:path';
import { WARCRecord, WARCSerializer } from 'warcio';

/**
 * Fetched pages → gzipped WARC/1.1 files, so a crawl can be replayed and re-extracted later
 * (`storyline ingest FILE.warc.gz`). Each record is its own gzip member and is written whole with
 * one append: a process killed mid-run loses at most the record being written.
 */

const DEFAULT_MAX_FILE_BYTES = 1024 * 1024 * 1024;
const DEFAULT_SOFTWARE = 'storyline';
/** The body stored is the decoded payload: headers describing the transfer no longer apply to it. */
const TRANSFER_HEADERS = new Set(['content-encoding', 'transfer-encoding', 'content-length', 'content-type']);

export interface ArchivedPage {
  url: string;
  status: number;
  contentType: string | null;
  charset: string | null;
  /** The payload as received after transfer and content decoding. */
  body: Uint8Array;
  /** When it was fetched (ISO 8601): the record's WARC-Date. */
  fetchedAt: string;
  /** Further response headers worth keeping (Last-Modified, ETag, Location…). */
  headers?: Record<string, string>;
  /** When given, a `request` record is written before the response. */
  request?: { method?: string; headers?: Record<string, string> };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function timestamp(date: Date): string {
  return `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}`;
}

/** WARC-Date: ISO 8601 in UTC, fractions of a second only when there are some (WARC/1.1 allows them). */
function warcDate(fetchedAt: string): string {
  const ms = Date.parse(fetchedAt);
  const date = Number.isNaN(ms) ? new Date() : new Date(ms);
  return date.toISOString().replace(/\.000Z$/, 'Z');
}

function contentTypeHeader(contentType: string | null, charset: string | null): string {
  const type = contentType?.trim() || 'application/octet-stream';
  return charset && !/;\s*charset\s*=/i.test(type) ? `${type}; charset=${charset}` : type;
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/** Writes fetched pages to gzipped WARC/1.1 files in `directory`, rotating at maxFileBytes. */
export class WarcArchive {
  private readonly directory: string;
  private readonly maxFileBytes: number;
  private readonly software: string;
  private readonly written: string[] = [];
  private readonly runStamp = timestamp(new Date());
  private handle: FileHandle | null = null;
  private fileBytes = 0;
  private recordsInFile = 0;
  private sequence = 0;
  /** Writes run one after another so records never interleave. */
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(directory: string, options: { maxFileBytes?: number; software?: string } = {}) {
    this.directory = directory;
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    this.software = options.software ?? DEFAULT_SOFTWARE;
  }

  /** Files written so far. */
  get files(): readonly string[] {
    return [...this.written];
  }

  write(page: ArchivedPage): Promise<void> {
    if (this.closed) return Promise.reject(new Error('WARC archive is closed'));
    const next = this.queue.then(() => this.writePage(page));
    // A failed write is reported to its caller; later writes still run.
    this.queue = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
    if (this.handle) {
      const h = this.handle;
      this.handle = null;
      await h.close();
    }
  }

  private async writePage(page: ArchivedPage): Promise<void> {
    const date = warcDate(page.fetchedAt);
    const response = this.responseRecord(page, date);
    const request = page.request ? this.requestRecord(page, date, response.warcHeader('WARC-Record-ID') ?? '') : null;
    const chunks: Uint8Array[] = [];
    if (request) chunks.push(await WARCSerializer.serialize(request, { gzip: true }));
    chunks.push(await WARCSerializer.serialize(response, { gzip: true }));
    // Request and response go into the same file, in one append.
    await this.append(Buffer.concat(chunks));
  }

  private responseRecord(page: ArchivedPage, date: string): WARCRecord {
    const httpHeaders: [string, string][] = [['Content-Type', contentTypeHeader(page.contentType, page.charset)]];
    for (const [name, value] of Object.entries(page.headers ?? {})) {
      if (!TRANSFER_HEADERS.has(name.toLowerCase())) httpHeaders.push([name, value]);
    }
    httpHeaders.push(['Content-Length', String(page.body.byteLength)]);
    return WARCRecord.create({
      url: page.url,
      date,
      type: 'response',
      warcVersion: 'WARC/1.1',
      statusline: `HTTP/1.1 ${page.status} ${STATUS_CODES[page.status] ?? ''}`.trimEnd(),
      httpHeaders,
    }, once(page.body));
  }

  private requestRecord(page: ArchivedPage, date: string, responseId: string): WARCRecord {
    const url = new URL(page.url);
    const headers: [string, string][] = [['Host', url.host], ...Object.entries(page.request?.headers ?? {}).filter(([k]) => k.toLowerCase() !== 'host')];
    return WARCRecord.create({
      url: page.url,
      date,
      type: 'request',
      warcVersion: 'WARC/1.1',
      warcHeaders: responseId ? { 'WARC-Concurrent-To': responseId } : {},
      statusline: `${page.request?.method ?? 'GET'} ${url.pathname}${url.search} HTTP/1.1`,
      httpHeaders: headers,
    }, once(new Uint8Array(0)));
  }

  private async append(bytes: Uint8Array): Promise<void> {
    // Rotate before a record that would overflow the file, unless the file holds no page yet.
    if (this.handle && this.recordsInFile > 0 && this.fileBytes + bytes.byteLength > this.maxFileBytes) {
      await this.handle.close();
      this.handle = null;
    }
    if (!this.handle) await this.startFile();
    await this.writeAll(bytes);
    this.recordsInFile++;
  }

  private async writeAll(bytes: Uint8Array): Promise<void> {
    let offset = 0;
    while (offset < bytes.byteLength) {
      const { bytesWritten } = await this.handle!.write(bytes, offset, bytes.byteLength - offset);
      offset += bytesWritten;
    }
    this.fileBytes += bytes.byteLength;
  }

  /** Opens the next file (never overwriting one, even from another run in the same second) and writes its warcinfo record. */
  private async startFile(): Promise<void> {
    await mkdir(this.directory, { recursive: true });
    for (;;) {
      const name = `storyline-${this.runStamp}-${pad(this.sequence++, 5)}.warc.gz`;
      const file = path.join(this.directory, name);
      try {
        this.handle = await open(file, 'wx');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw e;
      }
      this.written.push(file);
      this.fileBytes = 0;
      this.recordsInFile = 0;
      const info = WARCRecord.createWARCInfo(
        { filename: name, warcVersion: 'WARC/1.1' },
        { software: this.software, format: 'WARC File Format 1.1', conformsTo: 'https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/' },
      );
      await this.writeAll(await WARCSerializer.serialize(info, { gzip: true }));
      return;
    }
  }
}
