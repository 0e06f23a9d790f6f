import type { ComponentChildren } from 'preact';
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { useAuth } from '../../auth.js';
import { useLocale, useT } from '../../i18n/index.js';
import { newCampaignHref } from '../../ui/audience-link.js';
import { Button, ErrorNotice, Loading, Notice, PageHeader } from '../../ui/components.js';
import { useAsync } from '../../ui/use-async.js';
import { ComposeDialog } from './compose-dialog.js';
import { deleteCustomer, getCustomer, listCustomFields, listGroups, type Customer, type CustomField, type Group } from './customers.api.js';
import { formatBirthday, formatInstant } from './customers.format.js';
import { formatCelebratedBirthday, formatLunarBirthday } from './lunar.format.js';
import { browserClock } from '../../clock.js';
import { messages, type MessageKey } from './customers.messages.js';
import { CustomerForm } from './customer-form.js';
import { Timeline } from './timeline.js';
import { SuppressionsPanel } from './suppressions-panel.js';
import { toTicked } from './ticks.js';
import { composeRequest } from './compose-link.js';
import { formatPhone } from '../../ui/phone-format.js';

/** Groups and custom field definitions, loaded only when the role may read them. */
function useLookups() {
  const { can } = useAuth();
  const groups = useAsync((signal) => (can('groups:read') ? listGroups(signal) : Promise.resolve([] as Group[])), []);
  const fields = useAsync((signal) => listCustomFields(signal), []);
  return { groups: groups.data ?? [], fields: fields.data ?? [], ready: groups.data !== undefined && fields.data !== undefined, error: groups.error ?? fields.error };
}

