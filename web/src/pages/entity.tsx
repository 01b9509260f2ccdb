import { barUnit, DayBars } from '../components/charts.js';
import { QuoteList } from '../components/quotes.js';
import { Status } from '../components/status.js';
import { formatPublished, plural } from '../format.js';
import { storyPath, useTitle } from '../router.js';
import type { EntityDetail } from '../types.js';
import { useFetch, type Loaded } from '../use-fetch.js';

/** One person, organisation or place: mentions over time, their stories, what they said and what was said about them. */

export function EntityPage(props: { name: string }) {
  const loaded = useFetch<EntityDetail>(`/api/entities/${encodeURIComponent(props.name)}`);
  useTitle(props.name);
  if (loaded.state !== 'done') {
    if (loaded.state === 'error' && loaded.status === 404) {
      return (
        <>
          <p class="breadcrumb"><a href="/">← Stories</a></p>
          <h1>{props.name}</h1>
          <p role="alert">No entity of that name in this store. <a href={`/?entity=${encodeURIComponent(props.name)}`}>Look for stories naming it</a>.</p>
        </>
      );
    }
    return <Status loaded={loaded as Loaded<unknown>} what="the entity" />;
  }
  const e = loaded.data;
  const byDay = e.mentionsByDay.map((d) => ({ day: d.day, count: d.mentions })).sort((a, b) => a.day.localeCompare(b.day));
  return (
    <article class="entity-page">
      <p class="breadcrumb"><a href="/">← Stories</a></p>
      <h1>{e.name}</h1>
      <p class="meta lead-meta">
        {e.type} · named in {plural(e.articles, 'article')} · {plural(e.mentions, 'mention')}
        {e.aliases.length > 0 ? ` · also written ${e.aliases.join(', ')}` : ''}
      </p>
      {byDay.length > 0 ? (
        <section class="card" aria-labelledby="mentions-heading">
          <h2 id="mentions-heading">Mentions over time</h2>
          <DayBars days={byDay} label="Mentions" width={640} height={90} className="day-bars wide" />
          <p class="meta">
            {formatPublished(byDay[0]!.day)} to {formatPublished(byDay[byDay.length - 1]!.day)}, a bar per {barUnit(byDay[0]!.day, byDay[byDay.length - 1]!.day)}
          </p>
        </section>
      ) : null}
      <section class="card" aria-labelledby="stories-heading">
        <h2 id="stories-heading">Stories</h2>
        {e.stories.length === 0 ? <p class="muted">None.</p> : (
          <ul class="plain">
            {e.stories.map((s) => (
              <li key={s.id}>
                <a href={storyPath(s.id)}>{s.headline ?? 'Untitled story'}</a>
                <span class="meta"> · {plural(s.articles, 'article')} · {formatPublished(s.firstPublished)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <div class="columns">
        <section class="card" aria-labelledby="by-heading">
          <h2 id="by-heading">Quotes by {e.name}</h2>
          <QuoteList quotes={e.quotesBy} showSpeaker={false} />
        </section>
        <section class="card" aria-labelledby="about-heading">
          <h2 id="about-heading">Quotes in articles naming {e.name}</h2>
          <QuoteList quotes={e.quotesAbout} />
        </section>
      </div>
    </article>
  );
}
