import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { createSmsProvider, type SmsProvider, type WebhookRequest } from '../../adapters/sms/index.js';
import type { SecretBox } from '../../platform/crypto/index.js';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { authenticateSmsWebhook, type SmsAccount } from '../accounts/index.js';
import { handleInboundSms } from './opt-out.js';
import { recordReceipt } from './sms-send.js';

/** What {@link SmsWebhooks} needs. */
export interface SmsWebhooksOptions {
  readonly db: Kysely<DatabaseSchema>;
  readonly secrets: SecretBox;
  /** Inbound texts made of one of these words suppress the sender's number (default: the built-in list). */
  readonly optOutKeywords?: readonly string[] | undefined;
}

/** A provider's call to one of our webhooks. */
export interface SmsCallback {
  /** The SMS account (id or name) in the webhook's path. */
  readonly account: string;
  /** Path and query as received: the sealed `?token=` in it authenticates the call first. */
  readonly path: string;
  /** The request as the provider signed it (its `url` is the public URL the provider called). */
  readonly request: WebhookRequest;
}

/** How a callback was handled; `supported: false` when the account's provider does not push this over HTTP. */
export interface SmsCallbackResult {
  /** The account's provider (twilio, aliyun, …): each wants its own acknowledgement. */
  readonly kind: string;
  readonly supported: boolean;
}

/**
 * Delivery receipts and inbound texts pushed by SMS providers. Each call is authenticated by the
 * accounts module (the account's sealed webhook token), then by the provider adapter (Twilio's
 * X-Twilio-Signature, Aliyun's and Tencent Cloud's token). Receipts settle the messages' charges; an inbound opt-out
 * keyword suppresses the number for SMS at once. Refusals are TidingsErrors
 * (SMS_WEBHOOK_UNAUTHENTICATED, SMS_WEBHOOK_SIGNATURE_INVALID).
 */
export class SmsWebhooks {
  readonly #options: SmsWebhooksOptions;
  readonly #providers = new Map<number, { provider: SmsProvider; fingerprint: string }>();

  constructor(options: SmsWebhooksOptions) {
    this.#options = options;
  }

  /** Records the delivery receipts of a status callback. */
  async receipts(callback: SmsCallback): Promise<SmsCallbackResult> {
    const { provider, kind } = await this.#providerFor(callback);
    if (!provider.parseStatusCallback) return { kind, supported: false };
    for (const receipt of provider.parseStatusCallback(callback.request)) await recordReceipt(this.#options.db, kind, receipt);
    return { kind, supported: true };
  }

  /** Handles inbound texts; `optedOut` counts those that suppressed their sender. */
  async inbound(callback: SmsCallback): Promise<SmsCallbackResult & { readonly optedOut: number }> {
    const { provider, kind } = await this.#providerFor(callback);
    if (!provider.parseInbound) return { kind, supported: false, optedOut: 0 };
    let optedOut = 0;
    for (const message of provider.parseInbound(callback.request)) {
      if (await handleInboundSms(this.#options.db, message, this.#options.optOutKeywords)) optedOut += 1;
    }
    return { kind, supported: true, optedOut };
  }

  /** Closes the adapters built so far. */
  async close(): Promise<void> {
    for (const { provider } of this.#providers.values()) await provider.close?.();
    this.#providers.clear();
  }

  /** The adapter of an account whose callback the accounts module authenticated. */
  async #providerFor(callback: SmsCallback): Promise<{ provider: SmsProvider; kind: string }> {
    const account = await authenticateSmsWebhook(this.#options.db, this.#options.secrets, callback.account, { url: callback.path });
    // A rotated token or changed credentials must not be answered by an adapter built from the old ones.
    const fingerprint = fingerprintOf(account);
    let cached = this.#providers.get(account.id);
    // Webhook parsing never opens connections (SMPP pushes over its own session, not here).
    if (cached?.fingerprint !== fingerprint) {
      await cached?.provider.close?.();
      cached = { provider: createSmsProvider(account), fingerprint };
      this.#providers.set(account.id, cached);
    }
    return { provider: cached.provider, kind: account.provider };
  }
}

/** A digest of what an adapter is built from, to notice a rotated token or new credentials. */
function fingerprintOf(account: SmsAccount): string {
  return createHash('sha256').update(JSON.stringify([account.provider, account.credentials, account.settings, account.senderId, account.signature, account.webhookToken])).digest('base64url');
}
