/** Where a new campaign's schedule starts: the company's time zone. */
import { api } from '../../api.js';

/**
 * The company's time zone, the default for a new campaign's schedule: GET /api/campaigns/defaults,
 * else the company profile (GET /api/company); null when neither answers (an older server).
 */
export async function loadCompanyZone(signal?: AbortSignal): Promise<string | null> {
  for (const path of ['/api/campaigns/defaults', '/api/company']) {
    try {
      const answer = await api<{ timeZone?: unknown }>(path, signal ? { signal } : {});
      if (typeof answer?.timeZone === 'string' && answer.timeZone) return answer.timeZone;
    } catch {
      // Not there or not allowed: try the next source, else keep the browser's zone.
    }
  }
  return null;
}
