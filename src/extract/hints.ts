import type { Published } from '../model/article.js';

/** What the source already knows about a document, handed to extraction alongside its text. */
export interface ExtractHints {
  /** The document's URL, when the source knows it. */
  url: string | null;
  /** A title given by the source (a JSONL record's `title`): used as found, not derived. */
  title?: string;
  /** A publication date given by the source (a JSONL record's `date`). */
  published?: Published | null;
  /** An outlet name given by the source (a JSONL record's `source`). */
  outletName?: string;
  /** Lines the document's site repeats on its pages (`chromeKey` form), learned from its other page dumps. */
  siteChrome?: ReadonlySet<string>;
}
