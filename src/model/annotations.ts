import { z } from 'zod';

/**
 * Who says what in an article: named entities, direct quotes with their speakers and the
 * sources the article cites. Offsets are UTF-16 code units of the article's text
 * (`articleText()`: standfirst and body), end exclusive.
 */

export const EntityTypeSchema = z.enum(['person', 'organisation', 'place', 'other']);
export type EntityType = z.infer<typeof EntityTypeSchema>;

export const EntitySchema = z.object({
  text: z.string().min(1),
  type: EntityTypeSchema,
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  /** One name per entity in the article ("Blinken", "Tony Blinken" → "Antony Blinken"). */
  canonical: z.string().min(1),
});
export type Entity = z.infer<typeof EntitySchema>;

export const QuoteSchema = z.object({
  /** The quoted words, without the quotation marks. */
  text: z.string(),
  /** The resolved speaker: an entity's canonical name or a description ("a senior administration official"). */
  speaker: z.string().nullable(),
  /** The mention of the speaker as written nearest the quote ("he", "the official", "Blinken"). */
  speakerText: z.string().nullable(),
  /** Span of the quote including its marks. */
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
});
export type Quote = z.infer<typeof QuoteSchema>;

export const CitationKindSchema = z.enum(['person', 'outlet', 'organisation', 'anonymous', 'pronoun', 'other']);

export const CitationSchema = z.object({
  /** The source resolved: an entity's canonical name, or the phrase as written. */
  source: z.string().min(1),
  /** The source phrase as written. */
  sourceText: z.string(),
  /** The cue as written ("said", "according to", "Source:"). */
  cue: z.string().min(1),
  /** Span of the source phrase. */
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  /** Outlets and agencies are marked, and anonymous sourcing ("sources familiar with …"). */
  kind: CitationKindSchema,
});
export type Citation = z.infer<typeof CitationSchema>;

export const AnnotationsSchema = z.object({
  entities: z.array(EntitySchema),
  quotes: z.array(QuoteSchema),
  citations: z.array(CitationSchema),
});
export type Annotations = z.infer<typeof AnnotationsSchema>;
