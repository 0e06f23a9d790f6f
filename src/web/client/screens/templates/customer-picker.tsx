import { useState } from 'preact/hooks';
import { api, withQuery } from '../../api.js';
import type { ApiResponse, Item } from '../../api/shapes.js';
import { useT } from '../../i18n/index.js';
import { SelectField, TextField } from '../../ui/components.js';
import { templatesMessages } from './templates.messages.js';
import { useDebouncedLoad } from './use-debounced.js';

type CustomerItem = Item<ApiResponse<'/api/customers'>['items']>;

/**
 * Chooses whom a preview is merged for: the sample customer, or a real one found by search
 * (GET /api/customers?query=…; sales users only find their own).
 */
export function CustomerPicker({ value, onChange, channel }: { value: number | null; onChange: (id: number | null) => void; channel: 'email' | 'sms' }) {
  const t = useT(templatesMessages);
  const [query, setQuery] = useState('');
  const found = useDebouncedLoad(
    query.trim() ? query.trim() : '',
    (signal) => api<{ items: CustomerItem[] }>(withQuery('/api/customers', { query: query.trim() || undefined, limit: 20 }), { signal }),
  );
  const items = found.data?.items ?? [];
  const address = (c: CustomerItem) => (channel === 'sms' ? (c.phones[0] ?? c.emails[0]) : (c.emails[0] ?? c.phones[0])) ?? '—';
  const options = [
    { value: '', label: t('sampleCustomer') },
    ...items.map((c) => ({ value: String(c.id), label: t('customerOption', { name: c.displayName, address: address(c) }) })),
  ];
  // Keep the chosen customer selectable while a new search shows other people.
  if (value !== null && !items.some((c) => c.id === value)) options.splice(1, 0, { value: String(value), label: `#${value}` });
  return (
    <div class="customer-picker">
      <TextField label={t('findCustomer')} hint={t('findCustomerHint')} type="search" value={query} onValue={setQuery} />
      <SelectField label={t('previewFor')} value={value === null ? '' : String(value)} onValue={(v) => onChange(v ? Number(v) : null)} options={options} />
    </div>
  );
}
