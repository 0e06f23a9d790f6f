import { useId, useState } from 'preact/hooks';
import { useT } from '../../i18n/index.js';
import { planMessages } from './schedule-plan.messages.js';
import { browserZones, groupTimeZones, zoneLabel } from './time-zones.js';

/**
 * A time-zone picker: a search box that narrows the list, then a select with the common zones
 * first and the rest grouped by region. `companyZone` is kept on top as the usual choice.
 */
export function TimeZoneSelect({ label, value, onValue, companyZone }: { label: string; value: string; onValue: (zone: string) => void; companyZone?: string | null }) {
  const t = useT(planMessages);
  const id = useId();
  const [query, setQuery] = useState('');
  const { common, groups, matched } = groupTimeZones(browserZones(), query, [value, companyZone ?? ''].filter(Boolean));
  return (
    <div class="field time-zone-select">
      <label for={`${id}-search`}>{t('zoneSearch')}</label>
      <input
        id={`${id}-search`}
        type="search"
        value={query}
        aria-describedby={`${id}-hint`}
        data-testid="zone-search"
        onInput={(event) => setQuery((event.currentTarget as HTMLInputElement).value)}
      />
      <small id={`${id}-hint`} class="hint">
        {t('zoneSearchHint')}
      </small>
      <label for={id}>{label}</label>
      <select id={id} value={value} data-testid="zone-select" onChange={(event) => onValue((event.currentTarget as HTMLSelectElement).value)}>
        <optgroup label={t('zoneCommon')}>
          {common.map((zone) => (
            <option key={zone} value={zone}>
              {zoneLabel(zone)}
            </option>
          ))}
        </optgroup>
        {groups.map((group) => (
          <optgroup key={group.region} label={group.region}>
            {group.zones.map((zone) => (
              <option key={zone} value={zone}>
                {zoneLabel(zone)}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      {query && matched === 0 ? (
        <small class="hint" role="status">
          {t('zoneNoMatch')}
        </small>
      ) : null}
    </div>
  );
}
