export { buildApi, BODY_LIMIT } from './app.js';
export { ErrorSchema, IdParamsSchema, privateErrorResponses, singleLine, UserSchema } from './api.schemas.js';
export { can, requireUser, type AuthUser } from '../modules/users/auth-user.js';
export { AuthService } from '../modules/users/auth.service.js';
export { SESSION_COOKIE } from './authenticate.js';
export { defineRoutes, type ZodApp } from './define-routes.js';
export { ensureFirstAdmin } from '../modules/users/first-admin.js';
export {
  PERMISSIONS,
  permissionsOf,
  ROLE_PERMISSIONS,
  roleAllows,
  ROLES,
  type Permission,
  type PermissionRequirement,
  type Role,
} from '../modules/users/permissions.js';
export { CSRF_HEADER } from './route.guard.js';
export type { DeclaredRoute, RouteAccess } from './route.types.js';
export { HEARTBEAT_STALE_MS, listHeartbeats, recordHeartbeat, type WorkerHeartbeat } from './worker.heartbeat.js';
