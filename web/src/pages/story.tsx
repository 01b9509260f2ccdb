import type { ComponentChildren } from 'preact';
import { TimelineChart, type TimelinePoint } from '../components/charts.js';
import { Status } from '../components/status.js';
import { formatDelay, formatPublished, plural } from '../format.js';
import { articlePath, entityPath, navigate, storyPath, useTitle } from '../router.js';
import type { SourceEdge, SpeakerQuotes, StoryArticle, StoryDetail, StoryReport, StorySummary } from '../types.js';
import { useFetch, type Loaded } from '../use-fetch.js';

/** One story: who reported when, from where, who said what, which claims each outlet carried. */

/** Claims shown in the matrix: the most widely carried first; the rest are counted. */
const MATRIX_CLAIMS = 25;
const WORDING_TERMS = 8;
/** Quotes shown per speaker before the rest fold away. */
const QUOTES_SHOWN = 3;
/** Speakers shown before the rest fold away (the most widely quoted first). */
const SPEAKERS_SHOWN = 8;
/** Stories of the thread listed before the rest fold away. */
const THREAD_SHOWN = 12;

function Section(props: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section class="card" aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      {props.children}
    </section>
  );
}

function ArticleLink(props: { a: { id: string; title: string | null } }) {
  return <a href={articlePath(props.a.id)}>{props.a.title ?? 'Untitled article'}</a>;
}

