import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api } from '../../api.js';
import { common } from '../../i18n/common.js';
import { useLocale, useT } from '../../i18n/index.js';
import { Button, PageHeader } from '../../ui/components.js';
import { parseAudienceQuery } from '../../ui/audience-link.js';
import type { Campaign } from './campaign.types.js';
import { scheduleProblems, withDefaultZone } from './schedule-form.js';
import { loadCompanyZone } from './company-zone.js';
import { StepAudience } from './step-audience.js';
import { StepChannel } from './step-channel.js';
import { StepReview } from './step-review.js';
import { StepSchedule } from './step-schedule.js';
import { StepTemplate } from './step-template.js';
import { audienceChosen, chosenAccount, createBody, initialWizardState, STEPS, type Step, type WizardState } from './wizard-state.js';
import { wizardMessages } from './wizard.messages.js';
import { browserClock } from '../../clock.js';

const STEP_LABEL = {
  channel: 'stepChannel',
  audience: 'stepAudience',
  template: 'stepTemplate',
  schedule: 'stepSchedule',
  review: 'stepReview',
} as const satisfies Record<Step, keyof (typeof wizardMessages)['en']>;

/** What stops the wizard from leaving a step, as message keys. */
function stepProblems(step: Step, state: WizardState): (keyof (typeof wizardMessages)['en'])[] {
  switch (step) {
    case 'channel':
      return [...(state.name.trim() ? [] : (['missingName'] as const)), ...(chosenAccount(state) === null ? (['missingAccount'] as const) : [])];
    case 'audience':
      return audienceChosen(state) ? [] : ['audienceEmpty'];
    case 'template':
      return state.templateVersionId === null ? ['missingTemplate'] : [];
    case 'schedule':
      return scheduleProblems(state.schedule).map((p) => `problem_${p}` as const);
    case 'review':
      return [];
  }
}

/**
 * `/campaigns/new`: channel and account → audience → template → schedule → review, then create
 * (POST /api/campaigns) and start it (now) or leave it armed (a schedule). The customers screen
 * links here with the audience in the query (`?customerIds=1,2,3&channel=sms`).
 */
export function CampaignWizardScreen() {
  const t = useT(wizardMessages);
  const tc = useT(common);
  const { locale } = useLocale();
  const { query, route } = useLocation();
  const [state, setState] = useState<WizardState>(() =>
    initialWizardState(parseAudienceQuery(query), t('defaultName', { date: new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(browserClock.date()) })),
  );
  const [step, setStep] = useState<Step>('channel');
  const [reached, setReached] = useState(0);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);

  const update = useCallback((patch: Partial<WizardState>) => setState((s) => ({ ...s, ...patch })), []);
  const index = STEPS.indexOf(step);
  const problems = stepProblems(step, state);

  useEffect(() => {
    // Schedules default to the company's time zone (the browser's until it answers, or if it cannot).
    const controller = new AbortController();
    void loadCompanyZone(controller.signal).then((zone) => {
      if (!controller.signal.aborted) setState((s) => ({ ...s, schedule: withDefaultZone(s.schedule, zone) }));
    });
    return () => controller.abort();
  }, []);

  useEffect(() => {
    // Move focus to the new step's heading, so keyboard and screen-reader users land on it.
    if (first.current) first.current = false;
    else heading.current?.focus();
  }, [step]);

  const go = (next: Step) => {
    setTried(false);
    setError(null);
    setStep(next);
    setReached((r) => Math.max(r, STEPS.indexOf(next)));
  };
  const forward = () => {
    if (problems.length > 0) {
      setTried(true);
      return;
    }
    const next = STEPS[index + 1];
    if (next) go(next);
  };

  const confirm = async () => {
    setBusy(true);
    setError(null);
    let created: Campaign | undefined;
    try {
      created = await api<Campaign>('/api/campaigns', { body: createBody(state) });
      if (state.schedule.kind === 'now') await api(`/api/campaigns/${created.id}/start`, { method: 'POST', body: {} });
      route(`/campaigns/${created.id}`);
    } catch (caught) {
      // Created but not started: the campaign page shows the draft with its Start button and the
      // reason on a retry, instead of the wizard creating a second campaign.
      if (created) route(`/campaigns/${created.id}`);
      else setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="section-campaigns">
      <PageHeader title={t('title')} />
      <nav aria-label={t('stepsLabel')}>
        <ol class="steps wizard-steps">
          {STEPS.map((s, i) => (
            <li key={s} aria-current={s === step ? 'step' : undefined} class={i < index ? 'done' : undefined}>
              {i <= reached && s !== step ? (
                <button type="button" class="link step-link" onClick={() => go(s)}>
                  {i + 1}. {t(STEP_LABEL[s])}
                  {i < index ? <span class="sr-only"> {t('stepDone')}</span> : null}
                </button>
              ) : (
                <span>
                  {i + 1}. {t(STEP_LABEL[s])}
                </span>
              )}
            </li>
          ))}
        </ol>
      </nav>
      <section class="panel wizard-step" aria-labelledby="wizard-step-title">
        <h2 id="wizard-step-title" ref={heading} tabIndex={-1}>
          {t(STEP_LABEL[step])}
        </h2>
        {step === 'channel' ? <StepChannel state={state} update={update} /> : null}
        {step === 'audience' ? <StepAudience state={state} update={update} /> : null}
        {step === 'template' ? <StepTemplate state={state} update={update} /> : null}
        {step === 'schedule' ? <StepSchedule state={state} update={update} /> : null}
        {step === 'review' ? <StepReview state={state} update={update} onConfirm={() => void confirm()} busy={busy} error={error} /> : null}
        {tried && problems.length > 0 ? (
          <ul class="problems notice notice-error" role="alert">
            {problems.map((p) => (
              <li key={p}>{t(p)}</li>
            ))}
          </ul>
        ) : null}
      </section>
      <div class="wizard-nav">
        {index > 0 ? (
          <Button kind="secondary" onClick={() => go(STEPS[index - 1] as Step)}>
            {tc('back')}
          </Button>
        ) : (
          <span />
        )}
        {step !== 'review' ? <Button onClick={forward}>{tc('next')}</Button> : null}
      </div>
    </div>
  );
}
