import { InvalidArgumentError, type Command } from 'commander';
import { instantOf } from '../text/dates.js';
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

/**
 * "2026-03-01" or "2026-03-01T12:00" → ms since the epoch (an `until` includes a bare day); a
 * clear error naming the option otherwise.
 */
export function instant(option: string, value: string | undefined, until = false): number | undefined {
  if (value === undefined) return undefined;
  const at = instantOf(value, until);
  if (at === null) throw new UserError(`${option} needs a date such as 2026-03-01 or 2026-03-01T12:00, got "${value}"`);
  return at;
}
