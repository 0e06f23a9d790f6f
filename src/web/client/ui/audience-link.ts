/**
 * The hand-over from the customers list to the campaigns section: `/campaigns/new` with the
 * audience in the query, so a ticked selection or "everybody" survives a reload and can be linked.
 *
 *   /campaigns/new?channel=email&customerIds=1,2,3    the ticked customers
 *   /campaigns/new?channel=sms&groupIds=4&filterIds=7   members of groups / saved filters
 *   /campaigns/new?channel=email&filter={"all":[…]}     a filter expression (URL-encoded JSON)
 *   /campaigns/new?channel=email&all=1                  nobody ticked: every customer
 *
 * The parts combine as a union, as in POST /api/audience/preview and a campaign's audience.
 */

/** An audience as the API's `selection` / campaign `audience` takes it. */
export interface AudienceParts {
  readonly customerIds?: readonly number[];
  readonly groupIds?: readonly number[];
  readonly filterIds?: readonly number[];
  readonly filter?: Readonly<Record<string, unknown>>;
}

/** A parsed `/campaigns/new` query. */
export interface AudienceLink {
  readonly channel: 'email' | 'sms';
  /** Empty when `everybody`. */
  readonly selection: AudienceParts;
  /** `all=1`, or no part given: the campaign goes to every customer. */
  readonly everybody: boolean;
}

const ids = (list: readonly number[] | undefined) => (list && list.length > 0 ? list.join(',') : undefined);

/** The address of a new campaign for this audience; an empty selection means everybody (`all=1`). */
export function newCampaignHref(channel: 'email' | 'sms', selection: AudienceParts): string {
  const params = new URLSearchParams({ channel });
  const parts: [string, string | undefined][] = [
    ['customerIds', ids(selection.customerIds)],
    ['groupIds', ids(selection.groupIds)],
    ['filterIds', ids(selection.filterIds)],
    ['filter', selection.filter ? JSON.stringify(selection.filter) : undefined],
  ];
  let any = false;
  for (const [key, value] of parts) {
    if (value === undefined) continue;
    params.set(key, value);
    any = true;
  }
  if (!any) params.set('all', '1');
  return `/campaigns/new?${params}`;
}

const parseIds = (text: string | undefined): number[] | undefined => {
  if (!text) return undefined;
  const list = text.split(',').map((s) => Number(s.trim())).filter((n) => Number.isSafeInteger(n) && n > 0);
  return list.length > 0 ? list : undefined;
};

/** Reads the query of `/campaigns/new` (e.g. useLocation().query); a malformed filter is dropped. */
export function parseAudienceQuery(query: Readonly<Record<string, string | undefined>>): AudienceLink {
  const channel = query.channel === 'sms' ? 'sms' : 'email';
  let filter: Record<string, unknown> | undefined;
  if (query.filter) {
    try {
      const value: unknown = JSON.parse(query.filter);
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) filter = value as Record<string, unknown>;
    } catch {
      filter = undefined;
    }
  }
  const selection: AudienceParts = {
    ...(parseIds(query.customerIds) ? { customerIds: parseIds(query.customerIds) } : {}),
    ...(parseIds(query.groupIds) ? { groupIds: parseIds(query.groupIds) } : {}),
    ...(parseIds(query.filterIds) ? { filterIds: parseIds(query.filterIds) } : {}),
    ...(filter ? { filter } : {}),
  };
  const everybody = Object.keys(selection).length === 0;
  return { channel, selection: everybody ? {} : selection, everybody };
}
