import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../../../app/context.js';
import { loopRegistry, type LoopRegistry } from '../../../platform/runtime/loop-health.js';
import type { Service, ServiceFactory } from '../../../app/service.js';
import { superviseLoop, type Backoff, type SupervisorClock } from '../../../platform/runtime/supervisor.js';
import { inboxSettings, type InboxSettings } from '../inbox.config.js';
import { isStillPolled, listIncomingAccountIds, loadIncomingAccount, readerFor, type ReaderOptions } from './incoming-account.js';
import { acquireLease, releaseLease } from './lease.js';
import { pollMailbox } from './poll-mailbox.js';
import { UnsubscribeTokens } from '../../sending/unsubscribe.token.js';
import { systemClock, type Clock } from '../../../platform/clock/index.js';

/** Options for {@link createInboxService}. */
export interface InboxServiceOptions {
  readonly context: Pick<AppContext, 'store' | 'secrets' | 'logger'>;
  readonly settings: InboxSettings;
  /** Who holds leases: unique per process. */
  readonly holder?: string;
  /** Extra reader options (tests: self-signed TLS). */
  readonly reader?: ReaderOptions;
  /** Where the pollers report for /health; default: the store's registry. */
  readonly registry?: LoopRegistry;
  readonly clock?: SupervisorClock;
  readonly backoff?: Backoff;
}

/**
 * Runs one poller per mailbox with an incoming server, however many processes run: each
 * mailbox's loop polls only while this process holds its lease (inbox_leases), renewing it as
 * it goes; the other processes keep trying to take it and win when it expires. New accounts are
 * picked up every poll interval.
 *
 * Every loop is supervised (src/app/supervisor.ts): a failure is logged with the mailbox, shown in
 * /health and retried with backoff (up to 5 minutes). A mailbox deleted, or no longer given an
 * incoming server, while its loop runs is not a failure: the lease or the store refuses (foreign
 * key), the loop sees the account gone and stops quietly.
 */
export function createInboxService(options: InboxServiceOptions): Service {
  const { store, logger } = options.context;
  // Mailto unsubscribes prove themselves with the token we signed when sending.
  const unsubscribeTokens = UnsubscribeTokens.fromSecrets(options.context.secrets);
  const holder = options.holder ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const intervalMs = options.settings.pollSeconds * 1000;
  const leaseMs = options.settings.leaseSeconds * 1000;
  const registry = options.registry ?? loopRegistry(store);
  const supervision = { registry, logger, ...(options.clock ? { clock: options.clock } : {}), ...(options.backoff ? { backoff: options.backoff } : {}) };
  const clock: Clock = options.clock ?? systemClock;
  const stop = new AbortController();
  const loops = new Map<number, Promise<void>>();
  let discovery: Promise<void> | undefined;

  /** One session: holds the lease and polls until it is lost; the supervisor runs it again. */
  async function pollWhileLeased(accountId: number, signal: AbortSignal, succeeded: () => void): Promise<number | 'stop'> {
    if (!(await isStillPolled(store.db, accountId))) return 'stop';
    if (!(await acquireLease(store.db, accountId, holder, leaseMs))) return intervalMs;
    let reader;
    try {
      const account = await loadIncomingAccount(store.db, options.context.secrets, accountId);
      reader = readerFor(account, { maxMessageBytes: options.settings.maxMessageBytes, logger, ...options.reader });
      let renewedAt = clock.now();
      while (!signal.aborted) {
        const summary = await pollMailbox({
          db: store.db,
          reader,
          accountId,
          softBounceLimit: options.settings.softBounceLimit,
          unsubscribeTokens,
          clock,
          signal,
          // A chunk of messages arrives at once: renew a few times per lease, not per message.
          onMessage: async () => {
            if (clock.now() - renewedAt < leaseMs / 10) return;
            await acquireLease(store.db, accountId, holder, leaseMs);
            renewedAt = clock.now();
          },
        });
        succeeded();
        if (summary.stored > 0) logger.info({ account: account.name, ...summary, suppressed: summary.suppressed.length }, 'inbox polled');
        if (!(await acquireLease(store.db, accountId, holder, leaseMs))) return 0;
        renewedAt = clock.now();
        // IDLE (IMAP) wakes this early; the lease is renewed at least every interval.
        await reader.waitForChange(Math.min(intervalMs, leaseMs / 3), signal);
      }
      return 0;
    } finally {
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
    await releaseLease(store.db, accountId, holder).catch(() => undefined);
    if (!stop.signal.aborted) logger.info({ accountId }, 'inbox poller stopped: the mailbox was deleted or no longer has an incoming server');
  }

  async function discoverOnce(): Promise<number> {
    for (const id of await listIncomingAccountIds(store.db)) {
      if (!loops.has(id)) loops.set(id, mailboxLoop(id).finally(() => loops.delete(id)));
    }
    return intervalMs;
  }

  return {
    name: 'inbox-poller',
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

/** The factory for src/app/services.ts: one inbox poller service per process. */
export const inboxServiceFactory: ServiceFactory = (context) =>
  createInboxService({ context, settings: inboxSettings(context.config), reader: { guard: { allowPrivateHosts: context.config.TIDINGS_ALLOW_PRIVATE_HOSTS } } });
