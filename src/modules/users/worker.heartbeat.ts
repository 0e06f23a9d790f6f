import { hostname } from 'node:os';
import type { Store } from '../../platform/db/index.js';
import { systemClock } from '../../platform/clock/index.js';

/** One worker's last sign of life. */
export interface WorkerHeartbeat {
  readonly workerId: string;
  readonly kind: string;
  readonly host: string;
  readonly pid: number;
  readonly seenAt: number;
}

/** A worker not seen for this long is reported as stale by /health. */
export const HEARTBEAT_STALE_MS = 60_000;

/**
 * Records that a worker is alive. Workers call this every ~15 s (and once at start) with a
 * stable id per process, e.g. `${kind}:${hostname()}:${process.pid}`.
 */
export async function recordHeartbeat(
  store: Store,
  beat: { workerId: string; kind: string; host?: string; pid?: number },
  now = systemClock.now(),
): Promise<void> {
  const row = { worker_id: beat.workerId, kind: beat.kind, host: beat.host ?? hostname(), pid: beat.pid ?? process.pid, seen_at: now };
  await store.db
    .insertInto('worker_heartbeats')
    .values(row)
    .onConflict((oc) => oc.column('worker_id').doUpdateSet({ kind: row.kind, host: row.host, pid: row.pid, seen_at: row.seen_at }))
    .execute();
}

/** Workers seen in the last day, newest first; older rows are dropped. */
export async function listHeartbeats(store: Store, now = systemClock.now()): Promise<WorkerHeartbeat[]> {
  await store.db.deleteFrom('worker_heartbeats').where('seen_at', '<', now - 24 * 60 * 60 * 1000).execute();
  const rows = await store.db.selectFrom('worker_heartbeats').selectAll().orderBy('seen_at', 'desc').execute();
  return rows.map((r) => ({ workerId: r.worker_id, kind: r.kind, host: r.host, pid: r.pid, seenAt: r.seen_at }));
}

/** Workers seen in the last day, each marked stale when not seen for {@link HEARTBEAT_STALE_MS}. */
export interface WorkerStatus {
  /** How many are not stale. */
  readonly alive: number;
  readonly seen: readonly (WorkerHeartbeat & { readonly stale: boolean })[];
}

/** What /health reports about the workers, as of `now`. */
export async function workerStatus(store: Store, now: number): Promise<WorkerStatus> {
  const seen = (await listHeartbeats(store, now)).map((w) => ({ ...w, stale: now - w.seenAt > HEARTBEAT_STALE_MS }));
  return { alive: seen.filter((w) => !w.stale).length, seen };
}
