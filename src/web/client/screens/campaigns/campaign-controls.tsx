import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { common } from '../../i18n/common.js';
import { useT } from '../../i18n/index.js';
import { Button, ErrorNotice, Notice } from '../../ui/components.js';
import type { CampaignDetail } from './campaign.types.js';
import { campaignsMessages } from './campaigns.messages.js';

type Verb = 'start' | 'pause' | 'resume' | 'cancel' | 'resend-unknown';

/**
 * The buttons a campaign's status allows: start a draft, pause, resume, cancel (asks first),
 * resend the messages whose outcome is unknown (asks first: some may arrive twice).
 */
export function CampaignControls({ campaign, onChanged }: { campaign: CampaignDetail; onChanged: () => void }) {
  const t = useT(campaignsMessages);
  const tc = useT(common);
  const [busy, setBusy] = useState<Verb | null>(null);
  const [confirming, setConfirming] = useState<'cancel' | 'resend-unknown' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [requeued, setRequeued] = useState<number | null>(null);
  const status = campaign.progress.status;
  const unknown = campaign.progress.counts.unknown;

  const act = async (verb: Verb) => {
    setBusy(verb);
    setError(null);
    setRequeued(null);
    try {
      const result = await api<{ requeued?: number }>(`/api/campaigns/${campaign.id}/${verb}`, { method: 'POST', body: {} });
      if (verb === 'resend-unknown') setRequeued(result.requeued ?? 0);
      setConfirming(null);
      onChanged();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };

  const canCancel = ['draft', 'scheduled', 'running', 'paused'].includes(status);
  return (
    <div class="campaign-controls">
      <div class="page-actions">
        {status === 'draft' ? (
          <Button busy={busy === 'start'} onClick={() => void act('start')}>
            {t('start')}
          </Button>
        ) : null}
        {status === 'running' || status === 'scheduled' ? (
          <Button kind="secondary" busy={busy === 'pause'} onClick={() => void act('pause')}>
            {t('pause')}
          </Button>
        ) : null}
        {status === 'paused' ? (
          <Button busy={busy === 'resume'} onClick={() => void act('resume')}>
            {t('resume')}
          </Button>
        ) : null}
        {unknown > 0 && ['running', 'paused', 'finished'].includes(status) ? (
          <Button kind="secondary" aria-expanded={confirming === 'resend-unknown'} onClick={() => setConfirming('resend-unknown')}>
            {t('resendUnknown', { n: unknown })}
          </Button>
        ) : null}
        {canCancel ? (
          <Button kind="danger" aria-expanded={confirming === 'cancel'} onClick={() => setConfirming('cancel')}>
            {t('cancel')}
          </Button>
        ) : null}
      </div>
      {confirming ? (
        <div class="notice notice-warning confirm" role="alertdialog" aria-labelledby="confirm-text">
          <p id="confirm-text">{confirming === 'cancel' ? t('cancelWarning') : t('resendWarning')}</p>
          <div class="page-actions">
            <Button kind={confirming === 'cancel' ? 'danger' : 'primary'} busy={busy === confirming} onClick={() => void act(confirming)}>
              {confirming === 'cancel' ? t('confirmCancel') : t('confirmResend')}
            </Button>
            <Button kind="secondary" onClick={() => setConfirming(null)}>
              {confirming === 'cancel' ? t('keep') : tc('cancel')}
            </Button>
          </div>
        </div>
      ) : null}
      {requeued !== null ? <Notice kind="success">{t('requeued', { n: requeued })}</Notice> : null}
      <ErrorNotice error={error} />
    </div>
  );
}
