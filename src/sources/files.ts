import { createReadStream } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { WARCParser, type WARCRecord } from 'warcio';
import { RECORD_CONTENT_TYPE, documentOf } from '../model/document.js';
import { pageContentType, type SourceEvent } from './source-events.js';

/**
 * Files and directories → Documents. Directories are walked recursively in name order; every
 * supported file may also be gzipped (`.gz`). Bad input never stops the walk: it becomes a
 * `failure` event naming the file (and line or record) and the next input is read.
 */

/** No news article is this large; bigger single documents are refused, not swallowed. */
export const DEFAULT_MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

export type { SourceEvent } from './source-events.js';

export interface FileSourceOptions {
  maxDocumentBytes?: number;
  /** Read only files of these kinds; others are passed over silently. */
  only?: readonly FileKind[];
}

export type FileKind = 'html' | 'text' | 'json' | 'jsonl' | 'warc';

const KIND_BY_EXTENSION: Record<string, FileKind> = {
  '.html': 'html', '.htm': 'html', '.xhtml': 'html',
  '.txt': 'text', '.text': 'text',
  '.json': 'json',
  '.jsonl': 'jsonl', '.ndjson': 'jsonl',
  '.warc': 'warc', '.arc': 'warc',
};

/** What a file holds, from its name; null when Storyline does not read that kind of file. */
export function fileKind(file: string): { kind: FileKind; gzipped: boolean } | null {
  const lower = file.toLowerCase();
  const gzipped = lower.endsWith('.gz');
  const base = gzipped ? lower.slice(0, -3) : lower;
  const kind = KIND_BY_EXTENSION[path.extname(base)];
  return kind ? { kind, gzipped } : null;
}

const MB = 1024 * 1024;
const megabytes = (n: number): string => `${(n / MB).toFixed(n < 10 * MB ? 1 : 0)} MB`;

/** A message for an I/O or decompression error that says what went wrong with the file. */
function describeReadError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'is a directory';
    case 'Z_BUF_ERROR': return 'truncated gzip data (the file ends before the compressed stream does)';
    case 'Z_DATA_ERROR': return `corrupt gzip data (${err.message})`;
    default: return err.message ?? String(e);
  }
}


function openStream(file: string, gzipped: boolean): Readable {
  const raw = createReadStream(file);
  if (!gzipped) return raw;
  const gunzip = createGunzip();
  raw.on('error', (e) => gunzip.destroy(e));
  return raw.pipe(gunzip);
}

class TooLarge extends Error {}

/** Reads a whole (possibly gzipped) file, refusing it once it passes `limit` bytes decompressed. */
async function readCapped(file: string, gzipped: boolean, limit: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  const stream = openStream(file, gzipped);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > limit) throw new TooLarge(`larger than the ${megabytes(limit)} limit for one document${gzipped ? ' once decompressed' : ''}`);
      chunks.push(chunk);
    }
  } finally {
    stream.destroy();
  }
  return new Uint8Array(Buffer.concat(chunks, total));
}

/** Every file under `paths`, in a stable order; unreadable paths become failures. */
async function* walk(paths: readonly string[]): AsyncGenerator<{ file: string; explicit: boolean } | SourceEvent> {
  const seenDirs = new Set<string>();
  async function* visit(p: string, explicit: boolean): AsyncGenerator<{ file: string; explicit: boolean } | SourceEvent> {
    let info;
    try {
      info = await stat(p);
    } catch (e) {
      yield { kind: 'failure', origin: p, reason: describeReadError(e) };
      return;
    }
    if (info.isFile()) {
      yield { file: p, explicit };
      return;
    }
    if (!info.isDirectory()) {
      yield { kind: 'skipped', origin: p, reason: 'not a regular file' };
      return;
    }
    const real = await realpath(p);
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    let entries: string[];
    try {
      entries = (await readdir(p)).sort();
    } catch (e) {
      yield { kind: 'failure', origin: p, reason: describeReadError(e) };
      return;
    }
    for (const name of entries) {
      if (name.startsWith('.')) continue;
      yield* visit(path.join(p, name), false);
    }
  }
  for (const p of paths) yield* visit(path.resolve(p), true);
}

