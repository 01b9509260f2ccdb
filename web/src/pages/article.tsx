import { ArticleText } from '../components/article-text.js';
import { Status } from '../components/status.js';
import { formatPublished, plural } from '../format.js';
import { articlePath, entityPath, storyPath, useTitle } from '../router.js';
import type { Article } from '../types.js';
import { useFetch, type Loaded } from '../use-fetch.js';

/** One article: its clean text with who says what marked, where it came from, how sure extraction is. */

/** Only web links are offered as the original: a stored `javascript:` URL must never become a link. */
function safeHref(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

export function ArticlePage(props: { id: string }) {
  const loaded = useFetch<Article>(`/api/articles/${encodeURIComponent(props.id)}`);
  useTitle(loaded.state === 'done' ? (loaded.data.title ?? 'Untitled article') : 'Article');
  if (loaded.state !== 'done') return <Status loaded={loaded as Loaded<unknown>} what="the article" />;
  const a = loaded.data;
  const original = safeHref(a.canonicalUrl ?? a.url);
  const annotations = a.annotations;
  const entities = annotations?.entities ?? [];
  const quotes = annotations?.quotes ?? [];
  const citations = annotations?.citations ?? [];
  const names = new Map<string, { type: string; count: number }>();
  for (const e of entities) names.set(e.canonical, { type: e.type, count: (names.get(e.canonical)?.count ?? 0) + 1 });
  const placement = a.placement;
  const confidence = Math.round(a.extraction.confidence * 100);
  return (
    <article class="article-page">
      <p class="breadcrumb">
        <a href="/">← Stories</a>
        {placement ? <> · <a href={storyPath(placement.storyId)}>this article's story</a></> : null}
      </p>
      <h1>{a.title ?? 'Untitled article'}</h1>
      <dl class="article-meta">
        <div><dt>Outlet</dt><dd>{a.outlet.name ?? a.outlet.domain ?? 'unknown'}</dd></div>
        <div><dt>Published</dt><dd>{formatPublished(a.published?.value)}</dd></div>
        {a.byline.length > 0 ? <div><dt>By</dt><dd>{a.byline.join(', ')}</dd></div> : null}
        {a.language ? <div><dt>Language</dt><dd>{a.language}</dd></div> : null}
        <div><dt>Extraction</dt><dd>{a.extraction.method}, confidence {confidence}%</dd></div>
        <div>
          <dt>Original</dt>
          <dd>{original ? <a href={original} rel="noopener noreferrer nofollow" target="_blank">{original}</a> : a.origin}</dd>
        </div>
        {placement?.copyOf ? (
          <div><dt>Copy of</dt><dd><a href={articlePath(placement.copyOf)}>the original article</a>{placement.copyKind ? ` (${placement.copyKind} copy)` : ''}</dd></div>
        ) : null}
        {placement && placement.copies.length > 0 ? (
          <div>
            <dt>Copies</dt>
            <dd>
              {placement.copies.map((c, i) => (
                <span key={c.articleId}>{i > 0 ? ', ' : ''}<a href={articlePath(c.articleId)}>{c.articleId.slice(0, 8)}</a>{c.copyKind ? ` (${c.copyKind})` : ''}</span>
              ))}
            </dd>
          </div>
        ) : null}
      </dl>
      {a.extraction.notes.length > 0 ? (
        <details class="notes"><summary>Extraction notes</summary><ul>{a.extraction.notes.map((n, i) => <li key={i}>{n}</li>)}</ul></details>
      ) : null}
      <div class="article-layout">
        <section aria-labelledby="text-heading" class="card text-card">
          <h2 id="text-heading" class="visually-hidden">Text</h2>
          <p class="legend" aria-label="Highlighting">
            <span class="entity">entity</span> <span class="quote">quote</span> <span class="citation">cited source</span>
            {annotations ? '' : ' · this article has not been analysed'}
          </p>
          <ArticleText standfirst={a.standfirst} blocks={a.blocks} annotations={annotations} />
        </section>
        <aside class="card side" aria-labelledby="who-heading">
          <h2 id="who-heading">Who is named</h2>
          {names.size === 0 ? <p class="muted">No entities found.</p> : (
            <ul class="chips">
              {[...names].sort((x, y) => y[1].count - x[1].count).map(([name, info]) => (
                <li key={name}><a href={entityPath(name)} class={`entity entity-${info.type}`}>{name}</a> <span class="kind">{info.type}{info.count > 1 ? ` ×${info.count}` : ''}</span></li>
              ))}
            </ul>
          )}
          <h2>Quotes</h2>
          {quotes.length === 0 ? <p class="muted">No direct quotes.</p> : (
            <ul class="quote-list compact">
              {quotes.map((q, i) => (
                <li key={i}>
                  <blockquote>{q.text}</blockquote>
                  <p class="meta">{q.speaker ? <a href={entityPath(q.speaker)}>{q.speaker}</a> : 'speaker unknown'}{q.speakerText && q.speakerText !== q.speaker ? ` (“${q.speakerText}”)` : ''}</p>
                </li>
              ))}
            </ul>
          )}
          <h2>Cited sources</h2>
          {citations.length === 0 && a.citedSources.length === 0 ? <p class="muted">No sources cited.</p> : (
            <ul class="plain">
              {citations.map((c, i) => <li key={`c${i}`}>{c.source} <span class="kind">({c.kind}, “{c.cue}”)</span></li>)}
              {a.citedSources.map((c, i) => <li key={`s${i}`}>{c.name} <span class="kind">(source line)</span></li>)}
            </ul>
          )}
          <p class="meta">{plural(entities.length, 'entity mention')}, {plural(quotes.length, 'quote')}, {plural(citations.length, 'citation')}</p>
        </aside>
      </div>
    </article>
  );
}
