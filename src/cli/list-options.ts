import { InvalidArgumentError, type Command } from 'commander';

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
