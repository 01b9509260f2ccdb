import { words } from '../../text/tokens.js';

/**
 * Turns what a user typed into an FTS5 query that cannot be a syntax error: the words of the
 * input (the project tokenizer's words), each quoted as a phrase, so `OR`, `NEAR(`, `*`, `-` and
 * stray quotes are just text. Adjacent phrases are ANDed by FTS5. Null when there is no word.
 */
export function toFtsQuery(userQuery: string): string | null {
  const phrases = words(userQuery).map((word) => `"${word.replaceAll('"', '""')}"`);
  return phrases.length > 0 ? phrases.join(' ') : null;
}
