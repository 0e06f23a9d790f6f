import type { MessageChannel, MessageResult, Metrics } from '../../platform/metrics/index.js';
import type { SendJobResult } from './dispatch/dispatcher.js';

/** Job outcomes that are a message's outcome; the rest (paused, not claimed, rate limited…) are not counted. */
function resultOf(job: SendJobResult): MessageResult | undefined {
  if (job.kind === 'later') return job.reason === 'deferred' ? 'deferred' : undefined;
  switch (job.outcome) {
    case 'sent':
    case 'sent-replayed':
      return 'sent';
    case 'failed':
      return 'failed';
    case 'unknown':
      return 'unknown';
    default:
      return undefined;
  }
}

/**
 * Counts a send's outcome on the process's metrics and hands the job result back unchanged, so the
 * pipeline records it in the same expression it returns it: `return counted(deps.metrics, …)`.
 */
export function counted(metrics: Pick<Metrics, 'messageOutcome'> | undefined, channel: MessageChannel, account: string, job: SendJobResult): SendJobResult {
  const result = resultOf(job);
  if (metrics && result) metrics.messageOutcome(channel, account, result);
  return job;
}
