import { useEffect, useRef, useState } from 'preact/hooks';

/** The state of a debounced load. */
export interface DebouncedState<T> {
  /** The last successful result (kept while a newer request runs or fails). */
  readonly data: T | undefined;
  /** The error of the newest request, cleared by the next success. */
  readonly error: unknown;
  /** A request is waiting for the pause in typing or is in flight. */
  readonly pending: boolean;
}

/**
 * Runs `load` once `key` has stayed the same for `delayMs` (a typist's pause), aborting the
 * request of an older key: the preview follows the text without a request per keystroke, and an
 * answer for an older text never overwrites a newer one. A null key loads nothing.
 */
export function useDebouncedLoad<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>, delayMs = 300): DebouncedState<T> {
  const [state, setState] = useState<DebouncedState<T>>({ data: undefined, error: undefined, pending: key !== null });
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    if (key === null) {
      setState((s) => ({ ...s, pending: false }));
      return undefined;
    }
    const controller = new AbortController();
    setState((s) => (s.pending ? s : { ...s, pending: true }));
    const timer = setTimeout(() => {
      loadRef.current(controller.signal).then(
        (data) => !controller.signal.aborted && setState({ data, error: undefined, pending: false }),
        (error: unknown) => !controller.signal.aborted && setState((s) => ({ data: s.data, error, pending: false })),
      );
    }, delayMs);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [key, delayMs]);
  return state;
}
