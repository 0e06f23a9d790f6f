import type { ColumnType, Generated } from 'kysely';
import type { Role } from './permissions.js';

/** A person or system that signs in. Passwords are scrypt hashes (see password.hash.ts). */
export interface UsersTable {
  id: Generated<number>;
  /** Unique, lower-case sign-in name. */
  username: string;
  display_name: string;
  role: Role;
  /** `scrypt$N$r$p$salt$hash` (base64url); null for a user that can only use API tokens. */
  password_hash: string | null;
  /** 1 = cannot sign in and its tokens and sessions stop working. */
  disabled: number;
  /** A sales rep's own sending account (mail_accounts.id), used for one-off emails. */
  mail_account_id: number | null;
  /** 1 = the password is a one-time password its holder must replace before anything else. */
  must_change_password: Generated<number>;
  /** The person's own address for system mail such as the reminder digest (migration 0820); null: none given. */
  email: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: number;
  updated_at: number;
}

/** Bearer tokens for systems; only the SHA-256 of the token is stored. */
export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  /** Hex SHA-256 of the whole token string; unique. */
  token_hash: string;
  /** The first characters of the token, shown in lists so people can tell tokens apart. */
  prefix: string;
  created_at: number;
  last_used_at: number | null;
  expires_at: number | null;
  revoked_at: number | null;
}

/** Browser sessions; the id column is the SHA-256 of the cookie value, never the value itself. */
export interface SessionsTable {
  id: string;
  user_id: number;
  /** Double-submit token: unsafe requests must echo it in `x-csrf-token`. */
  csrf_token: string;
  created_at: number;
  expires_at: number;
  last_seen_at: number;
}

/**
 * One counter per sign-in limiting key (`user:<name>`, `ip:<address>` or `pair:<address> <name>`)
 * over a fixed window starting at its first attempt; see login.limiter.ts. Pruned as it ages.
 */
export interface LoginLimitsTable {
  key: string;
  window_start: number;
  attempts: number;
}

/** Last sign of life from each worker process, for /health. */
export interface WorkerHeartbeatsTable {
  worker_id: string;
  /** What the worker does, e.g. `send`, `inbox-poller`, `scheduler`. */
  kind: string;
  host: string;
  pid: number;
  seen_at: number;
}

/**
 * Row types of the tables src/api adds in its own migrations (see api.migrations.ts), merged into
 * the store's DatabaseSchema.
 */
export interface ApiTables {
  users: UsersTable;
  api_tokens: ApiTokensTable;
  sessions: SessionsTable;
  login_limits: LoginLimitsTable;
  worker_heartbeats: WorkerHeartbeatsTable;
}

declare module '../../platform/db/schema.js' {
  // Registers this module's tables in the store's schema (see DatabaseSchema).
  interface DatabaseSchema extends ApiTables {}
}
