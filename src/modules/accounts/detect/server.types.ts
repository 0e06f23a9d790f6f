/** Transport security of a mail server connection. */
export type Security = 'tls' | 'starttls' | 'none';

/** The three protocols an account's servers speak. */
export type MailProtocol = 'imap' | 'pop3' | 'smtp';

/**
 * A server as a provider publishes it, before it is applied to one address. `username` is a
 * template in the ISPDB's notation: `%EMAILADDRESS%`, `%EMAILLOCALPART%`, `%EMAILDOMAIN%`.
 */
export interface ServerTemplate {
  readonly host: string;
  readonly port: number;
  readonly security: Security;
  readonly username: string;
}

/** One server for one concrete address (the CLI contract's `imap` / `pop3` / `smtp` objects). */
export interface ServerSettings {
  readonly host: string;
  readonly port: number;
  readonly security: Security;
  /** The concrete user name to log in with for this address. */
  readonly username: string;
}

/** Where a detection answer came from, in the order the steps are tried. */
export type DetectSource = 'table' | 'wildcard' | 'autoconfig' | 'ispdb' | 'mx' | 'srv' | 'probe';

/** Server templates found by one step, before they are applied to the address. */
export interface ServerSet {
  /** Provider key of the bundled table, or the provider id an autoconfig document names. */
  readonly provider?: string;
  readonly imap?: ServerTemplate;
  readonly pop3?: ServerTemplate;
  readonly smtp?: ServerTemplate;
  /** Hint keys (see hints.ts) or free text from an autoconfig document. */
  readonly hints?: readonly string[];
  readonly plusAddressing?: boolean;
  /** What matched, for the explanation: the MX host, the wildcard suffix, the document's URL. */
  readonly via?: string;
}

/** What `detect(address)` answers; printed as-is by `tidings account detect --json`. */
export interface DetectResult {
  readonly address: string;
  readonly provider?: string;
  readonly source: DetectSource;
  /** Which step matched and on what, in a sentence (`tidings account detect` prints it). */
  readonly reason: string;
  readonly imap?: ServerSettings;
  readonly pop3?: ServerSettings;
  readonly smtp?: ServerSettings;
  /** Human-readable advice about the provider's quirks (authorization codes, app passwords…). */
  readonly hints: readonly string[];
}
