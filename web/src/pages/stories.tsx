import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { getJson, queryString } from '../api.js';
import { DayBars } from '../components/charts.js';
import { Status } from '../components/status.js';
import { formatPublished, plural } from '../format.js';
import { articlePath, navigate, storyPath, useTitle, type Location } from '../router.js';
import type { EntityPage, LanguageList, OutletPage, SearchResults, StoryPage, StorySummary } from '../types.js';
import { useFetch, type Loaded } from '../use-fetch.js';

/** The stories list: newest (or largest) first, filtered by what the URL says, read with the keyboard. */

const PAGE_SIZE = 50;
const FILTERS = ['query', 'since', 'until', 'outlet', 'entity', 'language', 'sort'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

function filtersOf(search: URLSearchParams): Filters {
  const filters: Filters = {};
  for (const name of FILTERS) {
    const value = search.get(name);
    if (value) filters[name] = value;
  }
  return filters;
}

/** An excerpt's [matches] as <mark>, the rest as text. */
function Excerpt(props: { text: string }) {
  const parts = props.text.split(/(\[[^\]]*\])/);
  return <>{parts.map((p, i) => (p.startsWith('[') && p.endsWith(']') ? <mark key={i}>{p.slice(1, -1)}</mark> : p))}</>;
}

function StoryRow(props: { story: StorySummary; index: number }) {
  const s = props.story;
  const coverage = s.coverage.map((c) => ({ day: c.day, count: c.articles }));
  return (
    <li class="story-row" data-index={props.index}>
      <div class="story-main">
        <h2 class="story-headline">
          <a href={storyPath(s.id)} data-story-link>{s.headline ?? 'Untitled story'}</a>
        </h2>
        <p class="meta">
          <span>{plural(s.outlets.length, 'outlet')}</span> · <span>{plural(s.articles, 'article')}</span> · <span>first seen {formatPublished(s.firstPublished)}</span>
          {s.lastPublished && s.lastPublished !== s.firstPublished ? <span> · latest {formatPublished(s.lastPublished)}</span> : null}
          {s.languages.length > 0 ? <span> · {s.languages.join(', ')}</span> : null}
        </p>
        <p class="outlets">{s.outlets.slice(0, 6).join(', ')}{s.outlets.length > 6 ? ` and ${s.outlets.length - 6} more` : ''}</p>
      </div>
      {coverage.length > 0 ? <DayBars days={coverage} label="Articles" className="day-bars sparkline" /> : null}
    </li>
  );
}

function FilterForm(props: { filters: Filters; searchRef: { current: HTMLInputElement | null }; listShown: boolean }) {
  // The choices load once the list is on screen: the server answers one request at a time, and the list comes first.
  const outlets = useFetch<OutletPage>(props.listShown ? '/api/outlets?limit=200' : null);
  const languages = useFetch<LanguageList>(props.listShown ? '/api/languages' : null);
  const entities = useFetch<EntityPage>(props.listShown ? '/api/entities?limit=200' : null);
  const f = props.filters;
  const onSubmit = (event: Event): void => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const params: Record<string, string> = {};
    for (const name of FILTERS) {
      const value = String(form.get(name) ?? '').trim();
      if (value && !(name === 'sort' && value === 'newest')) params[name] = value;
    }
    navigate(`/${queryString(params)}`);
  };
  const outletNames = outlets.state === 'done' ? [...new Set(outlets.data.items.map((o) => o.name ?? o.domain).filter((n): n is string => !!n))] : [];
  const languageItems = languages.state === 'done' ? languages.data.items : [];
  // Keyed by the URL so the inputs reset when back/forward changes the filters.
  return (
    <form class="filters" role="search" aria-label="Search and filter stories" onSubmit={onSubmit} key={JSON.stringify(f)}>
      <div class="field search-field">
        <label for="f-query">Search <kbd>/</kbd></label>
        <input id="f-query" name="query" type="search" ref={props.searchRef} defaultValue={f.query ?? ''} placeholder="words in the articles" />
      </div>
      <div class="field">
        <label for="f-outlet">Outlet</label>
        <select id="f-outlet" name="outlet">
          <option value="">All outlets</option>
          {f.outlet && !outletNames.some((n) => n.toLowerCase() === f.outlet!.toLowerCase()) ? <option value={f.outlet} selected>{f.outlet}</option> : null}
          {outletNames.map((name) => <option key={name} value={name} selected={name.toLowerCase() === f.outlet?.toLowerCase()}>{name}</option>)}
        </select>
      </div>
      <div class="field">
        <label for="f-entity">Entity</label>
        <input id="f-entity" name="entity" type="text" list="entity-names" defaultValue={f.entity ?? ''} placeholder="person, organisation, place" />
        <datalist id="entity-names">
          {entities.state === 'done' ? entities.data.items.map((e) => <option key={`${e.type}:${e.name}`} value={e.name} />) : null}
        </datalist>
      </div>
      {languageItems.length > 0 ? (
        <div class="field">
          <label for="f-language">Language</label>
          <select id="f-language" name="language">
            <option value="">Any</option>
            {languageItems.map((l) => <option key={l.language} value={l.language} selected={l.language === f.language}>{l.language} ({l.articles})</option>)}
          </select>
        </div>
      ) : null}
      <div class="field">
        <label for="f-since">From</label>
        <input id="f-since" name="since" type="date" defaultValue={f.since ?? ''} />
      </div>
      <div class="field">
        <label for="f-until">To</label>
        <input id="f-until" name="until" type="date" defaultValue={f.until ?? ''} />
      </div>
      <div class="field">
        <label for="f-sort">Order</label>
        <select id="f-sort" name="sort">
          <option value="newest" selected={f.sort !== 'largest'}>Newest first</option>
          <option value="largest" selected={f.sort === 'largest'}>Largest first</option>
        </select>
      </div>
      <div class="field actions">
        <button type="submit">Apply</button>
        {Object.keys(f).length > 0 ? <a href="/" class="button secondary">Clear</a> : null}
      </div>
    </form>
  );
}

