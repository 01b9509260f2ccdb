import { useEffect, useState } from 'preact/hooks';
import { getJson } from './api.js';

export type Loaded<T> =
  | { state: 'loading' }
  | { state: 'error'; status: number | null; message: string }
  | { state: 'done'; data: T };

/** GET a route whenever it changes; a stale answer (the route moved on) is dropped. */
export function useFetch<T>(route: string | null): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  useEffect(() => {
    if (route === null) return;
    const controller = new AbortController();
    setLoaded({ state: 'loading' });
    getJson<T>(route, controller.signal).then(
      (data) => setLoaded({ state: 'done', data }),
      (e: unknown) => {
        if (controller.signal.aborted) return;
        const status = typeof e === 'object' && e !== null && 'status' in e ? Number((e as { status: unknown }).status) : null;
        setLoaded({ state: 'error', status, message: e instanceof Error ? e.message : String(e) });
      },
    );
    return () => controller.abort();
  }, [route]);
  return loaded;
}
