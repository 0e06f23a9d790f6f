export { buildApi, BODY_LIMIT } from './app.js';
export { ErrorSchema, IdParamsSchema, privateErrorResponses, singleLine, UserSchema } from './api.schemas.js';
export { AuthService, type AuthUser, can, ensureFirstAdmin, type Permission, type PermissionRequirement, PERMISSIONS, permissionsOf, requireUser, type Role, ROLE_PERMISSIONS, roleAllows, ROLES } from '../modules/users/index.js';
export { SESSION_COOKIE } from './authenticate.js';
export { defineRoutes, type ZodApp } from './define-routes.js';
export { messagesSentTotal, pollerLagSeconds, queueDepth, sharedMetricsRegistry } from '../platform/metrics/metrics.registry.js';
export { CSRF_HEADER } from './route.guard.js';
export type { DeclaredRoute, RouteAccess } from './route.types.js';
export { HEARTBEAT_STALE_MS, listHeartbeats, recordHeartbeat, type WorkerHeartbeat } from '../modules/users/index.js';
