import { useEffect, useRef, useState } from 'preact/hooks';
import { getJson, sendJson } from '../api.js';
import { plural } from '../format.js';
import { articlePath, useTitle } from '../router.js';
import type { IngestAccepted, IngestEventData, IngestJob, IngestJobList, IngestUrls } from '../types.js';

/** Ingest: paste URLs or feeds, or upload files; progress arrives as server-sent events. */

const ACCEPT = '.html,.htm,.txt,.json,.jsonl,.warc,.gz';

/** The job the page follows: as the server accepted it, then as its events report it. */
interface Followed {
  accepted: IngestAccepted;
  /** The latest snapshot; null until the first event arrives. */
  job: IngestJob | null;
  /** A `failed` event carries only its message, not the job. */
  failed: boolean;
}

function Tally(props: { tally: IngestJob['tally'] }) {
  const t = props.tally;
  return (
    <dl class="tally">
      <div><dt>Read</dt><dd>{t.read}</dd></div>
      <div><dt>Stored</dt><dd>{t.stored}</dd></div>
      <div><dt>New versions</dt><dd>{t.newVersions}</dd></div>
      <div><dt>Unchanged</dt><dd>{t.unchanged}</dd></div>
      <div><dt>Failed</dt><dd>{t.failed}</dd></div>
      <div><dt>Skipped</dt><dd>{t.skipped}</dd></div>
    </dl>
  );
}

