import { Counter } from 'prom-client';
// The leaf module, not src/api/index.ts: the API's routes import the send module.
import { sharedMetricsRegistry } from '../../../platform/metrics/metrics.registry.js';

/** Sent-folder copies by result: `appended`, or `failed` (the message itself was still sent). */
export const sentCopiesTotal = new Counter({
  name: 'tidings_sent_copies_total',
  help: "Copies of sent email filed in the account's IMAP Sent folder, by result (appended | failed)",
  labelNames: ['result'] as const,
  registers: [sharedMetricsRegistry],
});
