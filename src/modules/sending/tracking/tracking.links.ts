import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../../platform/db/index.js';
import { systemClock, type Clock } from '../../../platform/clock/index.js';

type Db = Kysely<DatabaseSchema>;

const sha256 = (url: string): string => createHash('sha256').update(url).digest('hex');

/**
 * The link ids of a campaign's URLs, creating the rows that are missing. Idempotent and safe
 * under concurrent workers: the insert does nothing for a (campaign, URL) already there, and the
 * ids are read back afterwards. A link's id, not its position in the template, is what the click
 * token carries: personalised links have no fixed position, and an identity column needs no
 * coordination between workers.
 */
export async function registerLinks(db: Db, campaignId: number, urls: readonly string[], clock: Clock = systemClock): Promise<Map<string, number>> {
  const unique = [...new Set(urls)];
  const ids = new Map<string, number>();
  if (unique.length === 0) return ids;
  const byHash = new Map(unique.map((url) => [sha256(url), url]));
  const now = clock.now();
  await db
    .insertInto('send_tracking_links')
    .values([...byHash].map(([hash, url]) => ({ campaign_id: campaignId, url_sha256: hash, url, created_at: now })))
    .onConflict((oc) => oc.columns(['campaign_id', 'url_sha256']).doNothing())
    .execute();
  const rows = await db
    .selectFrom('send_tracking_links')
    .select(['id', 'url_sha256'])
    .where('campaign_id', '=', campaignId)
    .where('url_sha256', 'in', [...byHash.keys()])
    .execute();
  for (const row of rows) {
    const url = byHash.get(row.url_sha256);
    if (url !== undefined) ids.set(url, Number(row.id));
  }
  return ids;
}

/**
 * {@link registerLinks} behind a bounded in-memory map: link rows never change once written, so a
 * campaign's shared links cost two queries per process, not two per message.
 */
export class LinkRegistry {
  private readonly known = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly maxEntries = 20_000,
  ) {}

  async idsFor(campaignId: number, urls: readonly string[]): Promise<Map<string, number>> {
    const ids = new Map<string, number>();
    const missing: string[] = [];
    for (const url of urls) {
      const id = this.known.get(`${campaignId} ${url}`);
      if (id === undefined) missing.push(url);
      else ids.set(url, id);
    }
    if (missing.length === 0) return ids;
    const found = await registerLinks(this.db, campaignId, missing);
    // Personalised links would grow the map without end: start over rather than track recency.
    if (this.known.size + found.size > this.maxEntries) this.known.clear();
    for (const [url, id] of found) {
      ids.set(url, id);
      this.known.set(`${campaignId} ${url}`, id);
    }
    return ids;
  }
}

/** Where a click on link `linkId` of message `outboxId` goes; undefined unless the link belongs to that message's campaign. */
export async function clickTarget(db: Db, outboxId: number, linkId: number): Promise<{ url: string; campaignId: number } | undefined> {
  const row = await db
    .selectFrom('send_tracking_links as l')
    .innerJoin('outbox as o', 'o.campaign_id', 'l.campaign_id')
    .select(['l.url', 'l.campaign_id'])
    .where('l.id', '=', linkId)
    .where('o.id', '=', outboxId)
    .executeTakeFirst();
  return row ? { url: row.url, campaignId: Number(row.campaign_id) } : undefined;
}
