/** The time zones a picker offers: common ones first, the rest grouped by region, narrowed by a search. Pure. */

/** The zones most campaigns are sent in, shown first (then every zone by region). */
export const COMMON_ZONES = [
  'Asia/Shanghai',
  'Asia/Hong_Kong',
  'Asia/Taipei',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Asia/Seoul',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Paris',
  'America/New_York',
  'America/Chicago',
  'America/Los_Angeles',
  'Australia/Sydney',
  'UTC',
] as const;

/** The zones of the picker: common ones first, then one group per region (Africa, America, Asia …). */
export interface ZoneGroups {
  readonly common: readonly string[];
  /** How many zones match the search (all of them without one); the kept ones do not count. */
  readonly matched: number;
  readonly groups: readonly { readonly region: string; readonly zones: readonly string[] }[];
}

/** How a zone reads in the list: "Asia/Ho_Chi_Minh" → "Ho Chi Minh (Asia)", "UTC" → "UTC". */
export function zoneLabel(zone: string): string {
  const slash = zone.indexOf('/');
  if (slash < 0) return zone;
  return `${zone.slice(slash + 1).replaceAll('_', ' ').replaceAll('/', ' / ')} (${zone.slice(0, slash)})`;
}

/**
 * Groups `zones` for the picker and narrows them to those matching `query` (any part of the name,
 * spaces or underscores alike, any case). `keep` (the current value, the company's zone) stays
 * among the common ones whatever the query, so the selected option never disappears.
 */
export function groupTimeZones(zones: Iterable<string>, query = '', keep: readonly string[] = []): ZoneGroups {
  const wanted = query.trim().toLowerCase().replaceAll(' ', '_');
  const matches = (zone: string) => !wanted || zone.toLowerCase().includes(wanted);
  const all = new Set(zones);
  const common = [...new Set([...keep.filter(Boolean), ...COMMON_ZONES.filter((z) => all.has(z) || z === 'UTC')])].filter((z) => keep.includes(z) || matches(z));
  const byRegion = new Map<string, string[]>();
  for (const zone of [...all].sort()) {
    if (common.includes(zone) || !matches(zone)) continue;
    const region = zone.includes('/') ? zone.slice(0, zone.indexOf('/')) : 'Etc';
    const list = byRegion.get(region) ?? [];
    list.push(zone);
    byRegion.set(region, list);
  }
  const matched = [...all, ...COMMON_ZONES].filter((z, i, list) => list.indexOf(z) === i && matches(z)).length;
  return { common, matched, groups: [...byRegion].map(([region, list]) => ({ region, zones: list })) };
}

/** IANA zones the browser knows (about 400), or a few common ones in an older browser. */
export function browserZones(): string[] {
  const supported = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  return supported.length > 0 ? supported : [...COMMON_ZONES];
}
