/** Where a new campaign's schedule starts: the company's time zone. */
import { api } from '../../api.js';

/**
 * The company's time zone, the default for a new campaign's schedule (GET /api/campaigns/defaults,
 * served by the same server as this page); null when it cannot be read, and the browser's zone stays.
 */
export async function loadCompanyZone(signal?: AbortSignal): Promise<string | null> {
  try {
    const answer = await api<{ timeZone?: unknown }>('/api/campaigns/defaults', signal ? { signal } : {});
    return typeof answer?.timeZone === 'string' && answer.timeZone ? answer.timeZone : null;
  } catch {
    return null;
  }
}
