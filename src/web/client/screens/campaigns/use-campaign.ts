import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api.js';
import type { CampaignDetail, CampaignStatus } from './campaign.types.js';

/** How often to look again, by status: every second while sending; never once nothing will change by itself. */
const POLL_MS: Partial<Record<CampaignStatus, number>> = { running: 1000, scheduled: 5000 };

/**
 * A campaign with its progress, polled while it changes on its own (GET /api/campaigns/{id}).
 * One request at a time: the next is scheduled only after the previous answered.
 */
export function useCampaign(id: number) {
  const [campaign, setCampaign] = useState<CampaignDetail | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [round, setRound] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const lastStatus = useRef<CampaignStatus | undefined>(undefined);

  useEffect(() => {
    const controller = new AbortController();
    api<CampaignDetail>(`/api/campaigns/${id}`, { signal: controller.signal }).then(
      (data) => {
        lastStatus.current = data.progress.status;
        setCampaign(data);
        setError(null);
        const wait = POLL_MS[data.progress.status];
        if (wait !== undefined) timer.current = setTimeout(() => setRound((r) => r + 1), wait);
      },
      (caught: unknown) => {
        if (controller.signal.aborted) return;
        setError(caught);
        // A failed poll of a campaign that is sending tries again, more slowly.
        if (lastStatus.current && POLL_MS[lastStatus.current] !== undefined) timer.current = setTimeout(() => setRound((r) => r + 1), 5000);
      },
    );
    return () => {
      controller.abort();
      clearTimeout(timer.current);
    };
  }, [id, round]);

  const refresh = useCallback(() => {
    clearTimeout(timer.current);
    setRound((r) => r + 1);
  }, []);
  return { campaign, error, refresh };
}
