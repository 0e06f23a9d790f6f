import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Customer } from './customers.api.js';

/** What the screen keeps of a ticked customer: enough to show the recipients without reloading. */
export interface Ticked {
  readonly id: number;
  readonly displayName: string;
  readonly email: string | null;
  readonly phone: string | null;
}

const KEY = 'tidings.customers.ticked';

function load(): Map<number, Ticked> {
  try {
    const list = JSON.parse(globalThis.sessionStorage?.getItem(KEY) ?? '[]') as Ticked[];
    return new Map(Array.isArray(list) ? list.filter((t) => typeof t?.id === 'number').map((t) => [t.id, t]) : []);
  } catch {
    return new Map();
  }
}

export const toTicked = (c: Customer): Ticked => ({ id: c.id, displayName: c.displayName, email: c.emails[0] ?? null, phone: c.phones[0] ?? null });

/**
 * The ticked customers, across pages and searches, kept for the browser tab (sessionStorage) so
 * opening a customer and coming back does not lose them.
 */
export function useTicks() {
  const [ticked, setTicked] = useState<ReadonlyMap<number, Ticked>>(load);
  useEffect(() => {
    globalThis.sessionStorage?.setItem(KEY, JSON.stringify([...ticked.values()]));
  }, [ticked]);
  const toggle = useCallback((customers: readonly Customer[], on: boolean) => {
    setTicked((previous) => {
      const next = new Map(previous);
      for (const c of customers) {
        if (on) next.set(c.id, toTicked(c));
        else next.delete(c.id);
      }
      return next;
    });
  }, []);
  const clear = useCallback(() => setTicked(new Map()), []);
  return { ticked, toggle, clear };
}
