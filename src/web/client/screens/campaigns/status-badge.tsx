import { useT } from '../../i18n/index.js';
import type { CampaignStatus, MessageState } from './campaign.types.js';
import { campaignsMessages } from './campaigns.messages.js';
import type { QuietHold } from './pause-reason.js';
import { planMessages } from './schedule-plan.messages.js';

const STATUS_TONE: Record<CampaignStatus, string> = {
  draft: '',
  scheduled: 'badge-warn',
  running: 'badge-info',
  paused: 'badge-warn',
  cancelled: 'badge-bad',
  finished: 'badge-ok',
  failed: 'badge-bad',
};

const STATE_TONE: Record<MessageState, string> = {
  queued: '',
  sending: 'badge-info',
  sent: 'badge-ok',
  failed: 'badge-bad',
  deferred: 'badge-warn',
  unknown: 'badge-warn',
  suppressed: '',
  cancelled: '',
};

/** A campaign's status as a coloured label (the word carries the meaning, not the colour). */
export function StatusBadge({ status }: { status: CampaignStatus }) {
  const t = useT(campaignsMessages);
  return (
    <span class={`badge ${STATUS_TONE[status]}`} data-status={status}>
      {t(`status_${status}`)}
    </span>
  );
}

/**
 * A message's state as a coloured label. A quiet-hour hold (`held`) is not a problem: it reads
 * "waiting until 08:00 local (Asia/Shanghai)" in the neutral tone instead of "deferred" in amber.
 */
export function StateBadge({ state, held }: { state: MessageState; held?: QuietHold | null }) {
  const t = useT(campaignsMessages);
  const tp = useT(planMessages);
  if (held) {
    return (
      <span class="badge" data-state={state} data-held="quiet-hours">
        {tp('quietHold', { time: held.time, zone: held.zone })}
      </span>
    );
  }
  return (
    <span class={`badge ${STATE_TONE[state]}`} data-state={state}>
      {t(`state_${state}`)}
    </span>
  );
}
