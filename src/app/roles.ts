import { TidingsError } from '../platform/errors/index.js';

/**
 * The background roles a process can take. `tidings serve` takes every one (unless
 * `--no-workers`), `tidings worker` those given by `--roles` (default: every one), `tidings inbox
 * poll --watch` the inbox alone. They start in this order and stop in the reverse one: the send
 * pipeline is up before the scheduler launches onto it.
 */
export const ROLES = ['send', 'schedule', 'inbox'] as const;

/** One background role: `send` (dispatcher + sweeper), `schedule` (scheduler ticks), `inbox` (mailbox pollers). */
export type Role = (typeof ROLES)[number];

const isRole = (name: string): name is Role => (ROLES as readonly string[]).includes(name);

/**
 * Parses `--roles send,schedule,inbox` (spaces and repeats allowed). Undefined means every role.
 * An unknown or empty list is VALIDATION_FAILED naming the roles there are.
 */
export function parseRoles(text: string | undefined): Role[] {
  if (text === undefined) return [...ROLES];
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !isRole(name));
  if (unknown.length > 0) {
    throw new TidingsError('VALIDATION_FAILED', `--roles: unknown role ${unknown.map((n) => `"${n}"`).join(', ')}; the roles are ${ROLES.join(', ')} (comma-separated)`);
  }
  if (names.length === 0) throw new TidingsError('VALIDATION_FAILED', `--roles: give at least one of ${ROLES.join(', ')} (comma-separated)`);
  return ROLES.filter((role) => names.includes(role));
}
