import { useLocation } from 'preact-iso';
import { useAuth } from '../../auth.js';
import { common } from '../../i18n/common.js';
import { useT } from '../../i18n/index.js';
import { PageHeader } from '../../ui/components.js';
import { accountsMessages } from './accounts.messages.js';
import { MailAccountsPanel } from './mail-accounts.panel.js';
import { SmsAccountsPanel } from './sms-accounts.panel.js';

/**
 * /accounts — mailboxes and SMS accounts. `?added=`, `?saved=` and `?sms=` carry the name of
 * what the wizard or a form just stored, so the list can say so after the navigation.
 */
export function AccountsScreen() {
  const t = useT(accountsMessages);
  const tc = useT(common);
  const { query } = useLocation();
  const mailFlash = query.added ? t('added', { name: query.added }) : query.saved ? t('saved', { name: query.saved }) : undefined;
  const smsFlash = query.sms ? t('smsAdded', { name: query.sms }) : undefined;
  // Sales reps (accounts:own) see only their own mailboxes, and no SMS accounts.
  const { can } = useAuth();
  return (
    <>
      <PageHeader title={tc('navAccounts')} />
      <p class="hint">{t('intro')}</p>
      <MailAccountsPanel flash={mailFlash} />
      {can('accounts:read') ? <SmsAccountsPanel flash={smsFlash} /> : null}
    </>
  );
}
