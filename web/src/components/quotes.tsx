import { articlePath, entityPath, storyPath } from '../router.js';
import { formatPublished } from '../format.js';
import type { StoredQuote } from '../types.js';

/** Quotes as GET /api/quotes lists them: the words, who said them, where. */
export function QuoteList(props: { quotes: StoredQuote[]; showSpeaker?: boolean }) {
  if (props.quotes.length === 0) return <p class="muted">None.</p>;
  return (
    <ul class="quote-list">
      {props.quotes.map((q, i) => (
        <li key={`${q.articleId}-${i}`}>
          <blockquote>{q.text}</blockquote>
          <p class="meta">
            {props.showSpeaker !== false && q.speaker ? <><a href={entityPath(q.speaker)}>{q.speaker}</a>{' · '}</> : null}
            <a href={articlePath(q.articleId)}>{q.title ?? 'untitled article'}</a>
            {q.outlet ? ` · ${q.outlet}` : ''} · {formatPublished(q.published)}
            {q.storyId ? <>{' · '}<a href={storyPath(q.storyId)}>story</a></> : null}
          </p>
        </li>
      ))}
    </ul>
  );
}
