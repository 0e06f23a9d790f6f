import type { SendContext } from '../send.context.js';
import { TemplateRenderer } from '../../templates/index.js';
import type { MessageComposer, RecipientSource, SenderResolver } from '../ports.js';
import { AccountSenderResolver } from './account.sender.js';
import { AudienceRecipientSource } from './audience.recipients.js';
import { MergeCustomerCache } from './merge-customers.cache.js';
import { ScheduleQuietHours, type QuietHoursPolicy } from './quiet-hours.policy.js';
import { TemplateComposer } from './template.composer.js';
import { UnsubscribeTokens } from '../unsubscribe.token.js';

/** The pipeline's ports backed by the other modules. */
export interface RealSendPorts {
  readonly recipients: RecipientSource;
  readonly composer: MessageComposer;
  readonly senders: AccountSenderResolver & SenderResolver;
  readonly quietHours: QuietHoursPolicy;
  /** The process's one template renderer (compiled versions cached). */
  readonly renderer: TemplateRenderer;
}

/**
 * Composes the real ports for a context: audiences from src/customers, rendering from
 * src/templates, accounts from src/accounts (behind the SSRF guard), quiet hours from
 * src/schedule. One renderer and one customer cache per call — call it once per process.
 */
export function realSendPorts(context: SendContext, overrides: { allowSelfSigned?: boolean } = {}): RealSendPorts {
  const { config, store, logger, secrets } = context;
  const db = store.db;
  const renderer = new TemplateRenderer({ db, logger: logger.child({ module: 'templates' }) });
  const customers = new MergeCustomerCache({ db });
  return {
    renderer,
    recipients: new AudienceRecipientSource(db, { timeZone: config.TIDINGS_DEFAULT_TIMEZONE, region: config.TIDINGS_DEFAULT_REGION }),
    composer: new TemplateComposer({ db, renderer, customers, publicUrl: config.TIDINGS_PUBLIC_URL, unsubscribe: UnsubscribeTokens.fromSecrets(secrets) }),
    senders: new AccountSenderResolver(db, secrets, {
      allowPrivateHosts: config.TIDINGS_ALLOW_PRIVATE_HOSTS,
      allowSelfSigned: overrides.allowSelfSigned ?? config.SEND_SMTP_ALLOW_SELF_SIGNED === '1',
    }),
    quietHours: new ScheduleQuietHours({
      db,
      customers,
      windows: { sms: config.SCHEDULE_QUIET_HOURS_SMS, email: config.SCHEDULE_QUIET_HOURS_EMAIL },
      defaultZone: config.TIDINGS_DEFAULT_TIMEZONE,
    }),
  };
}
