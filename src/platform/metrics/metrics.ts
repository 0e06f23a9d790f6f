import { Counter, Gauge, Registry } from 'prom-client';

/** The channel a message goes out on. */
export type MessageChannel = 'email' | 'sms';

/**
 * What became of a message handed to (or refused before) a transport: `sent`; `failed` for good;
 * `deferred` to a later attempt; `unknown` when it may have gone (never resent automatically).
 */
export type MessageResult = 'sent' | 'failed' | 'deferred' | 'unknown';

/** A gauge whose values are read when Prometheus scrapes (from the store, usually). */
export interface ScrapeGauge<L extends string> {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly L[];
  /** The current values; a label set missing from the answer reads as absent, not as its old value. */
  read(): Promise<readonly { readonly labels: Record<L, string>; readonly value: number }[]>;
}

/**
 * The metrics of one process, on a registry of its own (never prom-client's global one, so a
 * library registering metrics globally cannot clash with or leak into ours). Built once per
 * process by the app context and handed to whatever does the work; nothing here is a module-level
 * singleton, so two apps in one process (tests) count separately.
 */
export interface Metrics {
  readonly registry: Registry;
  /**
   * Counts one message's outcome where the pipeline records it. `account` is the sending account's
   * stable key (`mail:<id>`, `sms:<id>`): renaming an account does not start a new series.
   */
  messageOutcome(channel: MessageChannel, account: string, result: MessageResult): void;
  /** A mailbox (`mail:<id>`) was read successfully at `at` (default now); the poller lag gauge counts from it. */
  mailboxRead(account: string, at?: number): void;
  /** Stops reporting a mailbox's lag (its poller stopped in this process). */
  mailboxForgotten(account: string): void;
  /** Counts a copy of sent email filed (or not) in the account's IMAP Sent folder. */
  sentCopy(result: 'appended' | 'failed'): void;
  /** Registers a gauge read at scrape time; a name already registered is left as it is. */
  addScrapeGauge<L extends string>(gauge: ScrapeGauge<L>): void;
}

/** Builds the metrics of one process. `now` is injectable so lag can be tested without waiting. */
export function createMetrics(options: { now?: () => number } = {}): Metrics {
  const now = options.now ?? Date.now;
  const registry = new Registry();

  const messages = new Counter({
    name: 'tidings_messages_total',
    help: 'Messages by channel, sending account and outcome (sent | failed | deferred | unknown), counted by the process that sent them; rate() of result="sent" is the send rate',
    labelNames: ['channel', 'account', 'result'] as const,
    registers: [registry],
  });

  const lastRead = new Map<string, number>();
  new Gauge({
    name: 'tidings_inbox_poller_lag_seconds',
    help: 'Seconds since each mailbox was last read successfully by a poller of this process',
    labelNames: ['account'] as const,
    registers: [registry],
    collect() {
      this.reset();
      const at = now();
      for (const [account, readAt] of lastRead) this.set({ account }, Math.max(0, (at - readAt) / 1000));
    },
  });

  const sentCopies = new Counter({
    name: 'tidings_sent_copies_total',
    help: "Copies of sent email filed in the account's IMAP Sent folder, by result (appended | failed)",
    labelNames: ['result'] as const,
    registers: [registry],
  });

  return {
    registry,
    messageOutcome: (channel, account, result) => messages.inc({ channel, account, result }),
    mailboxRead: (account, at) => void lastRead.set(account, at ?? now()),
    mailboxForgotten: (account) => void lastRead.delete(account),
    sentCopy: (result) => sentCopies.inc({ result }),
    addScrapeGauge(gauge) {
      if (registry.getSingleMetric(gauge.name)) return;
      new Gauge({
        name: gauge.name,
        help: gauge.help,
        labelNames: gauge.labelNames,
        registers: [registry],
        async collect() {
          const values = await gauge.read();
          // Reset first: a label set that emptied since the last scrape must not keep its old value.
          this.reset();
          for (const { labels, value } of values) this.set(labels, value);
        },
      });
    },
  };
}
