import { InvalidArgumentError, type Command } from 'commander';
import { parsePublished, publishedSortKey } from '../text/dates.js';
import { UserError } from './errors.js';

function wholeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('give a whole number ≥ 0');
  return n;
}

/** The options every listing command shares: --limit, --offset and --json. */
export function listOptions(command: Command, defaultLimit = 50): Command {
  return command
    .option('--limit <n>', 'how many to show', wholeNumber, defaultLimit)
    .option('--offset <n>', 'skip this many first', wholeNumber, 0)
    .option('--json', 'print as a JSON array');
}

/** "2026-03-01" or "2026-03-01T12:00" → ms since the epoch; a clear error naming the option otherwise. */
export function instant(option: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const published = parsePublished(value);
  if (!published) throw new UserError(`${option} needs a date such as 2026-03-01 or 2026-03-01T12:00, got "${value}"`);
  return publishedSortKey(published);
}
