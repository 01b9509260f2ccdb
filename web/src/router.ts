import { useEffect, useState } from 'preact/hooks';

/**
 * Client-side routing over real URLs: links are ordinary <a href>, a click on a same-origin link
 * pushes history instead of loading a page, and back/forward re-render from the URL.
 */

const CHANGE = 'storyline:navigate';

export interface Location {
  path: string;
  search: URLSearchParams;
}

function current(): Location {
  return { path: window.location.pathname, search: new URLSearchParams(window.location.search) };
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(CHANGE));
}

export function useLocation(): Location {
  const [location, setLocation] = useState(current);
  useEffect(() => {
    const update = (): void => setLocation(current());
    window.addEventListener('popstate', update);
    window.addEventListener(CHANGE, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(CHANGE, update);
    };
  }, []);
  return location;
}

/** Same-origin link clicks become history pushes (new-tab clicks and downloads are left alone). */
export function interceptLinks(root: HTMLElement): void {
  root.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = (event.target as Element | null)?.closest?.('a');
    if (!anchor || anchor.target || anchor.hasAttribute('download')) return;
    const url = new URL(anchor.href, window.location.href);
    if (url.origin !== window.location.origin || url.pathname.startsWith('/api/')) return;
    const samePage = url.pathname + url.search === window.location.pathname + window.location.search;
    // A link within the page (the skip link) keeps its ordinary behaviour.
    if (samePage && url.hash) return;
    event.preventDefault();
    if (samePage) return;
    navigate(url.pathname + url.search + url.hash);
  });
}

export type Route =
  | { page: 'stories' }
  | { page: 'story'; id: string }
  | { page: 'article'; id: string }
  | { page: 'entity'; name: string }
  | { page: 'ingest' }
  | { page: 'missing' };

export function routeOf(path: string): Route {
  if (path === '/' || path === '') return { page: 'stories' };
  if (path === '/ingest') return { page: 'ingest' };
  const match = /^\/(stories|articles|entities)\/([^/]+)\/?$/.exec(path);
  if (!match) return { page: 'missing' };
  let value: string;
  try {
    value = decodeURIComponent(match[2]!);
  } catch {
    return { page: 'missing' };
  }
  if (match[1] === 'stories') return { page: 'story', id: value };
  if (match[1] === 'articles') return { page: 'article', id: value };
  return { page: 'entity', name: value };
}

export const storyPath = (id: string): string => `/stories/${encodeURIComponent(id)}`;
export const articlePath = (id: string): string => `/articles/${encodeURIComponent(id)}`;
export const entityPath = (name: string): string => `/entities/${encodeURIComponent(name)}`;

/** The tab's title for the page shown: what it is, then the app. */
export function useTitle(title: string | null): void {
  useEffect(() => {
    document.title = title ? `${title} · Storyline` : 'Storyline';
  }, [title]);
}
