import path from 'node:path';
import type { Published } from '../model/article.js';

/** Shared rendering for the CLI commands: how inputs, dates and tables are shown. */

/** An input as the user would recognise it: relative to the working directory when inside it. */
export function displayOrigin(origin: string): string {
  if (!path.isAbsolute(origin)) return origin;
  const relative = path.relative(process.cwd(), origin);
  return relative && !relative.startsWith('..') ? relative : origin;
}

/** "2023-11-16 03:53 (zone unknown)" — the precision the source gave and no more. */
export function formatPublished(published: Published | string | null): string {
  if (!published) return 'undated';
  const value = typeof published === 'string' ? published : published.value;
  const shown = value.replace('T', ' ');
  if (typeof published !== 'string' && published.precision !== 'day' && !published.hasTimeZone) return `${shown} (zone unknown)`;
  return shown;
}

export function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/** Prints rows as aligned columns; the last column takes what is left of the terminal width. */
export function printTable(headers: string[], rows: string[][]): void {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const total = process.stdout.columns ?? 120;
  const fixed = widths.slice(0, -1).reduce((a, b) => a + b + 2, 0);
  widths[widths.length - 1] = Math.max(20, Math.min(widths[widths.length - 1]!, total - fixed));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === cells.length - 1 ? truncate(c, widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  console.log(line(headers));
  for (const r of rows) console.log(line(r));
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A one-line status that rewrites itself on a TTY, at most ten times a second; silent otherwise. */
export class StatusLine {
  private last = 0;
  private shown = false;
  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}
  get enabled(): boolean {
    return Boolean(this.stream.isTTY) && process.env.CI !== 'true';
  }
  update(text: string, force = false): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (!force && now - this.last < 100) return;
    this.last = now;
    const width = (this.stream.columns ?? 100) - 1;
    this.stream.write(`\r\x1b[2K${truncate(text, width)}`);
    this.shown = true;
  }
  clear(): void {
    if (this.shown) this.stream.write('\r\x1b[2K');
    this.shown = false;
  }
}