function ArticleHits(props: { query: string }) {
  const hits = useFetch<SearchResults>(`/api/search${queryString({ q: props.query, limit: 10 })}`);
  if (hits.state !== 'done' || hits.data.items.length === 0) return null;
  return (
    <section class="search-hits" aria-labelledby="hits-heading">
      <h2 id="hits-heading">Articles matching “{props.query}”</h2>
      <ul>
        {hits.data.items.map((h) => (
          <li key={h.id}>
            <a href={articlePath(h.id)}>{h.title ?? 'Untitled article'}</a>
            <span class="meta"> · {h.outletName ?? h.outletDomain ?? 'unknown outlet'} · {formatPublished(h.published)}</span>
            <p class="excerpt"><Excerpt text={h.excerpt} /></p>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function StoriesPage(props: { location: Location }) {
  const filters = useMemo(() => filtersOf(props.location.search), [props.location.search.toString()]);
  const route = `/api/stories${queryString({ ...filters, limit: PAGE_SIZE })}`;
  const first = useFetch<StoryPage>(route);
  const [more, setMore] = useState<{ route: string; items: StorySummary[]; next: number | null; loading: boolean; error: string | null } | null>(null);
  const [selected, setSelected] = useState(-1);
  const listRef = useRef<HTMLOListElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  useTitle(filters.query ? `Stories about “${filters.query}”` : 'Stories');

  useEffect(() => {
    setMore(null);
    setSelected(-1);
  }, [route]);

  const stories = first.state === 'done' ? [...first.data.items, ...(more?.route === route ? more.items : [])] : [];
  const next = more?.route === route ? more.next : first.state === 'done' ? first.data.next : null;

  const loadMore = (): void => {
    if (next === null) return;
    setMore({ route, items: more?.route === route ? more.items : [], next, loading: true, error: null });
    getJson<StoryPage>(`/api/stories${queryString({ ...filters, limit: PAGE_SIZE, offset: next })}`).then(
      (page) => setMore((m) => ({ route, items: [...(m?.route === route ? m.items : []), ...page.items], next: page.next, loading: false, error: null })),
      (e: unknown) => setMore((m) => (m ? { ...m, loading: false, error: e instanceof Error ? e.message : String(e) } : m)),
    );
  };

  // j/k and the arrow keys move through the rows, Enter opens the selected one, / goes to the search box.
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      const typing = !!target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable);
      if (event.key === '/' && !typing) {
        event.preventDefault();
        searchRef.current?.focus();
        return;
      }
      if (typing || stories.length === 0) return;
      const step = event.key === 'j' || event.key === 'ArrowDown' ? 1 : event.key === 'k' || event.key === 'ArrowUp' ? -1 : 0;
      if (step !== 0) {
        event.preventDefault();
        const to = Math.min(stories.length - 1, Math.max(0, selected + step));
        setSelected(to);
        listRef.current?.querySelector<HTMLAnchorElement>(`li[data-index="${to}"] a[data-story-link]`)?.focus();
      } else if (event.key === 'Enter' && selected >= 0 && target === document.body) {
        const story = stories[selected];
        if (story) navigate(storyPath(story.id));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [stories.length, selected]);

  const filterText = Object.entries(filters).filter(([name]) => name !== 'sort').map(([name, value]) => `${name} “${value}”`).join(', ');
  return (
    <>
      <h1>Stories</h1>
      <FilterForm filters={filters} searchRef={searchRef} listShown={first.state !== 'loading'} />
      <p class="keys muted" id="keys-help">Keys: <kbd>j</kbd>/<kbd>k</kbd> or arrows move through stories, <kbd>Enter</kbd> opens, <kbd>/</kbd> searches.</p>
      <Status loaded={first as Loaded<unknown>} what="stories" />
      {first.state === 'done' ? (
        <section aria-labelledby="list-heading">
          <h2 id="list-heading" class="visually-hidden">Story list</h2>
          <p class="result-count" role="status">
            {stories.length === 0 ? 'No stories' : `${plural(stories.length, 'story', 'stories')}${next !== null ? ' shown' : ''}`}
            {filterText ? ` for ${filterText}` : ''}.
          </p>
          <ol class="story-list" ref={listRef} aria-describedby="keys-help">
            {stories.map((s, i) => <StoryRow key={s.id} story={s} index={i} />)}
          </ol>
          {next !== null ? (
            <button type="button" class="more" onClick={loadMore} disabled={more?.loading === true}>
              {more?.loading ? 'Loading…' : 'More stories'}
            </button>
          ) : null}
          {more?.error ? <p role="alert" class="error">{more.error}</p> : null}
        </section>
      ) : null}
      {filters.query ? <ArticleHits query={filters.query} /> : null}
    </>
  );
}
