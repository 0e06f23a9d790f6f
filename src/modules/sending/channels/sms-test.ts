import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { createSmsProvider, normalisePhone, textForProvider } from '../../../adapters/sms/index.js';
import { TidingsError } from '../../../platform/errors/index.js';
import type { SecretBox } from '../../../platform/crypto/index.js';
import type { DatabaseSchema } from '../../../platform/db/index.js';
import type { HostGuardOptions } from '../../../platform/net/index.js';
import { loadSmsAccount, type AccountRef } from '../../accounts/index.js';
import { recordReceipt, sandboxOutbox, sendSms, type SendSmsResult } from '../../billing/index.js';
import { findSuppression } from '../../customers/index.js';
import { finishSms } from '../../templates/index.js';

/** What {@link sendTestSms} needs. */
export interface SendTestSmsDeps {
  readonly db: Kysely<DatabaseSchema>;
  readonly secrets: SecretBox;
  /** TIDINGS_ALLOW_PRIVATE_HOSTS for the provider's endpoint. */
  readonly guard?: HostGuardOptions;
}

/**
 * Sends one test message from an SMS account to a number a person typed, through the same charged
 * path as a campaign message (reserve → provider → charge), so it is billed like any message and
 * shows in the ledger and statistics. The signature is added by the templates' own rule (once,
 * bracketed), and a number that opted out of SMS gets nothing, as in a campaign.
 */
export async function sendTestSms(deps: SendTestSmsDeps, input: { account: AccountRef; to: string; text: string }): Promise<SendSmsResult & { text: string }> {
  const { db } = deps;
  const to = normalisePhone(input.to);
  const blocked = await findSuppression(db, 'sms', to);
  if (blocked) throw new TidingsError('SEND_SMS_SUPPRESSED', `${to} opted out of SMS (${blocked.reason}); no test message was sent. Use another number.`, { context: { reason: blocked.reason } });
  const account = await loadSmsAccount(db, deps.secrets, input.account);
  const provider = createSmsProvider(
    account,
    {
      onReceipt: (receipt) => void recordReceipt(db, account.provider, receipt).catch(() => undefined),
      ...(account.provider === 'sandbox' ? { sandbox: sandboxOutbox(db, account.id) } : {}),
    },
    deps.guard,
  );
  const finished = finishSms(input.text, { account: { displayName: account.name, smsSignature: account.signature } }, false);
  const body = finished.body;
  const text = textForProvider(provider.kind, finished);
  try {
    const result = await sendSms(db, provider, {
      account: { id: account.id, timeZone: account.timeZone, signature: account.signature },
      to,
      text,
      idempotencyKey: `sms:test:${account.id}:${randomUUID()}`,
      ...(provider.kind === 'aliyun' ? { params: { content: body } } : {}),
    });
    return { ...result, text };
  } finally {
    // The sandbox reports delivery a moment later (its timer ends by itself); the others may hold a connection.
    if (provider.kind !== 'sandbox') await provider.close?.();
  }
}
