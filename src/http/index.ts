export { buildApi, BODY_LIMIT } from './app.js';
export { ErrorSchema, IdParamsSchema, privateErrorResponses, singleLine, UserSchema } from './api.schemas.js';
export { SESSION_COOKIE } from './authenticate.js';
export { defineRoutes, type ZodApp } from './define-routes.js';
export { CSRF_HEADER } from './route.guard.js';
export type { DeclaredRoute, RouteAccess } from './route.types.js';
// Re-exported for the CLI and tests that reach users through the API's surface; the module's own
// index (src/modules/users) is the place to import them from.
export {
  AuthService,
  can,
  ensureFirstAdmin,
  HEARTBEAT_STALE_MS,
  listHeartbeats,
  PERMISSIONS,
  permissionsOf,
  recordHeartbeat,
  requireUser,
  ROLE_PERMISSIONS,
  roleAllows,
  ROLES,
  type AuthUser,
  type Permission,
  type PermissionRequirement,
  type Role,
  type WorkerHeartbeat,
} from '../modules/users/index.js';
