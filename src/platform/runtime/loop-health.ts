/**
 * What /health shows about the background loops of one process: each supervised loop reports
 * here after every run, and the process-level `unhandledRejection` handler counts what it
 * contained. Only error codes are kept (never messages): /health is public, and a message can name
 * an internal host or a customer; the full error goes to the log.
 */

/** One running instance of a loop (the sweeper, one mailbox's poller...). */
export interface LoopInstanceState {
  /** False from a failed run until the next run that succeeds. */
  ok: boolean;
  /** Failures in a row; 0 after a success. */
  failures: number;
  /** Code of the last failure (`SQLITE_BUSY`, `INBOX_AUTH_FAILED`...). */
  lastError?: string | undefined;
  lastErrorAt?: number | undefined;
  /** When the loop tries again after its last failure. */
  retryAt?: number | undefined;
}

/** A loop family as /health shows it: the worst of its instances. */
export interface LoopSummary {
  readonly ok: boolean;
  /** Most failures in a row of any instance. */
  readonly failures: number;
  readonly lastError?: string;
  readonly lastErrorAt?: number;
  /** Earliest retry among the failing instances. */
  readonly retryAt?: number;
  /** Instances running (e.g. one per polled mailbox). */
  readonly instances: number;
  /**
   * Failing persistently (at least {@link FAILING_AFTER} runs in a row). A critical loop failing
   * persistently turns /health degraded: the process answers but does not do its work.
   */
  readonly failing: boolean;
  readonly critical: boolean;
}

/** Contained unhandled rejections: a bug somewhere, reported instead of ending the process. */
export interface UnhandledSummary {
  readonly count: number;
  readonly lastAt?: number;
  readonly lastError?: string;
}

/** Runs failed in a row before a loop counts as failing rather than hiccuping. */
export const FAILING_AFTER = 3;

/** A stable, data-free label for an error: its code, else its class name. */
export function errorCode(error: unknown): string {
  if (error && typeof error === 'object') {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && /^[\w.-]{1,64}$/.test(code)) return code;
    const name = (error as { name?: unknown }).name;
    if (typeof name === 'string' && /^\w{1,64}$/.test(name)) return name;
  }
  return typeof error === 'string' ? 'string' : 'unknown';
}

/** The loops of one process and what they last reported. */
export class LoopRegistry {
  private readonly loops = new Map<string, { critical: boolean; instances: Map<string, LoopInstanceState> }>();
  private unhandled: { count: number; lastAt?: number; lastError?: string } = { count: 0 };

  /** Registers an instance (healthy until it fails); returns its state to update. */
  register(name: string, instance: string, critical: boolean): LoopInstanceState {
    let family = this.loops.get(name);
    if (!family) {
      family = { critical, instances: new Map() };
      this.loops.set(name, family);
    }
    const state: LoopInstanceState = { ok: true, failures: 0 };
    family.instances.set(instance, state);
    return state;
  }

  /** Forgets an instance that stopped (service stop, a deleted mailbox). */
  unregister(name: string, instance: string): void {
    this.loops.get(name)?.instances.delete(instance);
  }

  /** Counts a contained unhandled rejection. */
  recordUnhandled(reason: unknown, at: number): void {
    this.unhandled = { count: this.unhandled.count + 1, lastAt: at, lastError: errorCode(reason) };
  }

  unhandledSummary(): UnhandledSummary {
    return { ...this.unhandled };
  }

  /** Every loop family with the worst of its instances. */
  summary(): Record<string, LoopSummary> {
    const out: Record<string, LoopSummary> = {};
    for (const [name, family] of this.loops) {
      const states = [...family.instances.values()];
      if (states.length === 0) continue;
      const failed = states.filter((s) => !s.ok);
      const latest = failed.reduce<LoopInstanceState | undefined>((a, s) => (!a || (s.lastErrorAt ?? 0) > (a.lastErrorAt ?? 0) ? s : a), undefined);
      const retries = failed.map((s) => s.retryAt).filter((t): t is number => t !== undefined);
      const failures = Math.max(0, ...states.map((s) => s.failures));
      out[name] = {
        ok: failed.length === 0,
        failures,
        ...(latest?.lastError !== undefined ? { lastError: latest.lastError } : {}),
        ...(latest?.lastErrorAt !== undefined ? { lastErrorAt: latest.lastErrorAt } : {}),
        ...(retries.length > 0 ? { retryAt: Math.min(...retries) } : {}),
        instances: states.length,
        failing: failures >= FAILING_AFTER,
        critical: family.critical,
      };
    }
    return out;
  }

  /** True when no critical loop is failing persistently. */
  healthy(): boolean {
    return Object.values(this.summary()).every((loop) => !(loop.critical && loop.failing));
  }
}

/**
 * Reporting for a loop that is not run by superviseLoop (it has its own timers or queue, like the
 * dispatchers and lease renewals): each outcome is recorded as superviseLoop would record it.
 */
export class LoopReporter {
  private readonly state: LoopInstanceState;

  constructor(
    private readonly registry: LoopRegistry,
    private readonly name: string,
    private readonly instance: string,
    critical: boolean,
  ) {
    this.state = registry.register(name, instance, critical);
  }

  ok(): void {
    if (this.state.ok && this.state.failures === 0) return;
    Object.assign(this.state, { ok: true, failures: 0, retryAt: undefined });
  }

  failed(error: unknown, at: number, retryAt?: number): void {
    Object.assign(this.state, { ok: false, failures: this.state.failures + 1, lastError: errorCode(error), lastErrorAt: at, retryAt });
  }

  close(): void {
    this.registry.unregister(this.name, this.instance);
  }
}

const registries = new WeakMap<object, LoopRegistry>();

/**
 * The registry of the loops working on `owner` (the process's store) in this process: the
 * services report there and the same process's /health reads it. Keyed by the store rather than
 * global so that tests running several servers in one process do not see each other's loops.
 */
export function loopRegistry(owner: object): LoopRegistry {
  let registry = registries.get(owner);
  if (!registry) {
    registry = new LoopRegistry();
    registries.set(owner, registry);
  }
  return registry;
}