/** Documents from every supported file under `paths` (files or directories). */
export async function* readFileSources(paths: readonly string[], options: FileSourceOptions = {}): AsyncGenerator<SourceEvent> {
  const limit = options.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
  for await (const item of walk(paths)) {
    if ('kind' in item) {
      if (!options.only) yield item;
      continue;
    }
    const { file, explicit } = item;
    const kind = fileKind(file);
    if (options.only && !(kind && options.only.includes(kind.kind))) continue;
    if (!kind) {
      const reason = 'not a file type Storyline reads (.html, .htm, .txt, .json, .jsonl, .warc, each optionally .gz)';
      yield explicit ? { kind: 'failure', origin: file, reason } : { kind: 'skipped', origin: file, reason };
      continue;
    }
    try {
      const fetchedAt = (await stat(file)).mtime.toISOString();
      switch (kind.kind) {
        case 'html':
        case 'text':
          yield* readPage(file, kind.gzipped, kind.kind, fetchedAt, limit);
          break;
        case 'json':
          yield* readJsonFile(file, kind.gzipped, fetchedAt, limit);
          break;
        case 'jsonl':
          yield* readJsonLines(file, kind.gzipped, fetchedAt, limit);
          break;
        case 'warc':
          yield* readWarc(file, limit);
          break;
      }
    } catch (e) {
      yield { kind: 'failure', origin: file, reason: describeReadError(e) };
    }
  }
}

async function* readPage(file: string, gzipped: boolean, kind: 'html' | 'text', fetchedAt: string, limit: number): AsyncGenerator<SourceEvent> {
  let bytes: Uint8Array;
  try {
    bytes = await readCapped(file, gzipped, limit);
  } catch (e) {
    yield { kind: 'failure', origin: file, reason: e instanceof TooLarge ? e.message : describeReadError(e) };
    return;
  }
  if (bytes.length === 0) {
    yield { kind: 'failure', origin: file, reason: 'empty file' };
    return;
  }
  yield {
    kind: 'document',
    document: documentOf({ bytes, origin: file, url: null, fetchedAt, contentType: kind === 'html' ? 'text/html' : 'text/plain', declaredCharset: null }),
  };
}

/** A record's place in its file: its own id when it has one, else its line or index. */
function recordOrigin(file: string, parsed: unknown, fallback: string): string {
  const id = (parsed as { id?: unknown } | null)?.id;
  return typeof id === 'string' || typeof id === 'number' ? `${file}#${id}` : `${file}${fallback}`;
}

function recordUrl(parsed: unknown): string | null {
  const url = (parsed as { url?: unknown } | null)?.url;
  return typeof url === 'string' && url ? url : null;
}

function recordDocument(file: string, json: unknown, bytes: Uint8Array, fallback: string, fetchedAt: string): SourceEvent {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return { kind: 'failure', origin: `${file}${fallback}`, reason: 'expected an article object {id?, url?, title?, text | html, date?, source?}' };
  }
  return {
    kind: 'document',
    document: documentOf({ bytes, origin: recordOrigin(file, json, fallback), url: recordUrl(json), fetchedAt, contentType: RECORD_CONTENT_TYPE, declaredCharset: null }),
  };
}

async function* readJsonFile(file: string, gzipped: boolean, fetchedAt: string, limit: number): AsyncGenerator<SourceEvent> {
  let text: string;
  try {
    text = Buffer.from(await readCapped(file, gzipped, limit)).toString('utf8');
  } catch (e) {
    yield { kind: 'failure', origin: file, reason: e instanceof TooLarge ? e.message : describeReadError(e) };
    return;
  }
  if (!text.trim()) {
    yield { kind: 'failure', origin: file, reason: 'empty file' };
    return;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    yield { kind: 'failure', origin: file, reason: `invalid JSON: ${(e as Error).message}` };
    return;
  }
  const items = Array.isArray(json) ? json : [json];
  for (const [i, item] of items.entries()) {
    const fallback = Array.isArray(json) ? `[${i}]` : '';
    yield recordDocument(file, item, new TextEncoder().encode(JSON.stringify(item)), fallback, fetchedAt);
  }
}

