/**
 * Public surface of src/modules/company: the company profile (name, address, logo, default time
 * zone and language, SMS signature) that built-in templates sign with and new campaigns default to.
 */
export {
  CompanyProfilePatchSchema,
  DEFAULT_COMPANY_PROFILE,
  LOGO_MAX_CHARS,
  readCompanyProfile,
  updateCompanyProfile,
  type CompanyProfile,
  type CompanyProfilePatch,
} from './company.profile.js';
// What the app's registries collect from this module (migrations, tables).
export { companyMigrations } from './company.migrations.js';
export type { CompanyTables } from './company.tables.js';
