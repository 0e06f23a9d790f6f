import type { Store } from '../../platform/db/index.js';
import { randomSecret, sha256Hex } from './token.codec.js';
import { systemClock, type Clock } from '../../platform/clock/index.js';

/** How long a browser session lasts without use, and at most. */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
export const SESSION_MAX_MS = 14 * 24 * 60 * 60 * 1000;
/** last_seen_at / expires_at are slid at most once a minute, not on every request. */
const TOUCH_RESOLUTION_MS = 60_000;

/** A live session as resolved from its cookie. */
export interface Session {
  /** The stored id (SHA-256 of the cookie value). */
  readonly id: string;
  readonly userId: number;
  readonly csrfToken: string;
  readonly expiresAt: number;
}

/** Browser sessions; the cookie carries a random id, the store only its hash. */
export class SessionRepository {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Starts a session; returns the cookie value (shown to the browser only) and the session. */
  async create(userId: number, now = this.clock.now()): Promise<{ cookie: string; session: Session }> {
    const cookie = randomSecret();
    const session: Session = {
      id: sha256Hex(cookie),
      userId,
      csrfToken: randomSecret(),
      expiresAt: now + SESSION_IDLE_MS,
    };
    await this.store.db
      .insertInto('sessions')
      .values({
        id: session.id,
        user_id: userId,
        csrf_token: session.csrfToken,
        created_at: now,
        expires_at: session.expiresAt,
        last_seen_at: now,
      })
      .execute();
    return { cookie, session };
  }

  /** The live session behind a cookie value, sliding its idle expiry; undefined when gone. */
  async resolve(cookie: string, now = this.clock.now()): Promise<Session | undefined> {
    const id = sha256Hex(cookie);
    const row = await this.store.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    if (row.expires_at <= now || now - row.created_at >= SESSION_MAX_MS) {
      await this.store.db.deleteFrom('sessions').where('id', '=', id).execute();
      return undefined;
    }
    let expiresAt = row.expires_at;
    if (now - row.last_seen_at >= TOUCH_RESOLUTION_MS) {
      expiresAt = Math.min(now + SESSION_IDLE_MS, row.created_at + SESSION_MAX_MS);
      await this.store.db.updateTable('sessions').set({ last_seen_at: now, expires_at: expiresAt }).where('id', '=', id).execute();
    }
    return { id, userId: row.user_id, csrfToken: row.csrf_token, expiresAt };
  }

  async delete(id: string): Promise<void> {
    await this.store.db.deleteFrom('sessions').where('id', '=', id).execute();
  }

  /** Removes expired sessions (called on sign-in; keeps the table small without a job). */
  async prune(now = this.clock.now()): Promise<void> {
    await this.store.db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
  }
}
