import { useEffect, useId, useState } from 'preact/hooks';
import { useT } from '../../i18n/index.js';
import { ErrorNotice, TextField } from '../../ui/components.js';
import { useAsync } from '../../ui/use-async.js';
import { searchCustomers, type CustomerSummary } from './inbox.api.js';
import { inboxMessages } from './inbox.messages.js';

/** Waits until typing pauses before searching (one request per pause, not per key). */
function useDebounced(value: string, ms: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

function CustomerOption({ customer, name, checked, onChoose }: { customer: CustomerSummary; name: string; checked: boolean; onChoose: (c: CustomerSummary) => void }) {
  const id = useId();
  return (
    <li>
      <input type="radio" id={id} name={name} value={String(customer.id)} checked={checked} onChange={() => onChoose(customer)} />{' '}
      <label for={id}>
        <strong>{customer.displayName}</strong>
        {customer.emails[0] ? <span class="mono"> · {customer.emails[0]}</span> : null}
        {customer.company ? <span> · {customer.company}</span> : null}
      </label>
    </li>
  );
}

/**
 * Picks a customer: the ones with the sender's address first, then a search over name
 * (pinyin and initials too), email, phone and company. A radio group, so it works with the
 * keyboard and reads well with a screen reader.
 */
export function CustomerPicker({ sender, chosen, onChoose }: { sender: string | null; chosen: CustomerSummary | null; onChoose: (customer: CustomerSummary) => void }) {
  const t = useT(inboxMessages);
  const group = useId();
  const [text, setText] = useState('');
  const query = useDebounced(text.trim(), 250);
  // The same customers the filing rules found ambiguous: those with the sender's address.
  const suggested = useAsync((signal) => (sender ? searchCustomers(sender, signal) : Promise.resolve<CustomerSummary[]>([])), [sender]);
  const found = useAsync((signal) => (query ? searchCustomers(query, signal) : Promise.resolve<CustomerSummary[]>([])), [query]);
  const suggestedIds = new Set((suggested.data ?? []).map((c) => c.id));
  const results = (found.data ?? []).filter((c) => !suggestedIds.has(c.id));

  return (
    <div class="inbox-picker">
      {suggested.data && suggested.data.length > 0 ? (
        <fieldset>
          <legend>{t('suggested')}</legend>
          <ul class="inbox-choices">
            {suggested.data.map((customer) => (
              <CustomerOption key={customer.id} customer={customer} name={group} checked={chosen?.id === customer.id} onChoose={onChoose} />
            ))}
          </ul>
        </fieldset>
      ) : null}
      <TextField label={t('findCustomer')} hint={t('findCustomerHint')} name="customer-search" type="search" autocomplete="off" value={text} onValue={setText} />
      <div aria-live="polite">
        {query && found.loading ? <p class="loading">{t('searching')}</p> : null}
        {query && !found.loading && found.data && found.data.length === 0 ? <p>{t('noMatches', { query })}</p> : null}
      </div>
      <ErrorNotice error={found.error} />
      {results.length > 0 ? (
        <fieldset>
          <legend>{t('results')}</legend>
          <ul class="inbox-choices">
            {results.map((customer) => (
              <CustomerOption key={customer.id} customer={customer} name={group} checked={chosen?.id === customer.id} onChoose={onChoose} />
            ))}
          </ul>
        </fieldset>
      ) : null}
    </div>
  );
}
