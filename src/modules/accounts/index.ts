/** Public surface of src/accounts: mail and SMS accounts, autodetection, the SSRF guard, verification. */
export { detect, parseAddress, type DetectOptions } from './detect/detect.js';
export type { DnsResolver } from './detect/dns.steps.js';
export { dkimDnsRecord, generateDkimKey, importDkimKey, type DkimDnsRecord, type DkimKeyMaterial } from './dkim/dkim.keys.js';
export {
  generateDkimKeyFor,
  getDkimKey,
  importDkimKeyFor,
  listDkimKeys,
  loadDkimKeyForAddress,
  removeDkimKey,
  type DkimKeyView,
  type DkimSigningKey,
} from './dkim/dkim.repository.js';
export type { HttpGet } from './detect/http.get.js';
export { parseIspdbXml } from './detect/ispdb.parser.js';
export type { ServerProbe } from './detect/probe.step.js';
export { allProviders, providerByDomain, providerByMxHost, providerByName, type KnownProvider } from './detect/provider.lookup.js';
export type { DetectResult, DetectSource, Security, ServerSettings } from './detect/server.types.js';
export type { AccountRef } from './account.lookup.js';
export {
  incomingAuth,
  loadMailAccount,
  type IncomingSettings,
  type MailAccount,
  type SendingLimits,
  type ServerAuth,
  type SmtpSettings,
  type TlsOptions,
} from './mail-account.loader.js';
export {
  applyMailAccountPatch,
  createMailAccount,
  deleteMailAccount,
  getMailAccount,
  listMailAccounts,
  setDefaultMailAccount,
  updateMailAccount,
  type DroppedPassword,
  type MailAccountUpdate,
} from './mail-account.repository.js';
export {
  chooseSendingAccount,
  defaultAccountId,
  noDefaultAccountError,
  type AccountChannel,
  type SendingAccountRequest,
} from './sending-account.js';
export { changeMailboxOwner } from './mailbox.owner.js';
export { MailAccountService, type MailAccountSaved, type MailAccountServiceOptions, type NewMailboxOptions } from './mail-account.service.js';
export type { MailCheckView } from './mail-account.check.js';
export {
  assertMayOnMailbox,
  mayOnMailbox,
  SYSTEM_ACTOR,
  type MailboxAction,
  type MailboxActor,
  type OwnedMailbox,
} from './mailbox.policy.js';
export { firstSendableMailbox, unreadableMailboxes } from './mailbox.visibility.js';
export { defaultSmsAccountId } from './sms-account.default.js';
export { MailAccountInputSchema, MailAccountPatchSchema, type MailAccountInput, type MailAccountPatch } from './mail-account.schema.js';
export type { MailAccountView } from './mail-account.view.js';
export {
  createSmsAccount,
  deleteSmsAccount,
  getSmsAccount,
  listSmsAccounts,
  loadSmsAccount,
  setDefaultSmsAccount,
  type SmsAccount,
  type SmsAccountView,
  type SmsWebhookView,
} from './sms-account.repository.js';
export {
  authenticateSmsWebhook,
  rotateSmsWebhookToken,
  smsWebhookUrls,
  upgradeSmsWebhookTokens,
  type RotatedWebhookToken,
  type SmsWebhookCall,
  type WebhookRefusal,
} from './sms-webhook.auth.js';
export { SmsAccountInputSchema, SmsAccountPatchSchema, type SmsAccountInput, type SmsAccountPatch, type SmsProviderName } from './sms-account.schema.js';
export { updateSmsAccount } from './sms-account.update.js';
export { verifyIncoming, verifyMailAccount, verifySmtp, type VerifyCheck, type VerifyOptions, type VerifyReport } from './verify/account.verifier.js';
// What the app's registries collect from this module (error codes, migrations, tables, settings).
export { accountsErrors } from './accounts.errors.js';
export { accountsMigrations } from './accounts.migrations.js';
export type { AccountsTables } from './accounts.tables.js';
export { accountsEnv, type AccountsConfig } from './accounts.config.js';
