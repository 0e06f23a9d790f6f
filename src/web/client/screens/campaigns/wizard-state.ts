import type { AudienceLink, AudienceParts } from '../../ui/audience-link.js';
import { initialScheduleForm, scheduleSpec, type ScheduleForm } from './schedule-form.js';

/** Everything the wizard collects before it creates the campaign. */
export interface WizardState {
  readonly name: string;
  readonly channel: 'email' | 'sms';
  /** Mail or SMS account by channel; null until the accounts are loaded (then the default). */
  readonly accountId: number | null;
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
    ...(state.accountId === null ? {} : state.channel === 'email' ? { mailAccount: state.accountId } : { smsAccount: state.accountId }),
    templateVersionId: state.templateVersionId,
    audience: audienceOf(state),
    ...(schedule ? { schedule } : {}),
    tracking: state.channel === 'email' && state.tracking,
  };
}
