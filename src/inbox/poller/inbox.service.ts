import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../../app/context.js';
import type { Service, ServiceFactory } from '../../app/service.js';
import { isTidingsError } from '../../errors/index.js';
import { inboxSettings, type InboxSettings } from '../inbox.config.js';
import { delay } from '../mailbox.reader.js';
import { listIncomingAccountIds, loadIncomingAccount, readerFor, type ReaderOptions } from './incoming-account.js';
import { acquireLease, releaseLease } from './lease.js';
import { pollMailbox } from './poll-mailbox.js';

/** Options for {@link createInboxService}. */
export interface InboxServiceOptions {
  readonly context: Pick<AppContext, 'store' | 'secrets' | 'logger'>;
  readonly settings: InboxSettings;
  /** Who holds leases: unique per process. */
  readonly holder?: string;
  /** Extra reader options (tests: self-signed TLS). */
  readonly reader?: ReaderOptions;
}

const MAX_BACKOFF_MS = 5 * 60 * 1000;

/**
 * Runs one poller per mailbox with an incoming server, however many processes run: each
 * mailbox's loop polls only while this process holds its lease (inbox_leases), renewing it as
 * it goes; the other processes keep trying to take it and win when it expires. New accounts are
 * picked up every poll interval. Failures back off exponentially up to 5 minutes.
 */
export function createInboxService(options: InboxServiceOptions): Service {
  const { store, logger } = options.context;
  const holder = options.holder ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const intervalMs = options.settings.pollSeconds * 1000;
  const leaseMs = options.settings.leaseSeconds * 1000;
  const stop = new AbortController();
  const loops = new Map<number, Promise<void>>();
  let discovery: Promise<void> | undefined;

  async function mailboxLoop(accountId: number): Promise<void> {
    let failures = 0;
    while (!stop.signal.aborted) {
      if (!(await acquireLease(store.db, accountId, holder, leaseMs))) {
        await delay(intervalMs, stop.signal);
        continue;
      }
      let reader;
      try {
        const account = await loadIncomingAccount(store.db, options.context.secrets, accountId);
        reader = readerFor(account, { maxMessageBytes: options.settings.maxMessageBytes, logger, ...options.reader });
        let renewedAt = Date.now();
        while (!stop.signal.aborted) {
          const summary = await pollMailbox({
            db: store.db,
            reader,
            accountId,
            softBounceLimit: options.settings.softBounceLimit,
            signal: stop.signal,
            // A chunk of messages arrives at once: renew a few times per lease, not per message.
            onMessage: async () => {
              if (Date.now() - renewedAt < leaseMs / 10) return;
              await acquireLease(store.db, accountId, holder, leaseMs);
              renewedAt = Date.now();
            },
          });
          failures = 0;
          if (summary.stored > 0) logger.info({ account: account.name, ...summary, suppressed: summary.suppressed.length }, 'inbox polled');
          if (!(await acquireLease(store.db, accountId, holder, leaseMs))) break;
          // IDLE (IMAP) wakes this early; the lease is renewed at least every interval.
          await reader.waitForChange(Math.min(intervalMs, leaseMs / 3), stop.signal);
        }
      } catch (error) {
        failures += 1;
        const wait = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(failures, 12));
        logger.warn({ accountId, code: isTidingsError(error) ? error.code : undefined, err: (error as Error).message, retryInMs: wait }, 'inbox poll failed');
        await delay(wait, stop.signal);
      } finally {
        await reader?.close().catch(() => undefined);
      }
    }
    await releaseLease(store.db, accountId, holder).catch(() => undefined);
  }

  async function discover(): Promise<void> {
    while (!stop.signal.aborted) {
      try {
        for (const id of await listIncomingAccountIds(store.db)) {
          if (!loops.has(id)) loops.set(id, mailboxLoop(id).finally(() => loops.delete(id)));
        }
      } catch (error) {
        logger.warn({ err: (error as Error).message }, 'inbox: cannot list mail accounts');
      }
      await delay(intervalMs, stop.signal);
    }
  }

  return {
    name: 'inbox-poller',
    async start() {
      discovery = discover();
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
