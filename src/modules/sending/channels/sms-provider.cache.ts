import type { Kysely } from 'kysely';
import { loadSmsAccount, type SmsAccount } from '../../accounts/index.js';
import type { HostGuardOptions } from '../../../platform/net/index.js';
import { handleInboundSms, recordReceipt, sandboxOutbox, type SmsAccountRef } from '../../billing/index.js';
import type { SecretBox } from '../../../platform/crypto/index.js';
import type { Logger } from '../../../platform/logger/index.js';
import type { DatabaseSchema } from '../../../platform/db/index.js';
import type { MergeAccount } from '../../templates/index.js';
import type { SendLimits } from '../ports.js';
import { createSmsProvider, type SmsProvider } from '../../../adapters/sms/index.js';
import { smsLimitsOf } from './sms-limits.js';
import { systemClock, type Clock } from '../../../platform/clock/index.js';

/** One SMS account as the channel uses it: its long-lived provider and what sending needs. */
export interface SmsAccountEntry {
  readonly account: SmsAccount;
  readonly provider: SmsProvider;
  /** For `sendSms`. */
  readonly ref: SmsAccountRef;
  /** The sender as templates merge it (`account.smsSignature`, `account.displayName`). */
  readonly merge: MergeAccount;
  /** Limiter key, `sms:<accountId>`, shared by every worker using the same limiter backend. */
  readonly limitKey: string;
  readonly limits: SendLimits;
}

/** Options for {@link SmsProviderCache}. */
export interface SmsProviderCacheOptions {
  readonly db: Kysely<DatabaseSchema>;
  readonly secrets: SecretBox;
  readonly logger: Logger;
  /** TIDINGS_ALLOW_PRIVATE_HOSTS for the providers' endpoints (absent: nothing private allowed). */
  readonly guard?: HostGuardOptions;
  /** How long an entry is trusted before the account's `updated_at` is checked again (default 5 s). */
  readonly recheckMs?: number;
  /** The time source; defaults to the system clock. */
  readonly clock?: Clock;
}

interface Slot {
  readonly entry: Promise<SmsAccountEntry>;
  readonly updatedAt: number;
  checkedAt: number;
}

/**
 * One provider per SMS account per process, built once and kept: an SMPP provider holds its bind
 * (receipts and inbound messages arrive over it), the HTTP providers keep their agents warm. An
 * edited account (new credentials, settings) is noticed within `recheckMs` and its provider rebuilt.
 */
export class SmsProviderCache {
  readonly #slots = new Map<number, Slot>();
  readonly #options: SmsProviderCacheOptions;
  #closed = false;

  constructor(options: SmsProviderCacheOptions) {
    this.#options = options;
  }

  /** The entry for an account (loaded and connected on first use). Throws NOT_FOUND / SECRET_DECRYPT_FAILED / SMS_PROVIDER_NOT_SUPPORTED. */
  async get(accountId: number): Promise<SmsAccountEntry> {
    if (this.#closed) throw new Error('SMS provider cache is closed');
    const slot = this.#slots.get(accountId);
    const now = (this.#options.clock ?? systemClock).now();
    if (slot) {
      if (now - slot.checkedAt < (this.#options.recheckMs ?? 5_000)) return slot.entry;
      const row = await this.#options.db.selectFrom('sms_accounts').select('updated_at').where('id', '=', accountId).executeTakeFirst();
      if (row && Number(row.updated_at) === slot.updatedAt) {
        slot.checkedAt = now;
        return slot.entry;
      }
      this.#slots.delete(accountId);
      void this.#closeEntry(slot.entry);
    }
    const row = await this.#options.db.selectFrom('sms_accounts').selectAll().where('id', '=', accountId).executeTakeFirst();
    const entry = this.#build(accountId, row ? { name: row.name, signature: row.signature } : undefined);
    const fresh: Slot = { entry, updatedAt: Number(row?.updated_at ?? 0), checkedAt: now };
    this.#slots.set(accountId, fresh);
    // A failed load is not kept: the next message tries again (the account may be fixed meanwhile).
    entry.catch(() => {
      if (this.#slots.get(accountId) === fresh) this.#slots.delete(accountId);
    });
    return entry;
  }

  /** Closes every provider (SMPP unbinds). */
  async close(): Promise<void> {
    this.#closed = true;
    const slots = [...this.#slots.values()];
    this.#slots.clear();
    await Promise.all(slots.map((s) => this.#closeEntry(s.entry)));
  }

  async #build(accountId: number, row: { name: string; signature: string | null } | undefined): Promise<SmsAccountEntry> {
    const { db, secrets, logger } = this.#options;
    const account = await loadSmsAccount(db, secrets, accountId);
    const log = logger.child({ smsAccount: account.name, provider: account.provider });
    const provider = createSmsProvider(account, {
      onReceipt: (receipt) => {
        recordReceipt(db, account.provider, receipt).catch((error: unknown) => log.error({ err: error }, 'could not record an SMS receipt'));
      },
      onInbound: (message) => {
        handleInboundSms(db, message)
          .then((optedOut) => optedOut && log.info({ from: message.from }, 'SMS opt-out keyword: number suppressed'))
          .catch((error: unknown) => log.error({ err: error }, 'could not handle an inbound SMS'));
      },
      onError: (error) => log.warn({ err: error }, 'SMS provider connection error'),
      // The local sandbox keeps what it "sends" in the store (the SMS outbox screen).
      ...(account.provider === 'sandbox' ? { sandbox: sandboxOutbox(db, account.id, this.#options.clock) } : {}),
    }, this.#options.guard);
    return {
      account,
      provider,
      ref: { id: account.id, timeZone: account.timeZone, signature: account.signature },
      // Same mapping as the templates module's accountFromSmsRow.
      merge: { displayName: row?.name ?? account.name, smsSignature: row?.signature ?? account.signature, smsProvider: account.provider },
      limitKey: `sms:${account.id}`,
      limits: smsLimitsOf(account.settings),
    };
  }

  async #closeEntry(entry: Promise<SmsAccountEntry>): Promise<void> {
    try {
      const { provider } = await entry;
      await provider.close?.();
    } catch (error) {
      this.#options.logger.debug({ err: error }, 'closing an SMS provider failed');
    }
  }
}
