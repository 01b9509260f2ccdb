import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import { documentOf } from '../../model/document.js';
import type { StorylineDatabase } from '../schema.js';
import type { IngestRunProgress, InputToQueue, QueuedInput } from '../store.js';

type Db = Kysely<StorylineDatabase>;
type Tx = Transaction<StorylineDatabase>;

/** Failures a run's progress lists at most: the counts cover all of them. */
const LISTED_FAILURES = 100;

const FailuresSchema = z.array(z.object({ origin: z.string(), reason: z.string() }));
const SiteChromeSchema = z.array(z.string());

export async function startIngestRun(db: Db, inputs: string): Promise<number> {
  const { id } = await db.insertInto('ingest_runs').values({ started_at: new Date().toISOString(), inputs }).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function queueInputs(trx: Tx, runId: number, inputs: readonly InputToQueue[]): Promise<number[]> {
  const now = new Date().toISOString();
  const ids: number[] = [];
  for (const input of inputs) {
    const row = input.kind === 'document'
      ? {
          kind: 'document', origin: input.document.origin, url: input.document.url, fetched_at: input.document.fetchedAt, content_type: input.document.contentType,
          declared_charset: input.document.declaredCharset, content_hash: input.document.contentHash, bytes: input.document.bytes,
          site_chrome_json: input.siteChrome && input.siteChrome.length > 0 ? JSON.stringify(input.siteChrome) : null,
        }
      : input.kind === 'url'
        ? { kind: 'url', origin: input.url, url: input.url, feed_url: input.feedItem?.feedUrl ?? null, feed_item_id: input.feedItem?.itemId ?? null }
        : {
            kind: input.kind, origin: input.origin, settled_at: now,
            ...(input.kind === 'failed' ? { failed: 1, failures_json: JSON.stringify([{ origin: input.origin, reason: input.reason }]) } : { skipped: 1 }),
          };
    const { id } = await trx.insertInto('queued_inputs').values({ run_id: runId, ...row }).returning('id').executeTakeFirstOrThrow();
    ids.push(id);
  }
  return ids;
}

export async function finishQueueing(db: Db, runId: number): Promise<void> {
  await db.updateTable('ingest_runs').set({ enqueue_finished_at: new Date().toISOString() }).where('id', '=', runId).where('enqueue_finished_at', 'is', null).execute();
}

export async function queuedInputs(db: Db, ids: readonly number[]): Promise<QueuedInput[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('queued_inputs').selectAll().where('id', 'in', [...ids]).where('settled_at', 'is', null).orderBy('id').execute();
  return rows.map((r): QueuedInput => {
    if (r.kind === 'url') {
      const feedItem = r.feed_url !== null && r.feed_item_id !== null ? { feedUrl: r.feed_url, itemId: r.feed_item_id } : null;
      return { id: r.id, runId: r.run_id, kind: 'url', url: r.url ?? r.origin, feedItem };
    }
    if (r.kind !== 'document' || r.bytes === null || r.fetched_at === null || r.content_type === null) {
      throw new Error(`queued input ${r.id} (${r.origin}) is not a document or URL the worker can take`);
    }
    const document = documentOf({
      bytes: new Uint8Array(r.bytes), origin: r.origin, url: r.url, fetchedAt: r.fetched_at, contentType: r.content_type, declaredCharset: r.declared_charset,
    });
    if (r.content_hash !== null && document.contentHash !== r.content_hash) throw new Error(`queued document ${r.origin} changed in the ledger: its bytes no longer match their hash`);
    const siteChrome = r.site_chrome_json === null ? null : SiteChromeSchema.parse(JSON.parse(r.site_chrome_json));
    return { id: r.id, runId: r.run_id, kind: 'document', document, siteChrome };
  });
}

/** Which of these inputs are still unsettled (read inside the settling transaction). */
export async function unsettledIds(trx: Tx, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await trx.selectFrom('queued_inputs').select('id').where('id', 'in', [...ids]).where('settled_at', 'is', null).execute();
  return new Set(rows.map((r) => r.id));
}

export async function markSettled(
  trx: Tx,
  inputId: number,
  tally: { stored: number; newVersions: number; unchanged: number; failed: number; skipped: number; failures: readonly { origin: string; reason: string }[] },
): Promise<void> {
  await trx
    .updateTable('queued_inputs')
    .set({
      settled_at: new Date().toISOString(), bytes: null, stored: tally.stored, new_versions: tally.newVersions, unchanged: tally.unchanged, failed: tally.failed,
      skipped: tally.skipped, failures_json: tally.failures.length > 0 ? JSON.stringify(tally.failures) : null,
    })
    .where('id', '=', inputId)
    .execute();
}

export async function ingestRunProgress(db: Db, runId: number): Promise<IngestRunProgress | null> {
  const run = await db.selectFrom('ingest_runs').selectAll().where('id', '=', runId).executeTakeFirst();
  if (!run) return null;
  const sums = await db
    .selectFrom('queued_inputs')
    .select((eb) => [
      eb.fn.countAll<number>().as('queued'),
      eb.fn.count<number>('settled_at').as('settled'),
      eb.fn.sum<number>('stored').as('stored'),
      eb.fn.sum<number>('new_versions').as('new_versions'),
      eb.fn.sum<number>('unchanged').as('unchanged'),
      eb.fn.sum<number>('failed').as('failed'),
      eb.fn.sum<number>('skipped').as('skipped'),
    ])
    .where('run_id', '=', runId)
    .executeTakeFirstOrThrow();
  const failureRows = await db
    .selectFrom('queued_inputs')
    .select('failures_json')
    .where('run_id', '=', runId)
    .where('failures_json', 'is not', null)
    .orderBy('id')
    .limit(LISTED_FAILURES)
    .execute();
  const failures = failureRows.flatMap((r) => FailuresSchema.parse(JSON.parse(r.failures_json!))).slice(0, LISTED_FAILURES);
  return {
    id: run.id, inputs: run.inputs, startedAt: run.started_at, queued: Number(sums.queued), settled: Number(sums.settled), stored: Number(sums.stored ?? 0),
    newVersions: Number(sums.new_versions ?? 0), unchanged: Number(sums.unchanged ?? 0), failed: Number(sums.failed ?? 0), skipped: Number(sums.skipped ?? 0),
    failures, enqueueFinished: run.enqueue_finished_at !== null, linkedAt: run.linked_at, linked: run.linked ?? 0, newStories: run.new_stories ?? 0,
  };
}

export async function nextRunToLink(db: Db): Promise<{ runId: number } | null> {
  // A run still being queued holds up no other: its enqueuer may have died, or be reading a large
  // archive while watch rounds come and go. Runs queued in full are linked in the order they began.
  const run = await db
    .selectFrom('ingest_runs')
    .select('id')
    .where('linked_at', 'is', null)
    .where('enqueue_finished_at', 'is not', null)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  if (!run) return null;
  const unsettled = await db.selectFrom('queued_inputs').select('id').where('run_id', '=', run.id).where('settled_at', 'is', null).limit(1).executeTakeFirst();
  return unsettled ? null : { runId: run.id };
}

export async function markRunLinked(db: Db, runId: number, linked: number, newStories: number): Promise<void> {
  await db.updateTable('ingest_runs').set({ linked_at: new Date().toISOString(), linked, new_stories: newStories }).where('id', '=', runId).execute();
}