export function IngestPage() {
  const [followed, setFollowed] = useState<Followed | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const source = useRef<EventSource | null>(null);
  const [recent, setRecent] = useState<IngestJob[]>([]);
  useTitle('Ingest');

  useEffect(() => () => source.current?.close(), []);
  const job = followed?.job ?? null;
  const state = followed ? (followed.failed ? 'failed' : (job?.state ?? followed.accepted.state)) : null;
  // The server's recent jobs, read again whenever the followed job changes state.
  useEffect(() => {
    getJson<IngestJobList>('/api/ingest').then((list) => setRecent(list.items), () => setRecent([]));
  }, [state]);

  const follow = (accepted: IngestAccepted): void => {
    source.current?.close();
    const events = new EventSource(accepted.events);
    source.current = events;
    setFollowed({ accepted, job: null, failed: false });
    const update = (event: MessageEvent<string>): void => {
      try {
        const snapshot = JSON.parse(event.data) as IngestEventData<'progress' | 'done'>;
        setFollowed((f) => (f ? { ...f, job: snapshot } : f));
      } catch {
        // A malformed event is skipped: the next snapshot carries the same state.
      }
    };
    events.addEventListener('progress', update);
    events.addEventListener('done', (event) => {
      update(event as MessageEvent<string>);
      events.close();
    });
    events.addEventListener('failed', (event) => {
      try {
        setError((JSON.parse((event as MessageEvent<string>).data) as IngestEventData<'failed'>).message);
      } catch {
        setError('the ingest failed');
      }
      setFollowed((f) => (f ? { ...f, failed: true } : f));
      events.close();
    });
    events.addEventListener('warning', (event) => {
      try {
        const w = JSON.parse((event as MessageEvent<string>).data) as IngestEventData<'warning'>;
        // Until the next snapshot, which lists it too.
        setFollowed((f) => (f?.job ? { ...f, job: { ...f.job, warnings: [...f.job.warnings, w] } } : f));
      } catch {
        // ignored as above
      }
    });
  };

  const onSubmit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const urls = String(data.get('urls') ?? '').split(/\s+/).map((u) => u.trim()).filter(Boolean);
    const files = (form.elements.namedItem('files') as HTMLInputElement | null)?.files;
    const token = String(data.get('token') ?? '').trim();
    const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
    setError(null);
    setFollowed(null);
    if (urls.length === 0 && (!files || files.length === 0)) {
      setError('Paste at least one URL or choose a file.');
      return;
    }
    setSending(true);
    try {
      const starts: Promise<IngestAccepted>[] = [];
      if (files && files.length > 0) {
        const upload = new FormData();
        for (const file of Array.from(files)) upload.append('files', file, file.name);
        starts.push(sendJson<IngestAccepted>('/api/ingest', { method: 'POST', body: upload, headers }));
      }
      if (urls.length > 0) {
        const body: IngestUrls = { urls };
        starts.push(sendJson<IngestAccepted>('/api/ingest', { method: 'POST', body: JSON.stringify(body), headers: { ...headers, 'Content-Type': 'application/json' } }));
      }
      // Files and URLs are two jobs; the page follows the last one started (Recent ingests lists both).
      const accepted = await Promise.all(starts);
      follow(accepted[accepted.length - 1]!);
      form.reset();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setSending(false);
    }
  };

  const summary = job?.summary ?? null;
  const added = (summary?.articles ?? []).filter((a) => a.outcome !== 'unchanged');
  return (
    <>
      <h1>Ingest</h1>
      <form class="card ingest-form" onSubmit={(e) => void onSubmit(e)}>
        <div class="field">
          <label for="i-urls">Article, feed or sitemap URLs, one per line</label>
          <textarea id="i-urls" name="urls" rows={5} placeholder="https://example.org/news/article.html"></textarea>
        </div>
        <div class="field">
          <label for="i-files">Or upload files ({ACCEPT.replaceAll(',', ' ')})</label>
          <input id="i-files" name="files" type="file" multiple accept={ACCEPT} />
        </div>
        <div class="field">
          <label for="i-token">Token (only when the server asks for one)</label>
          <input id="i-token" name="token" type="password" autocomplete="off" />
        </div>
        <button type="submit" disabled={sending}>{sending ? 'Sending…' : 'Ingest'}</button>
      </form>
      {error ? <p class="status error" role="alert">{error}</p> : null}
      {followed ? (
        <section class="card" aria-labelledby="progress-heading" aria-live="polite">
          <h2 id="progress-heading">Job {followed.accepted.id.slice(0, 8)}: <span class="job-state">{state}</span></h2>
          {job?.current && state === 'running' && job.stage === 'reading' ? <p class="meta">Reading {job.current}</p> : null}
          {state === 'running' && job?.stage === 'linking' ? <p class="meta">Placing the new articles into stories…</p> : null}
          {job ? <Tally tally={job.tally} /> : null}
          {state === 'done' && summary ? (
            <p class="done-message">
              Done: {plural(summary.newStories, 'new story', 'new stories')}, {plural(summary.linked, 'article')} placed into stories. <a href="/">See the stories</a>.
            </p>
          ) : null}
          {added.length > 0 ? (
            <ul class="plain">
              {added.slice(0, 50).map((a) => <li key={a.id}><a href={articlePath(a.id)}>article {a.id.slice(0, 8)}</a> <span class="kind">{a.outcome}</span></li>)}
            </ul>
          ) : null}
          {summary && summary.failures.length > 0 ? (
            <details><summary>{plural(summary.failures.length, 'failure')}</summary><ul>{summary.failures.map((f, i) => <li key={i}>{f.origin}: {f.reason}</li>)}</ul></details>
          ) : null}
          {job && job.warnings.length > 0 ? <ul class="warnings">{job.warnings.map((w, i) => <li key={i}>{w.url}: {w.message}</li>)}</ul> : null}
        </section>
      ) : null}
      {recent.length > 0 ? (
        <section class="card" aria-labelledby="recent-heading">
          <h2 id="recent-heading">Recent ingests</h2>
          <ul class="plain">
            {recent.slice(0, 10).map((r) => (
              <li key={r.id}>
                {r.id.slice(0, 8)}: {r.state}
                <span class="meta"> · {r.inputs.slice(0, 3).join(', ')}{r.inputs.length > 3 ? ` and ${r.inputs.length - 3} more` : ''} · {plural(r.tally.stored, 'article')} stored</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
