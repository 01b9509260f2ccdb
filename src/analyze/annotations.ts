import type { Annotations } from '../model/annotations.js';
import type { ArticleAnalysis } from './index.js';

/** The analysis as the model keeps and the store records it: what users read, not working detail. */
export function annotationsOf(analysis: ArticleAnalysis): Annotations {
  return {
    entities: analysis.entities.map((e) => ({ text: e.text, type: e.type, start: e.start, end: e.end, canonical: e.canonical })),
    quotes: analysis.quotes.map((q) => ({ text: q.text, speaker: q.speaker, speakerText: q.speakerText, start: q.start, end: q.end })),
    citations: analysis.citations.map((c) => ({ source: c.source, sourceText: c.sourceText, cue: c.cue, start: c.start, end: c.end, kind: c.kind })),
  };
}
