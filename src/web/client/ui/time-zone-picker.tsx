import { useId, useState } from 'preact/hooks';
import { defineMessages, useT } from '../i18n/index.js';
import { browserZones, groupTimeZones, zoneLabel } from './time-zones.js';

/**
 * The one time-zone picker (company profile, campaign schedule): a search box that narrows the
 * list, then a select with the common zones first and every other zone grouped by region, region
 * names in the reader's language. Self-contained: its own texts, no API call.
 */

const messages = defineMessages({
  en: {
    zoneSearch: 'Find a time zone',
    zoneSearchHint: 'Type part of a city or region, e.g. Berlin',
    zoneCommon: 'Common',
    zoneNoMatch: 'No time zone matches.',
    Africa: 'Africa',
    America: 'Americas',
    Antarctica: 'Antarctica',
    Arctic: 'Arctic',
    Asia: 'Asia',
    Atlantic: 'Atlantic Ocean',
    Australia: 'Australia',
    Europe: 'Europe',
    Indian: 'Indian Ocean',
    Pacific: 'Pacific Ocean',
    Etc: 'Other',
  },
  'zh-CN': {
    zoneSearch: '查找时区',
    zoneSearchHint: '输入城市或地区的一部分，如 Shanghai',
    zoneCommon: '常用',
    zoneNoMatch: '没有匹配的时区。',
    Africa: '非洲',
    America: '美洲',
    Antarctica: '南极洲',
    Arctic: '北极',
    Asia: '亚洲',
    Atlantic: '大西洋',
    Australia: '澳大利亚',
    Europe: '欧洲',
    Indian: '印度洋',
    Pacific: '太平洋',
    Etc: '其他',
  },
});

type Key = keyof (typeof messages)['en'];

function regionName(region: string, t: (key: Key) => string): string {
  return region in messages.en ? t(region as Key) : region;
}

/**
 * The picker with its label; `value` is an IANA zone such as `Asia/Shanghai`. `keep` (e.g. the
 * company's zone) stays among the common zones whatever the search, like the current value.
 */
export function TimeZonePicker({ label, value, onValue, hint, name, keep }: { label: string; value: string; onValue: (zone: string) => void; hint?: string; name?: string; keep?: string | null }) {
  const t = useT(messages);
  const id = useId();
  const [query, setQuery] = useState('');
  const { common, groups, matched } = groupTimeZones(browserZones(), query, [value, keep ?? ''].filter(Boolean));
  return (
    <div class="field time-zone-select">
      <label for={`${id}-search`}>{t('zoneSearch')}</label>
      <input
        id={`${id}-search`}
        type="search"
        value={query}
        aria-describedby={`${id}-search-hint`}
        data-testid="zone-search"
        onInput={(event) => setQuery((event.currentTarget as HTMLInputElement).value)}
      />
      <small id={`${id}-search-hint`} class="hint">
        {t('zoneSearchHint')}
      </small>
      <label for={id}>{label}</label>
      <select id={id} name={name} value={value} data-testid="zone-select" aria-describedby={hint ? `${id}-hint` : undefined} onChange={(event) => onValue((event.currentTarget as HTMLSelectElement).value)}>
        <optgroup label={t('zoneCommon')}>
          {common.map((zone) => (
            <option key={zone} value={zone}>
              {zoneLabel(zone)}
            </option>
          ))}
        </optgroup>
        {groups.map((group) => (
          <optgroup key={group.region} label={regionName(group.region, t)}>
            {group.zones.map((zone) => (
              <option key={zone} value={zone}>
                {zoneLabel(zone)}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      {hint ? (
        <small id={`${id}-hint`} class="hint">
          {hint}
        </small>
      ) : null}
      {query && matched === 0 ? (
        <small class="hint" role="status">
          {t('zoneNoMatch')}
        </small>
      ) : null}
    </div>
  );
}
