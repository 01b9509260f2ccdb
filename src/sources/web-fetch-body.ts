import type { IncomingMessage } from 'node:http';
import type { Transform } from 'node:stream';
import zlib from 'node:zlib';

/**
 * Reads a response body as it streams in, undoing Content-Encoding on the fly and counting the
 * DECOMPRESSED bytes: the moment the cap is passed everything is torn down, so a gzip bomb costs
 * a few kilobytes of memory and a few milliseconds, not gigabytes.
 */

export type BodyFailureKind = 'too-large' | 'truncated' | 'decompression';

export class BodyFailure extends Error {
  constructor(readonly kind: BodyFailureKind, message: string) {
    super(message);
    this.name = 'BodyFailure';
  }
}

export interface BodyLimits {
  maxBytes: number;
  /** Keep the first maxBytes and stop reading instead of failing (robots.txt). */
  truncate?: boolean;
}

const MiB = 1024 * 1024;
const KiB = 1024;

/** 16777216 → '16 MiB', 50000 → '48.8 KiB'. */
export function formatBytes(n: number): string {
  if (n >= MiB) return `${Number.isInteger(n / MiB) ? n / MiB : (n / MiB).toFixed(1)} MiB`;
  if (n >= KiB) return `${Number.isInteger(n / KiB) ? n / KiB : (n / KiB).toFixed(1)} KiB`;
  return `${n} bytes`;
}

/** Content-Encoding values in the order they must be undone; null for an encoding we cannot read. */
export function contentEncodings(header: string | undefined): string[] | null {
  const applied = (header ?? '').split(',').map((e) => e.trim().toLowerCase()).filter((e) => e && e !== 'identity');
  const known = new Set(['gzip', 'x-gzip', 'deflate', 'br']);
  if (applied.some((e) => !known.has(e))) return null;
  return applied.reverse();
}

function decoderFor(encoding: string, firstBytes: Uint8Array | null): Transform {
  switch (encoding) {
    case 'gzip': case 'x-gzip': return zlib.createGunzip();
    case 'br': return zlib.createBrotliDecompress();
    default: {
      // "deflate" is meant to be zlib-wrapped, but many servers send raw deflate: tell them
      // apart by the zlib header (compression method 8, header checksum divisible by 31).
      const b0 = firstBytes?.[0];
      const b1 = firstBytes?.[1];
      const zlibWrapped = b0 === undefined || b1 === undefined || ((b0 & 0x0f) === 8 && ((b0 << 8) | b1) % 31 === 0);
      return zlibWrapped ? zlib.createInflate() : zlib.createInflateRaw();
    }
  }
}

/**
 * Collects the body of `res`, decoded. Resolves with the bytes; rejects with a BodyFailure (or the
 * socket's own error). `abort` lets the caller (timeout, close) stop it.
 */
export function readBody(res: IncomingMessage, encodings: string[], limits: BodyLimits): { done: Promise<Uint8Array>; abort: (e: Error) => void } {
  const declaredLength = Number(res.headers['content-length']);
  const hasLength = res.headers['content-length'] !== undefined && Number.isFinite(declaredLength) && declaredLength >= 0;
  const chunks: Buffer[] = [];
  let decodedBytes = 0;
  let rawBytes = 0;
  let rawEnded = false;
  let decoders: Transform[] | null = encodings.length === 0 ? [] : null;
  let settle: { resolve: (b: Uint8Array) => void; reject: (e: Error) => void } | null = null;
  let finished = false;

  const teardown = () => {
    res.removeAllListeners('data');
    res.destroy();
    for (const d of decoders ?? []) {
      d.removeAllListeners('data');
      d.destroy();
    }
  };
  const fail = (e: Error) => {
    if (finished) return;
    finished = true;
    teardown();
    settle?.reject(e);
  };
  const succeed = () => {
    if (finished) return;
    finished = true;
    const body = Buffer.concat(chunks);
    if (limits.truncate) teardown();
    settle?.resolve(new Uint8Array(body.buffer, body.byteOffset, body.byteLength));
  };

  const take = (chunk: Buffer) => {
    if (finished) return;
    decodedBytes += chunk.length;
    if (decodedBytes > limits.maxBytes) {
      if (limits.truncate) {
        chunks.push(chunk.subarray(0, chunk.length - (decodedBytes - limits.maxBytes)));
        succeed();
        return;
      }
      const how = encodings.length > 0 ? ' after decompression' : '';
      fail(new BodyFailure('too-large', `body exceeds ${formatBytes(limits.maxBytes)}${how}`));
      return;
    }
    chunks.push(chunk);
  };

  const startDecoders = (first: Buffer) => {
    decoders = encodings.map((e, i) => decoderFor(e, i === 0 ? first : null));
    for (let i = 0; i < decoders.length; i++) {
      const d = decoders[i]!;
      d.on('error', (e: NodeJS.ErrnoException) => {
        const truncated = e.code === 'Z_BUF_ERROR' || /unexpected end/i.test(e.message);
        fail(new BodyFailure('decompression', truncated
          ? `compressed body (${encodings[i]}) ends early`
          : `compressed body (${encodings[i]}) is corrupt: ${e.message}`));
      });
      if (i + 1 < decoders.length) d.pipe(decoders[i + 1]!);
    }
    const last = decoders[decoders.length - 1]!;
    last.on('data', take);
    last.on('end', succeed);
  };

  const done = new Promise<Uint8Array>((resolve, reject) => {
    settle = { resolve, reject };
  });

  // A body larger than the cap on the wire is refused before a byte of it is read.
  if (hasLength && declaredLength > limits.maxBytes && !limits.truncate) {
    fail(new BodyFailure('too-large', `body exceeds ${formatBytes(limits.maxBytes)} (Content-Length: ${declaredLength})`));
    return { done, abort: fail };
  }

  res.on('data', (chunk: Buffer) => {
    if (finished) return;
    rawBytes += chunk.length;
    if (!decoders) startDecoders(chunk);
    if (decoders!.length === 0) take(chunk);
    else decoders![0]!.write(chunk);
  });
  res.on('end', () => {
    rawEnded = true;
    if (hasLength && rawBytes < declaredLength) {
      fail(new BodyFailure('truncated', `body truncated: got ${rawBytes} of ${declaredLength} bytes`));
      return;
    }
    if (!decoders || decoders.length === 0) succeed();
    else decoders[0]!.end();
  });
  const cutOff = () => {
    if (rawEnded || finished) return;
    const of = hasLength ? ` of ${declaredLength}` : '';
    fail(new BodyFailure('truncated', `body truncated: the connection closed after ${rawBytes}${of} bytes`));
  };
  res.on('aborted', cutOff);
  res.on('error', cutOff);
  res.on('close', cutOff);
  return { done, abort: fail };
}
