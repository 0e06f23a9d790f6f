// The customers list builds audiences and filters in the browser: every one must be what the
// server's filter parser accepts, and the link to a new campaign must carry the audience intact.
import { describe, expect, it } from 'vitest';
import { parseFilter } from '../../src/modules/customers/index.js';
import type { Group } from '../../src/web/client/screens/customers/customers.api.js';
import { QUICK_FILTER_KEYS, quickFilter, viewAudience, type ListState } from '../../src/web/client/screens/customers/list-state.js';
import { newCampaignHref, parseAudienceQuery } from '../../src/web/client/ui/audience-link.js';

const state = (over: Partial<ListState> = {}): ListState => ({ query: '', groupId: undefined, filters: [], ...over });
const groups: Group[] = [
  { id: 4, name: 'VIP', parentId: null, path: 'VIP', depth: 0, kind: 'static', filter: null, createdAt: 0 },
  { id: 7, name: 'Birthdays', parentId: null, path: 'Birthdays', depth: 0, kind: 'filter', filter: { field: 'birthday', op: 'next-days', value: 7 }, createdAt: 0 },
];
const queryOf = (href: string) => Object.fromEntries(new URL(href, 'http://x').searchParams);

describe('customers list audiences', () => {
  it('every quick filter, alone, combined and with a group, is a filter the server accepts', () => {
    for (const key of QUICK_FILTER_KEYS) expect(() => parseFilter(JSON.stringify(quickFilter([key])))).not.toThrow();
    expect(() => parseFilter(JSON.stringify(quickFilter(QUICK_FILTER_KEYS)))).not.toThrow();
    const combined = viewAudience(state({ groupId: 4, filters: ['email', 'birthdaySoon'] }), groups);
    expect(combined).toEqual({
      filter: { all: [{ field: 'group', op: 'in', value: [4] }, { field: 'email', op: 'exists' }, { field: 'birthday', op: 'next-days', value: 30 }] },
    });
    expect(() => parseFilter(JSON.stringify(combined.filter))).not.toThrow();
  });

  it('nobody ticked and nothing chosen is everybody; a group or saved filter alone is named as such; the search is not an audience', () => {
    expect(viewAudience(state({ query: 'Harbour' }), groups)).toEqual({});
    expect(viewAudience(state({ groupId: 4 }), groups)).toEqual({ groupIds: [4] });
    expect(viewAudience(state({ groupId: 7 }), groups)).toEqual({ filterIds: [7] });
  });

  it('links a new campaign with the audience in the query and reads it back', () => {
    expect(newCampaignHref('email', {})).toBe('/campaigns/new?channel=email&all=1');
    expect(parseAudienceQuery(queryOf(newCampaignHref('email', {})))).toEqual({ channel: 'email', selection: {}, everybody: true });

    const ticked = newCampaignHref('sms', { customerIds: [3, 1, 2] });
    expect(ticked).toBe('/campaigns/new?channel=sms&customerIds=3%2C1%2C2');
    expect(parseAudienceQuery(queryOf(ticked))).toEqual({ channel: 'sms', selection: { customerIds: [3, 1, 2] }, everybody: false });

    const view = viewAudience(state({ groupId: 4, filters: ['phone'] }), groups);
    expect(parseAudienceQuery(queryOf(newCampaignHref('email', view)))).toEqual({ channel: 'email', selection: view, everybody: false });
    expect(parseAudienceQuery(queryOf(newCampaignHref('email', { groupIds: [4], filterIds: [7] })))).toEqual({
      channel: 'email',
      selection: { groupIds: [4], filterIds: [7] },
      everybody: false,
    });
    // Garbage is dropped rather than sent: no ids, no filter, so it says "everybody" openly.
    expect(parseAudienceQuery({ channel: 'fax', customerIds: 'a,-1', filter: '{oops' })).toEqual({ channel: 'email', selection: {}, everybody: true });
  });
});
