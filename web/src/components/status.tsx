import type { Loaded } from '../use-fetch.js';

/** Loading and error states, said the same way on every page. */
export function Status<T>(props: { loaded: Loaded<T>; what: string }) {
  if (props.loaded.state === 'loading') return <p class="status" role="status">Loading {props.what}…</p>;
  if (props.loaded.state === 'error') {
    return (
      <div class="status error" role="alert">
        <p>
          Could not load {props.what}
          {props.loaded.status ? ` (${props.loaded.status})` : ''}: {props.loaded.message}
        </p>
      </div>
    );
  }
  return null;
}
