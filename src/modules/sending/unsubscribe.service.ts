import type { Kysely } from 'kysely';
import type { SecretBox } from '../../platform/crypto/index.js';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { TidingsError } from '../../platform/errors/index.js';
import { suppress, type Channel } from '../customers/index.js';
import { findUnsubscribeRow, UnsubscribeTokens } from './unsubscribe.token.js';

/** The message an unsubscribe link was sent with. */
export interface UnsubscribeTarget {
  readonly id: number;
  readonly campaignId: number;
  readonly channel: Channel;
  readonly address: string;
}

/**
 * One-click unsubscribe (RFC 8058) by the signed token of a sent message's link. The token is
 * the row's unsubscribe token, not its reply token: the reply token is quoted in every reply's
 * In-Reply-To/References, so anyone copied on a thread would hold it. Links sent before that
 * change carried the reply token; they are refused like any invalid link.
 */
export class UnsubscribeService {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #tokens: UnsubscribeTokens;

  constructor(db: Kysely<DatabaseSchema>, tokens: UnsubscribeTokens) {
    this.#db = db;
    this.#tokens = tokens;
  }

  /** A service whose tokens are signed with the secret box's unsubscribe key. */
  static fromSecrets(db: Kysely<DatabaseSchema>, secrets: SecretBox): UnsubscribeService {
    return new UnsubscribeService(db, UnsubscribeTokens.fromSecrets(secrets));
  }

  /** The message the token was sent with; SEND_UNSUBSCRIBE_TOKEN when it is not one of ours. */
  async check(token: string): Promise<UnsubscribeTarget> {
    const row = await findUnsubscribeRow(this.#db, this.#tokens, token);
    if (!row) {
      throw new TidingsError(
        'SEND_UNSUBSCRIBE_TOKEN',
        'This unsubscribe link is not valid or has expired. Reply to the message with "unsubscribe" as the subject and we will take you off the list.',
      );
    }
    return { id: row.id, campaignId: row.campaignId, channel: row.channel, address: row.address };
  }

  /** Suppresses the address the token was sent to, on its channel, at once. */
  async unsubscribe(token: string): Promise<UnsubscribeTarget> {
    const target = await this.check(token);
    await suppress(this.#db, { channel: target.channel, value: target.address, reason: 'unsubscribed', detail: `one-click, campaign ${target.campaignId}` });
    return target;
  }
}
