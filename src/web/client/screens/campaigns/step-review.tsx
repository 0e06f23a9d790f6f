import { api, withQuery } from '../../api.js';
import { useLocale, useT } from '../../i18n/index.js';
import { Button, ErrorNotice, Loading, Notice } from '../../ui/components.js';
import { useAsync } from '../../ui/use-async.js';
import type { ApiResponse } from '../../api/shapes.js';
import type { Estimate } from './campaign.types.js';
import { EstimateView } from './estimate-view.js';
import { describeSchedule } from './schedule-describe.js';
import { scheduleSpec } from './schedule-form.js';
import { useAudienceCounts } from './step-audience.js';
import { useAccounts } from './step-channel.js';
import { useUpcomingHolidays } from './step-schedule.js';
import { useTemplateDetail } from './step-template.js';
import { accountBody, audienceOf, chosenAccount, type WizardState } from './wizard-state.js';
import { PlanView, type CampaignPlan } from './campaign-waves.js';
import { wizardMessages } from './wizard.messages.js';

/** Step 5: what will happen, the SMS cost against the balance, and the button that does it. */
export function StepReview({
  state,
  update,
  onConfirm,
  busy,
  error,
}: {
  state: WizardState;
  update: (patch: Partial<WizardState>) => void;
  onConfirm: () => void;
  busy: boolean;
  error: unknown;
}) {
  const t = useT(wizardMessages);
  const { locale } = useLocale();
  const accounts = useAccounts(state.channel);
  const accountId = chosenAccount(state);
  const account = accounts.data?.channel === state.channel ? accounts.data.list.find((a) => a.id === accountId) : undefined;
  const spec = scheduleSpec(state.schedule, state.channel);
  const plan = useAsync(
    (signal) => api<CampaignPlan>('/api/campaigns/plan', { body: { channel: state.channel, ...accountBody(state), audience: audienceOf(state), schedule: spec }, signal }),
    [state.channel, accountId, JSON.stringify(audienceOf(state)), JSON.stringify(spec)],
  );
  const template = useTemplateDetail(state.templateId).data;
  const version = template?.versions.find((v) => v.id === state.templateVersionId);
  const counts = useAudienceCounts(state);
  const holidays = useUpcomingHolidays().data ?? [];
  const estimate = useAsync(
    (signal) =>
      state.channel === 'sms' && state.templateVersionId !== null
        ? api<Estimate>('/api/campaigns/estimate', {
            // Only an SMS account's id: after a switch from email the mail account's is never sent.
            body: { ...(accountId === null ? {} : { smsAccount: accountId }), templateVersionId: state.templateVersionId, audience: audienceOf(state) },
            signal,
          })
        : Promise.resolve(null),
    [state.channel, accountId, state.templateVersionId, JSON.stringify(audienceOf(state))],
  );
  const approval = useAsync(
    (signal) =>
      state.channel === 'sms' && state.templateVersionId !== null && accountId !== null
        ? api<Approval>(withQuery('/api/template-approval', { templateVersionId: state.templateVersionId, smsAccountId: accountId }), { signal })
        : Promise.resolve(null),
    [state.channel, accountId, state.templateVersionId],
  );
  const now = state.schedule.kind === 'now';
  const notApproved = approval.data !== null && approval.data !== undefined && !approval.data.sendable;
  const blocked = notApproved || (now && estimate.data !== null && estimate.data !== undefined && !estimate.data.sufficient);
  const c = counts.data;

  return (
    <div>
      <dl class="facts review-facts" data-testid="review">
        <dt>{t('reviewName')}</dt>
        <dd>{state.name}</dd>
        <dt>{t('reviewChannel')}</dt>
        <dd>{state.channel === 'email' ? t('channelEmail') : t('channelSms')}</dd>
        <dt>{t('reviewAccount')}</dt>
        <dd>{account ? t('accountOption', { name: account.name, address: account.address }) : '—'}</dd>
        <dt>{t('reviewAudience')}</dt>
        <dd data-testid="review-recipients" data-reachable={c?.reachable ?? ''}>
          {c ? t('reviewRecipients', { reachable: c.reachable, total: c.total, suppressed: c.suppressed, noAddress: c.noAddress }) : t('counting')}
        </dd>
        <dt>{t('reviewTemplate')}</dt>
        <dd>{template && version ? t('reviewTemplateValue', { name: template.name, n: version.version }) : '—'}</dd>
        <dt>{t('reviewSchedule')}</dt>
        <dd data-testid="review-schedule">{describeSchedule(spec, t, locale, holidays)}</dd>
      </dl>
      <ErrorNotice error={plan.error} onRetry={plan.reload} />
      {plan.data ? <PlanView plan={plan.data} schedule={spec} /> : plan.loading ? <Loading /> : null}
      {state.channel === 'email' ? (
        <label class="check">
          <input type="checkbox" checked={state.tracking} aria-describedby="tracking-hint" onChange={(event) => update({ tracking: (event.currentTarget as HTMLInputElement).checked })} />
          {t('tracking')}
          <small id="tracking-hint" class="hint">
            {' '}
            {t('trackingHint')}
          </small>
        </label>
      ) : null}
      {state.channel === 'sms' ? (
        <>
          <ErrorNotice error={estimate.error} onRetry={estimate.reload} />
          {estimate.data ? <EstimateView estimate={estimate.data} title={t('estimate')} /> : estimate.loading ? <Loading /> : null}
          <ErrorNotice error={approval.error} onRetry={approval.reload} />
          {approval.data && approval.data.status !== 'not-required' ? <ApprovalNotice approval={approval.data} /> : null}
          {blocked && !notApproved ? <Notice kind="warning">{t('nowNeedsBalance')}</Notice> : null}
        </>
      ) : null}
      <ErrorNotice error={error} />
      <div class="form-actions">
        <Button busy={busy} disabled={blocked || (now && (!c || c.reachable === 0)) || (state.channel === 'sms' && !estimate.data)} onClick={onConfirm}>
          {now ? t('sendNow') : t('scheduleIt')}
        </Button>
      </div>
    </div>
  );
}

type Approval = ApiResponse<'/api/template-approval', 'get'>;

const APPROVAL_TEXT = {
  approved: 'approvalApproved',
  legacy: 'approvalLegacy',
  pending: 'approvalPending',
  rejected: 'approvalRejected',
  missing: 'approvalMissing',
} as const;

/** The template's approval at the SMS account's provider; anything but approved blocks the send, saying what to do. */
function ApprovalNotice({ approval }: { approval: Approval }) {
  const t = useT(wizardMessages);
  if (approval.status === 'not-required') return null;
  const text = approval.marketingVariables ? t('approvalMarketingVariables') : t(APPROVAL_TEXT[approval.status]);
  return (
    <div data-testid="review-approval" data-status={approval.status}>
      <h3>{t('approvalTitle')}</h3>
      <Notice kind={approval.sendable ? 'success' : 'warning'}>
        {text}
        {approval.reason ? <div>{t('approvalReason', { reason: approval.reason })}</div> : null}
      </Notice>
    </div>
  );
}
