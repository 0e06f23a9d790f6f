import { formatDateTime } from '../../i18n/format.js';
import { useLocale, useT } from '../../i18n/index.js';
import type { MailCheck } from './accounts.api.js';
import { accountsMessages } from './accounts.messages.js';
import { VerifyChecks } from './verify-result.js';

/**
 * A mailbox's stored login check: works / failed, when, and on failure each server's reason. The
 * server keeps it (the wizard's check is stored when the mailbox is added), so the list does not
 * say "not checked" about a mailbox whose check passed.
 */
export function LastCheck({ check, detailed = false }: { check: MailCheck | null; detailed?: boolean }) {
  const t = useT(accountsMessages);
  const { locale } = useLocale();
  if (!check) return detailed ? <p class="hint" data-check="never">{t('lastCheckNever')}</p> : <span class="badge" data-check="never">{t('notChecked')}</span>;
  const when = formatDateTime(new Date(check.at).toISOString(), locale);
  return (
    <span data-check={check.ok ? 'ok' : 'failed'}>
      <span class={`badge ${check.ok ? 'badge-ok' : 'badge-bad'}`}>{check.ok ? t('verifiedOk') : t('verifiedBad')}</span>{' '}
      <span class="hint">{t('checkedAt', { when })}</span>
      {check.ok && !detailed ? null : <VerifyChecks report={{ account: '', ok: check.ok, checks: check.checks }} />}
    </span>
  );
}