async function* readJsonLines(file: string, gzipped: boolean, fetchedAt: string, limit: number): AsyncGenerator<SourceEvent> {
  const stream = openStream(file, gzipped);
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let lineNo = 0;
  let sawRecord = false;
  try {
    for await (const line of lines) {
      lineNo++;
      if (!line.trim()) continue;
      sawRecord = true;
      const where = `:${lineNo}`;
      if (line.length > limit) {
        yield { kind: 'failure', origin: `${file}${where}`, reason: `line is ${megabytes(line.length)}, over the ${megabytes(limit)} limit for one document` };
        continue;
      }
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch (e) {
        yield { kind: 'failure', origin: `${file}${where}`, reason: `invalid JSON: ${(e as Error).message}` };
        continue;
      }
      yield recordDocument(file, json, new TextEncoder().encode(line), where, fetchedAt);
    }
  } catch (e) {
    yield { kind: 'failure', origin: `${file}:${lineNo + 1}`, reason: describeReadError(e) };
  } finally {
    lines.close();
    stream.destroy();
  }
  // An empty JSONL file is reported: the user asked for its articles and there are none.
  if (!sawRecord) yield { kind: 'failure', origin: file, reason: 'empty file: no JSON lines' };
}

function parseContentType(value: string | null | undefined): { type: string; charset: string | null } {
  const [type = '', ...params] = (value ?? '').split(';');
  const charset = params.map((p) => /^\s*charset\s*=\s*"?([^";\s]+)/i.exec(p)?.[1]).find(Boolean) ?? null;
  return { type: type.trim().toLowerCase(), charset };
}

/**
 * A record whose block ends before its WARC Content-Length was cut off. warcio reads the block
 * through a LimitReader and leaves what it could not read in `limit`.
 */
function recordCutShort(record: WARCRecord): boolean {
  const remaining = (record as unknown as { _reader?: { limit?: unknown } })._reader?.limit;
  return typeof remaining === 'number' && remaining > 0;
}

async function* readWarc(file: string, limit: number): AsyncGenerator<SourceEvent> {
  const stream = createReadStream(file);
  const size = (await stat(file)).size;
  let recordNo = 0;
  let sawAny = false;
  try {
    const parser = new WARCParser(stream as unknown as AsyncIterable<Uint8Array>);
    for await (const record of parser) {
      recordNo++;
      sawAny = true;
      const where = `${file}#record-${recordNo}`;
      if (!record.warcType) {
        yield { kind: 'failure', origin: where, reason: 'not a WARC record (no WARC-Type header): is this a WARC file?' };
        return;
      }
      if (record.warcType !== 'response' && record.warcType !== 'resource') {
        continue;
      }
      const uri = record.warcTargetURI ?? null;
      const origin = uri ? `${file}#${uri}` : where;
      const info = record.warcType === 'response' ? record.getResponseInfo() : null;
      const status = Number(info?.status ?? 200);
      const { type, charset } = parseContentType(info ? info.headers.get('content-type') : record.warcContentType);
      const contentType = pageContentType(type);
      if (!contentType || status < 200 || status >= 300) {
        await record.skipFully();
        yield { kind: 'skipped', origin, reason: !contentType ? `content type ${type || 'unknown'} is not an article page` : `HTTP status ${status}` };
        continue;
      }
      if (record.warcContentLength > limit * 4) {
        await record.skipFully();
        yield { kind: 'failure', origin, reason: `record is ${megabytes(record.warcContentLength)}, over the limit for one document` };
        continue;
      }
      const bytes = await record.readFully(true);
      if (recordCutShort(record)) {
        yield { kind: 'failure', origin, reason: `truncated WARC record ${recordNo}: the file ends inside it` };
        continue;
      }
      if (bytes.length > limit) {
        yield { kind: 'failure', origin, reason: `page is ${megabytes(bytes.length)}, over the ${megabytes(limit)} limit for one document` };
        continue;
      }
      const fetchedAt = record.warcDate && !Number.isNaN(Date.parse(record.warcDate)) ? new Date(record.warcDate).toISOString() : new Date().toISOString();
      yield { kind: 'document', document: documentOf({ bytes: new Uint8Array(bytes), origin, url: uri, fetchedAt, contentType, declaredCharset: charset }) };
    }
    if (parser.offset < size) {
      // warcio stops quietly at a gzip member cut short: what it could not read is the evidence.
      yield { kind: 'failure', origin: `${file}#record-${recordNo + 1}`, reason: `truncated WARC: the last ${size - parser.offset} bytes could not be read as records` };
      return;
    }
  } catch (e) {
    yield { kind: 'failure', origin: `${file}#record-${recordNo + 1}`, reason: `unreadable WARC data: ${describeReadError(e)}` };
  } finally {
    stream.destroy();
  }
  if (!sawAny) yield { kind: 'failure', origin: file, reason: 'no WARC records found (empty or not a WARC file)' };
}
