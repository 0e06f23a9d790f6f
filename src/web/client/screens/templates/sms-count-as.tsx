import { useEffect } from 'preact/hooks';
import { api } from '../../api.js';
import { useAuth } from '../../auth.js';
import { useT } from '../../i18n/index.js';
import { SelectField } from '../../ui/components.js';
import { useAsync } from '../../ui/use-async.js';
import { templatesMessages } from './templates.messages.js';

interface SmsAccountItem {
  readonly id: number;
  readonly name: string;
  readonly provider: 'twilio' | 'aliyun' | 'tencent' | 'smpp' | 'sandbox';
  readonly isDefault: boolean;
}

/** `account:<id>` (its provider and signature) or `provider:<kind>` (the provider's rules only). */
export type CountAs = `account:${number}` | `provider:${'aliyun' | 'twilio' | 'smpp'}`;

/** The preview request fields for a choice. */
export function countAsRequest(countAs: CountAs): { accountId: number } | { provider: 'aliyun' | 'twilio' | 'smpp' } {
  const [kind, value] = countAs.split(':') as [string, string];
  return kind === 'account' ? { accountId: Number(value) } : { provider: value as 'aliyun' | 'twilio' | 'smpp' };
}

/**
 * Whose rules count the SMS parts: an SMS account (its provider, with its signature in the text)
 * or a provider's rules alone. Without a choice the default account, else China's carriers.
 */
export function SmsCountAs({ value, onValue }: { value: CountAs | null; onValue: (value: CountAs) => void }) {
  const t = useT(templatesMessages);
  const { can } = useAuth();
  const accounts = useAsync((signal) => (can('accounts:read') ? api<SmsAccountItem[]>('/api/sms-accounts', { signal }) : Promise.resolve([])), []);
  const list = accounts.data ?? [];
  const fallback = list.find((a) => a.isDefault) ?? list[0];
  const current: CountAs = value ?? (fallback ? `account:${fallback.id}` : 'provider:aliyun');
  const options = [
    ...list.map((a) => ({ value: `account:${a.id}`, label: t('smsAccountOption', { name: a.name, provider: a.provider }) })),
    { value: 'provider:aliyun', label: t('providerAliyun') },
    { value: 'provider:twilio', label: t('providerTwilio') },
    { value: 'provider:smpp', label: t('providerSmpp') },
  ];
  // Settle the default once the accounts are known, so the preview counts with it.
  useEffect(() => {
    if (value === null && !accounts.loading) onValue(current);
  }, [value, accounts.loading, current, onValue]);
  return <SelectField label={t('countAs')} value={current} onValue={(v) => onValue(v as CountAs)} options={options} />;
}
