import { useEffect } from 'preact/hooks';
import { api } from '../../api.js';
import { useMe } from '../../auth.js';
import type { ApiResponse } from '../../api/shapes.js';
import { useT } from '../../i18n/index.js';
import { ErrorNotice, Loading, Notice, SelectField, TextField } from '../../ui/components.js';
import { useAsync } from '../../ui/use-async.js';
import { chosenAccount, defaultAccountPatch, switchChannel, type WizardState } from './wizard-state.js';
import { wizardMessages } from './wizard.messages.js';

/** A sending account of either channel, as the wizard shows it. */
export interface AccountChoice {
  readonly id: number;
  readonly name: string;
  readonly address: string;
  readonly isDefault: boolean;
}

/**
 * Mail accounts (GET /api/accounts) or SMS accounts (GET /api/sms-accounts), default first, tagged
 * with their channel: just after a switch the previous channel's list is still loaded. Only mailboxes
 * the signed-in person may send from are offered: shared ones and their own. A marketer also sees
 * a sales rep's personal mailbox in the list, but the server refuses to send a campaign from it, so
 * offering it (preselected when it was the only one) made "Schedule it" fail with AUTH_FORBIDDEN.
 */
export function useAccounts(channel: 'email' | 'sms') {
  const me = useMe().user.id;
  return useAsync(async (signal) => {
    const list =
      channel === 'email'
        ? (await api<ApiResponse<'/api/accounts'>>('/api/accounts', { signal })).filter((a) => a.ownerUserId === null || a.ownerUserId === me).map((a) => ({ id: a.id, name: a.name, address: a.email, isDefault: a.isDefault }))
        : (await api<ApiResponse<'/api/sms-accounts'>>('/api/sms-accounts', { signal })).map((a) => ({ id: a.id, name: a.name, address: a.provider, isDefault: a.isDefault }));
    return { channel, list: [...list].sort((a, b) => Number(b.isDefault) - Number(a.isDefault)) as AccountChoice[] };
  }, [channel, me]);
}

/** Step 1: name, channel and the account to send from. */
export function StepChannel({ state, update }: { state: WizardState; update: (patch: Partial<WizardState>) => void }) {
  const t = useT(wizardMessages);
  const accounts = useAccounts(state.channel);
  const loaded = accounts.data?.channel === state.channel ? accounts.data : undefined;
  const list = loaded?.list ?? [];
  useEffect(() => {
    if (!loaded) return;
    const patch = defaultAccountPatch(state, { channel: loaded.channel, ids: loaded.list.map((a) => a.id) });
    if (patch) update(patch);
  }, [state.channel, state.accountId, state.accountChannel, loaded, update]);

  return (
    <>
      <TextField label={t('name')} required maxLength={200} value={state.name} onValue={(name) => update({ name })} />
      <fieldset>
        <legend>{t('channel')}</legend>
        {(['email', 'sms'] as const).map((channel) => (
          <label key={channel} class="check">
            <input
              type="radio"
              name="channel"
              value={channel}
              checked={state.channel === channel}
              // A template and account belong to one channel: switching resets them.
              onChange={() => update(switchChannel(state, channel))}
            />
            {channel === 'email' ? t('channelEmail') : t('channelSms')}
          </label>
        ))}
      </fieldset>
      <ErrorNotice error={accounts.error} onRetry={accounts.reload} />
      {accounts.loading && !accounts.data ? <Loading /> : null}
      {loaded && list.length === 0 ? <Notice kind="warning">{state.channel === 'email' ? t('noMailAccount') : t('noSmsAccount')}</Notice> : null}
      {list.length > 0 ? (
        <SelectField
          label={t('account')}
          value={chosenAccount(state) === null ? '' : String(chosenAccount(state))}
          onValue={(v) => update({ accountId: Number(v), accountChannel: state.channel })}
          options={list.map((a) => ({ value: String(a.id), label: a.isDefault ? t('accountDefault', { name: t('accountOption', { name: a.name, address: a.address }) }) : t('accountOption', { name: a.name, address: a.address }) }))}
        />
      ) : null}
    </>
  );
}
