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
export { CampaignService, type CampaignProgress, type CampaignServiceOptions, type CreateCampaignInput } from './campaign.service.js';
export { processSendJob, DEFAULT_SEND_SETTINGS, type SendDeps, type SendSettings } from './process-send-job.js';
export type { Dispatcher, SendJobProcessor, SendJobResult } from './dispatch/dispatcher.js';
export { InProcessDispatcher } from './dispatch/inprocess.dispatcher.js';
export { BullmqDispatcher, jobIdFor } from './dispatch/bullmq.dispatcher.js';
export type { RateLimiter } from './limit/rate-limiter.js';
export { MemoryRateLimiter } from './limit/memory.limiter.js';
export { RedisRateLimiter } from './limit/redis.limiter.js';
export { SendFailure, type EmailTransport, type OutgoingEmail, type SendFailureKind, type SendReceipt } from './transport/email.transport.js';
export { SmtpTransport } from './transport/smtp.transport.js';
export { FileTransport } from './transport/file.transport.js';
export { SmtpTransportPool, SingleTransportProvider, type TransportProvider } from './transport/transport-pool.js';
export { classifySmtpError } from './transport/smtp-errors.js';
export { DbRecipientSource } from './adapters/db.recipients.js';
export { PlainComposer, type PlainTemplate } from './adapters/plain.composer.js';
export { MailAccountSenderResolver } from './adapters/mail-account.sender.js';
export { Sweeper } from './sweeper.js';
export { createSendRuntime, type SendPorts, type SendRuntime, type SendRuntimeOptions } from './send.runtime.js';
export { sendServiceFactory } from './send.service.js';
export { unsubscribeRoutes } from './unsubscribe.routes.js';
export { unsubscribeUrl } from './message.builder.js';
