// The shapes of a login test's outcome, apart from the code that runs it, so the stored check
// (mail-account.check.ts) can name them without importing the network code.

/** The outcome of one login test. */
export interface VerifyCheck {
  readonly protocol: 'smtp' | 'imap' | 'pop3';
  /** host:port. */
  readonly server: string;
  readonly ok: boolean;
  /** On failure: the error code and a message naming the server and what to do. */
  readonly error?: { readonly code: string; readonly message: string; readonly retryable: boolean };
}

/** Both login tests of an account, reported separately. */
export interface VerifyReport {
  readonly account: string;
  readonly ok: boolean;
  readonly checks: readonly VerifyCheck[];
}
