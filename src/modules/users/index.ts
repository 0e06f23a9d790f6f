/** Public surface of src/modules/users: people and systems that use the API, their roles and tokens. */
export { isRole, permissionsOf, roleAllows, PERMISSIONS, ROLES, type Permission, type PermissionRequirement, type Role } from './permissions.js';
export { randomSecret } from './token.codec.js';
export { TokenRepository, type ApiTokenInfo } from './token.repository.js';
export { UserRepository, type NewUser, type User } from './user.repository.js';
// What the app's registries collect from this module (error codes, migrations, tables, settings).
export { apiErrors } from './users.errors.js';
export { apiMigrations } from './users.migrations.js';
export type { ApiTables } from './users.tables.js';
