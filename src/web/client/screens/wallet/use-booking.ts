import { useCallback, useRef, useState } from 'preact/hooks';

/**
 * A random UUID v4 from getRandomValues: crypto.randomUUID exists only in secure contexts, and the
 * service may be opened over plain http on an intranet address.
 */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** State of a booking form's submission. */
export interface BookingSubmit<P, R> {
  readonly busy: boolean;
  readonly error: unknown;
  /**
   * Sends `payload` once. A second press while the first is in flight does nothing; pressing again
   * after a failure (say the answer was lost on the way back) sends the same Idempotency-Key, so
   * the server replays what it booked instead of booking it twice. Changed values get a new key.
   */
  readonly submit: (payload: P) => Promise<R | undefined>;
  readonly clearError: () => void;
}

/** Money bookings with an Idempotency-Key per submission of the same values. */
export function useBooking<P, R>(send: (payload: P, idempotencyKey: string) => Promise<R>): BookingSubmit<P, R> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  // Refs, not state: two presses in the same frame must see the first one's flag.
  const inFlight = useRef(false);
  const attempt = useRef<{ signature: string; key: string } | null>(null);

  const submit = useCallback(
    async (payload: P) => {
      if (inFlight.current) return undefined;
      inFlight.current = true;
      const signature = JSON.stringify(payload);
      if (attempt.current?.signature !== signature) attempt.current = { signature, key: newIdempotencyKey() };
      setBusy(true);
      setError(undefined);
      try {
        const result = await send(payload, attempt.current.key);
        // Booked (or replayed): the next submission is a new booking.
        attempt.current = null;
        return result;
      } catch (failure) {
        setError(failure);
        return undefined;
      } finally {
        inFlight.current = false;
        setBusy(false);
      }
    },
    [send],
  );
  const clearError = useCallback(() => setError(undefined), []);
  return { busy, error, submit, clearError };
}
