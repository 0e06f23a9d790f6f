import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { SecretBox } from '../../../platform/crypto/index.js';
import type { Store } from '../../../platform/db/index.js';
import type { Logger } from '../../../platform/logger/index.js';
import { loopRegistry, type LoopRegistry } from '../../../platform/runtime/loop-health.js';
import type { Service } from '../../../platform/runtime/service.js';
import { superviseLoop, systemSupervisorClock, type Backoff, type SupervisorClock } from '../../../platform/runtime/supervisor.js';
import { UnsubscribeTokens } from '../../sending/index.js';
import { inboxSettings, type InboxSettings } from '../inbox.config.js';
import { isStillPolled, listIncomingAccountIds, loadIncomingAccount, readerFor, type IncomingAccount, type ReaderOptions } from './incoming-account.js';
import { acquireLease, releaseLease } from './lease.js';
import { pollMailbox, type PollSummary } from './poll-mailbox.js';
import type { Metrics } from '../../../platform/metrics/index.js';

/** What the inbox poller needs of the application: its store, sealed passwords, a log. */
export interface InboxServiceContext {
  readonly store: Store;
  readonly secrets: SecretBox;
  readonly logger: Logger;
  /** Where poller lag is reported; absent in one-off polls. */
  readonly metrics?: Metrics | undefined;
}

/** Options for {@link createInboxService}. */
export interface InboxServiceOptions {
  readonly context: InboxServiceContext;
  readonly settings: InboxSettings;
  /** Who holds leases: unique per process. */
  readonly holder?: string;
  /** Only these mailboxes (`tidings inbox poll --watch --account`); default: every one with an incoming server, found as they appear. */
  readonly accountIds?: readonly number[];
  /** Passwords given on the command line (`--password-stdin`), by account id; never stored. */
  readonly passwords?: ReadonlyMap<number, string>;
  /** Extra reader options (tests and `--tls-insecure`: self-signed TLS). */
  readonly reader?: ReaderOptions;
  /** Called after each poll of a mailbox that saw mail (the CLI prints it). */
  readonly onPolled?: (account: IncomingAccount, summary: PollSummary) => void;
  /** Where the pollers report for /health; default: the store's registry. */
  readonly registry?: LoopRegistry;
  readonly clock?: SupervisorClock;
  readonly backoff?: Backoff;
  /** The process's metrics: each successful read of a mailbox resets its poller lag. */
  readonly metrics?: Pick<Metrics, 'mailboxRead' | 'mailboxForgotten'> | undefined;
}

/**
 * Runs one poller per mailbox with an incoming server, however many processes run: each
 * mailbox's loop polls only while this process holds its lease (inbox_leases, expiry on the
 * database clock), renewing it as it goes; the other processes keep trying to take it and win
 * when it is released or expires. New accounts are picked up every poll interval, without restart.
 *
 * Every loop is supervised (platform/runtime/supervisor.ts): a failure is logged with the mailbox,
 * shown in /health and retried with backoff (up to 5 minutes), and one failing mailbox never holds
 * up the others. A mailbox deleted, or no longer given an incoming server, while its loop runs is
 * not a failure: the loop sees the account gone and stops quietly.
 */
