/** How one error code behaves wherever it is raised. */
export interface ErrorSpec {
  /** Whether doing the same thing again later may succeed (a transient fault, a rate limit). */
  readonly retryable: boolean;
  /** HTTP status the API answers with when this error reaches a client. */
  readonly http: number;
  /** What the code means and what the user should do; shown in docs/errors.md. */
  readonly description: string;
}

/** A module's table of error codes: `UPPER_SNAKE` code → behaviour. */
export type ErrorTable = Readonly<Record<string, ErrorSpec>>;
