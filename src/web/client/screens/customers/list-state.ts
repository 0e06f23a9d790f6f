import { useLocation } from 'preact-iso';
import { useCallback, useMemo } from 'preact/hooks';
import type { AudienceSelection, Group, ListQuery } from './customers.api.js';

/** The quick filters of the list, each a condition of the customer filter language. */
export const QUICK_FILTERS = {
  email: { field: 'email', op: 'exists' },
  phone: { field: 'phone', op: 'exists' },
  birthdayMonth: { field: 'birthday', op: 'this-month' },
  birthdaySoon: { field: 'birthday', op: 'next-days', value: 30 },
  subscribed: { field: 'suppressed', channel: 'email', op: 'not' },
} as const;
export type QuickFilter = keyof typeof QUICK_FILTERS;

export const QUICK_FILTER_KEYS = Object.keys(QUICK_FILTERS) as QuickFilter[];

/** What the list shows, kept in the address (`?q=…&group=…&f=email,phone`) so Back and links keep it. */
export interface ListState {
  readonly query: string;
  readonly groupId: number | undefined;
  readonly filters: readonly QuickFilter[];
}

const isQuickFilter = (key: string): key is QuickFilter => (QUICK_FILTER_KEYS as string[]).includes(key);

/** The list address for a state. */
export function listHref(state: ListState): string {
  const params = new URLSearchParams();
  if (state.query) params.set('q', state.query);
  if (state.groupId !== undefined) params.set('group', String(state.groupId));
  if (state.filters.length > 0) params.set('f', state.filters.join(','));
  const text = params.toString();
  return text ? `/customers?${text}` : '/customers';
}

/** Reads the list state from the address; `set` replaces the history entry (typing is not navigation). */
export function useListState(): { state: ListState; set: (change: Partial<ListState>) => void } {
  const { query, route } = useLocation();
  const state = useMemo<ListState>(() => {
    const group = Number(query.group);
    return {
      query: query.q ?? '',
      groupId: Number.isSafeInteger(group) && group > 0 ? group : undefined,
      filters: (query.f ?? '').split(',').filter(isQuickFilter),
    };
  }, [query.q, query.group, query.f]);
  const set = useCallback((change: Partial<ListState>) => route(listHref({ ...state, ...change }), true), [state, route]);
  return { state, set };
}

/** The quick filters as one filter expression (undefined when none is on). */
export function quickFilter(filters: readonly QuickFilter[]): Record<string, unknown> | undefined {
  const conditions = filters.map((key) => QUICK_FILTERS[key] as Record<string, unknown>);
  if (conditions.length === 0) return undefined;
  return conditions.length === 1 ? conditions[0] : { all: conditions };
}

/** The API query of the list. */
export function listQuery(state: ListState): ListQuery {
  return { query: state.query || undefined, groupId: state.groupId, filter: quickFilter(state.filters) };
}

/**
 * Who "everybody in this view" is when nobody is ticked: the group or saved filter and the quick
 * filters (the search text is not an audience; the screen says so). The audience parts are a
 * union, so a group combined with filters becomes one filter with a group condition.
 */
export function viewAudience(state: ListState, groups: readonly Group[] | undefined): AudienceSelection {
  const group = state.groupId === undefined ? undefined : groups?.find((g) => g.id === state.groupId);
  if (state.filters.length === 0) {
    if (state.groupId === undefined) return {};
    return group?.kind === 'filter' ? { filterIds: [state.groupId] } : { groupIds: [state.groupId] };
  }
  const conditions: Record<string, unknown>[] = state.filters.map((key) => QUICK_FILTERS[key] as Record<string, unknown>);
  if (state.groupId !== undefined) conditions.unshift({ field: 'group', op: 'in', value: [state.groupId] });
  return { filter: conditions.length === 1 ? (conditions[0] as Record<string, unknown>) : { all: conditions } };
}