export function createInboxService(options: InboxServiceOptions): Service {
  const { store, logger } = options.context;
  // Mailto unsubscribes prove themselves with the token we signed when sending.
  const unsubscribeTokens = UnsubscribeTokens.fromSecrets(options.context.secrets);
  const holder = options.holder ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const clock = options.clock ?? systemSupervisorClock;
  const intervalMs = options.settings.pollSeconds * 1000;
  const leaseMs = options.settings.leaseSeconds * 1000;
  const registry = options.registry ?? loopRegistry(store);
  const supervision = { registry, logger, clock, ...(options.backoff ? { backoff: options.backoff } : {}) };
  const only = options.accountIds ? new Set(options.accountIds) : undefined;
  const stop = new AbortController();
  const loops = new Map<number, Promise<void>>();
  let discovery: Promise<void> | undefined;

  /** One session: holds the lease and polls until it is lost; the supervisor runs it again. */
  async function pollWhileLeased(accountId: number, signal: AbortSignal, succeeded: () => void): Promise<number | 'stop'> {
    if (!(await isStillPolled(store.db, accountId))) return 'stop';
    // Another process holds the mailbox: its lag is that process's to report.
    if (!(await acquireLease(store.db, accountId, holder, leaseMs))) {
      options.metrics?.mailboxForgotten(`mail:${accountId}`);
      return intervalMs;
    }
    // Aborted when this process stops or loses the lease mid-poll: the poll ends after its chunk.
    const session = new AbortController();
    const onStop = () => session.abort();
    signal.addEventListener('abort', onStop, { once: true });
    if (signal.aborted) session.abort();
    let reader;
    try {
      const account = await loadIncomingAccount(store.db, options.context.secrets, accountId, options.passwords?.get(accountId));
      reader = readerFor(account, { maxMessageBytes: options.settings.maxMessageBytes, logger, ...options.reader });
      let renewedAt = clock.now();
      const renew = async (): Promise<boolean> => {
        const held = await acquireLease(store.db, accountId, holder, leaseMs);
        renewedAt = clock.now();
        if (!held) session.abort();
        return held;
      };
      while (!session.signal.aborted) {
        const summary = await pollMailbox({
          db: store.db,
          reader,
          accountId,
          softBounceLimit: options.settings.softBounceLimit,
          unsubscribeTokens,
          clock,
          signal: session.signal,
          // A chunk of messages arrives at once: renew a few times per lease, not per message.
          onMessage: async () => {
            if (clock.now() - renewedAt >= leaseMs / 10) await renew();
          },
        });
        succeeded();
        if (summary.seen > 0) options.onPolled?.(account, summary);
        options.metrics?.mailboxRead(`mail:${accountId}`);
        if (summary.stored > 0) logger.info({ account: account.name, ...summary, suppressed: summary.suppressed.length }, 'inbox polled');
        if (!(await renew())) {
          logger.warn({ accountId }, 'inbox lease lost to another process; this one stops polling the mailbox until it can take it again');
          return intervalMs;
        }
        // IDLE (IMAP) wakes this early; the lease is renewed at least three times per lease.
        await reader.waitForChange(Math.min(intervalMs, leaseMs / 3), session.signal);
      }
      return 0;
    } finally {
      signal.removeEventListener('abort', onStop);
      await reader?.close().catch(() => undefined);
    }
  }

  async function mailboxLoop(accountId: number): Promise<void> {
    await superviseLoop({
      ...supervision,
      name: 'inbox',
      instance: `mailbox:${accountId}`,
      context: { accountId },
      signal: stop.signal,
      run: (signal, succeeded) => pollWhileLeased(accountId, signal, succeeded),
      // The account deleted meanwhile (lease or cursor foreign key, NOT_FOUND on load): stop.
      classify: async () => ((await isStillPolled(store.db, accountId)) ? 'retry' : 'stop'),
    });
    // Handed back at once, so another process takes the mailbox without waiting for the expiry.
    await releaseLease(store.db, accountId, holder).catch(() => undefined);
    options.metrics?.mailboxForgotten(`mail:${accountId}`);
    if (!stop.signal.aborted) logger.info({ accountId }, 'inbox poller stopped: the mailbox was deleted or no longer has an incoming server');
  }

  async function discoverOnce(): Promise<number> {
    for (const id of await listIncomingAccountIds(store.db)) {
      if (only && !only.has(id)) continue;
      if (!loops.has(id)) loops.set(id, mailboxLoop(id).finally(() => loops.delete(id)));
    }
    return intervalMs;
  }

  return {
    name: 'inbox',
    async start() {
      discovery = superviseLoop({ ...supervision, name: 'inbox-discovery', critical: true, signal: stop.signal, run: discoverOnce });
    },
    async stop() {
      stop.abort();
      await discovery;
      await Promise.all([...loops.values()]);
    },
  };
}

/** What {@link inboxServiceFactory} reads of the configuration. */
export type InboxServiceConfig = Parameters<typeof inboxSettings>[0] & { readonly TIDINGS_ALLOW_PRIVATE_HOSTS?: string | undefined };

/** The inbox role of a process (src/app/services.ts): one poller service, every mailbox. */
export function inboxServiceFactory(context: InboxServiceContext & { readonly config: InboxServiceConfig }, extra: Partial<InboxServiceOptions> = {}): Service {
  return createInboxService({
    context,
    metrics: context.metrics,
    settings: inboxSettings(context.config),
    ...extra,
    reader: { guard: { allowPrivateHosts: context.config.TIDINGS_ALLOW_PRIVATE_HOSTS }, ...extra.reader },
  });
}
