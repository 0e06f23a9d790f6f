import { Counter, Gauge, Registry } from 'prom-client';

/**
 * Metrics other modules update, on Tidings' own registry (never prom-client's global one, so a
 * library registering metrics globally cannot clash with or leak into ours). Import them from
 * `src/api/index.ts`.
 */
export const sharedMetricsRegistry = new Registry();

/** Increment once per message handed to a transport: `{ channel: 'email' | 'sms', result: 'sent' | 'failed' | 'deferred' }`. */
export const messagesSentTotal = new Counter({
  name: 'tidings_messages_sent_total',
  help: 'Messages handed to a transport, by channel and result; rate() of it is the send rate',
  labelNames: ['channel', 'result'] as const,
  registers: [sharedMetricsRegistry],
});

/** Set by the dispatcher: jobs waiting per queue (`{ queue }`). */
export const queueDepth = new Gauge({
  name: 'tidings_queue_depth',
  help: 'Jobs waiting in each send queue',
  labelNames: ['queue'] as const,
  registers: [sharedMetricsRegistry],
});

/** Set by the inbox poller after each pass: seconds since the mailbox was last read (`{ account }`). */
export const pollerLagSeconds = new Gauge({
  name: 'tidings_poller_lag_seconds',
  help: 'Seconds since each mailbox was last read successfully',
  labelNames: ['account'] as const,
  registers: [sharedMetricsRegistry],
});
