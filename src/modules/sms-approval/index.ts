/**
 * Public surface of src/modules/sms-approval: SMS templates and signatures as providers see them.
 * A template variant is bound per SMS account to a provider template (code + parameters + review
 * status), signatures likewise; submit, sync (one, or every pending one: the schedule role's
 * periodic sync), bind an approved code by hand; the rule that a campaign on a reviewing
 * provider needs an approved template; the binding a message is sent with.
 */
export { reviewTraits, type ApprovalDeps } from './approval.client.js';
export { approvalRefusal, approvedBinding, assertTemplateApproved, templateApproval, type TemplateApproval } from './approval.rules.js';
export type { SignatureBinding, TemplateBinding } from './bindings.repository.js';
export { listSignatures, SignatureInputSchema, submitSignature, syncSignature, type SignatureInput } from './signature-approval.service.js';
export { bindTemplateCode, listTemplateBindings, submitTemplate, syncPending, syncTemplate, type SyncReport, type TemplateRef } from './template-approval.service.js';
// What the app's registries collect from this module (error codes, migrations, tables).
export { smsApprovalErrors } from './sms-approval.errors.js';
export { smsApprovalMigrations } from './sms-approval.migrations.js';
export type { BindingStatus, SmsApprovalTables } from './sms-approval.tables.js';
export { approvalSyncServiceFactory, type ApprovalSyncContext } from './approval-sync.service.js';
