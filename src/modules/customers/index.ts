export {
  findEmailSuppressions,
  findSuppression,
  isSuppressed,
  listSuppressions,
  normaliseValue,
  suppress,
  suppressMarketing,
  type MarketingWithdrawal,
  unsuppress,
  type BlockingSuppression,
  type Channel,
  type ListSuppressionsOptions,
  type Suppression,
  type SuppressionInput,
  type SuppressionReason,
} from './suppressions.js';
export { emailDomain, normaliseEmail, normalisePhone } from './address.normaliser.js';
export { formatBirthday, isValidBirthday, parseBirthday, type Birthday } from './birthday.parser.js';
export { checkLunarBirthday, formatLunarBirthday, parseLunarBirthday, type LunarBirthday, type LunarBirthdayResult } from './lunar-birthday.parser.js';
export { COMPOUND_SURNAMES, isChineseName, joinName, splitName, type PersonName } from './name.parser.js';
export { CustomerInputSchema, normaliseCustomer, type CustomerData, type CustomerInput, type FieldIssue } from './customer.schema.js';
export type { BirthdayCalendar, Customer, CustomerOptions } from './customer.model.js';
export {
  createCustomer,
  deleteCustomer,
  findCustomer,
  findCustomerIdByAddress,
  getCustomer,
  loadCustomers,
  resolveCustomerRef,
  updateCustomer,
} from './customer.repository.js';
export { listCustomers, type CustomerPage, type ListCustomersOptions } from './customer.query.js';
export {
  CUSTOM_FIELD_TYPES,
  defineCustomField,
  listCustomFields,
  type CustomFieldDef,
  type CustomFieldType,
  type CustomValue,
} from './custom-fields.js';
export {
  addToGroup,
  createGroup,
  deleteGroup,
  ensureGroupPath,
  getGroup,
  listGroups,
  removeFromGroup,
  resolveGroupRef,
  updateGroup,
  type Group,
  type GroupInput,
} from './groups.repository.js';
export { CustomerConditionSchema, CustomerFilterSchema, type CustomerCondition, type CustomerFilter } from './filter.schema.js';
export { compileFilterSql, loadFilterContext, parseFilter, type FilterContext } from './filter.compiler.js';
export {
  AudienceSelectionSchema,
  previewAudience,
  resolveAudience,
  type AudienceOptions,
  type AudiencePreview,
  type AudienceRecipient,
  type AudienceSelection,
} from './audience.js';
export { assertOwnOwner, notOwnedBy, sameOwner, scopedCustomer, withOwner } from './owner.scope.js';
export { loadMergeCustomer, loadMergeCustomers, type CustomerMergeFields } from './merge.view.js';
export { customersNotOwnedBy } from './ownership.js';
export { customerSuppressions, type CustomerSuppression } from './customer-suppressions.js';
export { importCustomers, type ImportError, type ImportOptions, type ImportResult } from './customers.importer.js';
export { importListFile, LIST_GROUP_ROOT } from './list-file.importer.js';
export { exportCustomers, type ExportOptions } from './customers.exporter.js';
export { neutraliseCell, unneutraliseCell } from './csv.cells.js';
// What the app's registries collect from this module (error codes, migrations, tables, settings).
export { customersErrors } from './customers.errors.js';
export { customersMigrations } from './customers.migrations.js';
export type { CustomersTables } from './customers.tables.js';
export { customersEnv, type CustomersConfig } from './customers.config.js';
export { parseMapOptions } from './header.mapping.js';
export { celebratedBirthdayOf, nextBirthdayOf, withNextBirthday, type NextBirthday } from './next-birthday.js';
