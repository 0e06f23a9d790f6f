import type { Kysely } from 'kysely';
import type { SecretBox } from '../../../platform/crypto/index.js';
import type { DatabaseSchema } from '../../../platform/db/index.js';
import { clickTarget } from './tracking.links.js';
import { recordHit } from './tracking.store.js';
import { TrackingTokens } from './tracking.token.js';

/** How a tracked open or click arrived. */
export interface HitRequest {
  /** False for a look that must not count (e.g. a HEAD from a link scanner checking the URL). */
  readonly count: boolean;
  readonly userAgent: string | undefined;
}

/** User agents are stored cut to this many characters. */
const USER_AGENT_MAX = 256;

/**
 * Opens and clicks of tracked messages, by their signed token (HMAC of the message and link ids,
 * see tracking.token.ts). A token we did not sign, or one for the wrong kind, counts nothing.
 */
export class TrackingHits {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #tokens: TrackingTokens;

  constructor(db: Kysely<DatabaseSchema>, tokens: TrackingTokens) {
    this.#db = db;
    this.#tokens = tokens;
  }

  /** Hits verified with the secret box's tracking key. */
  static fromSecrets(db: Kysely<DatabaseSchema>, secrets: SecretBox): TrackingHits {
    return new TrackingHits(db, TrackingTokens.fromSecrets(secrets));
  }

  /** Counts an open when the token is a valid open token. */
  async open(token: string, request: HitRequest): Promise<void> {
    const target = this.#tokens.verify(token);
    if (target?.kind === 'open' && request.count) {
      await recordHit(this.#db, { outboxId: target.outboxId, kind: 'open', userAgent: userAgentOf(request) });
    }
  }

  /**
   * The URL stored for the clicked link when the message was built (never one from the request,
   * so this is no open redirect), after counting the click; undefined for an unknown or altered token.
   */
  async click(token: string, request: HitRequest): Promise<string | undefined> {
    const target = this.#tokens.verify(token);
    if (target?.kind !== 'click') return undefined;
    const link = await clickTarget(this.#db, target.outboxId, target.linkId);
    if (!link) return undefined;
    if (request.count) {
      await recordHit(this.#db, { outboxId: target.outboxId, kind: 'click', linkId: target.linkId, userAgent: userAgentOf(request) });
    }
    return link.url;
  }
}

function userAgentOf(request: HitRequest): string | undefined {
  return request.userAgent ? request.userAgent.slice(0, USER_AGENT_MAX) : undefined;
}