function Item({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** Whole days from today (the browser's calendar) to `date` (YYYY-MM-DD), as the server computed the next birthday. */
function daysUntil(date: string | undefined): number | undefined {
  if (!date) return undefined;
  const today = browserClock.date();
  const start = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  const days = Math.round((Date.parse(`${date}T00:00:00Z`) - start) / 86_400_000);
  return days >= 0 ? days : undefined;
}

const GENDER: Record<string, MessageKey> = { female: 'genderFemale', male: 'genderMale', other: 'genderOther' };

function Details({ customer, groups, fields }: { customer: Customer; groups: readonly Group[]; fields: readonly CustomField[] }) {
  const t = useT(messages);
  const { locale } = useLocale();
  const dash = t('none');
  const days = daysUntil(customer.nextBirthday?.date);
  const names = customer.groupIds.map((id) => groups.find((g) => g.id === id)?.path ?? `#${id}`);
  const label = (name: string) => fields.find((f) => f.name === name)?.label ?? name;
  const customEntries = Object.entries(customer.custom);
  return (
    <section class="panel" aria-labelledby="details-heading">
      <h2 id="details-heading">{t('details')}</h2>
      <dl class="cust-details">
        <Item label={t('familyName')}>{customer.familyName ?? dash}</Item>
        <Item label={t('givenName')}>{customer.givenName ?? dash}</Item>
        <Item label={t('titleLabel')}>{customer.title ?? dash}</Item>
        <Item label={t('gender')}>{customer.gender ? t(GENDER[customer.gender] ?? 'genderOther') : dash}</Item>
        <Item label={t('company')}>{customer.company ?? dash}</Item>
        <Item label={t('emails')}>
          {customer.emails.length === 0 ? dash : (
            <ul class="cust-plain">
              {customer.emails.map((e, i) => (
                <li key={e}>
                  <a href={`mailto:${e}`}>{e}</a> {i === 0 && customer.emails.length > 1 ? <span class="badge">{t('primary')}</span> : null}
                </li>
              ))}
            </ul>
          )}
        </Item>
        <Item label={t('phones')}>
          {customer.phones.length === 0 ? dash : (
            <ul class="cust-plain">
              {customer.phones.map((p, i) => (
                <li key={p}>
                  {formatPhone(p)} {i === 0 && customer.phones.length > 1 ? <span class="badge">{t('primary')}</span> : null}
                </li>
              ))}
            </ul>
          )}
        </Item>
        <Item label={t('birthday')}>
          <span data-testid="celebrated-birthday">{formatCelebratedBirthday(customer, locale)}</span>
          {days !== undefined ? <span class="hint"> ({days === 0 ? t('birthdayToday') : t('birthdayIn', { days })})</span> : null}
          {customer.birthdayCalendar === 'lunar' && customer.birthday ? (
            <div class="hint">{t('alsoGregorian', { date: formatBirthday(customer.birthday, locale) })}</div>
          ) : null}
          {customer.birthdayCalendar !== 'lunar' && customer.lunarBirthday ? (
            <div class="hint">{t('alsoLunar', { date: formatLunarBirthday(customer.lunarBirthday, locale) })}</div>
          ) : null}
        </Item>
        <Item label={t('language')}>{customer.language ?? dash}</Item>
        <Item label={t('timeZone')}>{customer.timeZone ?? dash}</Item>
        <Item label={t('owner')}>{customer.owner ?? dash}</Item>
        <Item label={t('groups')}>{names.length > 0 ? names.join(', ') : dash}</Item>
        {customEntries.map(([name, value]) => (
          <Item key={name} label={label(name)}>
            {typeof value === 'boolean' ? (value ? t('yes') : t('no')) : String(value)}
          </Item>
        ))}
        <Item label={t('notes')}>{customer.notes ? <span class="cust-pre-line">{customer.notes}</span> : dash}</Item>
        {customer.locked ? <Item label={t('locked')}>{t('yes')}</Item> : null}
        <Item label={t('created')}>{formatInstant(customer.createdAt, locale)}</Item>
        <Item label={t('updated')}>{formatInstant(customer.updatedAt, locale)}</Item>
      </dl>
    </section>
  );
}

/** One customer: details (editable), Email / SMS, and the mail and SMS timeline. */
export function CustomerScreen({ id }: { id?: string }) {
  const t = useT(messages);
  const { can } = useAuth();
  const { route, query } = useLocation();
  const customerId = Number(id);
  const greeting = composeRequest(query);
  const loaded = useAsync((signal) => getCustomer(customerId, signal), [customerId]);
  const lookups = useLookups();
  const [edited, setEdited] = useState<Customer | undefined>(undefined);
  const [mode, setMode] = useState<'view' | 'edit' | 'delete'>('view');
  const [composing, setComposing] = useState(greeting.open);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const [deleteError, setDeleteError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const customer = edited?.id === customerId ? edited : loaded.data;

  if (!customer) {
    return (
      <>
        <p>
          <a href="/customers">← {t('backToList')}</a>
        </p>
        {loaded.error ? <ErrorNotice error={loaded.error} onRetry={loaded.reload} /> : <Loading />}
      </>
    );
  }

  async function remove(target: Customer) {
    setBusy(true);
    setDeleteError(undefined);
    try {
      await deleteCustomer(target.id);
      route('/customers');
    } catch (caught) {
      setDeleteError(caught);
    } finally {
      setBusy(false);
    }
  }

  const mayEdit = can('customers:write', 'customers:own');
  return (
    <>
      <p>
        <a href="/customers">← {t('backToList')}</a>
      </p>
      <PageHeader title={customer.displayName}>
        {can('campaigns:oneoff') && customer.emails.length > 0 ? (
          <Button onClick={() => setComposing(true)} aria-label={t('emailThisLabel', { name: customer.displayName })}>
            {t('emailThis')}
          </Button>
        ) : null}
        {can('campaigns:write') && customer.phones.length > 0 ? (
          <a class="btn btn-secondary" href={newCampaignHref('sms', { customerIds: [customer.id] })} aria-label={t('smsThisLabel', { name: customer.displayName })}>
            {t('smsThis')}
          </a>
        ) : null}
        {mayEdit && mode === 'view' ? (
          <Button kind="secondary" onClick={() => { setNotice(undefined); setMode('edit'); }}>
            {t('edit')}
          </Button>
        ) : null}
        {mayEdit && mode === 'view' && !customer.locked ? (
          <Button kind="danger" onClick={() => setMode('delete')}>
            {t('delete')}
          </Button>
        ) : null}
      </PageHeader>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      {mode === 'delete' ? (
        <div class="notice notice-warning" role="alertdialog" aria-labelledby="delete-question">
          <p id="delete-question">{t('deleteConfirm', { name: customer.displayName })}</p>
          <ErrorNotice error={deleteError} />
          <div class="cust-actions">
            <Button kind="danger" busy={busy} onClick={() => remove(customer)}>
              {t('deleteYes')}
            </Button>
            <Button kind="secondary" onClick={() => setMode('view')}>
              {t('no')}
            </Button>
          </div>
        </div>
      ) : null}
      <ErrorNotice error={lookups.error} />
      <div class="columns-even cust-page">
        {mode === 'edit' && lookups.ready ? (
          <CustomerForm
            customer={customer}
            fields={lookups.fields}
            groups={lookups.groups}
            onSaved={(saved) => {
              setEdited(saved);
              setMode('view');
              setNotice(t('saved'));
            }}
            onCancel={() => setMode('view')}
          />
        ) : (
          <Details customer={customer} groups={lookups.groups} fields={lookups.fields} />
        )}
        <SuppressionsPanel customerId={customer.id} />
        {can('inbox:read', 'inbox:own') ? <Timeline customerId={customer.id} /> : null}
      </div>
      {composing ? <ComposeDialog recipients={[toTicked(customer)]} initialTemplate={greeting.template} onClose={() => setComposing(false)} /> : null}
    </>
  );
}

/** Adding one customer by hand. */
export function CustomerNewScreen() {
  const t = useT(messages);
  const { route } = useLocation();
  const lookups = useLookups();
  return (
    <>
      <p>
        <a href="/customers">← {t('backToList')}</a>
      </p>
      <PageHeader title={t('addTitle')} />
      <ErrorNotice error={lookups.error} />
      {lookups.ready ? <CustomerForm fields={lookups.fields} groups={lookups.groups} onSaved={(c) => route(`/customers/${c.id}`)} onCancel={() => route('/customers')} /> : <Loading />}
    </>
  );
}
