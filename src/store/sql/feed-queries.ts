import type { Kysely, Transaction } from 'kysely';
import type { StorylineDatabase } from '../schema.js';
import type { FeedCheck, FeedSubscription, HandledFeedItem } from '../store.js';

/**
 * Watched feeds in SQL: subscriptions with their polling state, and the items already handled so
 * a restarted watch fetches nothing twice.
 */

type Db = Kysely<StorylineDatabase>;
type Tx = Transaction<StorylineDatabase>;

/** SQLite allows at most 32,766 bound parameters; lookups are chunked well below that. */
const LOOKUP_CHUNK = 500;

export async function addFeeds(db: Db, feeds: readonly { url: string; intervalSeconds: number }[]): Promise<number> {
  if (feeds.length === 0) return 0;
  const addedAt = new Date().toISOString();
  return db.transaction().execute(async (trx) => {
    let added = 0;
    for (const feed of feeds) {
      const known = await trx.selectFrom('feed_subscriptions').select('url').where('url', '=', feed.url).executeTakeFirst();
      if (known) {
        await trx.updateTable('feed_subscriptions').set({ interval_seconds: feed.intervalSeconds }).where('url', '=', feed.url).execute();
      } else {
        await trx.insertInto('feed_subscriptions').values({ url: feed.url, interval_seconds: feed.intervalSeconds, added_at: addedAt }).execute();
        added++;
      }
    }
    return added;
  });
}

export async function removeFeed(db: Db, url: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const removed = await trx.deleteFrom('feed_subscriptions').where('url', '=', url).executeTakeFirst();
    await trx.deleteFrom('feed_items').where('feed_url', '=', url).execute();
    return Number(removed.numDeletedRows) > 0;
  });
}

export async function listFeeds(db: Db): Promise<FeedSubscription[]> {
  const rows = await db
    .selectFrom('feed_subscriptions as f')
    .selectAll('f')
    .select((eb) => eb.selectFrom('feed_items as i').whereRef('i.feed_url', '=', 'f.url').select((e) => e.fn.countAll<number>().as('n')).as('items_handled'))
    .orderBy('f.added_at')
    .orderBy('f.url')
    .execute();
  return rows.map((r) => ({
    url: r.url,
    title: r.title,
    intervalSeconds: r.interval_seconds,
    addedAt: r.added_at,
    etag: r.etag,
    lastModified: r.last_modified,
    lastCheckedAt: r.last_checked_at,
    nextCheckAt: r.next_check_at,
    lastError: r.last_error,
    consecutiveFailures: Number(r.consecutive_failures),
    itemsHandled: Number(r.items_handled ?? 0),
  }));
}

export async function recordFeedCheck(db: Db, url: string, check: FeedCheck): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const known = await trx.selectFrom('feed_subscriptions').select('consecutive_failures').where('url', '=', url).executeTakeFirst();
    if (!known) return;
    await trx
      .updateTable('feed_subscriptions')
      .set({
        last_checked_at: check.checkedAt,
        next_check_at: check.nextCheckAt,
        last_error: check.error,
        consecutive_failures: check.error === null ? 0 : Number(known.consecutive_failures) + 1,
        ...(check.etag !== undefined ? { etag: check.etag } : {}),
        ...(check.lastModified !== undefined ? { last_modified: check.lastModified } : {}),
        ...(check.title !== undefined && check.title !== null ? { title: check.title } : {}),
      })
      .where('url', '=', url)
      .execute();
  });
}

export async function handledFeedItems(db: Db, feedUrl: string, itemIds: readonly string[]): Promise<Set<string>> {
  const handled = new Set<string>();
  for (let i = 0; i < itemIds.length; i += LOOKUP_CHUNK) {
    const rows = await db
      .selectFrom('feed_items')
      .select('item_id')
      .where('feed_url', '=', feedUrl)
      .where('item_id', 'in', itemIds.slice(i, i + LOOKUP_CHUNK))
      .execute();
    for (const r of rows) handled.add(r.item_id);
  }
  return handled;
}

export async function recordFeedItems(db: Db, items: readonly HandledFeedItem[]): Promise<void> {
  if (items.length === 0) return;
  const handledAt = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    for (const item of items) {
      await writeFeedItem(trx, { ...item, reason: item.reason ?? null }, handledAt);
    }
  });
}

/** Records one handled item; an item handled before keeps its first record. */
export async function writeFeedItem(
  trx: Tx,
  item: { feedUrl: string; itemId: string; articleUrl: string | null; outcome: string; reason: string | null },
  handledAt: string,
): Promise<void> {
  await trx
    .insertInto('feed_items')
    .values({ feed_url: item.feedUrl, item_id: item.itemId, article_url: item.articleUrl, outcome: item.outcome, reason: item.reason, handled_at: handledAt })
    .onConflict((oc) => oc.columns(['feed_url', 'item_id']).doNothing())
    .execute();
}

/** Forgets that an item was handed to workers, so the next poll of its feed queues it again. */
export async function forgetQueuedFeedItem(trx: Tx, item: { feedUrl: string; itemId: string }): Promise<void> {
  await trx.deleteFrom('feed_items').where('feed_url', '=', item.feedUrl).where('item_id', '=', item.itemId).where('outcome', '=', 'queued').execute();
}

export async function storedUrls(db: Db, urls: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < urls.length; i += LOOKUP_CHUNK) {
    const chunk = urls.slice(i, i + LOOKUP_CHUNK);
    const rows = await db
      .selectFrom('documents')
      .select(['url', 'origin'])
      .where((eb) => eb.or([eb('url', 'in', chunk), eb('origin', 'in', chunk)]))
      .execute();
    const wanted = new Set(chunk);
    for (const r of rows) {
      if (r.url !== null && wanted.has(r.url)) found.add(r.url);
      if (wanted.has(r.origin)) found.add(r.origin);
    }
  }
  return found;
}
