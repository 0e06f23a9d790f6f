// The wizard's state rules: switching to SMS never sends a mail account's id as the SMS account
// (the review step failed with NOT_FOUND "No SMS account named or numbered 3"), and the template
// preview renders with the campaign's own sending account (its signature), not the default one.
import { describe, expect, it } from 'vitest';
import { parseAudienceQuery } from '../../src/web/client/ui/audience-link.js';
import {
  accountBody,
  chosenAccount,
  createBody,
  defaultAccountPatch,
  initialWizardState,
  previewBody,
  switchChannel,
  type WizardState,
} from '../../src/web/client/screens/campaigns/wizard-state.js';

const apply = (state: WizardState, patch: Partial<WizardState> | undefined): WizardState => ({ ...state, ...patch });
const fresh = () => initialWizardState(parseAudienceQuery({}), 'Test');

describe('campaign wizard: channel and account', () => {
  it('email: the default mail account is preselected once the mail accounts are loaded', () => {
    const state = apply(fresh(), defaultAccountPatch(fresh(), { channel: 'email', ids: [3, 4] }));
    expect(chosenAccount(state)).toBe(3);
    expect(accountBody(state)).toEqual({ mailAccount: 3 });
  });

  it('switching to SMS while the mail list is still on screen never picks a mail account as the SMS account', () => {
    let state = apply(fresh(), defaultAccountPatch(fresh(), { channel: 'email', ids: [3] }));
    state = switchChannel(state, 'sms');
    // The effect runs again with the previous channel's list before the SMS accounts arrive.
    expect(defaultAccountPatch(state, { channel: 'email', ids: [3] })).toBeUndefined();
    expect(chosenAccount(state)).toBeNull();
    expect(accountBody(state)).toEqual({});
    expect(createBody(state)).not.toHaveProperty('smsAccount');
    state = apply(state, defaultAccountPatch(state, { channel: 'sms', ids: [7] }));
    expect(accountBody(state)).toEqual({ smsAccount: 7 });
  });

  it('an account id left from the other channel is not used, even when the raw id is still set', () => {
    const state: WizardState = { ...fresh(), channel: 'sms', accountId: 3, accountChannel: 'email' };
    expect(chosenAccount(state)).toBeNull();
    expect(createBody(state)).not.toHaveProperty('smsAccount');
    expect(defaultAccountPatch(state, { channel: 'sms', ids: [7, 8] })).toEqual({ accountId: 7, accountChannel: 'sms' });
  });

  it('switching back to email picks a mail account again, and resets template and tracking', () => {
    let state: WizardState = { ...fresh(), channel: 'sms', accountId: 7, accountChannel: 'sms', templateId: 2, templateVersionId: 5 };
    state = switchChannel(state, 'email');
    expect(state).toMatchObject({ channel: 'email', accountId: null, templateId: null, templateVersionId: null, tracking: false });
    state = apply(state, defaultAccountPatch(state, { channel: 'email', ids: [3] }));
    expect(accountBody(state)).toEqual({ mailAccount: 3 });
  });

  it('the preview renders with the chosen sending account of either channel', () => {
    const email: WizardState = { ...fresh(), channel: 'email', accountId: 4, accountChannel: 'email' };
    expect(previewBody(email, 2)).toEqual({ version: 2, accountId: 4 });
    const sms: WizardState = { ...fresh(), channel: 'sms', accountId: 7, accountChannel: 'sms' };
    expect(previewBody(sms, 1)).toEqual({ version: 1, accountId: 7 });
    expect(previewBody(switchChannel(email, 'sms'), 1)).toEqual({ version: 1 });
  });
});
