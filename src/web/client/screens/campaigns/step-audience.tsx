import { api } from '../../api.js';
import type { ApiResponse, Item } from '../../api/shapes.js';
import { formatCount } from '../../i18n/format.js';
import { useLocale, useT } from '../../i18n/index.js';
import { Button, ErrorNotice, Loading, Notice } from '../../ui/components.js';
import { useAsync } from '../../ui/use-async.js';
import { useDebouncedLoad } from '../templates/use-debounced.js';
import type { AudienceCounts } from './campaign.types.js';
import { audienceChosen, audienceOf, type WizardState } from './wizard-state.js';
import { wizardMessages } from './wizard.messages.js';

type GroupItem = Item<ApiResponse<'/api/groups'>>;

/** POST /api/audience/preview for the wizard's audience, after a pause in the ticking. */
export function useAudienceCounts(state: WizardState) {
  const body = { channel: state.channel, selection: audienceOf(state) };
  const key = audienceChosen(state) ? JSON.stringify(body) : null;
  return useDebouncedLoad(key, (signal) => api<AudienceCounts>('/api/audience/preview', { body, signal }), 250);
}

/** The counts of an audience, announced politely as they change. */
export function AudienceCountsView({ channel, counts, pending }: { channel: 'email' | 'sms'; counts: AudienceCounts | undefined; pending: boolean }) {
  const t = useT(wizardMessages);
  const { locale } = useLocale();
  const n = (value: number) => formatCount(value, locale);
  return (
    <section class="audience-counts" aria-labelledby="audience-counts-title" aria-busy={pending ? 'true' : undefined}>
      <h3 id="audience-counts-title">{t('counts')}</h3>
      <div role="status" aria-live="polite">
        {counts ? (
          <dl class="facts" data-testid="audience-counts">
            <dt>{t('countSelected')}</dt>
            <dd data-testid="count-selected">{n(counts.total)}</dd>
            <dt>{t('countReachable')}</dt>
            <dd data-testid="count-reachable">
              <strong>{n(counts.reachable)}</strong>
            </dd>
            <dt>{t('countSuppressed')}</dt>
            <dd>{n(counts.suppressed)}</dd>
            <dt>{channel === 'email' ? t('countNoEmail') : t('countNoPhone')}</dt>
            <dd>{n(counts.noAddress)}</dd>
          </dl>
        ) : pending ? (
          <p class="hint">{t('counting')}</p>
        ) : null}
      </div>
    </section>
  );
}

function toggle(list: readonly number[], id: number, on: boolean): number[] {
  return on ? [...new Set([...list, id])] : list.filter((x) => x !== id);
}

/** Step 2: everybody, or a union of groups, saved filters and the customers handed over. */
export function StepAudience({ state, update }: { state: WizardState; update: (patch: Partial<WizardState>) => void }) {
  const t = useT(wizardMessages);
  const { locale } = useLocale();
  const groups = useAsync((signal) => api<GroupItem[]>('/api/groups', { signal }), []);
  const counts = useAudienceCounts(state);
  const statics = (groups.data ?? []).filter((g) => g.kind === 'static');
  const filters = (groups.data ?? []).filter((g) => g.kind === 'filter');

  const checkList = (items: GroupItem[], selected: readonly number[], key: 'groupIds' | 'filterIds') => (
    <ul class="check-list">
      {items.map((g) => (
        <li key={g.id} style={{ paddingLeft: `${g.depth * 1.25}rem` }}>
          <label class="check">
            <input type="checkbox" checked={selected.includes(g.id)} onChange={(event) => update({ [key]: toggle(selected, g.id, (event.currentTarget as HTMLInputElement).checked) })} />
            {g.name}
          </label>
        </li>
      ))}
    </ul>
  );

  return (
    <div class="columns-even">
      <div>
        <fieldset>
          <legend>{t('audienceMode')}</legend>
          <label class="check">
            <input type="radio" name="audience" checked={state.everybody} onChange={() => update({ everybody: true })} />
            {t('everybody')}
          </label>
          <label class="check">
            <input type="radio" name="audience" checked={!state.everybody} onChange={() => update({ everybody: false })} />
            {t('chosen')}
          </label>
        </fieldset>
        {!state.everybody ? (
          <>
            {state.customerIds.length > 0 ? (
              <p class="chosen-part" data-testid="chosen-customers">
                {t('chosenCustomers', { n: formatCount(state.customerIds.length, locale) })}{' '}
                <Button kind="secondary" onClick={() => update({ customerIds: [] })}>
                  {t('remove')}
                </Button>
              </p>
            ) : null}
            {state.filter ? (
              <div class="chosen-part">
                <p>
                  {t('linkFilter')}{' '}
                  <Button kind="secondary" onClick={() => update({ filter: null })}>
                    {t('remove')}
                  </Button>
                </p>
                <pre class="mono filter-json">{JSON.stringify(state.filter, null, 1)}</pre>
              </div>
            ) : null}
            <ErrorNotice error={groups.error} onRetry={groups.reload} />
            {groups.loading && !groups.data ? <Loading /> : null}
            {groups.data ? (
              <>
                <fieldset>
                  <legend>{t('groups')}</legend>
                  {statics.length > 0 ? checkList(statics, state.groupIds, 'groupIds') : <p class="hint">{t('noGroups')}</p>}
                </fieldset>
                <fieldset>
                  <legend>{t('filters')}</legend>
                  {filters.length > 0 ? checkList(filters, state.filterIds, 'filterIds') : <p class="hint">{t('noFilters')}</p>}
                </fieldset>
              </>
            ) : null}
            {!audienceChosen(state) ? <Notice kind="warning">{t('audienceEmpty')}</Notice> : null}
          </>
        ) : null}
      </div>
      <div>
        <AudienceCountsView channel={state.channel} counts={audienceChosen(state) ? counts.data : undefined} pending={counts.pending} />
        <ErrorNotice error={counts.error} />
      </div>
    </div>
  );
}
