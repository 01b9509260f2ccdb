import { WARCRecord, WARCSerializer } from 'warcio';

export interface WarcPage {
  url: string;
  body: string | Uint8Array;
  contentType?: string;
  status?: number;
}

/** Builds a WARC file of response records (one gzip member each when `gzip`), as crawlers write them. */
export async function buildWarc(pages: readonly WarcPage[], gzip = false): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for (const page of pages) {
    const body = typeof page.body === 'string' ? new TextEncoder().encode(page.body) : page.body;
    async function* reader(): AsyncGenerator<Uint8Array> {
      yield body;
    }
    const record = WARCRecord.create(
      {
        url: page.url,
        date: '2026-03-02T10:00:00Z',
        type: 'response',
        statusline: `HTTP/1.1 ${page.status ?? 200} OK`,
        httpHeaders: { 'Content-Type': page.contentType ?? 'text/html; charset=utf-8' },
      },
      reader(),
    );
    parts.push(await WARCSerializer.serialize(record, { gzip }));
  }
  return Buffer.concat(parts);
}
