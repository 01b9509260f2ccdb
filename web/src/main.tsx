import { render } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { ArticlePage } from './pages/article.js';
import { EntityPage } from './pages/entity.js';
import { IngestPage } from './pages/ingest.js';
import { StoriesPage } from './pages/stories.js';
import { StoryPage } from './pages/story.js';
import { interceptLinks, routeOf, useLocation } from './router.js';
import './style.css';

/** The app shell: header, the page the URL names, and focus moved to the new page's heading. */

function App() {
  const location = useLocation();
  const route = routeOf(location.path);
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    // A new page: start at the top and let screen readers land on it.
    window.scrollTo(0, 0);
    mainRef.current?.focus({ preventScroll: true });
  }, [location.path]);

  let page;
  if (route.page === 'stories') page = <StoriesPage location={location} />;
  else if (route.page === 'story') page = <StoryPage key={route.id} id={route.id} />;
  else if (route.page === 'article') page = <ArticlePage key={route.id} id={route.id} />;
  else if (route.page === 'entity') page = <EntityPage key={route.name} name={route.name} />;
  else if (route.page === 'ingest') page = <IngestPage />;
  else page = <><h1>Page not found</h1><p>Nothing lives at this address. <a href="/">Go to the stories</a>.</p></>;

  return (
    <>
      <a class="skip-link" href="#main">Skip to content</a>
      <header class="site-header">
        <a href="/" class="brand">Storyline</a>
        <nav aria-label="Main">
          <ul>
            <li><a href="/" aria-current={route.page === 'stories' ? 'page' : undefined}>Stories</a></li>
            <li><a href="/ingest" aria-current={route.page === 'ingest' ? 'page' : undefined}>Ingest</a></li>
            <li><a href="/api/openapi.json">API</a></li>
          </ul>
        </nav>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1}>{page}</main>
      <footer class="site-footer">
        <p>Storyline: stories from the news in this store. Titles and texts are shown as the outlets published them.</p>
      </footer>
    </>
  );
}

const root = document.getElementById('app')!;
interceptLinks(root);
render(<App />, root);
