import type { Selectable } from 'kysely';
import { TidingsError } from '../../platform/errors/index.js';
import type { Store } from '../../platform/db/index.js';
import type { ApiTokensTable } from './users.tables.js';
import { displayPrefix, newApiToken, sha256Hex } from './token.codec.js';
import { systemClock, type Clock } from '../../platform/clock/index.js';

/** An API token's metadata; the token itself exists only in the creator's hands. */
export interface ApiTokenInfo {
  readonly id: number;
  readonly userId: number;
  readonly name: string;
  readonly prefix: string;
  readonly createdAt: number;
  readonly lastUsedAt: number | null;
  readonly expiresAt: number | null;
  readonly revokedAt: number | null;
}

function toInfo(row: Selectable<ApiTokensTable>): ApiTokenInfo {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}

/** last_used_at is written at most once a minute per token, not on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** API tokens in the store, kept as SHA-256 hashes. */
export class TokenRepository {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Creates a token; the returned `token` is the only time it is ever seen in clear. */
  async create(input: { userId: number; name: string; expiresAt?: number | null }): Promise<{ token: string; info: ApiTokenInfo }> {
    const name = input.name.trim();
    if (name === '' || name.length > 100 || /[\r\n\0]/.test(name)) {
      throw new TidingsError('VALIDATION_FAILED', 'name: give the token a name of 1 to 100 characters on one line');
    }
    const token = newApiToken();
    const row = await this.store.db
      .insertInto('api_tokens')
      .values({
        user_id: input.userId,
        name,
        token_hash: sha256Hex(token),
        prefix: displayPrefix(token),
        created_at: this.clock.now(),
        last_used_at: null,
        expires_at: input.expiresAt ?? null,
        revoked_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { token, info: toInfo(row) };
  }

  async list(userId?: number): Promise<ApiTokenInfo[]> {
    let query = this.store.db.selectFrom('api_tokens').selectAll().orderBy('id');
    if (userId !== undefined) query = query.where('user_id', '=', userId);
    return (await query.execute()).map(toInfo);
  }

  /** Revokes a token by id; NOT_FOUND when there is none. Revoking twice keeps the first time. */
  async revoke(id: number): Promise<ApiTokenInfo> {
    const row = await this.store.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new TidingsError('NOT_FOUND', `No API token with id ${id}.`);
    if (row.revoked_at === null) {
      await this.store.db.updateTable('api_tokens').set({ revoked_at: this.clock.now() }).where('id', '=', id).execute();
    }
    return toInfo((await this.store.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirstOrThrow()));
  }

  /**
   * The live token matching `token` (not revoked, not expired), or undefined. The lookup is by
   * hash through a unique index, so no secret is ever compared byte by byte in JS.
   */
  async resolve(token: string, now = this.clock.now()): Promise<ApiTokenInfo | undefined> {
    const row = await this.store.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('token_hash', '=', sha256Hex(token))
      .executeTakeFirst();
    if (!row || row.revoked_at !== null || (row.expires_at !== null && row.expires_at <= now)) return undefined;
    if (row.last_used_at === null || now - row.last_used_at >= LAST_USED_RESOLUTION_MS) {
      await this.store.db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
    }
    return toInfo(row);
  }
}
