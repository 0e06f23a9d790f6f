import type { AudienceLink, AudienceParts } from '../../ui/audience-link.js';
import { initialScheduleForm, scheduleSpec, type ScheduleForm } from './schedule-form.js';

/** Everything the wizard collects before it creates the campaign. */
export interface WizardState {
  readonly name: string;
  readonly channel: 'email' | 'sms';
  /** Mail or SMS account by channel; null until the accounts are loaded (then the default). */
  readonly accountId: number | null;
  /**
   * The channel `accountId` is an account of. A mail account's id is never an SMS account's:
   * after a switch the old id is ignored until an account of the new channel is chosen.
   */
  readonly accountChannel: 'email' | 'sms' | null;
  readonly everybody: boolean;
  readonly groupIds: readonly number[];
  readonly filterIds: readonly number[];
  /** Ticked on the customers screen and handed over in the query string. */
  readonly customerIds: readonly number[];
  /** A filter expression handed over from the customers screen. */
  readonly filter: Readonly<Record<string, unknown>> | null;
  readonly templateId: number | null;
  readonly templateVersionId: number | null;
  readonly schedule: ScheduleForm;
  readonly tracking: boolean;
}

export const STEPS = ['channel', 'audience', 'template', 'schedule', 'review'] as const;
export type Step = (typeof STEPS)[number];

/** The starting state, taking the audience and channel from a `/campaigns/new?…` link. */
export function initialWizardState(link: AudienceLink, defaultName: string): WizardState {
  return {
    name: defaultName,
    channel: link.channel,
    accountId: null,
    accountChannel: null,
    everybody: link.everybody,
    groupIds: link.selection.groupIds ?? [],
    filterIds: link.selection.filterIds ?? [],
    customerIds: link.selection.customerIds ?? [],
    filter: link.selection.filter ?? null,
    templateId: null,
    templateVersionId: null,
    schedule: initialScheduleForm(),
    tracking: false,
  };
}

/** The state after switching channel: account, template and tracking belong to one channel and reset. */
export function switchChannel(state: WizardState, channel: 'email' | 'sms'): WizardState {
  if (state.channel === channel) return state;
  return { ...state, channel, accountId: null, accountChannel: null, templateId: null, templateVersionId: null, tracking: false };
}

/**
 * The account to preselect once `channel`'s accounts are loaded: the first (the default) when
 * none of this channel is chosen yet. `undefined` = nothing to change; a list loaded for the other
 * channel (still on screen just after a switch) never chooses.
 */
export function defaultAccountPatch(state: WizardState, loaded: { readonly channel: 'email' | 'sms'; readonly ids: readonly number[] }): Partial<WizardState> | undefined {
  if (loaded.channel !== state.channel) return undefined;
  if (state.accountId !== null && state.accountChannel === state.channel && loaded.ids.includes(state.accountId)) return undefined;
  const first = loaded.ids[0];
  return first === undefined ? undefined : { accountId: first, accountChannel: state.channel };
}

/** The chosen account of the current channel, or null (the server then uses the default one). */
export function chosenAccount(state: WizardState): number | null {
  return state.accountChannel === state.channel ? state.accountId : null;
}

/** The audience as the API takes it; `{}` (nothing selected) means everybody. */
export function audienceOf(state: WizardState): AudienceParts {
  if (state.everybody) return {};
  return {
    ...(state.customerIds.length > 0 ? { customerIds: state.customerIds } : {}),
    ...(state.groupIds.length > 0 ? { groupIds: state.groupIds } : {}),
    ...(state.filterIds.length > 0 ? { filterIds: state.filterIds } : {}),
    ...(state.filter ? { filter: state.filter } : {}),
  };
}

/** Whether a "chosen" audience has anything in it (an empty one would silently mean everybody). */
export function audienceChosen(state: WizardState): boolean {
  return state.everybody || Object.keys(audienceOf(state)).length > 0;
}

/** The POST /api/campaigns body. */
export function createBody(state: WizardState): Record<string, unknown> {
  const schedule = scheduleSpec(state.schedule, state.channel);
  return {
    name: state.name.trim(),
    channel: state.channel,
    ...accountBody(state),
    templateVersionId: state.templateVersionId,
    audience: audienceOf(state),
    ...(schedule ? { schedule } : {}),
    tracking: state.channel === 'email' && state.tracking,
  };
}

/** `{ mailAccount }` or `{ smsAccount }` for the chosen account of the current channel, else nothing. */
export function accountBody(state: WizardState): { mailAccount?: number; smsAccount?: number } {
  const id = chosenAccount(state);
  if (id === null) return {};
  return state.channel === 'email' ? { mailAccount: id } : { smsAccount: id };
}

/** The body of POST /api/templates/{id}/preview: rendered with the campaign's own sending account (its signature). */
export function previewBody(state: WizardState, version: number): { version: number; accountId?: number } {
  const id = chosenAccount(state);
  return { version, ...(id === null ? {} : { accountId: id }) };
}
