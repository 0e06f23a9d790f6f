import type { Kysely } from 'kysely';
import { createSmsApprovalClient, type SmsApprovalClient, type SmsProviderAccount } from '../../adapters/sms/index.js';
import type { SecretBox } from '../../platform/crypto/index.js';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { TidingsError } from '../../platform/errors/index.js';
import type { HostGuardOptions } from '../../platform/net/index.js';
import type { Clock } from '../../platform/clock/index.js';
import { loadSmsAccount, type AccountRef, type SmsAccount } from '../accounts/index.js';

/** What the approval services need: the store, the key that opens account secrets, the SSRF guard, the time. */
export interface ApprovalDeps {
  readonly db: Kysely<DatabaseSchema>;
  readonly secrets: SecretBox;
  /** TIDINGS_ALLOW_PRIVATE_HOSTS for the providers' endpoints (absent: nothing private allowed). */
  readonly guard?: HostGuardOptions;
  readonly clock?: Clock;
  /** Builds the review client of an account; default adapters/sms createSmsApprovalClient. */
  readonly clientFor?: (account: SmsAccount, guard: HostGuardOptions) => SmsApprovalClient | undefined;
}

/** The account (secrets opened by the accounts module) and its provider's review client; refuses providers that do not review. */
export async function reviewerOf(deps: ApprovalDeps, ref: AccountRef): Promise<{ account: SmsAccount; client: SmsApprovalClient }> {
  const account = await loadSmsAccount(deps.db, deps.secrets, ref);
  const client = deps.clientFor ? deps.clientFor(account, deps.guard ?? {}) : createSmsApprovalClient(account as SmsProviderAccount, deps.guard ?? {}, deps.clock);
  if (!client) {
    throw new TidingsError('SMS_APPROVAL_NOT_REVIEWED', `SMS account ${account.name} (${account.provider}) sends without reviewing templates or signatures: there is nothing to submit.`, {
      context: { smsAccount: account.name, provider: account.provider },
    });
  }
  return { account, client };
}


/**
 * What a provider's review asks of templates, without opening the account's secrets (the
 * scheduling rule runs where no key is at hand): the client built with empty credentials only
 * reports its traits, it is never called. Undefined: the provider does not review.
 */
export function reviewTraits(account: Pick<SmsProviderAccount, 'name' | 'provider' | 'settings'>): Pick<SmsApprovalClient, 'kind' | 'placeholders' | 'marketingVariables'> | undefined {
  try {
    return createSmsApprovalClient({ ...account, credentials: {}, senderId: null, signature: null, webhookToken: null });
  } catch {
    // Incomplete settings: the provider still reviews (only those that review have settings to check here).
    return { kind: account.provider, placeholders: account.provider === 'tencent' ? 'positional' : 'named', marketingVariables: false };
  }
}
