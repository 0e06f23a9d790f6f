export * from './trace.js';
export type {
  Campaign,
  CampaignStatus,
  ComposedAttachment,
  ComposedMessage,
  DkimSettings,
  MessageComposer,
  OutboxRow,
  OutboxState,
  Recipient,
  RecipientSource,
  SenderResolver,
  SendingAccount,
  SendLimits,
  SmtpSettings,
} from './ports.js';
export { approvalWarnings, type ApprovalWarning } from './campaign.approval-warnings.js';
export { CampaignService, type CampaignProgress, type CampaignServiceOptions, type CreateCampaignInput } from './campaign.service.js';
export { processSendJob, type SendDeps } from './process-send-job.js';
export { DEFAULT_SEND_SETTINGS, type SendSettings } from './send.settings.js';
export type { Dispatcher, SendJobProcessor, SendJobResult } from './dispatch/dispatcher.js';
export { InProcessDispatcher } from './dispatch/inprocess.dispatcher.js';
export type { RateLimiter } from './limit/rate-limiter.js';
export { MemoryRateLimiter } from './limit/memory.limiter.js';
export { SendFailure, type EmailTransport, type OutgoingEmail, type SendFailureKind, type SendReceipt } from '../../adapters/mail/transport/email.transport.js';
export { SmtpTransport } from '../../adapters/mail/transport/smtp.transport.js';
export { FileTransport } from '../../adapters/mail/transport/file.transport.js';
export { SmtpTransportPool, SingleTransportProvider, type TransportProvider } from '../../adapters/mail/transport/transport-pool.js';
export { classifySmtpError } from '../../adapters/mail/transport/smtp-errors.js';
export { AudienceRecipientSource, type AudienceRecipientSourceOptions } from './wiring/audience.recipients.js';
export { TemplateComposer, type TemplateComposerOptions } from './wiring/template.composer.js';
export { AccountSenderResolver, sendingAccountOf, type AccountSenderOptions } from './wiring/account.sender.js';
export { MergeCustomerCache } from './wiring/merge-customers.cache.js';
export { ScheduleQuietHours, deferForQuietHours, type QuietHoursPolicy } from './wiring/quiet-hours.policy.js';
export { SendCampaignLauncher } from './wiring/campaign.launcher.js';
export { realSendPorts, type RealSendPorts } from './wiring/real.ports.js';
export { sharedSendRuntime, closeSharedSendRuntime, sendCampaignLauncher } from './wiring/shared.runtime.js';
export type { CampaignsTable, OutboxTable, SendCampaignStateTable, SendingTables } from './send.tables.js';
export { sendingDb, type SendingDb } from './sending.db.js';
export { latestOutboxTo, outboxAddress, outboxByReplyTokens, type OutboxTarget } from './outbox.lookup.js';
export { createCampaignsAndOutbox } from './send.migrations.js';
export { outboxPage, type OutboxPageQuery } from './outbox.page.js';
export { BOUNCE_REASONS, complainedOutboxIds, failureReasonOf, type BounceReason } from './outbox.outcome.js';
export { testSend, type TestSendDeps, type TestSendInput, type TestSendResult } from './wiring/oneoff.js';
export { sendSystemEmail, type SystemEmail, type SystemMailDeps } from './wiring/system-mail.js';
export { sendOneoff, type OneoffMessage, type OneoffRequest, type OneoffResult } from './oneoff.service.js';
export { oneoffSender, previewOneoff, type MergeFieldValue, type OneoffPreview, type OneoffSender } from './oneoff/oneoff.preview.js';
export { skippedRecipients, type SkippedRecipient, type SkipReason } from './oneoff/skipped.js';
export { oneoffTemplateIds } from './oneoff/oneoff-templates.js';
export { BOUNCED_CODE, markOutboxBounced } from './oneoff/bounce.mark.js';
export { renderSentSubjects } from './oneoff/sent-subject.js';
export { myOneoffs, type MyOneoff } from './oneoff/my-oneoffs.js';
export type { CampaignRequest } from './campaign.request.js';
export { chooseCampaignAccount, planCampaign, quietSpanOf, sendingLimitsOf, type CampaignPlan, type CampaignPlanInput } from './campaign.plan.js';
export { estimateSendDuration, type QuietSpan, type SendDuration, type SendDurationInput } from './limit/send-duration.js';
export { recipientLabels, type RecipientLabel } from './campaign.recipients.js';
export { Sweeper } from './sweeper.js';
export { createSendRuntime, type SendPorts, type SendRuntime, type SendRuntimeOptions } from './send.runtime.js';
export { sendServiceFactory } from './send.service.js';
export { copiesToSent, SentCopyTransport, SentFolderAppender } from './sent-copy/index.js';
export { outboxCounts, queueDepth, type OutboxCount } from './outbox.metrics.js';
export {
  clickTarget,
  TrackingComposer,
  TrackingHits,
  TrackingTokens,
  trackingStats,
  trackingByMessage,
  recordHit,
  type TrackingStats,
  type MessageTracking,
} from './tracking/index.js';
export { UnsubscribeService, type UnsubscribeTarget } from './unsubscribe.service.js';
export { unsubscribeUrl, unsubscribeMailto, unsubscribeTokensIn, findUnsubscribeRow, UnsubscribeTokens, UNSUBSCRIBE_KEY_PURPOSE, type UnsubscribeSubject } from './unsubscribe.token.js';
// What the app's registries collect from this module (error codes, migrations, tables, settings).
export { sendErrors } from './send.errors.js';
export { sendMigrations } from './send.migrations.js';
export { sendEnv, type SendConfig } from './send.config.js';
export type { SendContext } from './send.context.js';
export {
  accountComplaintCounts,
  accountComplaintRate,
  campaignComplaintCounts,
  campaignComplaintReport,
  complaintLimitPassed,
  complaintPauseReason,
  complaintRate,
  COMPLAINT_PAUSE_CODE,
  DEFAULT_COMPLAINT_LIMIT,
  pauseCampaignsOverComplaintLimit,
  pauseOnComplaintRate,
  recordComplaint,
  type CampaignComplaintReport,
  type ComplaintCounts,
  type ComplaintInput,
  type ComplaintRate,
  type ComplaintLimit,
  type RecordedComplaint,
} from './complaints/index.js';
export { complaintLimitOf } from './send.config.js';
export { recordSmtpRejection, smtpRejectionOf, type SmtpRejection } from './smtp-rejection.js';
export { getCampaign } from './campaign.store.js';
export { scheduledSmsCampaigns, WATCHED_STATUSES, watchedCampaigns } from './campaigns-due.js';
export { sendTestSms, type SendTestSmsDeps } from './channels/sms-test.js';
