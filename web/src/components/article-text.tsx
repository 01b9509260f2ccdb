import type { ComponentChildren } from 'preact';
import { entityPath } from '../router.js';
import type { Annotations, Article } from '../types.js';

/**
 * An article's text with its entities, quotes and cited sources marked. Offsets index the text
 * as the API defines it (standfirst and body blocks joined by blank lines). The text is split at
 * every annotation edge and each piece wrapped in elements: it stays text, never HTML.
 */

const BLOCK_GAP = 2; // the blank line between blocks

interface Mark {
  start: number;
  end: number;
  kind: 'entity' | 'quote' | 'citation';
  entityName?: string;
  entityType?: string;
  title: string;
}

function marksOf(annotations: Annotations | null): Mark[] {
  if (!annotations) return [];
  const marks: Mark[] = [];
  for (const e of annotations.entities) {
    marks.push({ start: e.start, end: e.end, kind: 'entity', entityName: e.canonical, entityType: e.type, title: `${e.type}: ${e.canonical}` });
  }
  for (const q of annotations.quotes) marks.push({ start: q.start, end: q.end, kind: 'quote', title: `quote${q.speaker ? ` by ${q.speaker}` : ', speaker unknown'}` });
  for (const c of annotations.citations) marks.push({ start: c.start, end: c.end, kind: 'citation', title: `cited source (${c.kind}): ${c.source}, "${c.cue}"` });
  return marks.filter((m) => m.end > m.start);
}

/** One stretch of text wrapped in the marks covering it: quote outermost, then citation, then entity. */
function wrap(text: string, active: Mark[], key: string): ComponentChildren {
  let node: ComponentChildren = text;
  const entity = active.find((m) => m.kind === 'entity');
  const citation = active.find((m) => m.kind === 'citation');
  const quote = active.find((m) => m.kind === 'quote');
  if (entity) node = <a class={`entity entity-${entity.entityType}`} href={entityPath(entity.entityName!)} title={entity.title}>{node}</a>;
  if (citation) node = <span class="citation" title={citation.title}>{node}</span>;
  if (quote) node = <span class="quote" title={quote.title}>{node}</span>;
  return active.length === 0 ? node : <span key={key}>{node}</span>;
}

function markedBlock(text: string, offset: number, marks: Mark[]): ComponentChildren[] {
  const end = offset + text.length;
  const here = marks.filter((m) => m.start < end && m.end > offset);
  const cuts = new Set<number>([0, text.length]);
  for (const m of here) {
    cuts.add(Math.max(0, m.start - offset));
    cuts.add(Math.min(text.length, m.end - offset));
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const pieces: ComponentChildren[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const from = sorted[i]!;
    const to = sorted[i + 1]!;
    const active = here.filter((m) => m.start - offset <= from && m.end - offset >= to);
    pieces.push(wrap(text.slice(from, to), active, `${from}`));
  }
  return pieces;
}

export function ArticleText(props: { standfirst: string | null; blocks: Article['blocks']; annotations: Annotations | null }) {
  const marks = marksOf(props.annotations);
  const parts: { kind: string; text: string }[] = [];
  if (props.standfirst) parts.push({ kind: 'standfirst', text: props.standfirst });
  parts.push(...props.blocks);
  let offset = 0;
  const rendered = parts.map((part, i) => {
    const at = offset;
    offset += part.text.length + BLOCK_GAP;
    const children = markedBlock(part.text, at, marks);
    if (part.kind === 'heading') return <h3 key={i}>{children}</h3>;
    if (part.kind === 'quote') return <blockquote key={i}>{children}</blockquote>;
    if (part.kind === 'list-item') return <p key={i} class="list-item">{children}</p>;
    return <p key={i} class={part.kind === 'standfirst' ? 'standfirst' : undefined}>{children}</p>;
  });
  return <div class="article-text">{rendered}</div>;
}