/** Originals with their copies folded under them. */
function ArticleList(props: { articles: StoryArticle[] }) {
  const ids = new Set(props.articles.map((a) => a.id));
  const originals = props.articles.filter((a) => !a.copyOf || !ids.has(a.copyOf));
  const copiesOf = (id: string): StoryArticle[] => props.articles.filter((a) => a.copyOf === id);
  return (
    <ul class="article-list">
      {originals.map((a) => {
        const copies = copiesOf(a.id);
        return (
          <li key={a.id}>
            <ArticleLink a={a} />
            <span class="meta"> · {a.outlet ?? 'unknown outlet'} · {formatPublished(a.published)}</span>
            {copies.length > 0 ? (
              <details class="copies">
                <summary>{plural(copies.length, 'copy', 'copies')}</summary>
                <ul>
                  {copies.map((c) => (
                    <li key={c.id}>
                      <ArticleLink a={c} />
                      <span class="meta"> · {c.outlet ?? 'unknown outlet'} · {formatPublished(c.published)}{c.copyKind ? ` · ${c.copyKind} copy` : ''}</span>
                    </li>
                  ))}
                </ul>
              </details>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

function Timeline(props: { report: StoryReport }) {
  const { dated, undated } = props.report.timeline;
  const points: TimelinePoint[] = [];
  for (const e of [...dated, ...undated]) {
    points.push({ articleId: e.articleId, outlet: e.outlet, published: e.published, copy: false, title: e.title });
    for (const c of e.copies) points.push({ articleId: c.articleId, outlet: c.outlet, published: c.published, copy: true, title: c.title });
  }
  const first = new Set(props.report.timeline.first);
  return (
    <>
      <TimelineChart points={points} onOpen={(id) => navigate(articlePath(id))} />
      <table class="timeline-table">
        <caption class="visually-hidden">Articles in time order</caption>
        <thead>
          <tr><th scope="col">When</th><th scope="col">Outlet</th><th scope="col">Article</th><th scope="col">After the first</th></tr>
        </thead>
        <tbody>
          {[...dated, ...undated].map((e) => (
            <tr key={e.articleId}>
              <td>{formatPublished(e.published)}</td>
              <td>{e.outlet}</td>
              <td>
                <a href={articlePath(e.articleId)}>{e.title ?? 'Untitled article'}</a>
                <span class="meta phone-only"> · {e.outlet}</span>
                {e.copies.length > 0 ? <span class="meta"> (+{plural(e.copies.length, 'copy', 'copies')}: {e.copies.map((c) => c.outlet).join(', ')})</span> : null}
              </td>
              <td>{first.has(e.articleId) ? 'first' : formatDelay(e.after)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function OutletsAndSources(props: { story: StoryDetail; report: StoryReport | null }) {
  const edges = props.report?.sources.edges ?? [];
  const byOutlet = new Map<string, SourceEdge[]>();
  for (const e of edges) byOutlet.set(e.outlet, [...(byOutlet.get(e.outlet) ?? []), e]);
  const outlets = props.report?.claims.outlets.length ? props.report.claims.outlets : props.story.outlets;
  const all = [...new Set([...outlets, ...byOutlet.keys()])];
  return (
    <ul class="outlet-list">
      {all.map((outlet) => {
        const sources = byOutlet.get(outlet) ?? [];
        return (
          <li key={outlet}>
            <strong>{outlet}</strong>
            {sources.length > 0 ? (
              <span>
                {' '}cites{' '}
                {sources.map((s, i) => (
                  <span key={`${s.source}-${i}`}>
                    {i > 0 ? ', ' : ''}
                    {s.kind === 'person' || s.kind === 'organisation' ? <a href={entityPath(s.source)}>{s.source}</a> : s.source}
                    <span class="kind"> ({s.kind})</span>
                  </span>
                ))}
              </span>
            ) : props.report ? <span class="muted"> names no source</span> : null}
          </li>
        );
      })}
    </ul>
  );
}

function Quotes(props: { report: StoryReport }) {
  const speakers = props.report.quotes;
  if (speakers.length === 0) return <p class="muted">No direct quotes.</p>;
  const speakerBlock = (s: SpeakerQuotes, i: number) => (
    <div class="speaker" key={`${s.speaker}-${i}`}>
      <h3>{s.speaker ? <a href={entityPath(s.speaker)}>{s.speaker}</a> : 'Unattributed'}</h3>
      <ul class="quote-list">
        {s.quotes.slice(0, QUOTES_SHOWN).map((q, j) => (
          <li key={j}>
            <blockquote>{q.text}</blockquote>
            <p class="meta">
              {q.outlets.join(', ')}
              {q.variant ? ' · worded differently by some outlets' : ''}
            </p>
            {q.variant ? (
              <ul class="variants">
                {q.carriers.filter((c) => c.text && c.text !== q.text).map((c) => (
                  <li key={c.articleId}><span class="kind">{c.outlet} ({c.variant}):</span> {c.text}</li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
      {s.quotes.length > QUOTES_SHOWN ? (
        <details class="more-quotes">
          <summary>{plural(s.quotes.length - QUOTES_SHOWN, 'more quote')}</summary>
          <ul class="quote-list">
            {s.quotes.slice(QUOTES_SHOWN).map((q, j) => (
              <li key={j}><blockquote>{q.text}</blockquote><p class="meta">{q.outlets.join(', ')}</p></li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
  return (
    <div class="speakers">
      {speakers.slice(0, SPEAKERS_SHOWN).map(speakerBlock)}
      {speakers.length > SPEAKERS_SHOWN ? (
        <details class="more-speakers">
          <summary>{plural(speakers.length - SPEAKERS_SHOWN, 'more speaker')}</summary>
          {speakers.slice(SPEAKERS_SHOWN).map((sq, i) => speakerBlock(sq, i + SPEAKERS_SHOWN))}
        </details>
      ) : null}
    </div>
  );
}

/** Names the report mentions: quote speakers and the people and organisations cited. */
/** Kinds of entity listed with a story: the "other" kind (events, nationalities, stray capitals) adds noise here. */
const STORY_ENTITY_TYPES = new Set(['person', 'organisation', 'place']);

/** Entities shown before the rest fold away. */
const ENTITIES_SHOWN = 15;

function Entities(props: { story: StoryDetail }) {
  const named = props.story.entities.filter((e) => STORY_ENTITY_TYPES.has(e.type));
  if (named.length === 0) return <p class="muted">No named people, organisations or places.</p>;
  const chip = (e: StoryDetail['entities'][number]) => (
    <li key={`${e.type}:${e.name}`}>
      <a href={entityPath(e.name)}>{e.name}</a> <span class="kind">{e.type} · {e.articles} of {plural(props.story.articles, 'article')}</span>
    </li>
  );
  return (
    <>
      <ul class="chips">{named.slice(0, ENTITIES_SHOWN).map(chip)}</ul>
      {named.length > ENTITIES_SHOWN ? (
        <details class="more-entities">
          <summary>{plural(named.length - ENTITIES_SHOWN, 'more name')}</summary>
          <ul class="chips">{named.slice(ENTITIES_SHOWN).map(chip)}</ul>
        </details>
      ) : null}
    </>
  );
}

function ClaimsMatrix(props: { report: StoryReport }) {
  const { claims, outlets, coverage } = props.report.claims;
  if (claims.length === 0 || outlets.length === 0) return <p class="muted">No claims aligned across outlets.</p>;
  const shown = claims.slice(0, MATRIX_CLAIMS);
  return (
    <div class="table-scroll">
      <table class="claims-matrix">
        <caption>
          Claims (rows) carried by each outlet (columns), most widely carried first
          {claims.length > shown.length ? `; ${claims.length - shown.length} more carried by fewer outlets not shown` : ''}.
        </caption>
        <thead>
          <tr>
            <th scope="col">Claim</th>
            {outlets.map((o) => <th scope="col" key={o} class="outlet-col"><span>{o}</span></th>)}
          </tr>
        </thead>
        <tbody>
          {shown.map((claim) => (
            <tr key={claim.id}>
              <th scope="row" class="claim-text">
                {claim.representative.text}
                {claim.figuresDiffer ? <span class="flag-badge"> figures differ</span> : null}
              </th>
              {outlets.map((o, j) => {
                const n = coverage[claim.id]?.[j] ?? 0;
                return (
                  <td key={o} class={n > 0 ? 'has' : 'none'} aria-label={n > 0 ? `${o}: carried in ${plural(n, 'article')}` : `${o}: not carried`}>
                    {n > 0 ? (n > 1 ? `✓${n}` : '✓') : '·'}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Wording(props: { report: StoryReport }) {
  const outlets = props.report.wording.filter((w) => w.terms.length > 0);
  if (outlets.length === 0) return <p class="muted">No outlet words this story distinctly.</p>;
  return (
    <dl class="wording">
      {outlets.map((w) => (
        <div key={w.outlet}>
          <dt>{w.outlet}</dt>
          <dd>{w.terms.slice(0, WORDING_TERMS).map((t) => `“${t.term}”`).join(', ')}</dd>
        </div>
      ))}
    </dl>
  );
}

function Flags(props: { report: StoryReport }) {
  const flags = props.report.flags;
  if (flags.length === 0) return null;
  return (
    <Section id="flags-heading" title="Warnings">
      <ul class="flags">
        {flags.map((f, i) => (
          <li key={i}>
            <strong>{f.outlet ?? 'Story'}</strong>: {f.message}
            {f.articleId ? <> (<a href={articlePath(f.articleId)}>article</a>)</> : null}
          </li>
        ))}
      </ul>
    </Section>
  );
}

function Thread(props: { stories: StorySummary[] }) {
  if (props.stories.length === 0) return <p class="muted">This story stands alone: no earlier or later stories continue it.</p>;
  const item = (s: StorySummary) => (
    <li key={s.id}>
      <a href={storyPath(s.id)}>{s.headline ?? 'Untitled story'}</a>
      <span class="meta"> · {formatPublished(s.firstPublished)} · {plural(s.articles, 'article')}</span>
    </li>
  );
  return (
    <>
      <ol class="thread">{props.stories.slice(0, THREAD_SHOWN).map(item)}</ol>
      {props.stories.length > THREAD_SHOWN ? (
        <details>
          <summary>{plural(props.stories.length - THREAD_SHOWN, 'more story', 'more stories')}</summary>
          <ol class="thread" start={THREAD_SHOWN + 1}>{props.stories.slice(THREAD_SHOWN).map(item)}</ol>
        </details>
      ) : null}
    </>
  );
}

export function StoryPage(props: { id: string }) {
  const story = useFetch<StoryDetail>(`/api/stories/${encodeURIComponent(props.id)}`);
  const report = useFetch<StoryReport>(`/api/stories/${encodeURIComponent(props.id)}/report`);
  useTitle(story.state === 'done' ? (story.data.headline ?? 'Untitled story') : 'Story');
  if (story.state !== 'done') return <Status loaded={story as Loaded<unknown>} what="the story" />;
  const s = story.data;
  const r = report.state === 'done' ? report.data : null;
  return (
    <article class="story-page">
      <p class="breadcrumb"><a href="/">← Stories</a></p>
      <h1>{s.headline ?? 'Untitled story'}</h1>
      <p class="meta lead-meta">
        {plural(s.articles, 'article')}
        {s.independentArticles !== s.articles ? ` (${s.independentArticles} independent)` : ''} from {plural(s.outlets.length, 'outlet')} · first seen {formatPublished(s.firstPublished)}
        {s.lastPublished && s.lastPublished !== s.firstPublished ? ` · latest ${formatPublished(s.lastPublished)}` : ''}
      </p>
      {report.state !== 'done' ? <Status loaded={report as Loaded<unknown>} what="the story's report" /> : null}
      {r ? <Section id="timeline-heading" title="Timeline"><Timeline report={r} /></Section> : null}
      <div class="columns">
        <Section id="outlets-heading" title="Outlets and their sources"><OutletsAndSources story={s} report={r} /></Section>
        <Section id="entities-heading" title="People, organisations and places"><Entities story={s} /></Section>
      </div>
      {r ? <Section id="quotes-heading" title="Quotes by speaker"><Quotes report={r} /></Section> : null}
      {r ? <Section id="claims-heading" title="Claims × outlets"><ClaimsMatrix report={r} /></Section> : null}
      {r ? <Section id="wording-heading" title="Wording: what each outlet says more than the others"><Wording report={r} /></Section> : null}
      {r ? <Flags report={r} /> : null}
      <Section id="articles-heading" title="Articles (copies folded)"><ArticleList articles={s.articleList} /></Section>
      <Section id="thread-heading" title="Other stories in this thread"><Thread stories={s.thread} /></Section>
    </article>
  );
}
