import { useId, useMemo } from 'preact/hooks';
import { browserClock } from '../clock.js';
import { defineMessages, useT } from '../i18n/index.js';

/**
 * A time-zone picker: every IANA zone the browser knows, grouped by region (one <optgroup> per
 * continent or ocean), labelled with the city and its current UTC offset. Self-contained: its own
 * texts in both languages, no API call.
 */

const messages = defineMessages({
  en: {
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
    Other: 'Other',
  },
  'zh-CN': {
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
    Other: '其他',
  },
});

type Region = keyof (typeof messages)['en'];
const REGIONS: readonly Region[] = ['Asia', 'Europe', 'America', 'Africa', 'Australia', 'Pacific', 'Indian', 'Atlantic', 'Antarctica', 'Arctic', 'Other'];

/** Zones to offer when the browser cannot list them (older engines). */
const FALLBACK_ZONES = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Tokyo', 'Asia/Singapore', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'Australia/Sydney', 'UTC'];

function allZones(): readonly string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: 'timeZone') => string[] };
  const listed = intl.supportedValuesOf?.('timeZone');
  return listed && listed.length > 0 ? listed : FALLBACK_ZONES;
}

function regionOf(zone: string): Region {
  const head = zone.split('/')[0] ?? '';
  return (REGIONS as readonly string[]).includes(head) && zone.includes('/') ? (head as Region) : 'Other';
}

/** "GMT+08:00"-style offset of a zone now, or '' when the engine cannot say. */
function offsetOf(zone: string, at: Date): string {
  try {
    const part = new Intl.DateTimeFormat('en', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName');
    return part?.value === 'GMT' ? 'GMT+00:00' : (part?.value ?? '');
  } catch {
    return '';
  }
}

/** The zones grouped by region (in REGIONS order), each labelled with its city and offset at `at`. */
export function groupTimeZones(zones: readonly string[], at: Date): { region: Region; zones: { value: string; label: string }[] }[] {
  const groups = new Map<Region, { value: string; label: string }[]>();
  for (const zone of zones) {
    const region = regionOf(zone);
    const city = region === 'Other' ? zone : zone.slice(zone.indexOf('/') + 1).replace(/_/g, ' ').replace(/\//g, ' / ');
    const offset = offsetOf(zone, at);
    const list = groups.get(region) ?? [];
    list.push({ value: zone, label: offset ? `${city} (${offset})` : city });
    groups.set(region, list);
  }
  return REGIONS.filter((r) => groups.has(r)).map((region) => ({ region, zones: (groups.get(region) ?? []).sort((a, b) => a.label.localeCompare(b.label)) }));
}

/** The picker with its label; `value` is an IANA zone such as `Asia/Shanghai` (kept even if the browser does not know it). */
export function TimeZonePicker({ label, value, onValue, hint, name, at }: { label: string; value: string; onValue: (zone: string) => void; hint?: string; name?: string; at?: Date }) {
  const t = useT(messages);
  const id = useId();
  const groups = useMemo(() => {
    const zones = allZones();
    return groupTimeZones(zones.includes(value) || !value ? zones : [value, ...zones], at ?? browserClock.date());
    // The list depends only on what the browser knows (and a value it does not).
  }, [value, at]);
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} name={name} value={value} aria-describedby={hint ? `${id}-hint` : undefined} onChange={(event) => onValue((event.currentTarget as HTMLSelectElement).value)}>
        {groups.map((group) => (
          <optgroup key={group.region} label={t(group.region)}>
            {group.zones.map((zone) => (
              <option key={zone.value} value={zone.value}>
                {zone.label}
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
    </div>
  );
}
