import type { Kysely } from 'kysely';
import type { Logger } from '../../../platform/logger/index.js';
import type { DatabaseSchema } from '../../../platform/db/index.js';
import type { Campaign, ComposedMessage, MessageComposer, OutboxRow } from '../ports.js';
import { applyTracking, findTrackable } from './html.rewriter.js';
import { LinkRegistry } from './tracking.links.js';
import type { TrackingTokens } from './tracking.token.js';

/** Options for {@link TrackingComposer}. */
export interface TrackingComposerOptions {
  readonly db: Kysely<DatabaseSchema>;
  readonly tokens: TrackingTokens;
  /** TIDINGS_PUBLIC_URL; without it nothing is tracked (the pixel and redirects need a reachable host). */
  readonly publicUrl?: string | undefined;
  readonly logger?: Logger | undefined;
}

/** The path of a one-click unsubscribe URL (see unsubscribe.token.ts), on any host. */
const UNSUBSCRIBE_PATH = /\/u\/[0-9a-z]{1,11}-[a-z2-7]{26}$/;

/** Base of the tracking URLs: `<public>/t/o/<token>` opens, `<public>/t/c/<token>` clicks. */
export const trackingBase = (publicUrl: string): string => `${publicUrl.replace(/\/+$/, '')}/t`;

/**
 * Adds open and click tracking to the composed HTML of campaigns that asked for it
 * (`campaigns.tracking`, off by default; one-off emails only when the sender asked): absolute
 * http(s) links go through `/t/c/<token>` and a pixel `/t/o/<token>` goes before `</body>`.
 * It wraps the composer rather than living in `buildEmail` because the link ids come from the
 * store, which `buildEmail` (synchronous, store-free) cannot reach. Plain-text parts stay as
 * written: a rewritten URL there is all the reader sees.
 */
export class TrackingComposer implements MessageComposer {
  private readonly links: LinkRegistry;

  constructor(
    private readonly inner: MessageComposer,
    private readonly options: TrackingComposerOptions,
  ) {
    this.links = new LinkRegistry(options.db);
  }

  async compose(row: OutboxRow, campaign: Campaign): Promise<ComposedMessage> {
    const composed = await this.inner.compose(row, campaign);
    const { publicUrl } = this.options;
    if (campaign.tracking !== 1 || !publicUrl || row.channel !== 'email' || !composed.html) return composed;
    const base = trackingBase(publicUrl);
    const own = `${publicUrl.replace(/\/+$/, '')}/`;
    // Our own links stay: the unsubscribe page (whatever public URL rendered it) and tracking URLs.
    const skip = (url: string) => UNSUBSCRIBE_PATH.test(url) || (url.startsWith(own) && /^\/[ut]\//.test(url.slice(own.length - 1)));
    try {
      const plan = findTrackable(composed.html, skip);
      const ids = await this.links.idsFor(
        Number(campaign.id),
        plan.links.map((l) => l.url),
      );
      const { tokens } = this.options;
      const outboxId = Number(row.id);
      const html = applyTracking(
        composed.html,
        { ...plan, links: plan.links.filter((l) => ids.has(l.url)) },
        (url) => `${base}/c/${tokens.sign({ kind: 'click', outboxId, linkId: ids.get(url)! })}`,
        `${base}/o/${tokens.sign({ kind: 'open', outboxId })}`,
      );
      return { ...composed, html };
    } catch (error) {
      // Tracking is an extra: the message still goes out, untracked, rather than failing.
      this.options.logger?.warn({ outboxId: row.id, campaignId: campaign.id, err: (error as Error).message }, 'tracking skipped for a message');
      return composed;
    }
  }
}
