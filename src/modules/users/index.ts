/**
 * Public surface of src/modules/users: people who sign in (users, roles and permissions), their
 * sessions and API tokens, sign-in with its limiter and password hashing, the first admin, and
 * the worker heartbeats /health reports.
 */
export { can, requireUser, toAuthUser, type AuthUser } from './auth-user.js';
export { AuthService, BAD_CREDENTIALS } from './auth.service.js';
export { ensureFirstAdmin } from './first-admin.js';
export { ipKey, LoginLimiter, type LoginAttempt, type LoginLimiterOptions } from './login.limiter.js';
export {
  currentHashParams,
  decoyPasswordHash,
  hashParamsOf,
  hashPassword,
  MAX_CONCURRENT_HASHES,
  needsRehash,
  PASSWORD_HASH_PARAMS,
  usePasswordHashCostForTests,
  verifyPassword,
  type ScryptParams,
} from './password.hash.js';
export {
  isRole,
  PERMISSIONS,
  permissionsOf,
  ROLE_PERMISSIONS,
  roleAllows,
  ROLES,
  type Permission,
  type PermissionRequirement,
  type Role,
} from './permissions.js';
export { SESSION_IDLE_MS, SESSION_MAX_MS, SessionRepository, type Session } from './session.repository.js';
export { displayPrefix, looksLikeApiToken, newApiToken, randomSecret, safeEqual, sha256Hex, TOKEN_PREFIX } from './token.codec.js';
export { TokenRepository, type ApiTokenInfo } from './token.repository.js';
export {
  checkPassword,
  normaliseEmail,
  normaliseUsername,
  PASSWORD_MAX,
  PASSWORD_MIN,
  USERNAME_PATTERN,
  UserEmailSchema,
  UserRepository,
  type NewUser,
  type User,
} from './user.repository.js';
export { newOneTimePassword, UserAdminService, type NewPerson, type UserChange } from './user-admin.service.js';
export { apiErrors } from './users.errors.js';
export { apiMigrations } from './users.migrations.js';
export type { ApiTables } from './users.tables.js';
export { HEARTBEAT_STALE_MS, listHeartbeats, recordHeartbeat, workerStatus, type WorkerHeartbeat, type WorkerStatus } from './worker.heartbeat.js';
