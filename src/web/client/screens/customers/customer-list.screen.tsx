import { useEffect, useMemo, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { useAuth } from '../../auth.js';
import { common } from '../../i18n/common.js';
import { useLocale, useT } from '../../i18n/index.js';
import { formatCount } from '../../i18n/format.js';
import { Button, ErrorNotice, Loading, Notice, PageHeader, TextField } from '../../ui/components.js';
import { composeRequest } from './compose-link.js';
import { useAsync } from '../../ui/use-async.js';
import { ComposeDialog } from './compose-dialog.js';
import { exportHref, listCustomers, listGroups, type Customer, type Group } from './customers.api.js';
import { formatCelebratedBirthday } from './lunar.format.js';
import { messages } from './customers.messages.js';
import { GroupTree } from './group-tree.js';
import { FILTER_LABELS } from './filter-labels.js';
import { listQuery, QUICK_FILTER_KEYS, useListState, viewAudience } from './list-state.js';
import { SaveFilter } from './save-filter.js';
import { SelectionBar } from './selection-bar.js';
import { useTicks } from './ticks.js';
import { formatPhone } from '../../ui/phone-format.js';

/** Pages of the list: the first comes with the query, "Load more" appends the next by cursor. */
function usePages(key: string, load: (cursor: string | undefined, signal?: AbortSignal) => Promise<{ items: readonly Customer[]; nextCursor: string | null }>) {
  const first = useAsync((signal) => load(undefined, signal), [key]);
  const [more, setMore] = useState<{ key: string; items: Customer[]; nextCursor: string | null } | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const extra = more?.key === key ? more : undefined;
  const items = useMemo(() => [...(first.data?.items ?? []), ...(extra?.items ?? [])], [first.data, extra]);
  const nextCursor = extra ? extra.nextCursor : (first.data?.nextCursor ?? null);
  async function loadMore() {
    if (!nextCursor) return;
    setBusy(true);
    setError(undefined);
    try {
      const page = await load(nextCursor);
      setMore({ key, items: [...(extra?.items ?? []), ...page.items], nextCursor: page.nextCursor });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }
  return { items, nextCursor, loading: first.loading && !first.data, error: first.error ?? error, reload: first.reload, loadMore, busy };
}

/** The customer list: search, group tree, quick filters, ticks, and Email / SMS for the ticked (or everybody). */
export function CustomerListScreen() {
  const t = useT(messages);
  const tc = useT(common);
  const { locale } = useLocale();
  const { can } = useAuth();
  const { state, set } = useListState();
  const { ticked, toggle, clear } = useTicks();
  const [search, setSearch] = useState(state.query);
  const [composing, setComposing] = useState(false);
  // A holiday's "send the greeting": tick the customers, then write; the holiday's template is ready.
  const greeting = composeRequest(useLocation().query);

  // Typing updates the address after a pause; the list follows the address.
  useEffect(() => {
    if (search === state.query) return undefined;
    const timer = setTimeout(() => set({ query: search.trim() }), 300);
    return () => clearTimeout(timer);
  }, [search]);

  const canGroups = can('groups:read');
  const groups = useAsync((signal) => (canGroups ? listGroups(signal) : Promise.resolve([] as Group[])), [canGroups]);
  const query = listQuery(state);
  const key = JSON.stringify(query);
  const pages = usePages(key, (cursor, signal) => listCustomers(query, cursor, signal));
  const groupNames = useMemo(() => new Map((groups.data ?? []).map((g) => [g.id, g.path])), [groups.data]);
  // The owner column is shown only when someone on the page has one (it is empty outside sales teams).
  const owners = pages.items.some((c) => c.owner !== null);

  const pageTicked = pages.items.length > 0 && pages.items.every((c) => ticked.has(c.id));
  const narrowed = state.query !== '' || state.groupId !== undefined || state.filters.length > 0;

  return (
    <>
      <PageHeader title={t('title')}>
        {can('customers:write') ? (
          <a class="btn btn-secondary" href="/customers/import">
            {t('importButton')}
          </a>
        ) : null}
        {can('customers:export') ? (
          <a class="btn btn-secondary" href={exportHref(query)} download>
            {t('exportButton')}
          </a>
        ) : null}
        {can('customers:write', 'customers:own') ? (
          <a class="btn btn-secondary" href="/customers/new">
            {t('addButton')}
          </a>
        ) : null}
      </PageHeader>

      <div class={canGroups ? 'columns' : undefined}>
        {canGroups ? groups.data ? <GroupTree
              groups={groups.data}
              state={state}
              onChanged={
                can('groups:write')
                  ? (group, action) => {
                      groups.reload();
                      // A new group is shown selected; a deleted selection falls back to everybody.
                      if (action.kind === 'create' && group) set({ groupId: group.id });
                      else if (action.kind === 'delete') set({ groupId: undefined });
                    }
                  : undefined
              }
            /> : <ErrorNotice error={groups.error} onRetry={groups.reload} /> : null}
        <div class="cust-main">
          <div class="panel">
            <div role="search">
              <TextField label={t('searchLabel')} hint={t('searchHint')} type="search" value={search} onValue={setSearch} autoComplete="off" />
            </div>
            <fieldset class="cust-filters">
              <legend>{t('filtersLegend')}</legend>
              {QUICK_FILTER_KEYS.map((key) => (
                <label key={key}>
                  <input
                    type="checkbox"
                    checked={state.filters.includes(key)}
                    onChange={(event) => {
                      const on = (event.currentTarget as HTMLInputElement).checked;
                      set({ filters: on ? [...state.filters, key] : state.filters.filter((f) => f !== key) });
                    }}
                  />{' '}
                  {t(FILTER_LABELS[key])}
                </label>
              ))}
              {state.filters.length > 0 ? (
                <button type="button" class="link" onClick={() => set({ filters: [] })}>
                  {t('clearFilters')}
                </button>
              ) : null}
            </fieldset>
            {state.filters.length > 0 && can('groups:write') ? (
              <SaveFilter
                filter={viewAudience(state, groups.data).filter ?? {}}
                onSaved={(saved) => {
                  groups.reload();
                  set({ groupId: saved.id, filters: [] });
                }}
              />
            ) : null}
          </div>

          <SelectionBar ticked={ticked} state={state} groups={groups.data} onClear={clear} onCompose={() => setComposing(true)} />

          {greeting.open ? <Notice>{t('greetingTick')}</Notice> : null}
          <ErrorNotice error={pages.error} onRetry={pages.reload} />
          {pages.loading ? (
            <Loading />
          ) : pages.items.length === 0 ? (
            <p class="panel">{narrowed ? t('noMatch') : t('noCustomers')}</p>
          ) : (
            <div class="table-wrap">
              <table class="cust-table">
                <caption class="cust-sr-only">{t('title')}</caption>
                <thead>
                  <tr>
                    <th scope="col" class="cust-tick">
                      <input type="checkbox" aria-label={t('tickAllPage')} checked={pageTicked} onChange={(event) => toggle(pages.items, (event.currentTarget as HTMLInputElement).checked)} />
                    </th>
                    <th scope="col">{t('colName')}</th>
                    <th scope="col">{t('colEmail')}</th>
                    <th scope="col">{t('colPhone')}</th>
                    <th scope="col">{t('colCompany')}</th>
                    <th scope="col">{t('colBirthday')}</th>
                    {canGroups ? <th scope="col">{t('colGroups')}</th> : null}
                    {owners ? <th scope="col">{t('colOwner')}</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {pages.items.map((c) => (
                    <tr key={c.id} aria-selected={ticked.has(c.id) ? 'true' : undefined}>
                      <td class="cust-tick">
                        <input type="checkbox" aria-label={t('tickOne', { name: c.displayName })} checked={ticked.has(c.id)} onChange={(event) => toggle([c], (event.currentTarget as HTMLInputElement).checked)} />
                      </td>
                      <th scope="row">
                        <a href={`/customers/${c.id}`}>{c.displayName}</a>
                      </th>
                      <td>{c.emails[0] ?? '—'}</td>
                      <td>{c.phones[0] ? formatPhone(c.phones[0]) : '—'}</td>
                      <td>{c.company ?? '—'}</td>
                      <td>{formatCelebratedBirthday(c, locale)}</td>
                      {canGroups ? <td>{c.groupIds.map((id) => groupNames.get(id)).filter(Boolean).join(', ') || '—'}</td> : null}
                      {owners ? <td>{c.owner ?? '—'}</td> : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div class="cust-list-footer">
            <span class="hint" role="status">
              {pages.items.length > 0 ? t(pages.nextCursor ? 'shownMore' : 'shown', { shown: formatCount(pages.items.length, locale) }) : null}
            </span>
            {pages.nextCursor ? (
              <Button kind="secondary" busy={pages.busy} onClick={pages.loadMore}>
                {tc('more')}
              </Button>
            ) : null}
          </div>
        </div>
      </div>
      {composing ? <ComposeDialog recipients={[...ticked.values()]} initialTemplate={greeting.template} onClose={() => setComposing(false)} /> : null}
    </>
  );
}
